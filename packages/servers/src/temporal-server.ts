import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';
import { msToTs } from '@temporalio/common/lib/time.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { MissingToolError } from './errors.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { processIdentity, type StopOutcome, stopProcess } from './processes.js';
import { ensureSearchAttributes } from './search-attributes.js';
import type { RunningDevServer } from './temporal.js';
import { TOOLS_DIR } from './tools.js';
import { guardWithWatchdog } from './watchdog.js';

/** Where `npm run setup -- --temporal-server` builds the full server, its SQL tool and schemas. */
export const TEMPORAL_SERVER_HOME = join(TOOLS_DIR, 'temporal-server');

/** The full server's files, or `null` when the opt-in setup step has not built them. */
export function temporalServerTools(home: string = TEMPORAL_SERVER_HOME) {
  const tools = {
    server: join(home, 'bin', 'server'),
    sql: join(home, 'bin', 'sql'),
    schema: join(home, 'schema', 'v12'),
  };
  if (!Object.values(tools).every((path) => existsSync(path))) return null;
  const ui = join(home, 'ui', 'bin', 'server');
  return { ...tools, ui: existsSync(ui) ? ui : null };
}

/** Options of {@link startTemporalServer}. */
export interface TemporalServerOptions {
  /** A PostgreSQL superuser connection string; the server's two databases are created there. */
  readonly postgresUrl: string;
  /** Where the server's rendered configuration and its ports go (created if missing): start it again from there and it gets the same ports. */
  readonly workDir: string;
  /** Prefix of the two databases (`<prefix>` and `<prefix>_visibility`); `temporal` by default. */
  readonly databasePrefix?: string;
  /** History shards: the unit of the history service's parallelism; 4 by default (fixed once created). */
  readonly historyShards?: number;
  readonly namespace?: string;
  /** Custom search attributes registered on the namespace (SQL visibility). */
  readonly searchAttributes?: readonly SearchAttributeKey<SearchAttributeType>[];
  /** Extra dynamic configuration, key to value (e.g. task-queue partitions). */
  readonly dynamicConfig?: Readonly<Record<string, unknown>>;
  /** The frontend's gRPC port on 127.0.0.1; a free one when omitted. */
  readonly port?: number;

  /** Serve the Temporal Web UI (when the setup step built it) on this port, or a free one with `0`. */
  readonly uiPort?: number;
  /** Where to record the server's pid and start time while it runs (removed on stop). */
  readonly pidFile?: string;
  /** The server's output lines. Silent by default. */
  readonly onLog?: (line: string) => void;
}

/** A running full server: the same handle as the dev server's (its UI, when built and asked for). */
export type RunningTemporalServer = RunningDevServer;

const READY_TIMEOUT_MS = 120_000;

/**
 * Starts the full Temporal server (frontend, history, matching and worker services in one
 * process) on PostgreSQL persistence and SQL visibility, as its own process group watched so it
 * stops when this process dies. Creates and migrates its databases with the server's own SQL
 * tool and schemas (idempotent), registers the namespace and the search attributes, and returns
 * once a client can use them. Throws {@link MissingToolError} when the server was not built.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const tools = temporalServerTools();
  if (tools === null)
    throw new MissingToolError(
      `The full Temporal server is not built (${TEMPORAL_SERVER_HOME}). Run \`npm run setup -- --temporal-server\`.`,
    );
  const postgres = new URL(options.postgresUrl);
  const prefix = options.databasePrefix ?? 'temporal';
  const namespace = options.namespace ?? 'default';
  for (const [database, schema] of [
    [prefix, 'temporal'],
    [`${prefix}_visibility`, 'visibility'],
  ] as const)
    await migrateDatabase(tools, postgres, database, join(tools.schema, schema, 'versioned'));

  const ports = await serverPorts(options.workDir, options.port);
  await mkdir(options.workDir, { recursive: true });
  const dynamicConfigFile = join(options.workDir, 'dynamic-config.yaml');
  const configFile = join(options.workDir, 'temporal.yaml');
  // JSON is YAML: the files are written as JSON, no YAML library needed.
  await writeFile(
    dynamicConfigFile,
    JSON.stringify(
      Object.fromEntries(
        Object.entries({
          'frontend.enableServerVersionCheck': false,
          'frontend.enableUpdateWorkflowExecution': true,
          'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
          'system.forceSearchAttributesCacheRefreshOnRead': true,
          ...options.dynamicConfig,
        }).map(([key, value]) => [key, [{ value }]]),
      ),
    ),
  );
  await writeFile(
    configFile,
    JSON.stringify(serverConfig(postgres, prefix, options.historyShards ?? 4, ports, dynamicConfigFile)),
  );

  const server = await startProcess(
    tools.server,
    ['--config-file', configFile, '--allow-no-auth', 'start'],
    options.onLog,
  );
  const address = `127.0.0.1:${ports.frontend}`;
  let ui: Awaited<ReturnType<typeof startUi>> | null = null;
  const stopAll = async (timeoutMs = 10_000): Promise<StopOutcome> => {
    await ui?.stop(timeoutMs);
    const outcome = await server.stop(timeoutMs);
    if (options.pidFile) await removePidFile(options.pidFile);
    return outcome;
  };
  try {
    const env = await untilServing(address, namespace, options.searchAttributes ?? [], server.ended, server.output);
    if (options.uiPort !== undefined && tools.ui !== null)
      ui = await startUi(tools.ui, join(options.workDir, 'ui'), address, namespace, options.uiPort, options.onLog);
    if (options.pidFile && server.identity) await writePidFile(options.pidFile, server.identity);
    return {
      env,
      address,
      namespace,
      uiUrl: ui?.url,
      process: server.identity,
      async stop(stopOptions = {}) {
        await env.teardown();
        return stopAll(stopOptions.timeoutMs);
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A child in a process group of its own, watched so it dies with this process; its last output kept. */
async function startProcess(path: string, args: readonly string[], onLog: ((line: string) => void) | undefined) {
  const child = spawn(path, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => {
      const text = String(chunk);
      onLog?.(text);
      output.push(text.slice(-1_000));
      if (output.length > 3) output.shift();
    });
  let ended: string | undefined;
  child.once('error', (error) => (ended = error.message));
  child.once('exit', (code, signal) => (ended = signal ?? `exit ${code}`));
  const identity = await processIdentity(child.pid ?? -1);
  if (identity !== undefined) guardWithWatchdog(identity, 'SIGTERM');
  return {
    identity,
    output,
    ended: () => ended,
    stop: (timeoutMs: number): Promise<StopOutcome> =>
      identity === undefined
        ? Promise.resolve('already-gone')
        : stopProcess(identity, { signal: 'SIGTERM', timeoutMs }),
  };
}

/** The Web UI server, pointed at the frontend; returns once its page answers. */
async function startUi(
  path: string,
  workDir: string,
  frontend: string,
  namespace: string,
  port: number,
  onLog: ((line: string) => void) | undefined,
) {
  const uiPort = port === 0 ? await lowFreePort() : port;
  await mkdir(join(workDir, 'config'), { recursive: true });
  const config = JSON.stringify({
    temporalGrpcAddress: frontend,
    host: '127.0.0.1',
    port: uiPort,
    enableUi: true,
    defaultNamespace: namespace,
    cors: { allowOrigins: [], cookieInsecure: true },
    notifyOnNewVersion: false,
    disableNewsFetch: true,
  });
  // The UI server reads `base.yaml`, then the environment's file, from its config folder.
  await writeFile(join(workDir, 'config', 'base.yaml'), config);
  await writeFile(join(workDir, 'config', 'engine.yaml'), config);
  const ui = await startProcess(path, ['--root', workDir, '--config', 'config', '--env', 'engine', 'start'], onLog);
  const url = `http://127.0.0.1:${uiPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const why = ui.ended();
    if (why !== undefined) throw new Error(`the Temporal Web UI exited (${why}): ${ui.output.join('').trim()}`);
    if ((await fetch(url).catch(() => null))?.ok) return { url, stop: ui.stop };
    if (Date.now() > deadline) {
      await ui.stop(5_000);
      throw new Error(`the Temporal Web UI did not answer on ${url} within 30 s: ${ui.output.join('').trim()}`);
    }
    await sleep(200);
  }
}

// Creates the database unless it exists, then brings its schema to the version the schema
// files end at: `setup-schema -v 0.0` (the version table) the first time, `update-schema` always.
async function migrateDatabase(
  tools: NonNullable<ReturnType<typeof temporalServerTools>>,
  postgres: URL,
  database: string,
  versioned: string,
): Promise<void> {
  const admin = new pg.Client({ connectionString: postgres.href });
  await admin.connect();
  let fresh: boolean;
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
    fresh = rowCount === 0;
    if (fresh) await admin.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  const base = [
    '--plugin',
    'postgres12',
    '--ep',
    postgres.hostname,
    '--port',
    postgres.port || '5432',
    '--user',
    decodeURIComponent(postgres.username),
    '--password',
    decodeURIComponent(postgres.password),
    '--db',
    database,
  ];
  const run = (args: string[]) => {
    const result = spawnSync(tools.sql, [...base, ...args], { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(
        `temporal sql tool ${args[0]} on ${database} failed: ${`${result.stdout}${result.stderr}`.trim()}`,
      );
  };
  if (fresh) run(['setup-schema', '-v', '0.0']);
  run(['update-schema', '-d', versioned]);
}

/** The ports of a full server: each service's gRPC port and membership port, and the frontend's HTTP port. */
interface TemporalServerPorts {
  readonly frontend: number;
  readonly frontendHttp: number;
  readonly history: number;
  readonly matching: number;
  readonly worker: number;
  /** The frontend's, history's, matching's and worker's, in that order. */
  readonly membership: readonly [number, number, number, number];
}

/**
 * The server's ports: those it had the last time it ran from `workDir` (kept in `ports.json`
 * there) when they are free and the frontend's is still the one asked for, else free ones, kept
 * for the next start. Why: a server started again after a crash must come back on the same
 * ports, as a deployment's fixed configuration does; its services then rejoin the membership ring
 * as the members they were. On new ports they wait for the dead members to be given up, about a
 * minute during which no timer fires (found by `support-engine chaos`).
 */
async function serverPorts(workDir: string, frontend: number | undefined): Promise<TemporalServerPorts> {
  const file = join(workDir, 'ports.json');
  const kept = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as TemporalServerPorts,
    () => null,
  );
  if (
    kept !== null &&
    (frontend === undefined || kept.frontend === frontend) &&
    (await Promise.all(allPorts(kept).map(isFree))).every(Boolean)
  )
    return kept;
  const ports = await freePorts(frontend);
  await mkdir(workDir, { recursive: true });
  await writeFile(file, JSON.stringify(ports));
  return ports;
}

const allPorts = (ports: TemporalServerPorts) => [
  ports.frontend,
  ports.frontendHttp,
  ports.history,
  ports.matching,
  ports.worker,
  ...ports.membership,
];

/** Free ports for a full server (below 32768, see {@link lowFreePort}); `frontend` pinned when given. */
async function freePorts(frontend?: number): Promise<TemporalServerPorts> {
  return {
    frontend: frontend ?? (await lowFreePort()),
    frontendHttp: await lowFreePort(),
    history: await lowFreePort(),
    matching: await lowFreePort(),
    worker: await lowFreePort(),
    membership: [await lowFreePort(), await lowFreePort(), await lowFreePort(), await lowFreePort()],
  };
}

function serverConfig(
  postgres: URL,
  prefix: string,
  historyShards: number,
  ports: TemporalServerPorts,
  dynamicConfigFile: string,
) {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${postgres.hostname}:${postgres.port || '5432'}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(postgres.username),
      password: decodeURIComponent(postgres.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: historyShards,
      datastores: { default: store(prefix, 20), visibility: store(`${prefix}_visibility`, 4) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: service(ports.frontend, ports.membership[0], { httpPort: ports.frontendHttp }),
      history: service(ports.history, ports.membership[1]),
      matching: service(ports.matching, ports.membership[2]),
      worker: service(ports.worker, ports.membership[3]),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

// Registers the namespace (once the frontend answers) and the search attributes, and returns
// once a client sees both; gives up when the process exits (its last output says why).
async function untilServing(
  address: string,
  namespace: string,
  searchAttributes: readonly SearchAttributeKey<SearchAttributeType>[],
  ended: () => string | undefined,
  output: readonly string[],
): Promise<TestWorkflowEnvironment> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const why = ended();
    if (why !== undefined) throw new Error(`the Temporal server exited (${why}): ${output.join('').trim()}`);
    if (Date.now() > deadline)
      throw new Error(
        `the Temporal server did not serve ${address} within ${READY_TIMEOUT_MS} ms: ${output.join('').trim()}`,
      );
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace }).catch(() => undefined);
    if (env !== undefined) {
      const ready = await register(env, namespace, searchAttributes).catch(() => false);
      if (ready) return env;
      await env.teardown();
    }
    await sleep(500);
  }
}

async function register(
  env: TestWorkflowEnvironment,
  namespace: string,
  searchAttributes: readonly SearchAttributeKey<SearchAttributeType>[],
): Promise<boolean> {
  const service = env.connection.workflowService;
  const known = await service.describeNamespace({ namespace }).then(
    () => true,
    () => false,
  );
  if (!known) {
    await service
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') })
      .catch((error: { code?: number }) => {
        if (error.code !== 6) throw error; // ALREADY_EXISTS: another attempt got there first.
      });
    return false;
  }
  return ensureSearchAttributes(env, namespace, searchAttributes);
}

/** Whether a TCP port of 127.0.0.1 can be listened on now. */
function isFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A free TCP port below 32768: the server stores its membership ports as PostgreSQL `smallint`,
 * so the ephemeral range the OS hands out for port 0 does not fit.
 */
async function lowFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isFree(port)) return port;
  }
  throw new Error('no free port below 32768 after 100 tries');
}
