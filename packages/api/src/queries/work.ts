import { agentWork } from '@support-engine/projections';
import { defineQuery } from '../graphql/secure.js';
import { chatFromView } from './chats.js';
import { ticketFromView } from './ticket-dto.js';

/** The caller's own open tickets and active chats. */
export const myWork = defineQuery<object>(['tickets', 'chats'], async (_args, context, principal) => {
  const work = await agentWork(context.services.deps.db, principal.id);
  return {
    tickets: work.tickets.map((view) => ticketFromView(view)),
    chats: work.chats.map((view) => chatFromView(view)),
  };
});
