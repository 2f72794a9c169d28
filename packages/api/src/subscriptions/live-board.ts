import { parseStreamId } from '@support-engine/domain';
import type { RecordedEvent } from '@support-engine/eventstore';
import { defineSubscription } from '../graphql/secure.js';
import { liveBoardDto } from '../queries/live-board.js';

// Ticket events move the status counts, breaches, calls and escalations; chat events the queue;
// agent events the presence counts.
const BOARD_CATEGORIES: ReadonlySet<string> = new Set(['ticket', 'chat', 'agent']);
const movesBoard = (event: RecordedEvent) => BOARD_CATEGORIES.has(parseStreamId(event.streamId)?.category ?? '');

/** The live board after each change, once the tickets, chats and agents read models include it. */
export const liveBoardUpdated = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(movesBoard),
  async (event, context) => {
    const { waiter } = context.services.deps;
    const timeoutMs = context.services.config.consistencyWaitMs;
    await Promise.all(
      (['tickets', 'chats', 'agents'] as const).map((readModel) =>
        waiter.waitFor(readModel, event.checkpoint, { timeoutMs }),
      ),
    );
    return liveBoardDto(context);
  },
);
