import { HOUR_MS, type Instant, toInstant } from '@support-engine/domain';
import { isSelfServiceResolved, isSelfServiceSettled, SELF_SERVICE_WINDOW_MS } from '@support-engine/domain/article';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.fixture.js';
import { openTemplateTicket, putTickets } from './conditions.fixture.js';
import { selfServiceResolvedSql, selfServiceSettledSql } from './self-service-condition.js';

// The self-service figures' SQL against the domain's rule: random tickets of two customers go into
// the real `tickets` table, and for random views the conditions must say what the domain says.

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await openTemplateTicket(h);
});
afterAll(async () => h?.close());

const VIEW_AT = Date.parse('2026-03-02T12:00:00.000Z');
const CUSTOMERS = ['c-1', 'c-2'] as const;
/** An instant around the view, its window's edges and their neighbours likely. */
const instant: fc.Arbitrary<Instant> = fc
  .oneof(
    fc.constantFrom(0, -1, 1, SELF_SERVICE_WINDOW_MS, SELF_SERVICE_WINDOW_MS - 1, SELF_SERVICE_WINDOW_MS + 1),
    fc.integer({ min: -2 * SELF_SERVICE_WINDOW_MS, max: 3 * SELF_SERVICE_WINDOW_MS }),
  )
  .map((offset) => toInstant(VIEW_AT + offset));
const ticket = fc.record({ customerId: fc.constantFrom(...CUSTOMERS), openedAt: instant });
const view = fc.record({
  customerId: fc.constantFrom(...CUSTOMERS),
  viewedAt: fc.oneof(
    instant,
    fc.integer({ min: -HOUR_MS, max: HOUR_MS }).map((ms) => toInstant(VIEW_AT + ms)),
  ),
});

it('selfServiceResolvedSql and selfServiceSettledSql are isSelfServiceResolved and isSelfServiceSettled', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(ticket, { maxLength: 8 }),
      fc.array(view, { minLength: 1, maxLength: 4 }),
      instant,
      async (tickets, views, now) => {
        await putTickets(
          h.db,
          tickets.map((t, n) => ({ ticket_id: `t-${n}`, customer_id: t.customerId, opened_at: t.openedAt })),
        );
        for (const v of views) {
          const viewedAt = sql`${v.viewedAt}::timestamptz`;
          const { rows } = await sql<{ resolved: boolean; settled: boolean }>`
            select ${selfServiceResolvedSql(sql`${v.customerId}::text`, viewedAt)} as resolved,
              ${selfServiceSettledSql(viewedAt, new Date(now))} as settled`.execute(h.db);
          const theirs = tickets.filter((t) => t.customerId === v.customerId).map((t) => t.openedAt);
          expect(rows[0]).toEqual({
            resolved: isSelfServiceResolved(v.viewedAt, theirs),
            settled: isSelfServiceSettled(v.viewedAt, now),
          });
        }
      },
    ),
    { numRuns: 80 },
  );
});
