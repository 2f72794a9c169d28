import {
  type EventSchemaRegistry,
  SlaWhatIf,
  type SlaWhatIfInput,
  type SlaWhatIfReport,
  TICKET_EVENT_TYPES,
  type TicketEvent,
} from '@support-engine/domain';
import { type EventStore, START } from '@support-engine/eventstore';

const TICKET_TYPES: ReadonlySet<string> = new Set(TICKET_EVENT_TYPES);

/** How many events one read of the log returns. */
const PAGE = 5_000;

/**
 * Replays the log's ticket events through a what-if (docs/policies.md#what-if): read-only, it
 * pages through the log and folds in memory, writing nothing to the log or to any read model.
 */
export async function replaySlaWhatIf(
  store: Pick<EventStore, 'readAll'>,
  registry: EventSchemaRegistry,
  input: SlaWhatIfInput,
): Promise<SlaWhatIfReport> {
  const fold = new SlaWhatIf(input);
  for (let after = START; ; ) {
    const page = await store.readAll(after, { limit: PAGE });
    for (const event of page) if (TICKET_TYPES.has(event.type)) fold.apply(registry.upcast(event) as TicketEvent);
    if (page.length < PAGE) break;
    after = page.at(-1)!.checkpoint;
  }
  return fold.report();
}
