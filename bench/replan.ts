/**
 * Re-planning after a policy edit, in two parts.
 *
 * - **Terms**: N open tickets (`BENCH_TICKETS`, 10,000) governed by the standard policy; the
 *   policy is edited; the SLA re-planner (in process, as in a worker) sends each its `RefreshSla`.
 *   Measures the time from the edit's commit until every ticket recorded its new terms, against a
 *   baseline in the same run: the same number of `RefreshSla` commands after another edit, sent
 *   straight through the same command handler at the same concurrency (no log following, no
 *   index, no sweep). Prints both and the ratio (baseline time / re-planner time).
 * - **Workflows**: `BENCH_WORKFLOW_TICKETS` (10,000; 0 skips it) tickets with their workflows on a
 *   Temporal dev server (SQLite, WAL), the worker's reactor delivering the log to them and the
 *   re-planner in process; the time from the edit's commit until every workflow holds the new
 *   deadline (its `slaStatus` query shows the new first-response target). Baseline in the same
 *   run: as many internal notes (one event per ticket, like a re-plan), until every workflow
 *   applied its note. Both are polled the same way: passes of queries over the workflows not yet
 *   there, 16 at a time.
 *
 *   node --conditions=@support-engine/source --import tsx bench/replan.ts      # BENCH_TICKETS=1000 BENCH_WORKFLOW_TICKETS=200 for a short run
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSlaReplanner, createWorkHandlers, migrateSlaReplanner } from '@support-engine/application';
import { createDomainEventRegistry, streamId } from '@support-engine/domain';
import {
  createSlaConfigDecider,
  SLA_CONFIGURATION_ID,
  SLA_PRESETS,
  type SlaConfigCommand,
} from '@support-engine/domain/sla-config';
import type { TicketCommandInput } from '@support-engine/domain/ticket';
import { createCommandHandler } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { type RunningPostgres, startPostgres, startTemporalDevServer } from '@support-engine/servers';
import {
  bundleWorkflows,
  loadConfig,
  runWorker,
  slaStatusQuery,
  ticketViewQuery,
  WORKFLOW_SEARCH_ATTRIBUTES,
} from '@support-engine/workflows';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'kysely';
import { pino } from 'pino';
import { fromEnv, timed } from './lib/measure.js';

const tickets = fromEnv('BENCH_TICKETS', 10_000);
const workflowTickets = fromEnv('BENCH_WORKFLOW_TICKETS', 10_000);
const CONCURRENCY = 16;
const registry = createDomainEventRegistry();
const standard = SLA_PRESETS.standard.policies.standard!;
const withFirstResponse = (minutes: number) => ({
  ...standard,
  targets: Object.fromEntries(
    Object.entries(standard.targets).map(([p, t]) => [p, { ...t, firstResponseMinutes: minutes }]),
  ) as typeof standard.targets,
});

/** The standard policy with its first-response targets set to `minutes`. */
function standardPolicyEdit(minutes: number): SlaConfigCommand {
  return { type: 'UpdateSlaPolicy', data: { policyId: 'standard', definition: withFirstResponse(minutes) } };
}

/** A database with the standard preset and `count` open tickets, and what the benchmark needs of it. */
async function floor(connectionString: string, count: number) {
  const store = createPostgresEventStore({ connectionString, listen: false, maxConnections: 24 });
  await migrateEventStore(store.db);
  await migrateSlaReplanner(store.db);
  const configure = (command: SlaConfigCommand) =>
    createCommandHandler({ store, registry, decider: createSlaConfigDecider() }).handle({
      streamId: streamId('slaconfig', SLA_CONFIGURATION_ID),
      command,
      commandId: randomUUID(),
      context: { now: new Date(), actor: { id: 'bench', role: 'admin' } },
    });
  /** How many tickets recorded terms of the standard policy's `version`. */
  const applied = async (version: number) => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from events
      where type = 'TicketSlaPolicyApplied' and (data->>'policyVersion')::int = ${version}`.execute(store.db);
    return Number(rows[0]!.n);
  };
  await configure({ type: 'LoadSlaPresets', data: { presets: ['standard'] } });
  const { ticket } = createWorkHandlers(store, registry);
  const command = (i: number, command: TicketCommandInput, role: 'system' | 'agent') =>
    ticket.handle({
      streamId: streamId('ticket', `r-${i}`),
      command,
      commandId: randomUUID(),
      context: { now: new Date(), actor: { id: 'bench', role } },
    });
  console.log(`opening ${count} tickets...`);
  const openSeconds = await timed(0, count, CONCURRENCY, (i) =>
    command(
      i,
      {
        type: 'OpenTicket',
        data: {
          ticketId: `r-${i}`,
          customerId: `c-${i % 500}`,
          subject: 'Slow',
          description: 'Pages crawl',
          channel: 'web',
        },
      },
      'system',
    ),
  );
  console.log(`opened in ${openSeconds.toFixed(1)} s`);
  const replanner = (batchSize: number) =>
    createSlaReplanner({
      store,
      connectionString,
      registry,
      logger: pino({ level: 'warn' }),
      batchSize,
      pollIntervalMs: 20,
      concurrency: CONCURRENCY,
    });
  return { store, configure, applied, command, replanner };
}

/** Polls `done` every `ms`; the seconds from `since` until it held. */
async function until(since: number, done: () => Promise<boolean>, ms = 50): Promise<number> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, ms));
  return (performance.now() - since) / 1000;
}

const perSecond = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en-US')}/s`;

async function termsBench(server: RunningPostgres): Promise<void> {
  const f = await floor(await server.createDatabase('replan_bench'), tickets);
  try {
    const stop = new AbortController();
    let started = performance.now();
    const running = f.replanner(2_000).run(stop.signal);
    // The index of open tickets is built first, as a worker starting on an existing log would.
    await f.configure(standardPolicyEdit(90));
    const warmSeconds = await until(started, async () => (await f.applied(2)) >= tickets, 100);
    console.log(`first edit (index built from the log, then ${tickets} re-planned): ${warmSeconds.toFixed(1)} s`);

    await f.configure(standardPolicyEdit(60));
    started = performance.now();
    const replanSeconds = await until(started, async () => (await f.applied(3)) >= tickets);
    stop.abort();
    await running;

    await f.configure(standardPolicyEdit(45));
    const baselineSeconds = await timed(0, tickets, CONCURRENCY, (i) =>
      f.command(i, { type: 'RefreshSla', data: { ticketId: `r-${i}` } }, 'system'),
    );
    if ((await f.applied(4)) !== tickets) throw new Error('the baseline did not re-plan every ticket');
    console.log(
      `re-planner:  ${replanSeconds.toFixed(1)} s from the edit until all ${tickets} recorded new terms (${perSecond(tickets, replanSeconds)})`,
    );
    console.log(
      `baseline:    ${baselineSeconds.toFixed(1)} s for ${tickets} RefreshSla sent directly (${perSecond(tickets, baselineSeconds)})`,
    );
    console.log(`ratio:       ${(baselineSeconds / replanSeconds).toFixed(2)}x (baseline time / re-planner time)`);
  } finally {
    await f.store.close();
  }
}

async function workflowsBench(server: RunningPostgres): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = await mkdtemp(join(tmpdir(), 'replan-bench-'));
  const temporal = await startTemporalDevServer({
    ui: false,
    dbFilename: join(dir, 'temporal.sqlite'),
    sqlitePragmas: { journal_mode: 'wal' },
    searchAttributes: [...WORKFLOW_SEARCH_ATTRIBUTES],
  });
  const connectionString = await server.createDatabase('replan_workflows');
  const f = await floor(connectionString, workflowTickets);
  const stop = new AbortController();
  let replanner: Promise<void> | undefined;
  const worker = await runWorker(
    loadConfig({
      DATABASE_URL: connectionString,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      LOG_LEVEL: 'warn',
      REACTOR_POLL_INTERVAL_MS: '50',
    }),
    {
      connection: temporal.env.nativeConnection,
      client: temporal.env.client,
      workflowBundle: await bundleWorkflows(new DefaultLogger('WARN')),
      logger: pino({ level: 'warn' }),
    },
  );
  try {
    const handles = Array.from({ length: workflowTickets }, (_, i) =>
      temporal.env.client.workflow.getHandle(streamId('ticket', `r-${i}`)),
    );
    /** Seconds from `since` until `check` holds for every workflow (each asked again until it does). */
    const everyWorkflow = async (since: number, check: (i: number) => Promise<boolean>) => {
      let pending = handles.map((_, i) => i);
      while (pending.length > 0) {
        const still: number[] = [];
        await timed(0, pending.length, CONCURRENCY, async (k) => {
          const i = pending[k]!;
          if (!(await check(i).catch(() => false))) still.push(i);
        });
        pending = still;
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return (performance.now() - since) / 1000;
    };
    const firstResponseTarget = async (i: number) =>
      (await handles[i]!.query(slaStatusQuery))?.metrics.first_response.targetMs;
    let started = performance.now();
    const ready = await everyWorkflow(started, async (i) => (await firstResponseTarget(i)) === 120 * 60_000);
    console.log(`${workflowTickets} workflows started and on the standard policy's deadline in ${ready.toFixed(1)} s`);

    replanner = f.replanner(2_000).run(stop.signal);
    started = performance.now();
    await f.configure(standardPolicyEdit(30));
    const terms = await until(started, async () => (await f.applied(2)) >= workflowTickets);
    const deadlines = await everyWorkflow(started, async (i) => (await firstResponseTarget(i)) === 30 * 60_000);
    console.log(
      `re-plan:     edit commit -> every ticket recorded its terms ${terms.toFixed(1)} s; -> every workflow holds the new deadline ${deadlines.toFixed(1)} s (${perSecond(workflowTickets, deadlines)})`,
    );

    const versions: number[] = [];
    await timed(0, workflowTickets, CONCURRENCY, async (i) => {
      versions[i] = (await handles[i]!.query(ticketViewQuery)).version;
    });
    started = performance.now();
    await timed(0, workflowTickets, CONCURRENCY, (i) =>
      f.command(
        i,
        { type: 'ReplyToTicket', data: { ticketId: `r-${i}`, body: 'note', visibility: 'internal' } },
        'agent',
      ),
    );
    const baseline = await everyWorkflow(
      started,
      async (i) => (await handles[i]!.query(ticketViewQuery)).version > versions[i]!,
    );
    console.log(
      `baseline:    ${workflowTickets} internal notes until every workflow applied its note ${baseline.toFixed(1)} s`,
    );
    console.log(`ratio:       ${(baseline / deadlines).toFixed(2)}x (baseline time / re-plan time)`);
  } finally {
    stop.abort();
    await replanner;
    await worker.shutdown();
    await f.store.close();
    await temporal.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const server = await startPostgres();
try {
  if (tickets > 0) await termsBench(server);
  if (workflowTickets > 0) await workflowsBench(server);
} finally {
  await server.stop();
}
