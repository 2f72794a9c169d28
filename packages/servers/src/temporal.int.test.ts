import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { startTemporalDevServer, startTemporalTestServer } from './temporal.js';

const workflowsPath = fileURLToPath(new URL('./fixtures/nap.workflow.ts', import.meta.url));

async function runNap(
  env: { nativeConnection: Worker['connection']; client: import('@temporalio/client').Client },
  namespace = 'default',
) {
  const taskQueue = `bootstrap-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({ connection: env.nativeConnection, namespace, taskQueue, workflowsPath });
  return worker.runUntil(
    env.client.workflow.execute('napThenGreet', { taskQueue, workflowId: `nap-${taskQueue}`, args: ['support'] }),
  );
}

describe('Temporal bootstrap', () => {
  it('runs a workflow on the time-skipping test server, skipping a day of timers', async () => {
    const env = await startTemporalTestServer();
    try {
      const before = Date.now();
      const result = await runNap(env);
      expect(result).toBe('hello support');
      // A one-day timer finished in far less than a day: time really was skipped.
      expect(Date.now() - before).toBeLessThan(60_000);
    } finally {
      await env.teardown();
    }
  });

  it('starts the dev server with its Web UI and registered search attributes', async () => {
    const TicketStatus = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
    const dir = mkdtempSync(join(tmpdir(), 'temporal-dev-'));
    const dbFilename = join(dir, 'temporal.db');
    const server = await startTemporalDevServer({
      ui: true,
      searchAttributes: [TicketStatus],
      dbFilename,
      sqlitePragmas: { journal_mode: 'wal' },
    });
    try {
      expect(server.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(server.uiUrl!);
      expect(page.status).toBe(200);

      const { customAttributes } = await server.env.connection.operatorService.listSearchAttributes({
        namespace: server.namespace,
      });
      expect(Object.keys(customAttributes ?? {})).toContain('TicketStatus');
      // The pragma reached SQLite: a write-ahead log sits beside the database file.
      expect(existsSync(`${dbFilename}-wal`)).toBe(true);
    } finally {
      await server.stop();
    }

    // A later release asks for one more attribute on the same data: the dev server registers its
    // flags only when it creates its database, so the start registers the one it lacks.
    const ChatStatus = defineSearchAttributeKey('ChatStatus', SearchAttributeType.KEYWORD);
    const again = await startTemporalDevServer({ ui: false, searchAttributes: [TicketStatus, ChatStatus], dbFilename });
    try {
      const { customAttributes } = await again.env.connection.operatorService.listSearchAttributes({
        namespace: again.namespace,
      });
      expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(['TicketStatus', 'ChatStatus']));
    } finally {
      await again.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
