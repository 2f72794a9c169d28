import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { START } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from './checkpoints.js';
import { createProjections } from './read-models/index.js';
import { compareWithRebuild, rebuildProjection } from './rebuild.js';
import {
  agent,
  createHarness,
  customer,
  type Harness,
  hoursAfter,
  SUPERVISOR,
  T0,
  ticketLife,
} from './testing/harness.fixture.js';
import { waitForProjection } from './wait-for.js';

const CHILD = fileURLToPath(new URL('./testing/projector-child.fixture.ts', import.meta.url));
const KILLS = 12;

/** Starts the child projector; resolves `exited` when it is gone, whatever the cause. */
function startChild(connectionString: string, onBatch: () => void): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(
    process.execPath,
    ['--conditions=@support-engine/source', '--import', 'tsx', CHILD, connectionString],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.startsWith('batch ')) onBatch();
  });
  return { child, exited: new Promise((resolve) => child.once('exit', () => resolve())) };
}

describe('projector crash recovery', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
    for (let i = 0; i < 4; i++) {
      await h.desk.agent(
        { type: 'RegisterAgent', data: { agentId: `agent-${i}`, name: `Agent ${i}` } },
        SUPERVISOR,
        T0,
      );
      await h.desk.agent(
        { type: 'SetAvailability', data: { agentId: `agent-${i}`, availability: 'available' } },
        agent(`agent-${i}`),
        T0,
      );
    }
    const shapes = ['resolved', 'waiting', 'open'] as const;
    for (let i = 0; i < 90; i++) {
      await ticketLife(h.desk, {
        id: `crash-${i}`,
        customerId: `customer-${i % 7}`,
        agentId: `agent-${i % 4}`,
        subject: `Problem number ${i}`,
        openedAt: hoursAfter(T0, i),
        shape: shapes[i % 3],
        note: i % 5 === 0 ? 'internal remark' : undefined,
        resolveAfterHours: 1 + (i % 30),
      });
      if (i % 9 === 0) {
        const chatId = `chat-${i}`;
        await h.desk.chat(
          { type: 'StartChat', data: { chatId, customerId: `customer-${i % 7}` } },
          customer(`customer-${i % 7}`),
          hoursAfter(T0, i),
        );
        await h.desk.handOver(
          `agent-${i % 4}`,
          { kind: 'chat', id: chatId },
          'accepted',
          { type: 'AcceptChat', data: { chatId } },
          agent(`agent-${i % 4}`),
          hoursAfter(T0, i + 0.1),
        );
      }
    }
  }, 180_000);

  afterAll(async () => {
    await h.close();
  });

  it('survives SIGKILL at random points and ends equal to a clean rebuild', async () => {
    const projections = createProjections();
    const head = (await h.store.readAll(START, { limit: 1_000_000 })).at(-1)!.checkpoint;
    const progress: bigint[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      // Kill after a random number of committed batches plus a random delay: mid-batch or between batches.
      const after = 1 + Math.floor(Math.random() * 4);
      let seen = 0;
      const { child, exited } = startChild(h.connectionString, () => {
        if (++seen === after) setTimeout(() => child.kill('SIGKILL'), Math.random() * 15);
      });
      await exited;
      progress.push((await readCheckpoint(h.db, 'tickets')).globalPosition);
    }
    // The restarts resumed rather than starting over: progress never went back.
    expect(progress).toEqual([...progress].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const { child, exited } = startChild(h.connectionString, () => {});
    for (const projection of projections) await waitForProjection(h.db, projection.name, head, { timeoutMs: 60_000 });
    child.kill('SIGTERM');
    await exited;

    for (const projection of projections) {
      const rebuilt = await rebuildProjection({ store: h.store, connectionString: h.connectionString, projection });
      expect(rebuilt.checkpoint).toEqual(await readCheckpoint(h.db, projection.name));
      const comparison = await compareWithRebuild(h.db, projection, rebuilt.schema);
      expect(comparison.tables.filter((t) => !t.equal)).toEqual([]);
      expect(comparison.tables.every((t) => t.rebuilt.rows === t.live.rows)).toBe(true);
    }
    const tickets = await h.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(tickets.n)).toBe(90);
  });
});
