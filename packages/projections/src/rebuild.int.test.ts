import { Writable } from 'node:stream';
import { START } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from './checkpoints.js';
import { WaitTimeoutError } from './errors.js';
import { catchUp } from './projector.js';
import { createProjections } from './read-models/index.js';
import { compareWithRebuild, rebuildProjection, resetProjection } from './rebuild.js';
import { projectionContentHash, tableContentHash } from './table-hash.js';
import { createHarness, type Harness, hoursAfter, T0, ticketLife } from './testing/harness.fixture.js';
import { waitForProjection } from './wait-for.js';

/** A writable that keeps what is written to it. */
function capture(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe('rebuild, content hash and read-your-writes', () => {
  let h: Harness;
  const projections = createProjections();

  beforeAll(async () => {
    h = await createHarness();
    for (let i = 0; i < 30; i++) {
      await ticketLife(h.desk, {
        id: `r-${i}`,
        customerId: `c-${i % 4}`,
        agentId: `a-${i % 3}`,
        subject: `Rebuild ${i}`,
        openedAt: hoursAfter(T0, i),
        shape: (['resolved', 'waiting', 'open'] as const)[i % 3],
      });
    }
    // The live tables are built in small batches, the rebuild in one big one: they must still agree.
    for (const projection of projections) await catchUp({ store: h.store, db: h.db, projection, batchSize: 3 });
  });

  afterAll(async () => {
    await h.close();
  });

  it('rebuilds every projection into fresh tables equal to the live ones, with a progress bar', async () => {
    const total = (await h.store.readAll(START, { limit: 100_000 })).length;
    for (const projection of projections) {
      const out = capture();
      const result = await rebuildProjection({
        store: h.store,
        connectionString: h.connectionString,
        projection,
        progress: out,
        totalEvents: total,
      });
      expect(result).toMatchObject({ schema: `rebuild_${projection.name}`, events: total });
      expect(result.checkpoint).toEqual(await readCheckpoint(h.db, projection.name));
      expect(out.text()).toMatch(new RegExp(`\\[#{30}\\] 100% ${total}/${total} events \\d+ ev/s\\n$`));
      const comparison = await compareWithRebuild(h.db, projection, result.schema);
      expect(comparison.equal).toBe(true);
      expect(comparison.tables.map((t) => t.table)).toEqual(projection.tables);
    }
  });

  it('sees a difference in content, whatever the row order', async () => {
    const tickets = projections[0]!;
    const result = await rebuildProjection({
      store: h.store,
      connectionString: h.connectionString,
      projection: tickets,
      schema: 'tampered',
    });
    const before = await tableContentHash(h.db, 'tickets', 'tampered');
    expect(before).toEqual(await tableContentHash(h.db, 'tickets'));
    await h.db
      .withSchema(result.schema)
      .updateTable('tickets')
      .set({ subject: 'forged' })
      .where('ticket_id', '=', 'r-7')
      .execute();
    const comparison = await compareWithRebuild(h.db, tickets, result.schema);
    expect(comparison.tables.filter((t) => !t.equal).map((t) => t.table)).toEqual(['tickets']);
  });

  it('replays in place after a reset and ends with the same content', async () => {
    const agents = projections[2]!;
    const before = await projectionContentHash(h.db, agents);
    await resetProjection(h.db, agents);
    expect(await readCheckpoint(h.db, agents.name)).toEqual(START);
    expect((await tableContentHash(h.db, 'agents')).rows).toBe(0);
    await catchUp({ store: h.store, db: h.db, projection: agents });
    expect(await projectionContentHash(h.db, agents)).toEqual(before);
  });

  it('waits for a projection to pass a write, and times out with a typed error otherwise', async () => {
    const written = await ticketLife(h.desk, {
      id: 'r-late',
      customerId: 'c',
      agentId: 'a',
      subject: 'Late',
      openedAt: hoursAfter(T0, 99),
    });
    const waiting = waitForProjection(h.db, 'tickets', written, { timeoutMs: 10_000 });
    await catchUp({ store: h.store, db: h.db, projection: projections[0]! });
    expect(await waiting).toEqual(written);

    const later = { transactionId: written.transactionId + 1_000_000n, globalPosition: 1n };
    const error = await waitForProjection(h.db, 'tickets', later, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ code: 'WAIT_TIMEOUT', projection: 'tickets', target: later, reached: written });
  });
});
