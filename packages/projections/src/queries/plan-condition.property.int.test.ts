import { planKey, samePlan } from '@support-engine/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.fixture.js';
import { openTemplateTicket, putTickets, selectedIds } from './conditions.fixture.js';
import { planKeySql, samePlanSql } from './plan-condition.js';

// The database folds a plan exactly as the domain's planKey does, whatever the server's locale:
// random plans go into the real `tickets` table, and the folded column and the plan filter must
// agree with planKey and samePlan.

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await openTemplateTicket(h);
});
afterAll(async () => h?.close());

/** Letters whose case folding differs between locales and libraries, white space JavaScript trims, and any character (NUL aside: PostgreSQL's text has none). */
const SPECIAL = [
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  'A',
  'z',
  'É',
  'ß',
  'İ',
  'ı',
  'Σ',
  'ς',
  'ǅ',
  'Ω',
  'K',
  '𐐀',
];
const char = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc
    .integer({ min: 1, max: 0x10ffff })
    .filter((code) => code < 0xd800 || code > 0xdfff)
    .map((code) => String.fromCodePoint(code)),
);
const plan = fc.array(char, { maxLength: 8 }).map((chars) => chars.join(''));
const plans = fc.array(fc.option(plan), { maxLength: 10 });
const idOf = (n: number) => `t-${String(n).padStart(2, '0')}`;

async function put(rows: readonly (string | null)[]): Promise<void> {
  await putTickets(
    h.db,
    rows.map((value, n) => ({ ticket_id: idOf(n), plan: value })),
  );
}

it('planKeySql is planKey', async () => {
  await fc.assert(
    fc.asyncProperty(plans, async (rows) => {
      await put(rows);
      const { rows: keys } = await sql<{ ticket_id: string; key: string | null }>`
        select ticket_id, ${planKeySql(sql.ref('plan'))} as key from tickets where ticket_id like 't-%'`.execute(h.db);
      const byId = Object.fromEntries(keys.map((row) => [row.ticket_id, row.key]));
      expect(byId).toEqual(
        Object.fromEntries(rows.map((value, n) => [idOf(n), value === null ? null : planKey(value)])),
      );
    }),
    { numRuns: 100 },
  );
});

it('samePlanSql selects the tickets whose plan samePlan calls the one asked for', async () => {
  // Asked for: a stored plan written otherwise (case, spaces), or any plan.
  const asked = (rows: readonly (string | null)[]) =>
    fc.oneof(
      plan,
      fc
        .constantFrom(...rows.filter((value): value is string => value !== null), 'Premium')
        .chain((value) => fc.constantFrom(value.toUpperCase(), ` ${value.toLowerCase()}\t`, value)),
    );
  await fc.assert(
    fc.asyncProperty(
      plans.chain((rows) => fc.tuple(fc.constant(rows), asked(rows))),
      async ([rows, query]) => {
        await put(rows);
        const expected = rows.flatMap((value, n) => (value !== null && samePlan(value, query) ? [idOf(n)] : []));
        expect(await selectedIds(h.db, samePlanSql(sql.ref('plan'), query))).toEqual(expected);
      },
    ),
    { numRuns: 100 },
  );
});
