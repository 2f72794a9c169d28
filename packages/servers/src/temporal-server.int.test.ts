import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { MissingToolError } from './errors.js';
import {
  type RunningTemporalServer,
  startTemporalServer,
  TEMPORAL_SERVER_HOME,
  temporalServerTools,
} from './temporal-server.js';

// The full Temporal server is an opt-in build (`npm run setup -- --temporal-server`). Built, it
// runs here on the tests' PostgreSQL; not built, starting it must say how to build it.

const built = temporalServerTools() !== null;
const workflowsPath = fileURLToPath(new URL('./fixtures/nap.workflow.ts', import.meta.url));
const TicketStatus = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);

describe('the full Temporal server', () => {
  it(`is ${built ? 'built: it runs a workflow on PostgreSQL' : 'not built: starting it says how to build it'}`, async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'temporal-server-'));
    const options = {
      postgresUrl: inject('postgresUrl'),
      workDir,
      databasePrefix: `temporal_${randomUUID().replaceAll('-', '').slice(0, 8)}`,
      searchAttributes: [TicketStatus],
      uiPort: 0,
    };
    try {
      if (!built) {
        console.warn(`full Temporal server not built (${TEMPORAL_SERVER_HOME}): its test checks the refusal only`);
        const refusal = await startTemporalServer(options).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(MissingToolError);
        expect((refusal as Error).message).toContain('npm run setup -- --temporal-server');
        return;
      }
      const server = await startTemporalServer(options);
      try {
        const { serverVersion } = await server.env.connection.workflowService.getSystemInfo({});
        expect(serverVersion).toBe('1.30.4');
        // Its Web UI (built by the same setup step) serves the namespace's page.
        expect(server.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect((await fetch(`${server.uiUrl}/namespaces/${server.namespace}/workflows`)).status).toBe(200);
        const { customAttributes } = await server.env.connection.operatorService.listSearchAttributes({
          namespace: server.namespace,
        });
        expect(Object.keys(customAttributes ?? {})).toContain('TicketStatus');
        const taskQueue = `full-${randomUUID()}`;
        const worker = await napWorker(server, taskQueue);
        // The nap's timer is real here (a second): persisted in PostgreSQL and fired by the history service.
        const result = await worker.runUntil(
          server.env.client.workflow.execute('napThenGreet', {
            taskQueue,
            workflowId: `nap-${taskQueue}`,
            args: ['support', 1_000],
            typedSearchAttributes: [{ key: TicketStatus, value: 'new' }],
          }),
        );
        expect(result).toBe('hello support');
        // Visibility on PostgreSQL answers queries on the custom search attribute.
        let found: string[] = [];
        for (let tries = 0; tries < 50 && found.length === 0; tries++) {
          found = [];
          for await (const execution of server.env.client.workflow.list({
            query: `TicketStatus = 'new' AND WorkflowId = 'nap-${taskQueue}'`,
          }))
            found.push(execution.workflowId);
          if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(found).toEqual([`nap-${taskQueue}`]);
        // The UI's own API (what its pages call) reaches the frontend and lists the workflow.
        const listed = await fetch(`${server.uiUrl}/api/v1/namespaces/${server.namespace}/workflows`);
        expect(listed.status).toBe(200);
        expect(await listed.text()).toContain(`nap-${taskQueue}`);
      } finally {
        await server.stop();
      }
      // A second start on the same databases finds their schema in place.
      const again = await startTemporalServer(options);
      await again.stop();
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 180_000);

  // Found by `support-engine chaos`: killed and started again on new ports, the server fired no
  // timer for about a minute (its services waited for their dead selves to leave the membership
  // ring). Started again from its work folder, it comes back on the same ports and carries on.
  it.runIf(built)(
    'killed, comes back on the same ports and fires a timer set before the kill',
    async () => {
      const workDir = mkdtempSync(join(tmpdir(), 'temporal-server-'));
      const options = {
        postgresUrl: inject('postgresUrl'),
        workDir,
        databasePrefix: `temporal_${randomUUID().replaceAll('-', '').slice(0, 8)}`,
      };
      try {
        const first = await startTemporalServer(options);
        const ports = readFileSync(join(workDir, 'ports.json'), 'utf8');
        const taskQueue = `restart-${randomUUID()}`;
        const workflowId = `nap-${taskQueue}`;
        await first.env.client.workflow.start('napThenGreet', { taskQueue, workflowId, args: ['again', 2_000] });
        const pid = first.process?.pid;
        expect(pid).toBeDefined();
        process.kill(-pid!, 'SIGKILL');
        await first.env.teardown().catch(() => {});
        await until(() => !isAlive(pid!));

        const second = await startTemporalServer(options);
        try {
          expect(second.address).toBe(first.address);
          expect(readFileSync(join(workDir, 'ports.json'), 'utf8')).toBe(ports);
          const worker = await napWorker(second, taskQueue);
          // Bounded well below the minute the dead members took to be given up: the timer fires on its own time.
          const result = await worker.runUntil(
            Promise.race([
              second.env.client.workflow.getHandle(workflowId).result(),
              new Promise((_, reject) =>
                setTimeout(() => reject(new Error('the timer did not fire within 30 s')), 30_000),
              ),
            ]),
          );
          expect(result).toBe('hello again');
        } finally {
          await second.stop();
        }
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

/** A worker of the nap workflow on `server`'s namespace and `taskQueue`. */
function napWorker(server: RunningTemporalServer, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: server.env.nativeConnection,
    namespace: server.namespace,
    taskQueue,
    workflowsPath,
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}
