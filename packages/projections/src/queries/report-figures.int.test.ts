import { createTestDatabase } from '@support-engine/servers/testing';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelDb } from '../database.js';
import { migrateReadModels } from '../migrations.js';
import {
  addTicketFigures,
  fillReportRollup,
  noFigures,
  ROLLUP_TICKET_COLUMNS,
  type RollupDimension,
  type RollupTicket,
  rollupTicketOf,
  ticketKeys,
} from '../read-models/tickets/report-rollup.js';
import type { ReadModelTables } from '../schema.js';
import { EXACT_MEDIAN_TICKETS, figuresByKey, medianOf, seriesFigures } from './report-figures.js';
import { bucketStart, type ReportInterval } from './series-buckets.js';

// Over 60 days of tickets, any range a report may ask for (whole weeks, days and hours of the
// rollup, and partial ones from the rows) must give the figures of folding its tickets one by one.

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T00:00:00Z');
const TICKETS = 1_500;
const DIMENSIONS: readonly RollupDimension[] = ['all', 'agent', 'category', 'tag'];

let db: Kysely<ReadModelTables>;
let tickets: RollupTicket[];

beforeAll(async () => {
  db = createReadModelDb(await createTestDatabase('projections-report-figures'));
  await migrateReadModels(db);
  // Every ~58 minutes over 60 days, with a deterministic mix of agents, categories, tags and durations.
  await sql`
    insert into tickets (ticket_id, customer_id, subject, status, priority, opening_priority, category, channel,
      tier, assignee_id, proactive, opened_at, updated_at, status_since, first_response_ms, resolution_ms,
      reopen_count, reminders_sent, message_count, agent_reply_count, resolved_once, sla_state, sla_first_response,
      sla_next_response, sla_resolution, sla_warnings_recorded, sla_breaches_recorded, sla_facts, csat_score,
      follow_up_requested, version, tags)
    select 't-' || g, 'c', 'S', 'resolved', 'normal', 'normal', (array['billing', 'bug', null])[1 + g % 3], 'web',
      1 + g % 3, case when g % 5 = 0 then null else 'agent-' || (g % 4) end, false, opened, opened, opened,
      case when g % 7 = 0 then null else 60000 + (g * 7919) % 86400000 end,
      case when g % 2 = 0 then 600000 + (g * 104729) % 604800000 end,
      g % 3 / 2, 0, 2, g % 3, g % 2 = 0, 'completed', (array['met', 'breached', 'running'])[1 + g % 3], 'met', 'met',
      0, 0, '[]', case when g % 4 = 0 then 1 + g % 5 end, false, 1,
      case g % 4 when 0 then array['vip'] when 1 then array['vip', 'bug'] else array[]::text[] end
    from (select g, ${new Date(START)}::timestamptz + g * interval '58 minutes' + (g % 17) * interval '1 second' as opened
      from generate_series(0, ${TICKETS - 1}) g) numbered`.execute(db);
  await fillReportRollup(db);
  const rows = await db.selectFrom('tickets').select(ROLLUP_TICKET_COLUMNS).execute();
  tickets = rows.map(rollupTicketOf);
});

afterAll(async () => {
  await db?.destroy();
});

const range = fc
  .record({
    fromMinutes: fc.integer({ min: -2 * 24 * 60, max: 62 * 24 * 60 }),
    lengthMinutes: fc.integer({ min: 1, max: 45 * 24 * 60 }),
  })
  .map(({ fromMinutes, lengthMinutes }) => {
    const from = START + fromMinutes * 60_000;
    return { from: new Date(from), to: new Date(from + lengthMinutes * 60_000) };
  });

const inRange = (r: { from: Date; to: Date }) =>
  tickets.filter((t) => {
    const at = Date.parse(t.opened_at);
    return at >= r.from.getTime() && at < r.to.getTime();
  });

const plain = (map: ReadonlyMap<string | number, Float64Array>) =>
  Object.fromEntries([...map].map(([key, figures]) => [String(key), Array.from(figures)]));

describe('report figures from the rollup', () => {
  it('equal folding the tickets of any range, per key of each breakdown', async () => {
    await fc.assert(
      fc.asyncProperty(range, async (r) => {
        const expected = new Map(DIMENSIONS.map((dimension) => [dimension, new Map<string, Float64Array>()]));
        for (const ticket of inRange(r))
          for (const dimension of DIMENSIONS)
            for (const key of ticketKeys(ticket, dimension)) {
              const keys = expected.get(dimension)!;
              if (!keys.has(key)) keys.set(key, noFigures());
              addTicketFigures(keys.get(key)!, ticket, 1);
            }
        const actual = await figuresByKey(db, r, DIMENSIONS);
        for (const dimension of DIMENSIONS)
          expect(plain(actual.get(dimension)!)).toEqual(plain(expected.get(dimension)!));
      }),
      { numRuns: 40 },
    );
  });

  // In a zone whose hours are UTC's (Paris, New York) the rollup's hours are added into local days;
  // in one whose hours start at half past (Kolkata) the tickets are read from their rows.
  it('equal folding the tickets of any range, per bucket of a series and per hour of the day, in any time zone', async () => {
    await fc.assert(
      fc.asyncProperty(
        range,
        fc.constantFrom<ReportInterval>('hour', 'day'),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
        async (r, interval, zone) => {
          const buckets = new Map<number, Float64Array>();
          const perHour = Array.from({ length: 24 }, () => 0);
          const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' });
          for (const ticket of inRange(r)) {
            const openedAt = new Date(ticket.opened_at);
            const start = bucketStart(openedAt, interval, zone).getTime();
            if (!buckets.has(start)) buckets.set(start, noFigures());
            addTicketFigures(buckets.get(start)!, ticket, 1);
            perHour[Number(hourOf.format(openedAt))]! += 1;
          }
          const actual = await seriesFigures(db, r, interval, zone);
          expect(plain(actual.buckets)).toEqual(plain(buckets));
          expect(actual.openedPerHour).toEqual(perHour);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('give exact medians for a range of at most EXACT_MEDIAN_TICKETS tickets, per key and per series bucket', async () => {
    const exact = (values: (number | null)[]) => {
      const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
      if (sorted.length === 0) return null;
      const middle = sorted.length >> 1;
      return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    };
    await fc.assert(
      fc.asyncProperty(range, async (r) => {
        const chosen = inRange(r);
        const figures = await figuresByKey(db, r, DIMENSIONS);
        for (const dimension of DIMENSIONS)
          for (const [key, group] of figures.get(dimension)!) {
            const members = chosen.filter((t) => ticketKeys(t, dimension).includes(key));
            expect(medianOf(group, 'fr')).toBe(exact(members.map((t) => t.first_response_ms)));
            expect(medianOf(group, 'res')).toBe(exact(members.map((t) => t.resolution_ms)));
          }
        const series = await seriesFigures(db, r, 'day');
        for (const [start, group] of series.buckets) {
          const members = chosen.filter((t) => bucketStart(new Date(t.opened_at), 'day').getTime() === start);
          expect(medianOf(group, 'fr')).toBe(exact(members.map((t) => t.first_response_ms)));
        }
      }),
      { numRuns: 25 },
    );
    // Beyond the limit, the medians come from the histograms.
    const all = { from: new Date(START - DAY), to: new Date(START + 70 * DAY) };
    await sql`update ticket_report_rollup set tickets = tickets + ${EXACT_MEDIAN_TICKETS} where grain = 'week'`.execute(
      db,
    );
    const large = (await figuresByKey(db, all, ['all'])).get('all')!.get('')!;
    await sql`update ticket_report_rollup set tickets = tickets - ${EXACT_MEDIAN_TICKETS} where grain = 'week'`.execute(
      db,
    );
    const few = (await figuresByKey(db, all, ['all'])).get('all')!.get('')!;
    expect(medianOf(few, 'fr')).toBe(exact(tickets.map((t) => t.first_response_ms)));
    expect(medianOf(large, 'fr')).not.toBe(medianOf(few, 'fr'));
  });

  it('reads whole weeks from the rollup: a month-long report adds the week rows', async () => {
    const month = { from: new Date(START + 3 * DAY), to: new Date(START + 33 * DAY) };
    const before = await figuresByKey(db, month, ['all']);
    await sql`update ticket_report_rollup set tickets = tickets + 1000 where grain = 'week'`.execute(db);
    const after = await figuresByKey(db, month, ['all']);
    await sql`update ticket_report_rollup set tickets = tickets - 1000 where grain = 'week'`.execute(db);
    expect(after.get('all')!.get('')![0]! - before.get('all')!.get('')![0]!).toBeGreaterThanOrEqual(3_000);
  });
});
