import { createDomainEventRegistry } from '@support-engine/domain';
import { type Checkpoint, START, Waker } from '@support-engine/eventstore';
import { NotificationListener, waking } from '@support-engine/eventstore-postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitBatch, decodeBatch } from './batch.js';
import { ensureCheckpoint, readCheckpoint, readProgress } from './checkpoints.js';
import { CheckpointConflictError, UnreadableEventError } from './errors.js';
import { EventDecoder } from './events.js';
import { catchUp, PROGRESS_CHANNEL, runProjector } from './projector.js';
import { createTicketsProjection } from './read-models/tickets/projection.js';
import { createHarness, type Harness, hoursAfter, T0, ticketLife } from './testing/harness.fixture.js';
import { appliedCounts, createRecordingTable, recordingProjection } from './testing/recording-projection.fixture.js';
import { waitForProjection } from './wait-for.js';

describe('projector', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
    await createRecordingTable(h.db);
    for (let i = 0; i < 10; i++) {
      await ticketLife(h.desk, {
        id: `p-${i}`,
        customerId: 'c',
        agentId: 'a',
        subject: `Subject ${i}`,
        openedAt: hoursAfter(T0, i),
      });
    }
  });

  afterAll(async () => {
    await h.close();
  });

  /**
   * The log's last event, read from the table: `readAll` stops short of events committed after a
   * transaction still in flight (a projector's own batch, here), and a head read that way could
   * let a test stop a projector before the last event.
   */
  async function headCheckpoint(): Promise<Checkpoint> {
    const { rows } = await sql<{ transaction_id: string; global_position: string }>`
      select transaction_id::text, global_position::text from events
      order by transaction_id desc, global_position desc limit 1`.execute(h.db);
    return { transactionId: BigInt(rows[0]!.transaction_id), globalPosition: BigInt(rows[0]!.global_position) };
  }

  /** The events a recording projection applies: the tickets' (the log also holds the agents' ledgers). */
  async function ticketEventCount() {
    return (await h.store.readAll(START, { limit: 100_000 })).filter((e) => e.type.startsWith('Ticket')).length;
  }

  it('notifies each batch it commits, which wakes a wait for the read model before its next poll', async () => {
    const progress = new Waker();
    const listener = new NotificationListener(h.connectionString, waking(progress), 1000, PROGRESS_CHANNEL);
    await listener.start();
    try {
      const projection = recordingProjection('notified');
      // Its first check finds the read model behind; its next poll is far past the test's timeout,
      // so only the projector's notification can end the wait.
      const waiting = waitForProjection(h.db, 'notified', await headCheckpoint(), {
        initialIntervalMs: 600_000,
        timeoutMs: 600_000,
        progress,
      });
      await ensureCheckpoint(h.db, 'notified');
      const before = progress.generation;
      await catchUp({ store: h.store, db: h.db, projection });
      const reached = await waiting;
      expect(reached).toEqual(await readCheckpoint(h.db, 'notified'));
      expect(progress.generation).toBeGreaterThan(before);
    } finally {
      await listener.close();
    }
  });

  it('runs as a daemon, is woken by appends, and resumes from its checkpoint after a restart', async () => {
    const projection = recordingProjection('daemon');
    const options = {
      store: h.store,
      db: h.db,
      connectionString: h.connectionString,
      projection,
      batchSize: 7,
      pollIntervalMs: 5000,
    };
    const first = new AbortController();
    const running = runProjector(options, first.signal);
    await waitForProjection(h.db, 'daemon', await headCheckpoint(), { timeoutMs: 20_000 });
    // The long poll interval means only the LISTEN wake-up can deliver this one promptly.
    await ticketLife(h.desk, {
      id: 'p-late',
      customerId: 'c',
      agentId: 'a',
      subject: 'Late',
      openedAt: hoursAfter(T0, 50),
    });
    await waitForProjection(h.db, 'daemon', await headCheckpoint(), { timeoutMs: 4000 });
    first.abort();
    await running;

    await ticketLife(h.desk, {
      id: 'p-after',
      customerId: 'c',
      agentId: 'a',
      subject: 'After',
      openedAt: hoursAfter(T0, 60),
    });
    const second = new AbortController();
    const resumed = runProjector(options, second.signal);
    await waitForProjection(h.db, 'daemon', await headCheckpoint(), { timeoutMs: 20_000 });
    // As in the race below: another file's transaction can hold the visible head back a moment.
    const events = await ticketEventCount();
    await expect.poll(async () => (await appliedCounts(h.db, 'daemon')).total, { timeout: 20_000 }).toBe(events);
    second.abort();
    await resumed;

    expect(await appliedCounts(h.db, 'daemon')).toEqual({ total: events, distinct: events });
    // Progress counts every event read past, the agents' included.
    const all = (await h.store.readAll(START, { limit: 100_000 })).length;
    expect((await readProgress(h.db, 'daemon'))?.eventsApplied).toBe(BigInt(all));
  });

  it('lets two racing projectors apply every event exactly once (advisory lock)', async () => {
    const projection = recordingProjection('race');
    const options = {
      store: h.store,
      db: h.db,
      connectionString: h.connectionString,
      projection,
      batchSize: 3,
      pollIntervalMs: 50,
      lockRetryMs: 20,
    };
    const controllers = [new AbortController(), new AbortController()];
    const runs = controllers.map((c) => runProjector(options, c.signal));
    await waitForProjection(h.db, 'race', await headCheckpoint(), { timeoutMs: 20_000 });
    // Stop whichever is active: the standby takes over and continues with new events.
    controllers[0]!.abort();
    await runs[0];
    await ticketLife(h.desk, {
      id: 'p-race',
      customerId: 'c',
      agentId: 'a',
      subject: 'Race',
      openedAt: hoursAfter(T0, 70),
    });
    await waitForProjection(h.db, 'race', await headCheckpoint(), { timeoutMs: 20_000 });
    // Other test files' transactions on the shared server can hold the log's visible head back
    // for a moment (gap-safe reads): wait, bounded, for the standby to have applied every event.
    // An event skipped for good never shows up, and this fails.
    await expect
      .poll(async () => (await appliedCounts(h.db, 'race')).total, { timeout: 20_000 })
      .toBe(await ticketEventCount());
    controllers[1]!.abort();
    await runs[1];
    const events = await ticketEventCount();
    expect(await appliedCounts(h.db, 'race')).toEqual({ total: events, distinct: events });
  });

  it('rolls back the batch of a projector that loses the compare-and-set race', async () => {
    const projection = recordingProjection('cas');
    await ensureCheckpoint(h.db, 'cas');
    const recorded = await h.store.readAll(START, { limit: 8 });
    const batch = decodeBatch(new EventDecoder('cas'), projection, recorded);
    const ticketEvents = recorded.filter((e) => e.type.startsWith('Ticket')).length;
    const results = await Promise.allSettled([
      commitBatch(h.db, projection, START, batch),
      commitBatch(h.db, projection, START, batch),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(CheckpointConflictError);
    expect(ticketEvents).toBeGreaterThan(2);
    expect(await appliedCounts(h.db, 'cas')).toEqual({ total: ticketEvents, distinct: ticketEvents });
    expect(await readCheckpoint(h.db, 'cas')).toEqual(recorded.at(-1)!.checkpoint);
  });

  it('advances past events the projection does not handle', async () => {
    await h.desk.agent(
      { type: 'RegisterAgent', data: { agentId: 'agent-x', name: 'X' } },
      { id: 'supervisor-1', role: 'supervisor' },
      hoursAfter(T0, 80),
    );
    const projection = recordingProjection('tickets-only');
    // catchUp stops at the head it can see; another test file's transaction in flight on the
    // shared server can hide the newest events for a moment, so it is called until it has them.
    const head = await headCheckpoint();
    let checkpoint = await catchUp({ store: h.store, db: h.db, projection });
    for (let tries = 0; tries < 100 && checkpoint.globalPosition < head.globalPosition; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      checkpoint = await catchUp({ store: h.store, db: h.db, projection });
    }
    // At the head it read, or past it if the log grew meanwhile: never short of it.
    expect(checkpoint.globalPosition >= head.globalPosition).toBe(true);
    const ticketEvents = await ticketEventCount();
    expect(await appliedCounts(h.db, 'tickets-only')).toEqual({ total: ticketEvents, distinct: ticketEvents });
  });
});

describe('projector on unreadable events', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
    await ticketLife(h.desk, { id: 'u-1', customerId: 'c', agentId: 'a', subject: 'Fine', openedAt: T0 });
  });

  afterAll(async () => {
    await h.close();
  });

  it('stops loudly on an unknown event type, right after the last readable event', async () => {
    const before = (await h.store.readAll(START, { limit: 100_000 })).at(-1)!.checkpoint;
    await h.store.append('ticket-u-2', [{ type: 'TicketTeleported', data: { ticketId: 'u-2' } }], {
      expectedVersion: 'any',
    });
    const projection = createTicketsProjection({ name: 'unknown-type' });
    const error = await catchUp({ store: h.store, db: h.db, projection, batchSize: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableEventError);
    const unreadable = error as UnreadableEventError;
    expect(unreadable.event.streamId).toBe('ticket-u-2');
    expect(unreadable.message).toMatch(/Unknown event type "TicketTeleported"/);
    expect(unreadable.message).toContain(`position ${unreadable.event.checkpoint.globalPosition}`);
    // Everything before the bad event is applied; the checkpoint sits right in front of it.
    expect(await readCheckpoint(h.db, 'unknown-type')).toEqual(before);
    expect(await h.db.selectFrom('tickets').select('ticket_id').execute()).toEqual([{ ticket_id: 'u-1' }]);
  });

  it('stops loudly on a schema version newer than this build reads', async () => {
    const h2 = await createHarness();
    try {
      await h2.store.append('ticket-v', [{ type: 'TicketOpened', schemaVersion: 2, data: {} }], {
        expectedVersion: 'any',
      });
      const error = await catchUp({ store: h2.store, db: h2.db, projection: createTicketsProjection() }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnreadableEventError);
      expect((error as Error).message).toMatch(/ticket-v@1 \(TicketOpened v2.*schema version 2/);
    } finally {
      await h2.close();
    }
  });

  it("stops loudly on data that does not match the event's schema", async () => {
    const h2 = await createHarness();
    try {
      await h2.store.append('ticket-m', [{ type: 'TicketOpened', data: { ticketId: 'm', subject: 42 } }], {
        expectedVersion: 'any',
      });
      const error = await catchUp({ store: h2.store, db: h2.db, projection: createTicketsProjection() }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnreadableEventError);
      expect((error as Error).message).toMatch(/ticket-m@1.*malformed data/s);
    } finally {
      await h2.close();
    }
  });

  it('reads an old schema version through the registry upcaster', async () => {
    const h2 = await createHarness();
    try {
      // Pretend TicketCustomerReplied v1 called the body `text`; this build reads v2.
      const registry = createDomainEventRegistry()
        .register('TicketCustomerReplied', 2)
        .upcaster('TicketCustomerReplied', 1, (data) => {
          const { text, ...rest } = data as { text: string };
          return { ...rest, body: text };
        });
      await ticketLife(h2.desk, {
        id: 'o-1',
        customerId: 'c',
        agentId: 'a',
        subject: 'Old',
        openedAt: T0,
        shape: 'waiting',
      });
      await h2.store.append(
        'ticket-o-1',
        [
          {
            type: 'TicketCustomerReplied',
            schemaVersion: 1,
            data: {
              ticketId: 'o-1',
              text: 'written long ago',
              at: hoursAfter(T0, 5).toISOString(),
              actor: { id: 'c', role: 'customer' },
            },
          },
        ],
        { expectedVersion: 'any' },
      );
      await catchUp({ store: h2.store, db: h2.db, projection: createTicketsProjection(), registry });
      const message = await h2.db
        .selectFrom('ticket_messages')
        .select('body')
        .where('ticket_id', '=', 'o-1')
        .orderBy('seq', 'desc')
        .executeTakeFirst();
      expect(message?.body).toBe('written long ago');
    } finally {
      await h2.close();
    }
  });
});
