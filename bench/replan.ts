/**
 * Re-planning after a policy edit: N open tickets (10,000 by default) governed by the standard
 * policy; the policy is edited; the SLA re-planner (in process, as in a worker) sends each its
 * `RefreshSla`. Measures the time from the edit's commit until every ticket recorded its new
 * terms, against a baseline in the same run: the same number of `RefreshSla` commands after
 * another edit, sent straight through the same command handler at the same concurrency (no log
 * following, no index, no sweep). Prints both and the ratio (baseline time / re-planner time).
 *
 * Not measured here: the time until every ticket *workflow* holds its new deadline. That adds
 * the reactor's delivery of one event per ticket to Temporal; on this 2-core machine the
 * workflows bench starts 54 ticket workflows/s at 10,000 open tickets (bench/README.md), and
 * the time-skipping test shows one workflow moving its timer.
 *
 *   node --conditions=source --import tsx bench/replan.ts      # BENCH_TICKETS=1000 for a short run
 */
import { randomUUID } from 'node:crypto';
import {
  createDomainEventRegistry,
  createSlaConfigDecider,
  SLA_CONFIGURATION_ID,
  SLA_PRESETS,
  type SlaConfigCommand,
  streamId,
} from '@support-engine/domain';
import { createCommandHandler, createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore';
import { createSlaReplanner, createWorkHandlers, migrateSlaReplanner } from '@support-engine/routing';
import { startPostgres } from '@support-engine/servers';
import { sql } from 'kysely';
import { pino } from 'pino';
import { fromEnv, timed } from './lib/measure.js';

const tickets = fromEnv('BENCH_TICKETS', 10_000);
const CONCURRENCY = 16;
const registry = createDomainEventRegistry();
const standard = SLA_PRESETS.standard.policies.standard!;
const withFirstResponse = (minutes: number) => ({
  ...standard,
  targets: Object.fromEntries(
    Object.entries(standard.targets).map(([p, t]) => [p, { ...t, firstResponseMinutes: minutes }]),
  ) as typeof standard.targets,
});

const server = await startPostgres();
try {
  const connectionString = await server.createDatabase('replan_bench');
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
  const applied = async (version: number) => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from events
      where type = 'TicketSlaPolicyApplied' and (data->>'policyVersion')::int = ${version}`.execute(store.db);
    return Number(rows[0]!.n);
  };
  try {
    await configure({ type: 'LoadSlaPresets', data: { presets: ['standard'] } });
    const { ticket } = createWorkHandlers(store, registry);
    console.log(`opening ${tickets} tickets...`);
    const openSeconds = await timed(0, tickets, CONCURRENCY, (i) =>
      ticket.handle({
        streamId: streamId('ticket', `r-${i}`),
        command: {
          type: 'OpenTicket',
          data: {
            ticketId: `r-${i}`,
            customerId: `c-${i % 500}`,
            subject: 'Slow',
            description: 'Pages crawl',
            channel: 'web',
          },
        },
        commandId: randomUUID(),
        context: { now: new Date(), actor: { id: 'portal', role: 'system' } },
      }),
    );
    console.log(`opened in ${openSeconds.toFixed(1)} s`);

    const stop = new AbortController();
    const replanner = createSlaReplanner({
      store,
      connectionString,
      registry,
      logger: pino({ level: 'warn' }),
      batchSize: 2_000,
      pollIntervalMs: 20,
      concurrency: CONCURRENCY,
    });
    let started = performance.now();
    const running = replanner.run(stop.signal);
    // The index of open tickets is built first, as a worker starting on an existing log would.
    await configure({ type: 'UpdateSlaPolicy', data: { policyId: 'standard', definition: withFirstResponse(90) } });
    while ((await applied(2)) < tickets) await new Promise((resolve) => setTimeout(resolve, 100));
    const warmSeconds = (performance.now() - started) / 1000;
    console.log(`first edit (index built from the log, then ${tickets} re-planned): ${warmSeconds.toFixed(1)} s`);

    await configure({ type: 'UpdateSlaPolicy', data: { policyId: 'standard', definition: withFirstResponse(60) } });
    started = performance.now();
    while ((await applied(3)) < tickets) await new Promise((resolve) => setTimeout(resolve, 50));
    const replanSeconds = (performance.now() - started) / 1000;
    stop.abort();
    await running;

    await configure({ type: 'UpdateSlaPolicy', data: { policyId: 'standard', definition: withFirstResponse(45) } });
    const baselineSeconds = await timed(0, tickets, CONCURRENCY, (i) =>
      ticket.handle({
        streamId: streamId('ticket', `r-${i}`),
        command: { type: 'RefreshSla', data: { ticketId: `r-${i}` } },
        commandId: randomUUID(),
        context: { now: new Date(), actor: { id: 'bench', role: 'system' } },
      }),
    );
    if ((await applied(4)) !== tickets) throw new Error('the baseline did not re-plan every ticket');
    const perSecond = (seconds: number) => `${Math.round(tickets / seconds).toLocaleString('en-US')} tickets/s`;
    console.log(
      `re-planner:  ${replanSeconds.toFixed(1)} s from the edit until all ${tickets} recorded new terms (${perSecond(replanSeconds)})`,
    );
    console.log(
      `baseline:    ${baselineSeconds.toFixed(1)} s for ${tickets} RefreshSla sent directly (${perSecond(baselineSeconds)})`,
    );
    console.log(`ratio:       ${(baselineSeconds / replanSeconds).toFixed(2)}x (baseline time / re-planner time)`);
  } finally {
    await store.close();
  }
} finally {
  await server.stop();
}
