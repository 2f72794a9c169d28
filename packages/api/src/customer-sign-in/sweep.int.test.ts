import { HELP_SESSION_TTL_MS, SIGN_IN_LINK_TTL_MS } from '@support-engine/domain/customer';
import { createReadModelDb } from '@support-engine/projections';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateCustomerSignIn, openSession, type SignInDb, signInDbOf, signOut, sweepSignIn } from './store.js';

// The hourly sweep of the sign-in's tables, on real PostgreSQL, at times the test names (no
// waiting): it forgets used links once expired anyway and ended sessions, and keeps the rest.

const T0 = new Date('2026-03-02T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
let db: SignInDb;
let close: () => Promise<void>;

beforeAll(async () => {
  const readModels = createReadModelDb(await createTestDatabase('sign-in-sweep'));
  close = () => readModels.destroy();
  db = signInDbOf(readModels);
  await migrateCustomerSignIn(db);
});
afterAll(async () => close?.());

const open = (tokenHash: string, linkId: string | null, now: Date) =>
  openSession(db, {
    tokenHash,
    customerId: 'cust-1',
    linkId,
    now,
    expiresAt: new Date(now.getTime() + HELP_SESSION_TTL_MS),
  });
const kept = async () => ({
  links: (await db.selectFrom('help_sign_in_links_used').select('link_id').orderBy('link_id').execute()).map(
    (row) => row.link_id,
  ),
  sessions: (await db.selectFrom('help_sessions').select('token_hash').orderBy('token_hash').execute()).map(
    (row) => row.token_hash,
  ),
});

it('forgets used links once expired anyway and ended sessions, and keeps what still counts', async () => {
  expect(await open('s-old', 'link-old', T0)).toBe(true);
  expect(await open('s-signed-out', 'link-recent', at(10 * 60_000))).toBe(true);
  expect(await open('s-live', null, at(20 * 60_000))).toBe(true);
  await signOut(db, 's-signed-out', at(11 * 60_000));

  // 15 minutes after the first link's use: it has expired whenever it was issued; the later one may not have.
  const first = await sweepSignIn(db, at(SIGN_IN_LINK_TTL_MS));
  expect(first).toEqual({ links: 1, sessions: 1 });
  expect(await kept()).toEqual({ links: ['link-recent'], sessions: ['s-live', 's-old'] });
  // A used link still counts until then: opened again, it is refused.
  expect(await open('s-again', 'link-recent', at(SIGN_IN_LINK_TTL_MS))).toBe(false);

  // Just before the first session's 30 days: kept; from then on it goes, the later one stays.
  expect(await sweepSignIn(db, at(HELP_SESSION_TTL_MS - 1))).toEqual({ links: 1, sessions: 0 });
  expect(await sweepSignIn(db, at(HELP_SESSION_TTL_MS))).toEqual({ links: 0, sessions: 1 });
  expect(await kept()).toEqual({ links: [], sessions: ['s-live'] });
  // Sweeping again (another process, the next hour) forgets nothing more.
  expect(await sweepSignIn(db, at(HELP_SESSION_TTL_MS))).toEqual({ links: 0, sessions: 0 });
});
