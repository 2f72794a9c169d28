import { setTimeout as sleep } from 'node:timers/promises';
import { type Actor, type EventSchemaRegistry, isDomainError, streamId } from '@support-engine/domain';
import {
  EMPTY_SLA_CONFIGURATION,
  evolveSlaConfiguration,
  SLA_CONFIG_EVENT_TYPES,
  SLA_CONFIGURATION_ID,
  type SlaConfigEvent,
  type SlaConfiguration,
  slaTermsToRecord,
} from '@support-engine/domain/sla-config';
import { TICKET_EVENT_TYPES, type TicketEvent, type TicketTimings } from '@support-engine/domain/ticket';
import { type Checkpoint, compareCheckpoints, type RecordedEvent } from '@support-engine/eventstore';
import {
  type CheckpointRow,
  checkpointColumns,
  checkpointOfRow,
  createCheckpointTable,
  type PostgresEventStore,
  SessionLock,
} from '@support-engine/eventstore-postgres';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { createWorkHandlers } from './handlers.js';

/** Who the re-planner's commands are recorded as done by. */
export const REPLANNER_ACTOR: Actor = { id: 'sla-replanner', role: 'system' };

/** Options of {@link createSlaReplanner}. */
export interface SlaReplannerOptions {
  readonly store: PostgresEventStore;
  readonly connectionString: string;
  readonly registry: EventSchemaRegistry;
  readonly logger: Logger;
  /** The deployment's timings, for the ticket decider (`RefreshSla` does not use them). */
  readonly timings?: TicketTimings;
  /** Checkpoint and lock name; `sla-replanner` by default. */
  readonly name?: string;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** Tickets re-planned at once during a sweep. */
  readonly concurrency?: number;
  readonly clock?: () => Date;
}

/** The SLA re-planner: run it until `signal` aborts. */
export interface SlaReplanner {
  run(signal: AbortSignal): Promise<void>;
}

/** One open-or-closed ticket as the re-planner indexes it. */
interface IndexedTicket {
  ticket_id: string;
  category: string | null;
  terms_key: string | null;
  open: boolean;
  /** The customer's plan the ticket recorded when opened. */
  plan: string | null;
}

type Tables = { sla_replan_tickets: IndexedTicket; sla_replan_checkpoints: CheckpointRow };

const CONFIG_TYPES: ReadonlySet<string> = new Set(SLA_CONFIG_EVENT_TYPES);
const TICKET_TYPES: ReadonlySet<string> = new Set(TICKET_EVENT_TYPES);
const CONFIG_STREAM = streamId('slaconfig', SLA_CONFIGURATION_ID);
const LOCK_NAMESPACE = 'support-engine.sla-replanner';

/** Creates the re-planner's tables: its index of tickets and its checkpoint. */
export async function migrateSlaReplanner(db: PostgresEventStore['db']): Promise<void> {
  await createCheckpointTable(db, 'sla_replan_checkpoints');
  await db.schema
    .createTable('sla_replan_tickets')
    .ifNotExists()
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text')
    .addColumn('terms_key', 'text')
    .addColumn('open', 'boolean', (c) => c.notNull())
    .execute();
  // Tickets indexed before plans were: none recorded one.
  await sql`alter table sla_replan_tickets add column if not exists plan text`.execute(db);
}

/**
 * Re-plans open tickets when the SLA configuration changes (docs/policies.md#re-planning). It
 * follows the log in order, one active per database (an advisory lock; others stand by),
 * indexing each ticket's category, recorded terms key, customer's plan and whether it is open. At each
 * configuration event it sends `RefreshSla` to every open ticket whose governing terms
 * (`slaTermsToRecord`, the domain's rule) now have another key; at the end of each batch, to every
 * ticket whose newly recorded terms are already stale (one opened while an edit committed).
 * Command ids name the ticket and the configuration version, so a crash and a re-run, which
 * replay the batch from the last checkpoint, send nothing twice; the decider records nothing
 * when the terms did not change. The index and the checkpoint live in the log's database.
 */
export function createSlaReplanner(options: SlaReplannerOptions): SlaReplanner {
  const { store, registry, logger } = options;
  const name = options.name ?? 'sla-replanner';
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const concurrency = options.concurrency ?? 16;
  const clock = options.clock ?? (() => new Date());
  const db = store.db.withTables<Tables>();
  const tickets = createWorkHandlers(store, registry, { ticketTimings: options.timings }).ticket;

  async function loadCheckpoint(): Promise<Checkpoint> {
    const row = await db
      .selectFrom('sla_replan_checkpoints')
      .select(['transaction_id', 'global_position'])
      .where('name', '=', name)
      .executeTakeFirst();
    return checkpointOfRow(row);
  }

  async function saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    const values = checkpointColumns(checkpoint);
    await db
      .insertInto('sla_replan_checkpoints')
      .values({ name, ...values })
      .onConflict((conflict) => conflict.column('name').doUpdateSet(values))
      .execute();
  }

  /** The configuration as of `checkpoint`: its events up to there. */
  async function configurationAt(checkpoint: Checkpoint): Promise<{ config: SlaConfiguration; version: number }> {
    let config = EMPTY_SLA_CONFIGURATION;
    let version = 0;
    for (const event of await store.readStream(CONFIG_STREAM)) {
      if (compareCheckpoints(event.checkpoint, checkpoint) > 0) break;
      config = evolveSlaConfiguration(config, registry.upcast(event) as SlaConfigEvent);
      version = event.streamVersion;
    }
    return { config, version };
  }

  async function refresh(ticketIds: readonly string[], configVersion: number): Promise<void> {
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < ticketIds.length; i = next++) {
        const ticketId = ticketIds[i]!;
        try {
          await tickets.handle({
            streamId: streamId('ticket', ticketId),
            command: { type: 'RefreshSla', data: { ticketId } },
            commandId: `sla-refresh:${ticketId}:${configVersion}`,
            context: { now: clock(), actor: REPLANNER_ACTOR },
          });
        } catch (error) {
          // A refusal is final (the stream as it is refuses it again on every retry), and
          // restarting on it would hold back the re-planning of every other ticket.
          if (!isDomainError(error)) throw error;
          logger.warn({ ticketId, code: error.code, err: error }, 'sla re-plan refused; ticket skipped');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ticketIds.length) }, lane));
  }

  const stale = (config: SlaConfiguration, row: IndexedTicket): boolean => {
    return row.open && slaTermsToRecord(config, row.category, row.terms_key, row.plan) !== null;
  };

  return {
    async run(signal) {
      const lock = await SessionLock.acquire(options.connectionString, LOCK_NAMESPACE, name, {
        retryMs: 1_000,
        signal,
      });
      if (lock === null) return;
      try {
        let checkpoint = await loadCheckpoint();
        let { config, version } = await configurationAt(checkpoint);
        logger.info(
          { checkpoint: String(checkpoint.globalPosition), configVersion: version },
          'sla re-planner started',
        );
        while (!signal.aborted) {
          if (lock.lost) throw new Error('the SLA re-planner lost its lock', { cause: lock.lost });
          const batch = await store.readAll(checkpoint, { limit: batchSize });
          const changed = await indexedRows(batch);
          const touched = new Set<string>();
          for (const event of batch) {
            if (TICKET_TYPES.has(event.type)) {
              indexTicket(changed, registry.upcast(event) as TicketEvent);
              touched.add((event.data as { ticketId: string }).ticketId);
            } else if (CONFIG_TYPES.has(event.type)) {
              await saveRows(changed);
              config = evolveSlaConfiguration(config, registry.upcast(event) as SlaConfigEvent);
              version = event.streamVersion;
              const replanned = await sweep(config, version);
              if (replanned > 0) logger.info({ configVersion: version, tickets: replanned }, 'sla terms re-planned');
            }
          }
          await saveRows(changed);
          const late = [...touched].filter((id) => {
            const row = changed.get(id);
            return row !== undefined && stale(config, row);
          });
          await refresh(late, version);
          const last = batch.at(-1);
          if (last) {
            await saveCheckpoint(last.checkpoint);
            checkpoint = last.checkpoint;
          }
          if (batch.length < batchSize) await sleep(pollIntervalMs, undefined, { signal }).catch(() => {});
        }
      } finally {
        await lock.release();
      }
      logger.info('sla re-planner stopped');
    },
  };

  /** The index rows of the tickets a batch touches, read in one query. */
  async function indexedRows(batch: readonly RecordedEvent[]): Promise<Map<string, IndexedTicket>> {
    const ids = [
      ...new Set(
        batch
          .filter((event) => TICKET_TYPES.has(event.type))
          .map((event) => (event.data as { ticketId: string }).ticketId),
      ),
    ];
    const rows =
      ids.length === 0
        ? []
        : await db.selectFrom('sla_replan_tickets').selectAll().where('ticket_id', 'in', ids).execute();
    return new Map(rows.map((row) => [row.ticket_id, row]));
  }

  /** Applies one ticket event to the ticket's index row. */
  function indexTicket(changed: Map<string, IndexedTicket>, event: TicketEvent): void {
    const { ticketId } = event.data;
    const next = indexed(changed.get(ticketId) ?? null, event);
    if (next !== null) changed.set(ticketId, next);
  }

  async function saveRows(changed: Map<string, IndexedTicket>): Promise<void> {
    const rows = [...changed.values()];
    if (rows.length === 0) return;
    await db
      .insertInto('sla_replan_tickets')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('ticket_id').doUpdateSet({
          category: sql`excluded.category`,
          terms_key: sql`excluded.terms_key`,
          open: sql`excluded.open`,
          plan: sql`excluded.plan`,
        }),
      )
      .execute();
  }

  /** Sends `RefreshSla` to every open ticket whose terms the configuration changed; returns how many. */
  async function sweep(config: SlaConfiguration, version: number): Promise<number> {
    const open = await db.selectFrom('sla_replan_tickets').selectAll().where('open', '=', true).execute();
    const due = open.filter((row) => stale(config, row)).map((row) => row.ticket_id);
    await refresh(due, version);
    return due.length;
  }
}

/** A ticket's index row after `event`; null for a ticket the index never saw opened. */
function indexed(row: IndexedTicket | null, event: TicketEvent): IndexedTicket | null {
  if (event.type === 'TicketOpened')
    return {
      ticket_id: event.data.ticketId,
      category: event.data.category ?? null,
      terms_key: null,
      open: true,
      plan: event.data.plan ?? null,
    };
  if (row === null) return null;
  switch (event.type) {
    case 'TicketCategoryChanged':
      return { ...row, category: event.data.to };
    case 'TicketSlaPolicyApplied':
      return { ...row, terms_key: event.data.key };
    case 'TicketStatusChanged':
      return { ...row, open: event.data.to !== 'closed' };
    case 'TicketAutoClosed':
      return { ...row, open: false };
    default:
      return row;
  }
}
