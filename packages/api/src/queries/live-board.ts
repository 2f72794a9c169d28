import { type LiveBoard, liveBoard } from '@support-engine/projections';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { statusCountsDto } from './tickets.js';

/** The schema's `LiveBoard` at the API's clock. */
export async function liveBoardDto(context: ApiContext) {
  const { db, clock } = context.services.deps;
  const board: LiveBoard = await liveBoard(db, clock());
  return { ...board, tickets: statusCountsDto(board.tickets) };
}

/** The supervisors' live board: tickets per status, the chat queue, presence, breaches, calls due, escalations. */
export const liveBoardQuery = defineQuery<object>(['tickets', 'chats', 'agents'], (_args, context) =>
  liveBoardDto(context),
);
