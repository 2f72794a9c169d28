import { localBucketStart, localHourOfDay, REPORT_DEFAULT_TIME_ZONE } from '@support-engine/domain/ticket';
import { type Kysely, sql } from 'kysely';
import { DURATION_BUCKETS, histogramMedian } from '../read-models/tickets/duration-histogram.js';
import {
  addTicketFigures,
  FIGURE,
  type Figures,
  noFigures,
  ROLLUP_FIGURES,
  ROLLUP_GRAINS,
  ROLLUP_TICKET_COLUMNS,
  type RollupDimension,
  type RollupGrain,
  type RollupTicket,
  rollupTicketOf,
  ticketKeys,
} from '../read-models/tickets/report-rollup.js';
import type { ReadModelTables } from '../schema.js';
import { bucketStart, type ReportInterval, type TimeRange } from './series-buckets.js';

// Reports add the rollup's rows for the whole weeks, days or hours of their range (coarsest
// first) and fold the few tickets opened in the partial ones at its edges from their rows, so
// any range is exact.

/** The whole units of `unitMs` (since the epoch) inside `range`, or `null` when there is none. */
function wholeUnits(range: TimeRange, unitMs: number): TimeRange | null {
  const from = Math.ceil(range.from.getTime() / unitMs) * unitMs;
  const to = Math.floor(range.to.getTime() / unitMs) * unitMs;
  return from < to ? { from: new Date(from), to: new Date(to) } : null;
}

/** A range cut into spans of whole rollup buckets and the rest, which only ticket rows can give. */
interface Cover {
  readonly spans: { readonly grain: RollupGrain; readonly range: TimeRange }[];
  readonly rest: TimeRange[];
}

/** Covers `range` with whole buckets of `grains` (coarsest first), then the next grain at its edges, and so on. */
function cover(range: TimeRange, grains: readonly RollupGrain[], into: Cover = { spans: [], rest: [] }): Cover {
  if (range.from >= range.to) return into;
  const [grain, ...finer] = grains;
  if (grain === undefined) {
    into.rest.push(range);
    return into;
  }
  const whole = wholeUnits(range, ROLLUP_GRAINS[grain]);
  if (whole === null) return cover(range, finer, into);
  into.spans.push({ grain, range: whole });
  cover({ from: range.from, to: whole.from }, finer, into);
  return cover({ from: whole.to, to: range.to }, finer, into);
}

/** The rollup rows of a cover's spans, as a condition. */
const inSpans = (spans: Cover['spans']) =>
  sql.join(
    spans.map(({ grain, range }) => sql`(grain = ${grain} and bucket >= ${range.from} and bucket < ${range.to})`),
    sql` or `,
  );

/** The rollup columns summed, as select-list items named like the columns. */
const SUMS = sql.join(ROLLUP_FIGURES.map((name) => sql`sum(${sql.ref(name)}) as ${sql.ref(name)}`));

type SummedRow = Record<string, string | number | Date | null>;

function figuresOf(row: SummedRow): Figures {
  const figures = noFigures();
  for (const [i, name] of ROLLUP_FIGURES.entries()) figures[i] = Number(row[name] ?? 0);
  return figures;
}

/**
 * Up to this many tickets in a report's range, its medians are exact: the durations are read from
 * the ticket rows (one more query of at most this many rows) rather than placed within the
 * rollup's histogram buckets, where a small group's durations often share a bucket (every reply
 * under a minute does).
 */
export const EXACT_MEDIAN_TICKETS = 2_000;

/** The durations behind figures folded from a range of few enough tickets (see {@link medianOf}). */
const exactDurations = new WeakMap<Figures, { readonly fr: number[]; readonly res: number[] }>();

/** Gives each of `groups` its exact durations from `tickets` (`groupsOf` names a ticket's groups). */
function keepExactDurations(
  groups: Iterable<Figures>,
  tickets: readonly RollupTicket[],
  groupsOf: (ticket: RollupTicket) => Iterable<Figures | undefined>,
): void {
  for (const figures of groups) exactDurations.set(figures, { fr: [], res: [] });
  for (const ticket of tickets) {
    for (const figures of groupsOf(ticket)) {
      const durations = figures && exactDurations.get(figures);
      if (!durations) continue;
      if (ticket.first_response_ms !== null) durations.fr.push(ticket.first_response_ms);
      if (ticket.resolution_ms !== null) durations.res.push(ticket.resolution_ms);
    }
  }
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
  const { spans, rest } = cover(range, ['week', 'day']);
  const [summed, edgeTickets] = await Promise.all([
    spans.length === 0
      ? []
      : sql<SummedRow & { dimension: RollupDimension; key: string }>`
          select dimension, key, ${SUMS}
          from ticket_report_rollup
          where dimension in (${sql.join(dimensions)}) and (${inSpans(spans)})
          group by dimension, key`
          .execute(db)
          .then((result) => result.rows),
    ticketsOpenedIn(db, rest),
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
  const all = result.get('all')?.get('');
  if (all && figure(all, 'tickets') <= EXACT_MEDIAN_TICKETS) {
    const tickets = await ticketsOpenedIn(db, [range]);
    keepExactDurations(
      [...result.values()].flatMap((keys) => [...keys.values()]),
      tickets,
      (ticket) =>
        dimensions.flatMap((dimension) => ticketKeys(ticket, dimension).map((key) => result.get(dimension)!.get(key))),
    );
  }
  return result;
}

/** The figures of a series' period per bucket, and its tickets per hour of the day on the zone's clocks. */
export interface SeriesFigures {
  /** Keyed by the bucket's start (ms); buckets no ticket was opened in are absent. */
  readonly buckets: ReadonlyMap<number, Figures>;
  /** Tickets opened at each hour of the day, 0 to 23. */
  readonly openedPerHour: readonly number[];
}

/** Where the rollup's rows and the edge tickets of a series are added up, per bucket and hour of the day. */
class SeriesSums {
  readonly buckets = new Map<number, Figures>();
  readonly openedPerHour = Array.from({ length: 24 }, () => 0);

  /** The figures of the bucket starting at `start`, created empty. */
  at(start: number): Figures {
    let figures = this.buckets.get(start);
    if (!figures) {
      figures = noFigures();
      this.buckets.set(start, figures);
    }
    return figures;
  }
}

/**
 * The figures of the tickets opened in `range`, per bucket of `interval` and per hour of the day,
 * on the clocks of `timeZone` (an IANA name the caller checked).
 */
export async function seriesFigures(
  db: Kysely<ReadModelTables>,
  range: TimeRange,
  interval: ReportInterval,
  timeZone = REPORT_DEFAULT_TIME_ZONE,
): Promise<SeriesFigures> {
  const sums = new SeriesSums();
  const edgeTickets =
    timeZone === REPORT_DEFAULT_TIME_ZONE
      ? await addUtcRollup(db, range, interval, sums)
      : await addZonedRollup(db, range, interval, timeZone, sums);
  for (const ticket of edgeTickets) {
    const openedAt = new Date(ticket.opened_at);
    addTicketFigures(sums.at(bucketStart(openedAt, interval, timeZone).getTime()), ticket, 1);
    sums.openedPerHour[localHourOfDay(openedAt.getTime(), timeZone)]! += 1;
  }
  const { buckets, openedPerHour } = sums;
  const tickets = [...buckets.values()].reduce((sum, figures) => sum + figure(figures, 'tickets'), 0);
  if (tickets <= EXACT_MEDIAN_TICKETS) {
    keepExactDurations(buckets.values(), await ticketsOpenedIn(db, [range]), (ticket) => [
      buckets.get(bucketStart(new Date(ticket.opened_at), interval, timeZone).getTime()),
    ]);
  }
  return { buckets, openedPerHour };
}

/**
 * Adds the UTC rollup's whole days and hours of `range` to `sums` (PostgreSQL groups them into
 * UTC buckets); answers the tickets of the partial hours at the edges, which only ticket rows can give.
 */
async function addUtcRollup(
  db: Kysely<ReadModelTables>,
  range: TimeRange,
  interval: ReportInterval,
  sums: SeriesSums,
): Promise<RollupTicket[]> {
  const { spans, rest } = cover(range, interval === 'day' ? ['day', 'hour'] : ['hour']);
  // The hours of the day take the hourly rows of the whole days too, only their ticket counts.
  const allHours = cover(range, ['hour']).spans;
  const [summed, perHour, edgeTickets] = await Promise.all([
    spans.length === 0
      ? []
      : sql<SummedRow & { start: Date }>`
          select date_trunc(${interval}, bucket, 'UTC') as start, ${SUMS}
          from ticket_report_rollup
          where dimension = 'all' and (${inSpans(spans)})
          group by 1`
          .execute(db)
          .then((result) => result.rows),
    allHours.length === 0
      ? []
      : sql<{ hour_of_day: number; tickets: string }>`
          select extract(hour from bucket at time zone 'UTC')::int as hour_of_day, sum(tickets) as tickets
          from ticket_report_rollup
          where dimension = 'all' and (${inSpans(allHours)})
          group by 1`
          .execute(db)
          .then((result) => result.rows),
    ticketsOpenedIn(db, rest),
  ]);
  for (const row of summed) sums.buckets.set(row.start.getTime(), figuresOf(row));
  for (const row of perHour) sums.openedPerHour[row.hour_of_day]! += Number(row.tickets);
  return edgeTickets;
}

/**
 * Adds the rollup's whole UTC hours of `range` to `sums`, each under the local bucket and hour of
 * `timeZone` it falls in (the domain's `localBucketStart`): a UTC day is not a local day, but a
 * UTC hour is a local hour wherever the offset is whole hours. An hour that is not (Asia/Kolkata's
 * start at half past) is left to the ticket rows, with the partial hours at the edges: answers
 * the tickets of those (adjacent ranges read as one).
 */
async function addZonedRollup(
  db: Kysely<ReadModelTables>,
  range: TimeRange,
  interval: ReportInterval,
  timeZone: string,
  sums: SeriesSums,
): Promise<RollupTicket[]> {
  const { spans, rest } = cover(range, ['hour']);
  const rows =
    spans.length === 0
      ? []
      : (
          await sql<SummedRow & { bucket: Date }>`
            select bucket, ${SUMS}
            from ticket_report_rollup
            where dimension = 'all' and (${inSpans(spans)})
            group by bucket`.execute(db)
        ).rows;
  const unaligned: TimeRange[] = [...rest];
  for (const row of rows) {
    const hour = row.bucket.getTime();
    if (localBucketStart(hour, 'hour', timeZone) !== hour) {
      unaligned.push({ from: row.bucket, to: new Date(hour + ROLLUP_GRAINS.hour) });
      continue;
    }
    const figures = figuresOf(row);
    const into = sums.at(localBucketStart(hour, interval, timeZone));
    for (const [i, value] of figures.entries()) into[i]! += value;
    sums.openedPerHour[localHourOfDay(hour, timeZone)]! += figure(figures, 'tickets');
  }
  return ticketsOpenedIn(db, joinAdjacent(unaligned));
}

/** Ranges in order of their start, those that touch or overlap joined into one. */
function joinAdjacent(ranges: readonly TimeRange[]): TimeRange[] {
  const joined: TimeRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const last = joined.at(-1);
    if (last && last.to >= range.from)
      joined[joined.length - 1] = { from: last.from, to: range.to > last.to ? range.to : last.to };
    else joined.push(range);
  }
  return joined;
}

/** One figure of a vector by its column name. */
export function figure(figures: Figures, name: string): number {
  const index = FIGURE[name];
  if (index === undefined) throw new Error(`No rollup figure ${name}`);
  return figures[index]!;
}

/**
 * The median first-response (`fr`) or resolution (`res`) time of a group: exact when its report's
 * range held at most {@link EXACT_MEDIAN_TICKETS} tickets, else from its duration histogram.
 */
export function medianOf(figures: Figures, metric: 'fr' | 'res'): number | null {
  const exact = exactDurations.get(figures);
  if (exact) return exactMedian(metric === 'fr' ? exact.fr : exact.res);
  const start = FIGURE[`${metric}_n0`]!;
  const counts = new Float64Array(DURATION_BUCKETS);
  const sums = new Float64Array(DURATION_BUCKETS);
  for (let i = 0; i < DURATION_BUCKETS; i++) {
    counts[i] = figures[start + 2 * i]!;
    sums[i] = figures[start + 2 * i + 1]!;
  }
  return histogramMedian({ counts, sums });
}

/** The middle value (or the mean of the two middle ones); `null` for none. */
function exactMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
