import { createDomainEventRegistry } from '@support-engine/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketAsOf, ticketStateVersion } from './as-of.js';
import { ReplayLimitError } from './errors.js';
import { createHarness, customer, type Harness, SUPERVISOR, T0 } from './testing/harness.fixture.js';

const MINUTE = 60_000;
const EVENTS = 240;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

describe('as-of reads from snapshots', () => {
  let h: Harness;
  const id = 'as-of-1';

  beforeAll(async () => {
    h = await createHarness();
    await h.desk.ticket(
      {
        type: 'OpenTicket',
        data: { ticketId: id, customerId: 'cust', subject: 'Long story', description: 'It goes on', channel: 'web' },
      },
      customer('cust'),
      at(0),
    );
    // One event per command, each a minute after the last: priority changes and customer replies.
    let priority: 'high' | 'low' = 'low';
    for (let i = 1; i < EVENTS; i++) {
      if (i % 3 !== 0) priority = priority === 'high' ? 'low' : 'high';
      const command =
        i % 3 === 0
          ? { type: 'CustomerReply' as const, data: { ticketId: id, body: `Still broken (${i})` } }
          : { type: 'ChangePriority' as const, data: { ticketId: id, priority } };
      await h.desk.ticket(command, i % 3 === 0 ? customer('cust') : SUPERVISOR, at(i));
    }
  }, 120_000);

  afterAll(async () => {
    await h.close();
  });

  const snapshotCount = async () =>
    Number(
      (
        await h.db
          .selectFrom('ticket_snapshots')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('gives exactly the state a full replay gives, for any instant and any snapshots saved before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -5, max: EVENTS + 5 }),
        fc.integer({ min: 0, max: 59_999 }),
        fc.constantFrom(7, 25, 100),
        async (minute, ms, interval) => {
          const instant = new Date(at(minute).getTime() + ms);
          const full = await ticketAsOf(h.store, id, instant);
          const cached = await ticketAsOf(h.store, id, instant, { snapshots: h.db, interval });
          expect(cached.state).toEqual(full.state);
          expect(full.state?.version ?? 0).toBe(Math.min(Math.max(minute + 1, 0), EVENTS));
        },
      ),
      { numRuns: 60 },
    );
    expect(await snapshotCount()).toBeGreaterThan(0);
  });

  it('folds only the events after the latest snapshot once one is saved', async () => {
    const instant = at(EVENTS);
    await ticketAsOf(h.store, id, instant, { snapshots: h.db, interval: 25 });
    const again = await ticketAsOf(h.store, id, instant, { snapshots: h.db, interval: 25 });
    expect(again.state?.version).toBe(EVENTS);
    expect(again.replayed).toBeLessThan(25);
    expect((await ticketAsOf(h.store, id, instant)).replayed).toBe(EVENTS);
  });

  it('ignores snapshots of another state version and snapshots whose event hash no longer matches', async () => {
    const stateVersion = ticketStateVersion(createDomainEventRegistry());
    const bogus = JSON.stringify({ ticketId: id, status: 'closed', version: 999 });
    const version = EVENTS - 1;
    await h.db.deleteFrom('ticket_snapshots').execute();
    await h.db
      .insertInto('ticket_snapshots')
      .values([
        {
          stream_id: `ticket-${id}`,
          state_version: 'evolve-of-long-ago',
          version,
          recorded_at: T0,
          event_hash: 'x',
          state: bogus,
        },
        {
          stream_id: `ticket-${id}`,
          state_version: stateVersion,
          version,
          recorded_at: T0,
          event_hash: 'not-the-hash',
          state: bogus,
        },
      ])
      .execute();
    const instant = at(EVENTS);
    const cached = await ticketAsOf(h.store, id, instant, { snapshots: h.db });
    expect(cached.state).toEqual((await ticketAsOf(h.store, id, instant)).state);
    expect(cached.replayed).toBe(EVENTS);
  });

  it('refuses to fold more events than allowed, before folding any', async () => {
    await h.db.deleteFrom('ticket_snapshots').execute();
    const read = ticketAsOf(h.store, id, at(EVENTS), { snapshots: h.db, maxEvents: EVENTS - 1 });
    await expect(read).rejects.toBeInstanceOf(ReplayLimitError);
    await expect(read).rejects.toMatchObject({ code: 'REPLAY_LIMIT_EXCEEDED', events: EVENTS, limit: EVENTS - 1 });
    expect(await snapshotCount()).toBe(0);
    expect((await ticketAsOf(h.store, id, at(EVENTS), { maxEvents: EVENTS })).state?.version).toBe(EVENTS);
  });
});
