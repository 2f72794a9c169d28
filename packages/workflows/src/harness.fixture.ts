import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createWorkHandlers } from '@support-engine/application';
import { type Actor, createDomainEventRegistry, streamId } from '@support-engine/domain';
import type { ChatCommand } from '@support-engine/domain/chat';
import type { SlaPolicy } from '@support-engine/domain/sla';
import type { SlaConfiguration } from '@support-engine/domain/sla-config';
import { TicketCommand, type TicketCommandInput } from '@support-engine/domain/ticket';
import type { RecordedEvent } from '@support-engine/eventstore';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { startTemporalTestServer } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { pino } from 'pino';
import { expect } from 'vitest';
import { bundleWorkflows } from './bundle.js';
import { loadConfig, type WorkerConfig } from './config.js';
import { chatViewQuery, ticketViewQuery } from './contract.js';
import { type RunningWorker, runWorker, type WorkerOverrides } from './worker.js';

// Shared set-up of the integration tests: a fresh database, a time-skipping Temporal server of
// the test file's own, the workflow bundle built once, and helpers that act like the API would.

export const CUSTOMER: Actor = { id: 'customer-1', role: 'customer' };
export const AGENT: Actor = { id: 'agent-1', role: 'agent' };

/** Everything an integration test file needs. */
export interface Harness {
  readonly env: TestWorkflowEnvironment;
  readonly store: PostgresEventStore;
  readonly config: WorkerConfig;
  /** The workflow bundle the harness's workers run (also what replays must use). */
  readonly bundle: WorkflowBundle;
  /**
   * Starts a worker with its reactor on the test server; `workerConfig` replaces the harness's
   * configuration for that worker (a deployment whose settings changed).
   */
  startWorker(overrides?: Partial<WorkerOverrides>, workerConfig?: WorkerConfig): Promise<RunningWorker>;
  /** The test server's current time (it jumps when time is skipped). */
  now(): Promise<number>;
  /** Issues a ticket command as `actor` at the test server's current time. */
  ticket(id: string, command: TicketCommandInput, actor: Actor): Promise<void>;
  /** Issues a chat command as `actor` at the test server's current time. */
  chat(id: string, command: ChatCommand, actor: Actor, slaConfiguration?: SlaConfiguration): Promise<void>;
  /** The stream's events of these types, in order. */
  events(stream: string, ...types: string[]): Promise<RecordedEvent[]>;
  /** Waits (bounded) until the ticket workflow has applied `version` of its stream. */
  ticketApplied(id: string, version: number): Promise<void>;
  /** Waits (bounded) until the chat workflow has applied `version` of its stream. */
  chatApplied(id: string, version: number): Promise<void>;
  /**
   * Waits (bounded) until workflow `workflowId` completed. Never await `result()` on the
   * time-skipping server: it unlocks time skipping and the clock races to the 10-year run timeout.
   */
  completed(workflowId: string): Promise<void>;
  /**
   * Replays the workflow's history (fails on nondeterminism) and, when RECORD_HISTORY_FIXTURES
   * is set, saves it as a replay fixture named after the workflow id, for replay.int.test.ts.
   */
  recordHistory(workflowId: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the harness; `env` holds worker settings as environment variables (see `loadConfig`). */
export async function startHarness(env: Record<string, string> = {}, bundle?: WorkflowBundle): Promise<Harness> {
  const databaseUrl = await createTestDatabase('workflows');
  const store = createPostgresEventStore({ connectionString: databaseUrl });
  await migrateEventStore(store.db);
  const [temporal, workflowBundle] = await Promise.all([
    startTemporalTestServer(),
    bundle ?? bundleWorkflows(new DefaultLogger('WARN')),
  ]);
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_TASK_QUEUE: `workflows-${randomUUID()}`,
    // The time-skipping test server has no custom search attributes (see dev-server.int.test.ts).
    UPSERT_SEARCH_ATTRIBUTES: 'false',
    REACTOR_POLL_INTERVAL_MS: '20',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const registry = createDomainEventRegistry();
  const { ticket: tickets, chat: chats } = createWorkHandlers(store, registry, {
    ticketTimings: config.ticket.timings,
    chatTimings: config.chat.timings,
  });
  const workers: RunningWorker[] = [];
  const now = () => temporal.currentTimeMs();

  /** Polls `check` until it holds; a bounded wait (in real time) so a broken workflow fails the test. */
  async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
    // Generous: CI shares two cores between test files, and a slow machine is not a broken workflow.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`Timed out waiting until ${what}`);
  }

  /**
   * Asks the server with a deadline: a single query may hang (e.g. on a run that is continuing as
   * new). A call given up by a timer instead would go on after the test, and once the server is
   * stopped the client's retry of it throws from a timer into whichever test file runs next.
   */
  function bounded<T>(call: () => Promise<T>): Promise<T> {
    return temporal.client.withDeadline(Date.now() + 2_000, call);
  }

  return {
    env: temporal,
    store,
    config,
    bundle: workflowBundle,
    async startWorker(overrides = {}, workerConfig = config) {
      const worker = await runWorker(workerConfig, {
        connection: temporal.nativeConnection,
        client: temporal.client,
        workflowBundle,
        logger: pino({ level: 'warn' }),
        ...overrides,
      });
      workers.push(worker);
      return worker;
    },
    now,
    async ticket(id, command, actor) {
      const context = { now: new Date(await now()), actor };
      await tickets.handle({
        streamId: streamId('ticket', id),
        command: TicketCommand.parse(command),
        context,
        commandId: randomUUID(),
      });
    },
    async chat(id, command, actor, slaConfiguration) {
      const context = { now: new Date(await now()), actor, ...(slaConfiguration ? { slaConfiguration } : {}) };
      await chats.handle({ streamId: streamId('chat', id), command, context, commandId: randomUUID() });
    },
    async events(stream, ...types) {
      const events = await store.readStream(stream);
      return events.filter((event) => types.includes(event.type));
    },
    ticketApplied(id, version) {
      const handle = temporal.client.workflow.getHandle(streamId('ticket', id));
      return waitUntil(`ticket ${id} applied version ${version}`, async () => {
        return (await bounded(() => handle.query(ticketViewQuery))).version >= version;
      });
    },
    chatApplied(id, version) {
      const handle = temporal.client.workflow.getHandle(streamId('chat', id));
      return waitUntil(`chat ${id} applied version ${version}`, async () => {
        return (await bounded(() => handle.query(chatViewQuery))).version >= version;
      });
    },
    async completed(workflowId) {
      const handle = temporal.client.workflow.getHandle(workflowId);
      await waitUntil(`${workflowId} completed`, async () => {
        if ((await bounded(() => handle.describe())).status.name === 'COMPLETED') return true;
        // The closing command may have landed after the test's last time skip; the linger timer
        // then only fires when time moves again, so move it. One time skip at a time: the test
        // server counts its time-skipping locks, and a second sleep begun while one runs fails to
        // unlock, yet still locks when it ends, which stops its clock skipping for good.
        await temporal.sleep(config.ticket.closedLingerMs);
        return false;
      });
    },
    async recordHistory(workflowId) {
      const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
      if (process.env.RECORD_HISTORY_FIXTURES) {
        await writeFile(`${HISTORY_FIXTURES_DIR}${workflowId}.history.json`, JSON.stringify(history));
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.shutdown()));
      await temporal.teardown();
      await store.close();
    },
  };
}

const DAY_TARGETS = { firstResponseMinutes: 24 * 60, nextResponseMinutes: 24 * 60, resolutionMinutes: 5 * 24 * 60 };

/** A 24/7 policy with targets of a day and more: no SLA timer falls inside scenarios of hours. */
export const CALM_POLICY = {
  id: 'calm',
  name: 'Calm 24/7',
  calendar: { kind: '24/7' },
  targets: { low: DAY_TARGETS, normal: DAY_TARGETS, high: DAY_TARGETS, urgent: DAY_TARGETS },
  categoryTargets: {},
  warnAtFraction: 0.75,
} satisfies SlaPolicy;

/** Waits until ticket `id`'s workflow has applied every event of its stream so far. */
export async function appliedAll(harness: Harness, id: string): Promise<void> {
  await harness.ticketApplied(id, (await harness.store.readStream(streamId('ticket', id))).length);
}

/** Opens ticket `id` as the customer. */
export function openTicket(harness: Harness, id: string): Promise<void> {
  const data = {
    ticketId: id,
    customerId: CUSTOMER.id,
    subject: `Ticket ${id}`,
    description: 'It broke',
    channel: 'web' as const,
  };
  return harness.ticket(id, { type: 'OpenTicket', data }, CUSTOMER);
}

/** The agent answers ticket `id` and puts it in `nextStatus`. */
export function agentReplies(harness: Harness, id: string, nextStatus?: 'waiting_customer' | 'resolved') {
  return harness.ticket(id, { type: 'ReplyToTicket', data: { ticketId: id, body: 'Answer', nextStatus } }, AGENT);
}

/** The customer writes on ticket `id`. */
export function customerReplies(harness: Harness, id: string): Promise<void> {
  return harness.ticket(id, { type: 'CustomerReply', data: { ticketId: id, body: 'Here you go' } }, CUSTOMER);
}

/**
 * Recorded workflow histories replayed by replay.int.test.ts (refresh with RECORD_HISTORY_FIXTURES=1).
 * `ticket-urgent-legacy` is the exception: recorded before the customer-update timer existed, it
 * stays as it is, to prove that runs in flight replay under the `customer-update-timer` patch;
 * `ticket-spam-legacy` likewise, recorded (by the spam-reopened test) before a reopen owed the
 * answer a close left unanswered (`reopen-owes-answer`).
 */
export const HISTORY_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The `at` of an event, as epoch milliseconds. */
export function instantOf(event: RecordedEvent | undefined): number {
  if (event === undefined) throw new Error('expected an event');
  return Date.parse(String(event.data.at));
}

/**
 * Asserts that automation events happened at the expected workflow-time instants: a timer fires
 * at its instant and the workflow's clock moves on a little while the task runs, so each `at` is
 * at or just after (under a minute) its due instant.
 */
export function expectAtDueTimes(events: readonly RecordedEvent[], dueTimes: readonly number[]): void {
  expect(events).toHaveLength(dueTimes.length);
  events.forEach((event, index) => {
    const lateness = instantOf(event) - dueTimes[index]!;
    expect(lateness, `${event.type} #${index + 1} is ${lateness} ms after its due time`).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(60_000);
  });
}
