import { join } from 'node:path';
import {
  claimPidFile,
  type RunningDevServer,
  type RunningMailCatcher,
  type RunningPostgres,
  type RunningWebhookReceiver,
  reapOrphan,
  removePidFile,
  type StopOutcome,
  startMailCatcher,
  startPostgres,
  startTemporalDevServer,
  startTemporalServer,
  startWebhookReceiver,
  type WebhookSecrets,
} from '@support-engine/servers';
import { WORKFLOW_SEARCH_ATTRIBUTES } from '@support-engine/workflows';
import { CliError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DevPaths } from './paths.js';

/** The database the engine uses on the embedded server. */
export const DEV_DATABASE = 'support_engine';

/** How long each embedded server may take to stop before its process group is killed. */
export const SERVER_STOP_TIMEOUT_MS = 5_000;

/** The embedded servers the dev command runs. */
export interface DevServers {
  readonly databaseUrl: string;
  /** What runs Temporal: its dev server (SQLite), or the full server on the embedded PostgreSQL. */
  readonly temporalKind: DevTemporalKind;
  readonly temporal: RunningDevServer;
  /** Catches the engine's mail (SMTP) and shows it on a web page; nothing leaves the machine. */
  readonly mailCatcher: RunningMailCatcher;
  /** A webhook endpoint for trying subscriptions, with a web page of what it received. */
  readonly webhookReceiver: RunningWebhookReceiver;
  /**
   * Says the run is stopping: from now on the Temporal server's complaints of the engine going
   * away (a workflow task on the stopped worker's sticky queue, "context canceled") are expected,
   * and logged at debug. {@link stop} says it too.
   */
  stopping(): void;
  /**
   * Stops the mail catcher and the webhook receiver, then Temporal, then PostgreSQL, logging
   * each; the servers' data stays in the data folder (caught mail and webhooks are not kept).
   */
  stop(): Promise<void>;
}

/** Ports of the embedded servers. */
export interface DevServerPorts {
  readonly postgres: number;
  readonly temporal: number;
  /** The Temporal Web UI's port, or `null` without the UI. */
  readonly temporalUi: number | null;
  /** The mail catcher's SMTP port. */
  readonly smtp: number;
  /** The mail catcher's web page. */
  readonly mail: number;
  readonly webhooks: number;
  /** The engine's SMTP ingress (mail in; the mail catcher's replies go there). */
  readonly mailIn: number;
  /** The demo host page embedding the widget ("Acme shop", another origin than the API's). */
  readonly site: number;
}

/**
 * Which Temporal `dev` runs: `dev`, the Temporal CLI's dev server (SQLite in the data folder), or
 * `full`, the full server built by `npm run setup -- --temporal-server`, its state in databases
 * of the embedded PostgreSQL.
 */
export type DevTemporalKind = 'dev' | 'full';

/** Where the dev webhook receiver finds the signing secrets of the endpoints at a path. */
export type WebhookSecretLookup = (path: string) => WebhookSecrets | Promise<WebhookSecrets>;

/**
 * Takes the data folder for this run, or refuses (`CliError`, nothing touched) while another dev
 * run still uses it: its servers are that run's, not orphans to stop. A run killed without
 * cleaning up leaves the folder to the next one.
 */
export async function claimDataFolder(paths: DevPaths): Promise<void> {
  const holder = await claimPidFile(paths.owner);
  if (holder !== null)
    throw new CliError(
      `The data folder ${paths.root} is in use by another dev run (pid ${holder.pid}: ${holder.command}). ` +
        'Stop that one first, or give this one its own folder (--data-dir).',
    );
}

/** Gives the data folder back (the run stopped). */
export async function releaseDataFolder(paths: DevPaths): Promise<void> {
  await removePidFile(paths.owner);
}

/**
 * Stops the servers an earlier run on the same data folder left running (recorded in its pid
 * files), Temporal first as on every stop. Each one found is logged.
 */
export async function reapDevOrphans(paths: DevPaths, logger: Logger): Promise<void> {
  const servers = [
    { server: 'temporal', file: paths.temporalPid, signal: 'SIGTERM' },
    { server: 'postgres', file: paths.postgresPid, signal: 'SIGINT' },
  ] as const;
  for (const { server, file, signal } of servers) {
    const orphan = await reapOrphan(file, { signal, timeoutMs: SERVER_STOP_TIMEOUT_MS });
    if (orphan.found)
      logger.warn(
        { server, serverPid: orphan.identity.pid, command: orphan.identity.command, outcome: orphan.outcome },
        'stopped a server an earlier run left running',
      );
  }
}

/**
 * Starts embedded PostgreSQL on `paths.postgres` (creating the engine's database on first run)
 * and `temporal server start-dev` on `paths.temporalDb` (or, with `temporalKind` `full`, the full
 * Temporal server on two databases of that PostgreSQL) with the workflows' search attributes
 * registered, so the Temporal UI can filter on `TicketStatus` and friends. Each records its pid in
 * the data folder while it runs. Then the mail catcher and the webhook receiver, in this process
 * (they die with it, so they need no pid file).
 */
export async function startDevServers(
  paths: DevPaths,
  ports: DevServerPorts,
  namespace: string,
  logger: Logger,
  webhookSecrets: WebhookSecretLookup = () => undefined,
  temporalKind: DevTemporalKind = 'dev',
): Promise<DevServers> {
  const postgresLog = logger.child({ component: 'postgres' });
  // A first start (initdb, Temporal's schema) takes a while: say what is under way, so a quiet
  // console is never mistaken for a hang.
  let since = Date.now();
  postgresLog.info({ port: ports.postgres, dataDir: paths.postgres }, 'starting PostgreSQL');
  const postgres = await startPostgres({
    dataDir: paths.postgres,
    port: ports.postgres,
    pidFile: paths.postgresPid,
    onLog: (line) => postgresLog.debug(line.trim()),
  });
  postgresLog.info({ ms: Date.now() - since }, 'PostgreSQL ready');
  const stopPostgres = () => stopLogged(logger, 'postgres', postgres.process.pid, () => postgres.stop(stopOptions));
  let temporal: RunningDevServer | undefined;
  let temporalStopping = false;
  let mailCatcher: RunningMailCatcher | undefined;
  try {
    const databaseUrl = await ensureDatabase(postgres, DEV_DATABASE);
    const temporalLog = logger.child({ component: 'temporal' });
    // Once the run is stopping, the dev server complains of the engine's worker gone and its own
    // closed frontend ("Fail to process task", "Failed to poll for task"), and while it starts it
    // reports itself "not healthy yet": noise, kept at debug.
    const onLog = (line: string, stream: 'stdout' | 'stderr' = 'stderr') =>
      temporalLog[stream === 'stderr' && !temporalStopping && !STARTING_NOISE.test(line) ? 'warn' : 'debug'](
        line.trim(),
      );
    const common = {
      port: ports.temporal,
      namespace,
      searchAttributes: [...WORKFLOW_SEARCH_ATTRIBUTES],
      pidFile: paths.temporalPid,
    };
    since = Date.now();
    temporalLog.info({ port: ports.temporal, kind: temporalKind }, 'starting Temporal');
    temporal =
      temporalKind === 'full'
        ? await startTemporalServer({
            ...common,
            postgresUrl: postgres.url,
            workDir: join(paths.root, 'temporal-server'),
            ...(ports.temporalUi === null ? {} : { uiPort: ports.temporalUi }),
            // Its JSON lines at debug: a server stopping logs errors of peers gone first. A fatal one stays visible.
            onLog: (line) => temporalLog[/"level":"(fatal|panic)"/.test(line) ? 'error' : 'debug'](line.trim()),
          })
        : await startTemporalDevServer({
            ...common,
            ui: ports.temporalUi !== null,
            ...(ports.temporalUi === null ? {} : { uiPort: ports.temporalUi }),
            dbFilename: paths.temporalDb,
            sqlitePragmas: { journal_mode: 'wal' },
            onLog,
          });
    temporalLog.info({ ms: Date.now() - since }, 'Temporal ready');
    const local = '127.0.0.1';
    mailCatcher = await startMailCatcher({
      smtpPort: ports.smtp,
      httpPort: ports.mail,
      host: local,
      replyVia: { host: local, port: ports.mailIn },
    });
    const webhookReceiver = await startWebhookReceiver({ port: ports.webhooks, host: local, secrets: webhookSecrets });
    const [started, catcher] = [temporal, mailCatcher];
    return {
      databaseUrl,
      temporalKind,
      temporal: started,
      mailCatcher: catcher,
      webhookReceiver,
      // PostgreSQL goes last: it is the system of record, which anything still finishing writes
      // to, and the full Temporal server keeps its own state there too.
      stopping() {
        temporalStopping = true;
      },
      async stop() {
        temporalStopping = true;
        await stopInProcess(logger, 'mail-catcher', () => catcher.stop());
        await stopInProcess(logger, 'webhook-receiver', () => webhookReceiver.stop());
        await stopTemporal(logger, started);
        await stopPostgres();
      },
    };
  } catch (error) {
    if (mailCatcher) await mailCatcher.stop();
    temporalStopping = true;
    if (temporal) await stopTemporal(logger, temporal);
    await stopPostgres();
    throw error;
  }
}

/** What the dev server logs while its frontend comes up: expected, not a fault. */
const STARTING_NOISE = /not healthy yet/;

function stopTemporal(logger: Logger, temporal: RunningDevServer): Promise<void> {
  return stopLogged(logger, 'temporal', temporal.process?.pid, () => temporal.stop(stopOptions));
}

/** {@link stopLogged} for a part running in this process, which has no pid and cannot be killed. */
export function stopInProcess(logger: Logger, step: string, stop: () => Promise<void>): Promise<void> {
  return stopLogged(logger, step, undefined, async () => {
    await stop();
    return undefined;
  });
}

const stopOptions = { timeoutMs: SERVER_STOP_TIMEOUT_MS };

/** Runs one step of the shutdown and logs it, with a warning when the step had to kill. */
export async function stopLogged(
  logger: Logger,
  step: string,
  serverPid: number | undefined,
  stop: () => Promise<StopOutcome | undefined>,
): Promise<void> {
  const started = Date.now();
  logger.info({ step, serverPid }, 'stopping');
  const outcome = await stop();
  const fields = { step, serverPid, outcome, ms: Date.now() - started };
  if (outcome === 'killed')
    logger.warn({ ...fields, timeoutMs: SERVER_STOP_TIMEOUT_MS }, 'did not exit in time; killed its process group');
  else logger.info(fields, 'stopped');
}

const DUPLICATE_DATABASE = '42P04';

async function ensureDatabase(postgres: RunningPostgres, name: string): Promise<string> {
  try {
    return await postgres.createDatabase(name);
  } catch (error) {
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
    return postgres.urlFor(name);
  }
}
