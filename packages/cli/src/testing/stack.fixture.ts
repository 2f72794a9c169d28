/** End-to-end harness (not a test file): the engine over HTTP on a time-skipping Temporal server. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@support-engine/api';
import { type Role, streamId } from '@support-engine/domain';
import { startTemporalTestServer } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { bundleWorkflows, ticketViewQuery } from '@support-engine/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { pino } from 'pino';
import { expect } from 'vitest';
import { loadApiSettings, loadRuntimeConfig } from '../config.js';
import { type RunningEngine, startEngine } from '../engine.js';
import { createGraphQLClient, type GraphQLClient } from '../graphql-client.js';

const SECRET = 'e2e-test-secret-of-at-least-32-characters';
/**
 * The API's environment by default: development, tokens signed with {@link E2eStack.secret},
 * customers' sign-in to the help center on (it answers when a test turns the help center on).
 */
export const DEVELOPMENT_API_SETTINGS: Readonly<Record<string, string>> = {
  SUPPORT_API_ENV: 'development',
  SUPPORT_JWT_SECRET: SECRET,
  SUPPORT_SIGN_IN_SECRET: 'e2e-sign-in-secret-of-at-least-32-characters',
};

/** The whole engine listening on a free port, its worker on the file's own time-skipping server. */
export interface E2eStack {
  readonly engine: RunningEngine;
  /** The API's JWT secret (for code that mints its own tokens, like the demo loader). */
  readonly secret: string;
  readonly env: TestWorkflowEnvironment;
  /** The engine's database (for code that reads it beside the API, like the dev webhook receiver's secrets). */
  readonly databaseUrl: string;
  /** A client of the API over real HTTP. */
  readonly client: GraphQLClient;
  token(role: Role, sub: string): Promise<string>;
  /** Waits (bounded) until ticket `id`'s workflow has applied `version` of its stream. */
  workflowApplied(ticketId: string, version: number): Promise<void>;
  /** Skips `ms` of Temporal time; the API's clock follows, so later commands happen after the timers fired. */
  skip(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `settings`: added to the engine's environment (e.g. webhook delivery). `apiSettings`: the API's
 * environment instead of development with the HS256 {@link E2eStack.secret} (e.g. production with
 * an identity provider's JWKS URL: then `token()` mints tokens that engine refuses).
 */
export async function startE2eStack(
  settings: Readonly<Record<string, string>> = {},
  apiSettings: Readonly<Record<string, string>> = DEVELOPMENT_API_SETTINGS,
): Promise<E2eStack> {
  const databaseUrl = await createTestDatabase('cli_e2e');
  const [env, workflowBundle] = await Promise.all([
    startTemporalTestServer(),
    bundleWorkflows(new DefaultLogger('WARN')),
  ]);
  const runtime = loadRuntimeConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_TASK_QUEUE: `e2e-${randomUUID()}`,
    // The time-skipping test server has no custom search attributes.
    UPSERT_SEARCH_ATTRIBUTES: 'false',
    REACTOR_POLL_INTERVAL_MS: '20',
    LOG_LEVEL: 'warn',
    ...settings,
  });
  // The API's commands happen at the test server's time, which jumps when a test skips time.
  let offsetMs = (await env.currentTimeMs()) - Date.now();
  const attachmentsDir = await mkdtemp(join(tmpdir(), 'e2e-attachments-'));
  const engine = await startEngine({
    config: { ...runtime, http: { host: '127.0.0.1', port: 0 } },
    api: loadApiSettings(apiSettings),
    logger: pino({ level: process.env.E2E_LOG ?? 'warn' }),
    temporal: { connection: env.nativeConnection, client: env.client },
    workflowBundle,
    clock: () => new Date(Date.now() + offsetMs),
    attachmentsDir,
  });
  return {
    engine,
    secret: SECRET,
    databaseUrl,
    env,
    client: createGraphQLClient(engine.api.url),
    token: (role, sub) => mintToken({ role, sub }, SECRET, 3600),
    async workflowApplied(ticketId, version) {
      const handle = env.client.workflow.getHandle(streamId('ticket', ticketId));
      await expect
        .poll(async () => (await handle.query(ticketViewQuery).catch(() => null))?.version ?? 0, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(version);
    },
    async skip(ms) {
      await env.sleep(ms);
      offsetMs = (await env.currentTimeMs()) - Date.now();
    },
    async close() {
      await engine.stop();
      await env.teardown();
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}
