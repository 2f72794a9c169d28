import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSealKeyPem } from '@support-engine/eventstore';
import { freePort } from '@support-engine/servers';
import { bundleWorkflows } from '@support-engine/workflows';
import { DefaultLogger } from '@temporalio/worker';
import type { ChaosRecords, FaultRecord, RunTimings } from './check/records.js';
import { failed, formatReport, runChecks } from './check/report.js';
import type { CheckResult } from './check/result.js';
import { checkTimers, TIMER_GRACE_MS } from './check/timers.js';
import { writeClockPreload } from './clock-offset.js';
import { readAcknowledged, readDatabase, untilProjected } from './collect.js';
import { type AttachmentDisk, mountAttachmentDisk } from './disk-fault.js';
import { type EngineKind, runEngineCommand, SupervisedProcess } from './engine-process.js';
import { injectFault } from './faults.js';
import { createNetworkPartition, type NetworkPartition, PARTITION_FAULT } from './partition.js';
import { startProxy } from './proxy.js';
import { seededRandom } from './random.js';
import { startChaosReceivers } from './receivers.js';
import { type FaultKind, faultSchedule, formatSchedule, type ScheduledFault } from './schedule.js';
import { type ChaosTemporal, startSupervisedPostgres, startSupervisedTemporal } from './servers.js';
import { startTraffic } from './traffic.js';

/** What a chaos run does. */
export interface ChaosOptions {
  readonly seed: number;
  /** How long the traffic runs. */
  readonly trafficMs: number;
  /** Rounds of faults (each kind once a round); 0: a run without faults. */
  readonly rounds: number;
  /** Where the data, the logs, the clients' records and the report go. */
  readonly dir: string;
  /** Conversations under way at once. */
  readonly concurrency: number;
  /** A "day" of the ticket clocks (reminders on days 3 and 5, auto-close on day 7). */
  readonly dayMs: number;
  /** The Temporal dev server (SQLite, the default), or the full server on the run's PostgreSQL. */
  readonly temporal?: ChaosTemporal;
  readonly log: (line: string) => void;
}

/** The outcome: the report's lines and whether any check found a violation. */
export interface ChaosOutcome {
  readonly results: readonly CheckResult[];
  readonly report: string;
  readonly failed: boolean;
}

const SECRET = 'chaos-run-secret-of-at-least-32-characters';
/** How long the run waits, once the traffic stopped, for every due timer to fire before it checks. */
const DRAIN_MS = 60_000;

/** Resolves `true` once no timer is overdue by the checker's own measure, `false` after `timeoutMs`. */
async function untilTimersFired(
  databaseUrl: string,
  timings: RunTimings,
  faultsEndedAt: string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  do {
    const { events } = await readDatabase(databaseUrl);
    // Due by now, not by now plus the grace: the drain waits for the late ones too.
    const readAt = new Date(Date.now() + TIMER_GRACE_MS).toISOString();
    if (checkTimers({ events, timings, faultsEndedAt, readAt }).violations.length === 0) return true;
    await sleep(2_000);
  } while (Date.now() < deadline);
  return false;
}

/**
 * The production topology on this machine under simulated traffic and a seeded schedule of
 * faults, then the checker over what it left: see docs/operations.md#faults. The network
 * namespace of the partitions and the attachment tmpfs are made first and removed at the end,
 * whatever happened; a fault kind this machine cannot inject (either of them missing: no root) is
 * left out of the schedule, each said in one line, `chaos: <kind> left out: <why>`.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosOutcome> {
  const created = await createNetworkPartition(process.pid);
  const partition = 'unavailable' in created ? null : created;
  let attachments: AttachmentDisk | undefined;
  let removed: Promise<void> | undefined;
  const removeFacilities = () => {
    removed ??= (async () => {
      await attachments?.unmount();
      await partition?.remove();
    })();
    return removed;
  };
  // Interrupted, the run's processes die with it (their watchdogs), but the namespace and the
  // mount would outlive it: they go first.
  const onSignal = (signal: NodeJS.Signals) => {
    options.log(`chaos: ${signal}: removing the run's network namespace and attachment disk, then stopping`);
    void removeFacilities().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Both API processes share it, as a shared volume; a tmpfs of its own, so the run can fill it.
    attachments = await mountAttachmentDisk(join(options.dir, 'attachments'));
    const without: FaultKind[] = [];
    if ('unavailable' in created) {
      options.log(`chaos: ${PARTITION_FAULT} left out: ${created.unavailable}`);
      without.push(PARTITION_FAULT);
    } else options.log(`chaos: projector-b runs in a network namespace, PostgreSQL reached at ${created.hostAddress}`);
    if (attachments.unavailable !== null) {
      options.log(`chaos: fill-disk left out: ${attachments.unavailable}`);
      without.push('fill-disk');
    }
    return await runTopology(options, { partition, attachments, without });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await removeFacilities();
  }
}

/** What the machine gave the run: the namespace (or `null`), the attachment folder, the kinds it cannot inject. */
interface Facilities {
  readonly partition: NetworkPartition | null;
  readonly attachments: AttachmentDisk;
  readonly without: readonly FaultKind[];
}

async function runTopology(options: ChaosOptions, facilities: Facilities): Promise<ChaosOutcome> {
  const { log, dir } = options;
  const faultsStartMs = Math.min(5_000, options.trafficMs / 10);
  const faultsEndMs = Math.round(options.trafficMs * 0.75);
  const schedule =
    options.rounds === 0
      ? []
      : faultSchedule(seededRandom(options.seed), {
          startMs: faultsStartMs,
          endMs: faultsEndMs,
          rounds: options.rounds,
          without: facilities.without,
        });
  log(formatSchedule(options.seed, schedule));
  const clientsDir = join(dir, 'clients');
  await mkdir(clientsDir, { recursive: true });
  await writeFile(join(dir, 'seal-key.pem'), generateSealKeyPem(), { mode: 0o600 });
  await writeClockPreload(dir);

  // What is started is stopped at the end, in reverse, whatever happened (a failure while starting included).
  const stops: Array<() => Promise<unknown>> = [];
  try {
    return await runStarted(options, facilities, schedule, stops);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

/** Starts the topology (pushing each part's stop on `stops` as it starts), runs the traffic and the schedule, and checks. */
async function runStarted(
  options: ChaosOptions,
  facilities: Facilities,
  schedule: readonly ScheduledFault[],
  stops: Array<() => Promise<unknown>>,
): Promise<ChaosOutcome> {
  const { log, dir } = options;
  const { partition, attachments } = facilities;
  const clientsDir = join(dir, 'clients');
  const postgres = await startSupervisedPostgres(dir, partition ?? undefined);
  stops.push(() => postgres.stop());
  const databaseUrl = await postgres.current().createDatabase('support');
  const temporal = await startSupervisedTemporal(dir, 'default', options.temporal, postgres.current().url);
  stops.push(() => temporal.stop());
  log(
    `chaos: Temporal ${options.temporal === 'full' ? 'full server on PostgreSQL' : 'dev server on SQLite'} at ${temporal.address}`,
  );
  const receivers = await startChaosReceivers(seededRandom(options.seed + 1), {
    webhook500: 0.1,
    webhookHang: 0.05,
    hangMs: 3_000,
    smtpRefusal: 0.05,
  });
  stops.push(() => receivers.stop());
  const timings = {
    firstReminderMs: 3 * options.dayMs,
    secondReminderMs: 5 * options.dayMs,
    autoCloseMs: 7 * options.dayMs,
  };
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    HOST: '127.0.0.1',
    SUPPORT_API_ENV: 'development',
    SUPPORT_JWT_SECRET: SECRET,
    SUPPORT_API_RATE_MAX: '1000000',
    TICKET_TIMINGS_ANY_DURATION: 'true',
    TICKET_FIRST_REMINDER_MS: String(timings.firstReminderMs),
    TICKET_SECOND_REMINDER_MS: String(timings.secondReminderMs),
    TICKET_WAITING_AUTO_CLOSE_MS: String(timings.autoCloseMs),
    TICKET_RESOLVED_AUTO_CLOSE_MS: String(timings.autoCloseMs),
    CHAT_INACTIVITY_TIMEOUT_MS: '60000',
    REACTOR_POLL_INTERVAL_MS: '100',
    SMTP_URL: receivers.smtpUrl,
    SMTP_TIMEOUT_MS: '2000',
    WEBHOOK_SECRET_KEY: 'c'.repeat(64),
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    WEBHOOK_TIMEOUT_MS: '2000',
    DELIVERY_LEASE_MS: '10000',
    SEAL_FILE: join(dir, 'seals.jsonl'),
    SEAL_KEY_FILE: join(dir, 'seal-key.pem'),
    SEAL_INTERVAL_MS: '2000',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ATTACHMENT_DIR: attachments.dir,
  };
  // Bundled once for the run: each worker (re)start loads it instead of running webpack again.
  const bundleFile = join(dir, 'workflow-bundle.js');
  await writeFile(bundleFile, (await bundleWorkflows(new DefaultLogger('WARN'))).code);
  env.WORKFLOW_BUNDLE_FILE = bundleFile;
  const migrated = await runEngineCommand(['migrate'], env);
  if (migrated.code !== 0) throw new Error(`chaos: migrate failed: ${migrated.output}`);

  const processes: Record<EngineKind, SupervisedProcess[]> = { api: [], worker: [], projector: [] };
  const apiPorts: number[] = [];
  for (const name of ['a', 'b']) {
    const port = await freePort();
    apiPorts.push(port);
    processes.api.push(
      new SupervisedProcess(
        `api-${name}`,
        'api',
        { ...env, PORT: String(port) },
        `http://127.0.0.1:${port}/readyz`,
        dir,
      ),
    );
    for (const kind of ['worker', 'projector'] as const) {
      const ops = await freePort();
      // The reactor runs on the first worker only (it is not elected); the router, the notifier and the sealer on both, one active.
      const own: Record<string, string> = kind === 'worker' ? { REACTOR_ENABLED: String(name === 'a') } : {};
      // The second projector lives in the partition's namespace: PostgreSQL across the veth pair, its ops endpoint on its end.
      const inside = kind === 'projector' && name === 'b' ? partition : null;
      if (inside)
        Object.assign(own, {
          DATABASE_URL: databaseUrl.replace('@127.0.0.1:', `@${inside.hostAddress}:`),
          HOST: inside.namespaceAddress,
        });
      processes[kind].push(
        new SupervisedProcess(
          `${kind}-${name}`,
          kind,
          { ...env, ...own, METRICS_PORT: String(ops) },
          `http://${inside?.namespaceAddress ?? '127.0.0.1'}:${ops}/healthz`,
          dir,
          inside?.command,
        ),
      );
    }
  }
  const all = Object.values(processes).flat();
  const proxy = await startProxy(apiPorts, log);
  stops.push(() => proxy.stop());
  stops.push(async () => {
    for (const p of all) await p.stop();
  });
  const faults: FaultRecord[] = [];
  for (const p of all) p.start();
  for (const p of all)
    if ((await p.untilReady(240_000)) === null)
      throw new Error(`chaos: ${p.name} never got ready (see ${dir}/${p.name}.log)`);
  log(`chaos: topology ready (proxy ${proxy.url}, data and logs in ${dir})`);

  const traffic = await startTraffic({
    apiUrl: proxy.url,
    secret: SECRET,
    dir: clientsDir,
    webhookUrl: receivers.webhookUrl,
    concurrency: options.concurrency,
    random: seededRandom(options.seed + 2),
  });
  const started = Date.now();
  const targets = {
    processes,
    postgres,
    temporal,
    partition: partition === null ? null : { network: partition, process: processes.projector[1]! },
    attachments,
    upload: traffic.upload,
  };
  const faulting = (async () => {
    for (const fault of schedule) {
      await sleep(Math.max(0, started + fault.atMs - Date.now()));
      faults.push(await injectFault(fault, targets, log));
    }
  })();
  await sleep(options.trafficMs / 2);
  await traffic.editSlaPolicy();
  log('chaos: the supervisor edited the SLA policy');
  await faulting;
  const faultsEndedAt = new Date().toISOString();
  // Traffic goes on after the last fault (recoveries may have pushed it late), so the timers
  // due once the faults stopped show their lateness.
  await sleep(Math.max(started + options.trafficMs - Date.now(), options.trafficMs / 4));
  await traffic.stop();
  log(
    `chaos: traffic stopped: ${JSON.stringify(traffic.begun())}, ${JSON.stringify(traffic.counters)}, ${proxy.redirected()} requests sent to the other API`,
  );

  // Time for the last timers (the auto-close of the last waiting tickets: until none is overdue,
  // or the drain's limit), then the workers stop (nothing more is appended), the projectors
  // catch up, and everything stops before the rebuild.
  await sleep(timings.autoCloseMs);
  const drained = await untilTimersFired(databaseUrl, timings, faultsEndedAt, DRAIN_MS);
  log(`chaos: ${drained ? 'every due timer fired' : `timers still overdue after ${DRAIN_MS / 1000} s`}`);
  for (const worker of processes.worker) await worker.stop();
  const projected = await untilProjected(databaseUrl, 60_000);
  for (const p of all) await p.stop();
  const readAt = new Date().toISOString();

  const rebuild = await runEngineCommand(['rebuild'], env);
  const verify = await runEngineCommand(['audit', 'verify'], env);
  const database = await readDatabase(databaseUrl);
  const records: ChaosRecords = {
    acknowledged: await readAcknowledged(clientsDir),
    ...database,
    webhooks: receivers.webhookRecords(),
    mails: receivers.mailRecords(),
    faults,
    timings,
    faultsEndedAt,
    readAt,
    rebuildDifferences: [
      ...(projected ? [] : ['the projectors did not reach the head of the log within 60 s']),
      ...(rebuild.code === 0 ? [] : problemLines(rebuild.output)),
    ],
    sealProblems: verify.code === 0 ? [] : problemLines(verify.output),
  };
  await writeFile(
    join(dir, 'records.json'),
    JSON.stringify({ ...records, loggedCommandKeys: records.loggedCommandKeys.size }, null, 1),
  );
  const results = runChecks(records);
  const report = formatReport(results);
  await writeFile(join(dir, 'report.txt'), `${report}\n`);
  return { results, report, failed: failed(results) };
}

/** A one-shot command's output as violations: its non-empty lines (at least one). */
function problemLines(output: string): string[] {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\s*[\d.]+%|events\/s/.test(line));
  return lines.length > 0 ? lines.slice(-20) : ['failed without output'];
}
