import { parseStreamId } from '@support-engine/domain';
import type { RecordedEvent } from '@support-engine/eventstore';
import type { ApiContext } from '../graphql/context.js';
import { defineSubscription } from '../graphql/secure.js';
import { liveBoardDto } from '../queries/live-board.js';
import { changedViews } from './iterator.js';
import { readOnce } from './shared-reads.js';

// Ticket events move the status counts, breaches, calls, escalations and follow-ups; chat events
// the queue and follow-ups; agent events the presence counts.
const BOARD_CATEGORIES: ReadonlySet<string> = new Set(['ticket', 'chat', 'agent']);
const movesBoard = (event: RecordedEvent) => BOARD_CATEGORIES.has(parseStreamId(event.streamId)?.category ?? '');

/** The board after `event`: computed once per event however many supervisors watch (see {@link readOnce}). */
async function boardAfter(event: RecordedEvent, context: ApiContext) {
  const { waiter } = context.services.deps;
  const timeoutMs = context.services.config.consistencyWaitMs;
  await Promise.all(
    (['tickets', 'chats', 'agents'] as const).map((readModel) =>
      waiter.waitFor(readModel, event.checkpoint, { timeoutMs }),
    ),
  );
  return liveBoardDto(context);
}

/**
 * What a board says, less what moves with the clock alone (its instant, the waits of the first
 * chat and ticket in each queue): who waits changes only with an event, and the counts show it.
 */
function boardKey({
  at: _at,
  waitingChats,
  waitingTickets,
  queues,
  ...figures
}: Awaited<ReturnType<typeof boardAfter>>) {
  return JSON.stringify({
    ...figures,
    waitingChats: waitingChats.count,
    waitingTickets: waitingTickets.count,
    queues: queues.map(({ category, tickets, chats, ticketsByTier }) => [
      category,
      tickets.count,
      chats.count,
      ticketsByTier.map(({ tier, count }) => [tier, count]),
    ]),
  });
}

/**
 * The live board after each change, once the tickets, chats and agents read models include it;
 * a board whose figures are those last sent (an event that moved none of them) is not sent again.
 */
export const liveBoardUpdated = defineSubscription<object, Awaited<ReturnType<typeof boardAfter>>>(
  (_args, context) =>
    changedViews(
      context.services.feed.events(movesBoard),
      (event) => readOnce(event, 'liveBoard', () => boardAfter(event, context)),
      boardKey,
    ),
  (board) => board,
);
