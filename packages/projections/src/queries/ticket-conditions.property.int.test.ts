import { HOUR_MS, type Instant, toInstant } from '@support-engine/domain';
import {
  type CallbackStatus,
  CloseReason,
  countsTowardSlaCompliance,
  isCallbackOwedNow,
  isOpenCallback,
  isOpenStatus,
  isSlaAtRisk,
  isSlaBreachedInLastHour,
  TICKET_STATUSES,
} from '@support-engine/domain/ticket';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.fixture.js';
import { openTemplateTicket, putTickets, selectedIds } from './conditions.fixture.js';
import {
  callbackOwedNowSql,
  countsTowardSlaSql,
  openCallbackSql,
  openStatusSql,
  slaAtRiskSql,
  slaBreachedInLastHourSql,
} from './ticket-conditions.js';

// Each SQL condition against the domain function it stands for: random tickets go into the real
// `tickets` table, and the condition must select exactly the ones the function accepts.

let h: Harness;
const NOW = new Date('2026-03-02T12:00:00.000Z');
const CALLBACK_STATUSES: readonly CallbackStatus[] = ['scheduled', 'due', 'completed', 'cancelled', 'missed'];
const SLA_STATES = ['not_started', 'running', 'paused', 'warning', 'breached', 'met'] as const;

/** An instant around NOW, the window's edges (an hour before, now) and their neighbours likely. */
const instant: fc.Arbitrary<Instant> = fc
  .oneof(
    fc.constantFrom(0, -1, 1, -HOUR_MS, -HOUR_MS + 1, -HOUR_MS - 1),
    fc.integer({ min: -3 * HOUR_MS, max: 3 * HOUR_MS }),
  )
  .map((offset) => toInstant(NOW.getTime() + offset));

const callback = fc.record({
  at: instant,
  status: fc.constantFrom(...CALLBACK_STATUSES),
  timeZone: fc.constant('UTC'),
  phone: fc.constant(null),
  reason: fc.constant('Call me'),
  requestedBy: fc.constant({ id: 'c-1', role: 'customer' }),
  endedAt: fc.constant(null),
  outcome: fc.constant(null),
});

const ticket = fc.record({
  status: fc.constantFrom(...TICKET_STATUSES),
  closeReason: fc.constantFrom(null, ...CloseReason.options, 'resolved_timeout'),
  slaState: fc.constantFrom(...SLA_STATES),
  lastSlaBreachAt: fc.option(instant),
  slaNextBreachAt: fc.option(instant),
  callbacks: fc.array(callback, { maxLength: 3 }),
});

const idOf = (n: number) => `t-${String(n).padStart(2, '0')}`;
/** Random tickets, each call named after its ticket and place so that ids are unique. */
const tickets = fc.array(ticket, { maxLength: 12 }).map((rows) =>
  rows.map((row, n) => ({
    ...row,
    callbacks: row.callbacks.map((c, k) => ({ ...c, callbackId: `${idOf(n)}-${k}` })),
  })),
);

async function put(rows: readonly Ticket[]): Promise<void> {
  await putTickets(
    h.db,
    rows.map((row, n) => ({
      ticket_id: idOf(n),
      status: row.status,
      close_reason: row.closeReason,
      sla_state: row.slaState,
      last_sla_breach_at: row.lastSlaBreachAt,
      sla_next_breach_at: row.slaNextBreachAt,
      callbacks: row.callbacks,
    })),
  );
}

/** The ids of the tickets `accepts` accepts, sorted as {@link selectedIds} gives them. */
type Ticket = typeof tickets extends fc.Arbitrary<readonly (infer T)[]> ? T : never;

const accepted = (rows: readonly Ticket[], accepts: (row: Ticket) => boolean) =>
  rows.flatMap((row, n) => (accepts(row) ? [idOf(n)] : []));

beforeAll(async () => {
  h = await createHarness();
  await openTemplateTicket(h);
});
afterAll(async () => h?.close());

const RUNS = { numRuns: 60 };
const now = NOW.toISOString();

describe('the tickets conditions select what the domain accepts', () => {
  it('openStatusSql is isOpenStatus', async () => {
    await fc.assert(
      fc.asyncProperty(tickets, async (rows) => {
        await put(rows);
        expect(await selectedIds(h.db, openStatusSql())).toEqual(accepted(rows, (row) => isOpenStatus(row.status)));
      }),
      RUNS,
    );
  });

  it('countsTowardSlaSql is countsTowardSlaCompliance', async () => {
    await fc.assert(
      fc.asyncProperty(tickets, async (rows) => {
        await put(rows);
        expect(await selectedIds(h.db, countsTowardSlaSql())).toEqual(
          accepted(rows, (row) => countsTowardSlaCompliance(row.closeReason)),
        );
      }),
      RUNS,
    );
  });

  it('slaBreachedInLastHourSql and slaAtRiskSql are isSlaBreachedInLastHour and isSlaAtRisk', async () => {
    await fc.assert(
      fc.asyncProperty(tickets, async (rows) => {
        await put(rows);
        expect(await selectedIds(h.db, slaBreachedInLastHourSql(NOW))).toEqual(
          accepted(rows, (row) => isSlaBreachedInLastHour(row, now)),
        );
        expect(await selectedIds(h.db, slaAtRiskSql(NOW))).toEqual(accepted(rows, (row) => isSlaAtRisk(row, now)));
      }),
      RUNS,
    );
  });

  it('callbackOwedNowSql and openCallbackSql are isCallbackOwedNow and isOpenCallback, call by call', async () => {
    const calls = async (condition: ReturnType<typeof sql>) => {
      const { rows } = await sql<{ id: string }>`
        select c.value->>'callbackId' as id
        from tickets t cross join lateral jsonb_array_elements(t.callbacks) c
        where ${condition}`.execute(h.db);
      return rows.map((row) => row.id).sort();
    };
    const expected = (rows: readonly Ticket[], accepts: (row: Ticket, call: Ticket['callbacks'][number]) => boolean) =>
      rows.flatMap((row) => row.callbacks.filter((call) => accepts(row, call)).map((call) => call.callbackId)).sort();
    await fc.assert(
      fc.asyncProperty(tickets, async (rows) => {
        await put(rows);
        expect(await calls(callbackOwedNowSql(sql`c.value`, NOW, 't'))).toEqual(
          expected(rows, (row, call) => isCallbackOwedNow(call, row.status, now)),
        );
        expect(await calls(openCallbackSql(sql`c.value`))).toEqual(expected(rows, (_, call) => isOpenCallback(call)));
      }),
      RUNS,
    );
  });
});
