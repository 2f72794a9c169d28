/** Integration-test harness (not a test file): the API on a fresh database with an in-process projector. */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandOvers, createWorkHandlers } from '@support-engine/application';
import { createNotifier, type DeliveryDb, deliveryDbOf, migrateDelivery } from '@support-engine/delivery';
import type { Role } from '@support-engine/domain';
import { createDomainEventRegistry } from '@support-engine/domain';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import {
  createProjections,
  createReadModelDb,
  migrateReadModels,
  type ReadModelTables,
  runProjector,
} from '@support-engine/projections';
import { createRouter } from '@support-engine/routing';
import { createTestDatabase } from '@support-engine/servers/testing';
import type { LightMyRequestResponse } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { type Logger, pino } from 'pino';
import { createLocalAttachmentStorage } from '../attachments/local-storage.js';
import type { AttachmentStorage } from '../attachments/storage.js';
import { mintToken } from '../auth/tokens.js';
import { type ApiConfig, defaultApiConfig } from '../config.js';
import { createProjectionWaiter } from '../consistency.js';
import type { DeliveryAccess } from '../deps.js';
import type { HelpCenterHandler } from '../help-center-mount/routes.js';
import { type ApiMetrics, createApiMetrics } from '../metrics.js';
import { type ApiServer, createApiServer, GRAPHQL_PATH } from '../server.js';
import type { WidgetOriginsOf } from '../widget-files/routes.js';

export const SECRET = 'integration-test-secret-of-at-least-32-chars';
export const T0 = new Date('2025-03-03T09:00:00.000Z');
/** The deployment key webhook secrets derive from in tests. */
export const WEBHOOK_KEY = Buffer.alloc(32, 9);
export const VAPID_PUBLIC_KEY = 'BTestVapidPublicKey';

/** A GraphQL response as the tests read it. */
export interface GqlResponse {
  readonly status: number;
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly {
    message: string;
    extensions?: { code?: string; policy?: string; [detail: string]: unknown };
  }[];
}

/** The API over a real store and read models, with the projector running in-process. */
export interface ApiHarness {
  readonly connectionString: string;
  readonly store: PostgresEventStore;
  readonly db: Kysely<ReadModelTables>;
  /** The delivery tables (outbox, delivery log, staff inbox, the notifier's directory). */
  readonly delivery: DeliveryDb;
  readonly app: ApiServer;
  /** The API's metrics (served by the process that runs it, never on the API's port). */
  readonly metrics: ApiMetrics;
  /** The time commands (and the store's `recordedAt`) happen at; tests move it. */
  readonly clock: { now: Date };
  /** Errors that stopped an in-process projector or the router. */
  readonly projectorFailures: readonly unknown[];
  token(role: Role, sub: string): Promise<string>;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse>;
  /** A `GET` of `url` on the API, with the token as a bearer when given. */
  get(url: string, token?: string): Promise<LightMyRequestResponse>;
  /** How many events the store holds (the fuzz test's "nothing was written"). */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/** Options of {@link createApiHarness}. */
export interface HarnessOptions {
  /** API configuration overrides. */
  readonly config?: Partial<ApiConfig>;
  /**
   * The router's mode: `manual` by default, so a test decides who takes what; `auto` to see
   * work routed. Either way the router gives slots back when work ends or moves.
   */
  readonly routing?: 'auto' | 'manual';
  /**
   * Delivery settings the API is given: by default webhooks are configured (with
   * {@link WEBHOOK_KEY}, public addresses only) and push is on (with {@link VAPID_PUBLIC_KEY}); no
   * address confirmation links.
   */
  readonly delivery?: Partial<
    Pick<DeliveryAccess, 'webhookSecretKey' | 'allowPrivateWebhooks' | 'vapidPublicKey' | 'emailConfirmation'>
  >;
  /**
   * Runs the notifier in-process (it folds the directory webhookEndpoints reads); off by default.
   * `{ email: true }`: it plans mail too (a dispatcher of the test's own sends it).
   */
  readonly notifier?: boolean | { readonly email: boolean };
  /** Where attachments go: a fresh local folder by default, `null` for a deployment without any. */
  readonly attachmentStorage?: AttachmentStorage | null;
  /** What the API logs to: silent by default (API_TEST_LOG=error shows it). */
  readonly logger?: Logger;
  /** The desk's built files, served under /desk; none by default. */
  readonly deskDir?: string;
  /** The widget's built files, served under /widget; none by default. */
  readonly widgetDir?: string;
  /** The origins allowed to frame each widget key's frame page. */
  readonly widgetOrigins?: WidgetOriginsOf;
  /** The help center's request handler, mounted under /help with a public help center; none by default. */
  readonly helpCenterHandler?: HelpCenterHandler;
}

export async function createApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const overrides = options.config ?? {};
  const connectionString = await createTestDatabase('api');
  const clock = { now: T0 };
  const store = createPostgresEventStore({ connectionString, clock: () => clock.now, pollIntervalMs: 50 });
  await migrateEventStore(store.db);
  const db = createReadModelDb(connectionString);
  await migrateReadModels(db);
  const delivery = deliveryDbOf(store.db);
  await migrateDelivery(delivery);
  const stop = new AbortController();
  const projectorFailures: unknown[] = [];
  // A projector that stops (say on an event type the projections do not know yet) is recorded,
  // not thrown: the tests that need the read models then fail on their own assertions.
  const projectors = createProjections().map((projection) =>
    runProjector({ store, db, connectionString, projection, pollIntervalMs: 50 }, stop.signal).catch(
      (error: unknown) => {
        projectorFailures.push(error);
      },
    ),
  );
  // API_TEST_LOG=error shows what the API logs (masked errors) while debugging a test.
  const logger = options.logger ?? pino({ level: process.env.API_TEST_LOG ?? 'silent' });
  const registry = createDomainEventRegistry();
  const handlers = createWorkHandlers(store, registry);
  const routing = createRouter({
    store,
    connectionString,
    registry,
    handlers,
    handOvers: createHandOvers({ store, registry, handlers, clock: () => clock.now }),
    config: {
      mode: options.routing ?? 'manual',
      name: 'router',
      batchSize: 500,
      pollIntervalMs: 50,
      concurrency: 8,
      maxDecisions: 500,
      settleAfterMs: 10_000,
    },
    logger,
    clock: () => clock.now,
  })
    .run(stop.signal)
    .catch((error: unknown) => {
      projectorFailures.push(error);
    });
  if (options.notifier) {
    const notifier = createNotifier({
      store,
      db: delivery,
      connectionString,
      registry,
      logger,
      name: 'notifier',
      batchSize: 500,
      pollIntervalMs: 50,
      plan: { email: typeof options.notifier === 'object' && options.notifier.email, push: false },
    });
    projectors.push(
      notifier.run(stop.signal).catch((error: unknown) => {
        projectorFailures.push(error);
      }),
    );
  }
  const config = defaultApiConfig({
    environment: 'development',
    auth: { mode: 'hs256', secret: SECRET },
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
    // Tests start many chats for one customer; the open-chat limit's own tests set it.
    chatsPerCustomer: 0,
    ...overrides,
  });
  const waiter = createProjectionWaiter(db);
  const access: DeliveryAccess = {
    db: delivery,
    notifier: 'notifier',
    webhookSecretKey: WEBHOOK_KEY,
    allowPrivateWebhooks: false,
    allowPrivatePush: false,
    vapidPublicKey: VAPID_PUBLIC_KEY,
    emailConfirmation: null,
    ...options.delivery,
  };
  const attachmentsDir = await mkdtemp(join(tmpdir(), 'api-attachments-'));
  const attachmentStorage =
    options.attachmentStorage === undefined
      ? await createLocalAttachmentStorage(attachmentsDir)
      : (options.attachmentStorage ?? undefined);
  const metrics = createApiMetrics();
  const app = await createApiServer(
    {
      store,
      db,
      connectionString,
      waiter,
      logger,
      clock: () => clock.now,
      delivery: access,
      attachmentStorage,
      metrics,
      ...(options.deskDir === undefined ? {} : { deskDir: options.deskDir }),
      ...(options.widgetDir === undefined ? {} : { widgetDir: options.widgetDir }),
      ...(options.widgetOrigins === undefined ? {} : { widgetOrigins: options.widgetOrigins }),
      ...(options.helpCenterHandler === undefined ? {} : { helpCenterHandler: options.helpCenterHandler }),
    },
    config,
  );
  return {
    connectionString,
    store,
    db,
    delivery,
    app,
    metrics,
    clock,
    projectorFailures,
    token: (role, sub) => mintToken({ sub, role }, SECRET, 600),
    async gql(query, variables, token) {
      const response = await app.inject({
        method: 'POST',
        url: GRAPHQL_PATH,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        payload: JSON.stringify({ query, variables }),
      });
      return { status: response.statusCode, ...(JSON.parse(response.body) as Omit<GqlResponse, 'status'>) };
    },
    get: (url, token) =>
      app.inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }),
    async eventCount() {
      const { rows } = await sql<{ count: string }>`select count(*) as count from events`.execute(store.db);
      return Number(rows[0]!.count);
    },
    async close() {
      await app.close();
      stop.abort();
      await Promise.all([...projectors, routing]);
      await db.destroy();
      await store.close();
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}

/** The error codes of a response, in order. */
export const codes = (response: GqlResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

/** The value of root field `name` in a successful response; throws (failing the test) otherwise. */
export function field<T>(response: GqlResponse, name: string): T {
  const value = response.data?.[name];
  if (value === undefined || value === null) throw new Error(`no ${name} in ${JSON.stringify(response)}`);
  return value as T;
}

/** T0 plus `minutes`. */
export const minutesAfterT0 = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/**
 * Setup writes on the harness clock: each mutation runs at T0 + `minutes` and keeps its
 * consistency token, so the reads that follow can wait for the setup's last write (`token`).
 */
export function createTimedWriter(harness: () => ApiHarness) {
  let last = '';
  return {
    /** The consistency token of the last write. */
    get token(): string {
      return last;
    },
    async write(minutes: number, token: string, query: string, variables: Record<string, unknown> = {}) {
      const h = harness();
      h.clock.now = minutesAfterT0(minutes);
      const response = await h.gql(query, variables, token);
      const name = Object.keys(response.data ?? {})[0] ?? 'nothing';
      last = field<{ consistencyToken: string }>(response, name).consistencyToken;
    },
  };
}
