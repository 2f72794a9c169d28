import type { SlaStatus } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';
import type { ChainVerifier, ReadModelTables } from '@support-engine/projections';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ProjectionWaiter } from './consistency.js';

/**
 * Live SLA clocks of a ticket, as its Temporal workflow reports them. The composition root
 * implements it with a Temporal client (`getHandle('ticket-<id>').query(slaStatusQuery)`), so
 * the API never loads Temporal itself.
 */
export interface SlaLookup {
  /** The ticket's SLA status now, or `null` when it has no workflow (yet). */
  ticketSla(ticketId: string): Promise<SlaStatus | null>;
}

/** Everything the API talks to; it creates none of it and holds no global state. */
export interface ApiDeps {
  /** The event log (commands, history, as-of reads, live subscriptions) with chain verification. */
  readonly store: EventStore & ChainVerifier;
  /** The read models. */
  readonly db: Kysely<ReadModelTables>;
  readonly waiter: ProjectionWaiter;
  readonly logger: Logger;
  /** The time commands happen at. */
  readonly clock: () => Date;
  /** SLA queries answer `null` without it. */
  readonly sla?: SlaLookup;
}
