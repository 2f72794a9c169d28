import { DAY_MS, HOUR_MS, SLA_METRICS } from '@support-engine/domain';
import { countsTowardSlaCompliance, MAX_TIER } from '@support-engine/domain/ticket';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTransaction } from '../../projection.js';
import type { ReadModelTables } from '../../schema.js';
import { DURATION_BUCKETS, durationBucket } from './duration-histogram.js';
import type { TicketRow } from './row.js';

/**
 * The ticket report rollup (`ticket_report_rollup`): every figure of the ticket reports as
 * counts and sums per UTC day and week of opening, overall and per breakdown key (agent,
 * channel, priority, category, tier, tag, SLA policy), and per UTC hour overall. A ticket's row is folded
 * into its rows; when the row changes the old row is taken out and the new one put in, so a
 * report over 90 days adds a few dozen rows per key (its whole weeks, then its whole days)
 * instead of reading every ticket. The rollup holds a
 * key only while tickets count under it, so it is a function of the ticket rows alone (a
 * rebuild gives the same table however events were batched).
 */

/** The breakdowns the rollup keeps: `all` (key `''`) and one per breakdown of the report. */
export const ROLLUP_DIMENSIONS = ['all', 'agent', 'channel', 'priority', 'category', 'tier', 'tag', 'policy'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

/** The ticket row columns the rollup reads, for queries that read them. */
export const ROLLUP_TICKET_COLUMNS = [
  'opened_at',
  'assignee_id',
  'channel',
  'priority',
  'category',
  'tier',
  'tags',
  'sla_policy_id',
  'first_response_ms',
  'resolution_ms',
  'csat_score',
  'agent_reply_count',
  'reopen_count',
  'resolved_once',
  'escalated_to_supervisors',
  'close_reason',
  'sla_first_response',
  'sla_next_response',
  'sla_resolution',
] as const satisfies readonly (keyof TicketRow)[];

/** What the rollup reads of a ticket row. */
export type RollupTicket = Pick<TicketRow, (typeof ROLLUP_TICKET_COLUMNS)[number]>;

const histogramColumns = (metric: 'fr' | 'res') =>
  Array.from({ length: DURATION_BUCKETS }, (_, i) => [`${metric}_n${i}`, `${metric}_s${i}`]).flat();

/** The figure columns of a rollup row, in the order of a {@link Figures} vector. */
export const ROLLUP_FIGURES = [
  'tickets',
  'fr_count',
  'fr_sum',
  'res_count',
  'res_sum',
  'under_1h',
  'from_1h_to_4h',
  'from_4h_to_24h',
  'over_24h',
  'csat_count',
  'csat_sum',
  'first_contact',
  'resolved_once',
  'reopened',
  'escalated',
  ...Array.from({ length: MAX_TIER }, (_, i) => [`tier_${i + 1}_reached`, `tier_${i + 1}_escalated`]).flat(),
  ...SLA_METRICS.flatMap((metric) => [`${metric}_met`, `${metric}_breached`]),
  ...histogramColumns('fr'),
  ...histogramColumns('res'),
] as const;

/** A vector of figures, one per {@link ROLLUP_FIGURES} column. */
export type Figures = Float64Array;

/** The position of each figure in a {@link Figures} vector. */
export const FIGURE: Readonly<Record<string, number>> = Object.fromEntries(ROLLUP_FIGURES.map((name, i) => [name, i]));

const at = (name: string): number => {
  const index = FIGURE[name];
  if (index === undefined) throw new Error(`No rollup figure ${name}`);
  return index;
};
const TICKETS = at('tickets');
const FR_COUNT = at('fr_count');
const FR_SUM = at('fr_sum');
const RES_COUNT = at('res_count');
const RES_SUM = at('res_sum');
const UNDER_1H = at('under_1h');
const FROM_1H_TO_4H = at('from_1h_to_4h');
const FROM_4H_TO_24H = at('from_4h_to_24h');
const OVER_24H = at('over_24h');
const CSAT_COUNT = at('csat_count');
const CSAT_SUM = at('csat_sum');
const FIRST_CONTACT = at('first_contact');
const RESOLVED_ONCE = at('resolved_once');
const REOPENED = at('reopened');
const ESCALATED = at('escalated');
const TIER_REACHED = Array.from({ length: MAX_TIER }, (_, i) => at(`tier_${i + 1}_reached`));
const TIER_ESCALATED = Array.from({ length: MAX_TIER }, (_, i) => at(`tier_${i + 1}_escalated`));
const SLA_MET = SLA_METRICS.map((metric) => at(`${metric}_met`));
const SLA_BREACHED = SLA_METRICS.map((metric) => at(`${metric}_breached`));
const FR_HISTOGRAM = at('fr_n0');
const RES_HISTOGRAM = at('res_n0');

/** An empty vector. */
export const noFigures = (): Figures => new Float64Array(ROLLUP_FIGURES.length);

// A duration goes to its histogram's bucket: the count at 2 * bucket, the sum right after it.
function addDuration(into: Figures, start: number, ms: number, sign: number): void {
  const slot = start + 2 * durationBucket(ms);
  into[slot]! += sign;
  into[slot + 1]! += sign * ms;
}

/**
 * Adds (`sign` 1) or takes out (`sign` -1) one ticket's figures. The definitions (the domain is
 * silent on them; see `applyTicketEvent` for the durations): first-contact resolution is a
 * resolved ticket with exactly one public staff reply and no reopen; a reopen rate counts, of
 * the tickets ever resolved, those reopened; a ticket is escalated when it rose a tier or went
 * past the top one, and it reached every tier up to its own; SLA compliance counts each metric's
 * latest cycle, `met` in time against `breached` (late or missed), of the tickets the domain
 * counts toward it (`countsTowardSlaCompliance`: not those standing closed as spam or invalid).
 */
export function addTicketFigures(into: Figures, ticket: RollupTicket, sign: 1 | -1): void {
  into[TICKETS]! += sign;
  const fr = ticket.first_response_ms;
  if (fr !== null) {
    into[FR_COUNT]! += sign;
    into[FR_SUM]! += sign * fr;
    addDuration(into, FR_HISTOGRAM, fr, sign);
  }
  const res = ticket.resolution_ms;
  if (res !== null) {
    into[RES_COUNT]! += sign;
    into[RES_SUM]! += sign * res;
    addDuration(into, RES_HISTOGRAM, res, sign);
    const band =
      res < HOUR_MS ? UNDER_1H : res < 4 * HOUR_MS ? FROM_1H_TO_4H : res < DAY_MS ? FROM_4H_TO_24H : OVER_24H;
    into[band]! += sign;
    if (ticket.agent_reply_count === 1 && ticket.reopen_count === 0) into[FIRST_CONTACT]! += sign;
  }
  if (ticket.csat_score !== null) {
    into[CSAT_COUNT]! += sign;
    into[CSAT_SUM]! += sign * ticket.csat_score;
  }
  if (ticket.resolved_once) {
    into[RESOLVED_ONCE]! += sign;
    if (ticket.reopen_count > 0) into[REOPENED]! += sign;
  }
  const toSupervisors = ticket.escalated_to_supervisors;
  if (ticket.tier > 1 || toSupervisors) into[ESCALATED]! += sign;
  for (let tier = 1; tier <= MAX_TIER; tier++) {
    if (ticket.tier < tier) break;
    into[TIER_REACHED[tier - 1]!]! += sign;
    if (ticket.tier > tier || toSupervisors) into[TIER_ESCALATED[tier - 1]!]! += sign;
  }
  if (countsTowardSlaCompliance(ticket.close_reason)) {
    for (const [i, metric] of SLA_METRICS.entries()) {
      const state = ticket[`sla_${metric}`];
      if (state === 'met') into[SLA_MET[i]!]! += sign;
      else if (state === 'breached') into[SLA_BREACHED[i]!]! += sign;
    }
  }
}

/** The policy key of a ticket no SLA policy governs (one opened before its deployment had any). */
export const NO_POLICY = 'no_policy';

/** Where a breakdown shows a ticket: its keys under one dimension. */
export function ticketKeys(ticket: RollupTicket, dimension: RollupDimension): readonly string[] {
  switch (dimension) {
    case 'all':
      return [''];
    case 'agent':
      return [ticket.assignee_id ?? 'unassigned'];
    case 'channel':
      return [ticket.channel];
    case 'priority':
      return [ticket.priority];
    case 'category':
      return [ticket.category ?? 'uncategorized'];
    case 'tier':
      return [String(ticket.tier)];
    case 'tag':
      return ticket.tags;
    case 'policy':
      return [ticket.sla_policy_id ?? NO_POLICY];
  }
}

/** The periods the rollup sums over, by length: `week`s are whole multiples of 7 days since the epoch. */
export const ROLLUP_GRAINS = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS } as const;
export type RollupGrain = keyof typeof ROLLUP_GRAINS;

/** The grains a dimension is kept at: all tickets by the hour too (time series), breakdowns by day and week. */
export function grainsOf(dimension: RollupDimension): readonly RollupGrain[] {
  return dimension === 'all' ? ['hour', 'day', 'week'] : ['day', 'week'];
}

/** A rollup row: the figures of one bucket (grain and start) under one key of one dimension. */
export interface RollupRow {
  readonly dimension: RollupDimension;
  readonly grain: RollupGrain;
  readonly bucket: number;
  readonly key: string;
  readonly figures: Figures;
}

/** Rollup rows being changed: figures to add per row. */
export class RollupDelta {
  readonly #rows = new Map<string, RollupRow>();

  /** Adds (`sign` 1) or takes out (`sign` -1) a ticket under each of its keys, at each grain. */
  add(ticket: RollupTicket, sign: 1 | -1): void {
    const openedAt = Date.parse(ticket.opened_at);
    for (const dimension of ROLLUP_DIMENSIONS) {
      for (const grain of grainsOf(dimension)) {
        const length = ROLLUP_GRAINS[grain];
        const bucket = Math.floor(openedAt / length) * length;
        for (const key of ticketKeys(ticket, dimension)) {
          const id = `${dimension}\u0000${grain}\u0000${bucket}\u0000${key}`;
          let row = this.#rows.get(id);
          if (!row) {
            row = { dimension, grain, bucket, key, figures: noFigures() };
            this.#rows.set(id, row);
          }
          addTicketFigures(row.figures, ticket, sign);
        }
      }
    }
  }

  /** The rows whose figures changed (a ticket that left a key and came back changes nothing). */
  changed() {
    return [...this.#rows.values()].filter((row) => row.figures.some((value) => value !== 0));
  }
}

const FIGURE_LIST = sql.join(ROLLUP_FIGURES.map((name) => sql.ref(name)));
/** Rows per statement: each statement's JSON document stays at a few megabytes. */
const ROWS_PER_STATEMENT = 2_000;

/**
 * Adds a delta into the rollup, each statement taking many rows as one JSON document, then
 * drops the rows it left without tickets.
 */
export async function saveRollupDelta(
  trx: ReadModelTransaction | Kysely<ReadModelTables>,
  delta: RollupDelta,
): Promise<void> {
  const rows = delta.changed();
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const document = JSON.stringify(
      rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => ({
        b: new Date(row.bucket).toISOString(),
        g: row.grain,
        d: row.dimension,
        k: row.key,
        f: Array.from(row.figures),
      })),
    );
    await sql`
      insert into ticket_report_rollup as r (dimension, grain, bucket, key, ${FIGURE_LIST})
      select d, g, b, k, ${sql.join(ROLLUP_FIGURES.map((_, i) => sql`f[${sql.lit(i + 1)}]`))}
      from jsonb_to_recordset(${document}::jsonb) as delta(d text, g text, b timestamptz, k text, f bigint[])
      on conflict (dimension, grain, bucket, key) do update set
        ${sql.join(ROLLUP_FIGURES.map((name) => sql`${sql.ref(name)} = r.${sql.ref(name)} + excluded.${sql.ref(name)}`))}`.execute(
      trx,
    );
  }
  const emptied = rows.filter((row) => row.figures[TICKETS]! < 0);
  if (emptied.length > 0)
    await sql`
      delete from ticket_report_rollup
      where (dimension, grain, bucket, key) in (
        select * from unnest(
          ${emptied.map((row) => row.dimension)}::text[],
          ${emptied.map((row) => row.grain)}::text[],
          ${emptied.map((row) => new Date(row.bucket))}::timestamptz[],
          ${emptied.map((row) => row.key)}::text[]))
        and tickets = 0`.execute(trx);
}

/** A ticket row as a query reads its {@link ROLLUP_TICKET_COLUMNS}. */
export type RollupTicketColumns = Omit<RollupTicket, 'opened_at' | 'first_response_ms' | 'resolution_ms'> & {
  opened_at: Date;
  first_response_ms: string | null;
  resolution_ms: string | null;
};

/** The rollup's view of a ticket row read from the table. */
export function rollupTicketOf(row: RollupTicketColumns): RollupTicket {
  return {
    ...row,
    opened_at: row.opened_at.toISOString(),
    first_response_ms: row.first_response_ms === null ? null : Number(row.first_response_ms),
    resolution_ms: row.resolution_ms === null ? null : Number(row.resolution_ms),
  };
}

/**
 * Fills the rollup from the ticket rows as they are (it must be empty): for the migration that
 * creates it, and for benchmarks that write ticket rows directly. Reads the rows in pages.
 */
export async function fillReportRollup(db: Kysely<ReadModelTables>, pageSize = 20_000): Promise<void> {
  let after: string | null = null;
  const delta = new RollupDelta();
  for (;;) {
    const page = await db
      .selectFrom('tickets')
      .select(['ticket_id', ...ROLLUP_TICKET_COLUMNS])
      .$if(after !== null, (q) => q.where('ticket_id', '>', after!))
      .orderBy('ticket_id')
      .limit(pageSize)
      .execute();
    for (const row of page) delta.add(rollupTicketOf(row), 1);
    if (page.length < pageSize) break;
    after = page.at(-1)!.ticket_id;
  }
  await saveRollupDelta(db, delta);
}
