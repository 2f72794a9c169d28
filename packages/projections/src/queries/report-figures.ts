import { DAY_MS, HOUR_MS } from '@support-engine/domain';
import { type Kysely, sql } from 'kysely';
import { DURATION_BUCKETS, histogramMedian } from '../read-models/tickets/duration-histogram.js';
import {
  addTicketFigures,
  FIGURE,
  type Figures,
  noFigures,
  ROLLUP_FIGURES,
  ROLLUP_TICKET_COLUMNS,
  type RollupDimension,
  type RollupTicket,
  rollupTicketOf,
  ticketKeys,
} from '../read-models/tickets/report-rollup.js';
import type { ReadModelTables } from '../schema.js';
import { bucketStart, type ReportInterval, type TimeRange } from './series-buckets.js';

// Reports add the rollup's rows for the whole hours or days of their range and fold the few
// tickets opened in the partial ones at its edges from their rows, so any range is exact.

/** The whole UTC units (hours or days) inside `range`, or `null` when there is none. */
function wholeUnits(range: TimeRange, unitMs: number): TimeRange | null {
  const from = Math.ceil(range.from.getTime() / unitMs) * unitMs;
  const to = Math.floor(range.to.getTime() / unitMs) * unitMs;
  return from < to ? { from: new Date(from), to: new Date(to) } : null;
}

/** The parts of `range` outside its whole units: all of it, or up to two slivers. */
function edgesOf(range: TimeRange, whole: TimeRange | null): TimeRange[] {
  if (whole === null) return range.from < range.to ? [range] : [];
  return [
    { from: range.from, to: whole.from },
    { from: whole.to, to: range.to },
  ].filter((edge) => edge.from < edge.to);
}

/** The rollup columns summed, as select-list items named like the columns. */
const SUMS = sql.join(ROLLUP_FIGURES.map((name) => sql`sum(${sql.ref(name)}) as ${sql.ref(name)}`));

type SummedRow = Record<string, string | number | Date | null>;

function figuresOf(row: SummedRow): Figures {
  const figures = noFigures();
  for (const [i, name] of ROLLUP_FIGURES.entries()) figures[i] = Number(row[name] ?? 0);
  return figures;
}

/** The tickets opened in the given ranges, as the rollup sees them. */
async function ticketsOpenedIn(db: Kysely<ReadModelTables>, ranges: readonly TimeRange[]): Promise<RollupTicket[]> {
  if (ranges.length === 0) return [];
  const rows = await db
    .selectFrom('tickets')
    .select(ROLLUP_TICKET_COLUMNS)
    .where((eb) =>
      eb.or(ranges.map((range) => eb.and([eb('opened_at', '>=', range.from), eb('opened_at', '<', range.to)]))),
    )
    .execute();
  return rows.map(rollupTicketOf);
}

/** Per dimension, per key: the figures of the tickets opened in `range` that count under it. */
export type FiguresByKey = Map<RollupDimension, Map<string, Figures>>;

/**
 * The figures of the tickets opened in `range`, per key of each of `dimensions` (`all` has the
 * one key `''`). Keys no ticket counts under are absent.
 */
export async function figuresByKey(
  db: Kysely<ReadModelTables>,
  range: TimeRange,
  dimensions: readonly RollupDimension[],
): Promise<FiguresByKey> {
  const days = wholeUnits(range, DAY_MS);
  const [summed, edgeTickets] = await Promise.all([
    days === null
      ? []
      : sql<SummedRow & { dimension: RollupDimension; key: string }>`
          select dimension, key, ${SUMS}
          from ticket_report_rollup
          where dimension in (${sql.join(dimensions)}) and bucket >= ${days.from} and bucket < ${days.to}
          group by dimension, key`
          .execute(db)
          .then((result) => result.rows),
    ticketsOpenedIn(db, edgesOf(range, days)),
  ]);
  const result: FiguresByKey = new Map(dimensions.map((dimension) => [dimension, new Map()]));
  for (const row of summed) result.get(row.dimension)!.set(row.key, figuresOf(row));
  for (const ticket of edgeTickets) {
    for (const dimension of dimensions) {
      const keys = result.get(dimension)!;
      for (const key of ticketKeys(ticket, dimension)) {
        let figures = keys.get(key);
        if (!figures) {
          figures = noFigures();
          keys.set(key, figures);
        }
        addTicketFigures(figures, ticket, 1);
      }
    }
  }
  return result;
}

/** The figures of a series' period per bucket, and its tickets per UTC hour of the day. */
export interface SeriesFigures {
  /** Keyed by the bucket's start (ms); buckets no ticket was opened in are absent. */
  readonly buckets: ReadonlyMap<number, Figures>;
  /** Tickets opened at each hour of the day, 0 to 23. */
  readonly openedPerHour: readonly number[];
}

/** The figures of the tickets opened in `range`, per bucket of `interval` and per hour of the day. */
export async function seriesFigures(
  db: Kysely<ReadModelTables>,
  range: TimeRange,
  interval: ReportInterval,
): Promise<SeriesFigures> {
  const hours = wholeUnits(range, HOUR_MS);
  const [summed, edgeTickets] = await Promise.all([
    hours === null
      ? []
      : sql<SummedRow & { start: Date | null; hour_of_day: number | null }>`
          select date_trunc(${interval}, bucket, 'UTC') as start,
            extract(hour from bucket at time zone 'UTC')::int as hour_of_day,
            ${SUMS}
          from ticket_report_rollup
          where dimension = 'all' and bucket >= ${hours.from} and bucket < ${hours.to}
          group by grouping sets ((1), (2))`
          .execute(db)
          .then((result) => result.rows),
    ticketsOpenedIn(db, edgesOf(range, hours)),
  ]);
  const buckets = new Map<number, Figures>();
  const openedPerHour = Array.from({ length: 24 }, () => 0);
  for (const row of summed) {
    if (row.start !== null) buckets.set(row.start.getTime(), figuresOf(row));
    else openedPerHour[row.hour_of_day!]! += Number(row.tickets);
  }
  for (const ticket of edgeTickets) {
    const openedAt = new Date(ticket.opened_at);
    const start = bucketStart(openedAt, interval).getTime();
    const figures = buckets.get(start) ?? noFigures();
    if (!buckets.has(start)) buckets.set(start, figures);
    addTicketFigures(figures, ticket, 1);
    openedPerHour[openedAt.getUTCHours()]! += 1;
  }
  return { buckets, openedPerHour };
}

/** One figure of a vector by its column name. */
export function figure(figures: Figures, name: string): number {
  const index = FIGURE[name];
  if (index === undefined) throw new Error(`No rollup figure ${name}`);
  return figures[index]!;
}

/** The median of a duration histogram of a vector (`fr` first response, `res` resolution). */
export function medianOf(figures: Figures, metric: 'fr' | 'res'): number | null {
  const start = FIGURE[`${metric}_n0`]!;
  const counts = new Float64Array(DURATION_BUCKETS);
  const sums = new Float64Array(DURATION_BUCKETS);
  for (let i = 0; i < DURATION_BUCKETS; i++) {
    counts[i] = figures[start + 2 * i]!;
    sums[i] = figures[start + 2 * i + 1]!;
  }
  return histogramMedian({ counts, sums });
}
