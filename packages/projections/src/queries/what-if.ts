import { type EventSchemaRegistry, streamId } from '@support-engine/domain';
import { SlaWhatIf, type SlaWhatIfInput, type SlaWhatIfReport } from '@support-engine/domain/sla-config';
import { TICKET_EVENT_TYPES, type TicketEvent } from '@support-engine/domain/ticket';
import type { EventStore } from '@support-engine/eventstore';
import type { Kysely } from 'kysely';
import { WhatIfTooLargeError } from '../errors.js';
import type { ReadModelTables } from '../schema.js';

const TICKET_TYPES: ReadonlySet<string> = new Set(TICKET_EVENT_TYPES);

/** How many ticket streams are read at once. */
const STREAMS_AT_ONCE = 16;

/** The most one what-if may replay: beyond either, it is refused (`WHAT_IF_TOO_LARGE`). */
export interface WhatIfBudget {
  readonly maxTickets: number;
  readonly maxEvents: number;
}

/**
 * Replays the tickets opened in the period through a what-if (docs/policies.md#what-if):
 * read-only, it finds them in the tickets read model (by their opening instant, indexed), reads
 * only their streams and folds them in memory, writing nothing to the log or to any read model.
 * A period with more tickets than `budget.maxTickets` is refused before any stream is read; one
 * whose tickets hold more than `budget.maxEvents` events, once the streams read pass it.
 */
export async function replaySlaWhatIf(
  sources: { readonly store: Pick<EventStore, 'readStream'>; readonly db: Kysely<ReadModelTables> },
  registry: EventSchemaRegistry,
  input: SlaWhatIfInput,
  budget: WhatIfBudget,
): Promise<SlaWhatIfReport> {
  const tickets = await sources.db
    .selectFrom('tickets')
    .select('ticket_id')
    .where('opened_at', '>=', new Date(input.from))
    .where('opened_at', '<', new Date(input.to))
    .limit(budget.maxTickets + 1)
    .execute();
  if (tickets.length > budget.maxTickets) throw new WhatIfTooLargeError('tickets', budget.maxTickets);
  const fold = new SlaWhatIf(input);
  let replayed = 0;
  for (let start = 0; start < tickets.length; start += STREAMS_AT_ONCE) {
    const streams = await Promise.all(
      tickets
        .slice(start, start + STREAMS_AT_ONCE)
        .map(({ ticket_id }) => sources.store.readStream(streamId('ticket', ticket_id))),
    );
    for (const events of streams) replayed += events.length;
    if (replayed > budget.maxEvents) throw new WhatIfTooLargeError('events', budget.maxEvents);
    for (const events of streams)
      for (const event of events) if (TICKET_TYPES.has(event.type)) fold.apply(registry.upcast(event) as TicketEvent);
  }
  return fold.report();
}
