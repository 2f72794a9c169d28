import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@support-engine/api';
import { createPostgresEventStore, type PostgresEventStore } from '@support-engine/eventstore-postgres';
import {
  catchUp,
  createProjections,
  createReadModelDb,
  migrateReadModels,
  type ReadModelTables,
} from '@support-engine/projections';
import {
  freePort,
  type RunningDevServer,
  startTemporalDevServer,
  startTemporalServer,
  temporalServerTools,
} from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EngineProcess,
  killEngineProcesses,
  startEngineProcess,
  whenServing,
} from './testing/processes.fixture.js';

// The production layout on one machine: 2 API processes, 2 workers (one with the reactor), 2
// projectors (one active, one standby), one PostgreSQL and one Temporal server, under a bounded
// write load. During the load the active projector and a worker are SIGKILLed and the API
// processes are restarted one after the other. Then: no request failed, every reminder and
// auto-close happened exactly once, and the read models equal a rebuild from the log.
// On the full Temporal server (PostgreSQL persistence) when `npm run setup -- --temporal-server`
// built it, else on the dev server: the test says which.

const FULL = temporalServerTools() !== null;
console.warn(
  FULL
    ? 'topology: on the full Temporal server (PostgreSQL persistence)'
    : 'topology: on the Temporal dev server (the full server is not built here)',
);

const SECRET = 'topology-test-secret-of-at-least-32-chars';
const MIN_TICKETS = 24;
/** A "day" of the waiting_customer clocks: reminders on days 3 and 5, closed on day 7. */
const DAY_MS = 1_000;

let databaseUrl: string;
let temporal: RunningDevServer;
let temporalDir: string | undefined;
let store: PostgresEventStore;
let common: Record<string, string>;

beforeAll(async () => {
  databaseUrl = await createTestDatabase('cli_topology');
  if (FULL) {
    temporalDir = await mkdtemp(join(tmpdir(), 'topology-temporal-'));
    const admin = new URL(databaseUrl);
    admin.pathname = '/postgres';
    temporal = await startTemporalServer({
      postgresUrl: admin.toString(),
      workDir: temporalDir,
      databasePrefix: `topology_${randomUUID().slice(0, 8)}`,
    });
  } else {
    temporal = await startTemporalDevServer({ ui: false });
  }
  common = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `topology-${randomUUID()}`,
    UPSERT_SEARCH_ATTRIBUTES: 'false',
    DELIVERY_ENABLED: 'false',
    ROUTER_ENABLED: 'false',
    HOST: '127.0.0.1',
    TICKET_TIMINGS_ANY_DURATION: 'true',
    TICKET_FIRST_REMINDER_MS: String(3 * DAY_MS),
    TICKET_SECOND_REMINDER_MS: String(5 * DAY_MS),
    TICKET_WAITING_AUTO_CLOSE_MS: String(7 * DAY_MS),
    REACTOR_POLL_INTERVAL_MS: '50',
    SUPPORT_API_ENV: 'development',
    SUPPORT_JWT_SECRET: SECRET,
  };
  const migrate = startEngineProcess('migrate', common);
  expect(await migrate.exited(), migrate.stderr()).toBe(0);
  store = createPostgresEventStore({ connectionString: databaseUrl, listen: false });
}, 180_000);

afterAll(async () => {
  await killEngineProcesses();
  await store?.close();
  await temporal?.stop();
  if (temporalDir) await rm(temporalDir, { recursive: true, force: true });
});

/** A GraphQL request on a connection of its own: a process that stopped listening refuses it before it is sent. */
function post(port: number, body: string, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Two API processes behind what a load balancer does: a refused connection goes to the other one. */
class Balancer {
  readonly failures: string[] = [];
  requests = 0;
  /** Requests refused by a process not listening or shutting down (503), sent to the other one. */
  redirected = 0;
  /** Requests cut off by a process shutting down, sent again with their commandId. */
  resent = 0;
  #next = 0;
  constructor(readonly ports: readonly number[]) {}

  async command(name: string, input: Record<string, unknown>, token: string): Promise<string> {
    const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const body = JSON.stringify({
      query: `mutation($input: ${inputType}!, $commandId: ID) { result: ${name}(input: $input, commandId: $commandId) { id } }`,
      variables: { input, commandId: randomUUID() },
    });
    this.requests++;
    const first = this.#next++ % this.ports.length;
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = this.ports[(first + attempt) % this.ports.length]!;
      try {
        const { status, text } = await post(port, body, token);
        // A process shutting down answers what reaches it meanwhile with 503 before running
        // anything (fastify's closing answer): a load balancer sends that request to another.
        if (status === 503) {
          this.redirected++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        const parsed = JSON.parse(text) as { data?: { result?: { id: string } }; errors?: unknown[] };
        if (status !== 200 || !parsed.data?.result) {
          this.failures.push(`${name} on :${port}: ${status} ${text}`);
          throw new Error(`${name} failed`);
        }
        return parsed.data.result.id;
      } catch (error) {
        // Failed while connecting, before anything was sent: the process is not listening
        // (restarting), or closed its listener with this connection still in the kernel's accept
        // queue, which resets it (`connect ECONNRESET`). A load balancer sends such a request to
        // another process.
        if ((error as NodeJS.ErrnoException).syscall === 'connect') {
          this.redirected++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        // Reset once connected by a process shutting down: whether the command ran is unknown,
        // so the client sends it again with the same commandId, which makes it run at most once
        // (what the exactly-once checks below then prove). Any other 5xx is a failure.
        if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') {
          this.resent++;
          continue;
        }
        if (!(error instanceof Error && error.message.endsWith('failed')))
          this.failures.push(`${name} on :${port}: ${(error as Error).message}`);
        throw error;
      }
    }
    this.failures.push(`${name}: no API process listened for a second`);
    throw new Error(`${name}: no API process listening`);
  }
}

async function checkpointOf(db: Kysely<ReadModelTables>, name: string): Promise<bigint | null> {
  const row = await db
    .selectFrom('projection_checkpoints')
    .select('global_position')
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? BigInt(row.global_position) : null;
}

async function startApi(port: number): Promise<EngineProcess> {
  const api = startEngineProcess('api', { ...common, PORT: String(port) }, `api:${port}`);
  await whenServing(`http://127.0.0.1:${port}/readyz`, api);
  return api;
}

async function startWithOps(command: string, env: Record<string, string>, name: string): Promise<EngineProcess> {
  const port = await freePort();
  const process_ = startEngineProcess(command, { ...common, ...env, METRICS_PORT: String(port) }, name);
  await whenServing(`http://127.0.0.1:${port}/healthz`, process_);
  return process_;
}

/** The rows of `table` (ordered, the search vector left out) as JSON text, for comparison. */
async function dump(db: Kysely<ReadModelTables>, table: string, order: string): Promise<string[]> {
  const { rows } = await sql<{
    row: unknown;
  }>`select to_jsonb(t) - 'search' as row from ${sql.table(table)} t order by ${sql.raw(order)}`.execute(db);
  return rows.map((r) => JSON.stringify(r.row));
}

describe('the production topology under failures', () => {
  it('survives a killed projector, a killed worker and a rolling API restart: nothing lost, nothing twice', async () => {
    const db = createReadModelDb(databaseUrl);
    try {
      const projectorA = await startWithOps('projector', {}, 'projector-a');
      // Only once the first holds every projection's lock does the second start: it is the standby.
      await expect
        .poll(async () => (await db.selectFrom('projection_checkpoints').select('name').execute()).length, {
          timeout: 30_000,
        })
        .toBe(createProjections().length);
      await startWithOps('projector', {}, 'projector-b');
      await startWithOps('worker', { REACTOR_ENABLED: 'true' }, 'worker-reactor');
      const workerB = await startWithOps('worker', { REACTOR_ENABLED: 'false' }, 'worker-b');
      const apiPorts = [await freePort(), await freePort()];
      const apis = [await startApi(apiPorts[0]!), await startApi(apiPorts[1]!)];
      const balancer = new Balancer(apiPorts);
      const agent = await mintToken({ sub: 'agent-1', role: 'agent' }, SECRET);

      // The load: each ticket opened by its customer, taken up and answered with a question.
      const lifecycle = async (i: number) => {
        const customer = `topology-customer-${i}`;
        const token = await mintToken({ sub: customer, role: 'customer' }, SECRET);
        const id = await balancer.command(
          'openTicket',
          { customerId: customer, subject: `Question ${i}`, description: 'Details', channel: 'web' },
          token,
        );
        await balancer.command('changeTicketStatus', { ticketId: id, to: 'in_progress' }, agent);
        await balancer.command(
          'replyToTicket',
          { ticketId: id, body: 'Which account is it?', nextStatus: 'waiting_customer' },
          agent,
        );
        return id;
      };
      // Until the failures below are over, a ticket starts every 300 ms (at least MIN_TICKETS of them).
      const lifecycles: Promise<string>[] = [];
      let failuresOver = false;
      const load = (async () => {
        while (!failuresOver || lifecycles.length < MIN_TICKETS) {
          // A failed request is in balancer.failures, which the test shows whole below.
          lifecycles.push(lifecycle(lifecycles.length).catch(() => ''));
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      })();

      // The active projector dies; the standby takes the locks over and carries on.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const before = await checkpointOf(db, 'tickets');
      const killedAt = Date.now();
      await projectorA.kill();
      await expect.poll(() => checkpointOf(db, 'tickets'), { timeout: 10_000, interval: 100 }).not.toBe(before);
      const takeoverMs = Date.now() - killedAt;
      expect(takeoverMs).toBeLessThan(10_000);

      // A worker dies with workflow tasks and activities of its own; the other one carries on.
      await workerB.kill();

      // A rolling restart of the API processes, one at a time, under the load.
      for (const [index, port] of apiPorts.entries()) {
        expect(await apis[index]!.stop(), apis[index]!.stderr()).toBe(0);
        apis[index] = await startApi(port);
      }
      failuresOver = true;
      await load;
      const ids = await Promise.all(lifecycles);
      expect(balancer.failures).toEqual([]);
      expect(balancer.requests).toBe(3 * ids.length);
      // The restarts happened under the load: requests found a process not listening and went to the other.
      expect(balancer.redirected).toBeGreaterThan(0);

      // Every waiting ticket got its two reminders and was closed on day 7, each exactly once.
      const automated = async () => {
        const { rows } = await sql<{ stream_id: string; type: string; n: string }>`
          select stream_id, type, coalesce(data->>'n', data->>'closeReason') as n from events
          where type in ('TicketReminderSent', 'TicketAutoClosed')`.execute(store.db);
        return rows;
      };
      // A killed worker's activities are retried after their 30 s timeout: allow for that.
      await expect
        .poll(async () => (await automated()).filter((row) => row.type === 'TicketAutoClosed').length, {
          timeout: 90_000,
          interval: 500,
        })
        .toBe(ids.length);
      const perTicket = new Map<string, string[]>();
      for (const row of await automated())
        perTicket.set(row.stream_id, [...(perTicket.get(row.stream_id) ?? []), `${row.type}:${row.n}`].sort());
      for (const id of ids)
        expect(perTicket.get(`ticket-${id}`), id).toEqual([
          'TicketAutoClosed:no_customer_response',
          'TicketReminderSent:1',
          'TicketReminderSent:2',
        ]);

      // The read models the standby finished equal a rebuild of the whole log elsewhere.
      const { rows: last } = await sql<{ global_position: string }>`
        select global_position from events order by transaction_id desc, global_position desc limit 1`.execute(
        store.db,
      );
      const head = BigInt(last[0]!.global_position);
      for (const projection of createProjections())
        await expect.poll(() => checkpointOf(db, projection.name), { timeout: 30_000, interval: 100 }).toBe(head);
      const rebuiltUrl = await createTestDatabase('cli_topology_rebuild');
      const rebuilt = createReadModelDb(rebuiltUrl);
      try {
        await migrateReadModels(rebuilt);
        for (const projection of createProjections()) await catchUp({ store, db: rebuilt, projection });
        for (const [table, order] of [
          ['tickets', 'ticket_id'],
          ['ticket_messages', 'message_id'],
          ['ticket_status_counts', 'status'],
          ['customer_notifications', 'notification_id'],
        ] as const)
          expect(await dump(db, table, order), table).toEqual(await dump(rebuilt, table, order));
      } finally {
        await rebuilt.destroy();
      }
      console.warn(
        `topology: ${ids.length} tickets, ${balancer.requests} requests (${balancer.redirected} refused by a restarting API and sent to the other), ${balancer.resent} cut off and sent again, none failed; the standby projector took over in ${takeoverMs} ms`,
      );
    } finally {
      await db.destroy();
    }
  }, 300_000);
});
