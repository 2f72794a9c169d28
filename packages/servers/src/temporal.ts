import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { MissingToolError, ServerSetupError } from './errors.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { freePort } from './ports.js';
import { type ProcessIdentity, processIdentity, type StopOutcome, stopProcess } from './processes.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { temporalExecutable } from './tools.js';
import { guardWithWatchdog } from './watchdog.js';

/**
 * Starts Temporal's time-skipping test server (a real server whose clock jumps to the
 * next timer when a test awaits a workflow result). One per test file: time skipping is
 * global to the server, so files must not share one.
 */
export async function startTemporalTestServer(): Promise<TestWorkflowEnvironment> {
  const executable = temporalExecutable('test-server');
  return explainFailure('test-server', () =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable, port: undefined } }),
  );
}

/** Options of {@link startTemporalDevServer}. */
export interface DevServerOptions {
  /** gRPC port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Serve the Temporal Web UI (default true). */
  ui?: boolean;
  /** Web UI port; a free one when omitted. */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in memory when omitted. */
  dbFilename?: string;
  /**
   * SQLite pragmas for the file store, e.g. `{ journal_mode: 'wal' }`: write-ahead logging lets
   * the dev server persist many workflow starts per second instead of one fsync'd journal each.
   */
  sqlitePragmas?: Readonly<Record<string, string>>;
  namespace?: string;
  /** Custom search attributes registered at start, so workflows can set and ops filter them. */
  searchAttributes?: SearchAttributeKey<SearchAttributeType>[];
  /** The server's output: its start banner on stdout, its warnings and errors on stderr. Silent by default. */
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Where to record the server's pid and start time while it runs (removed on stop). */
  pidFile?: string;
}

/** A running `temporal server start-dev` and how to reach it. */
export interface RunningDevServer {
  readonly env: TestWorkflowEnvironment;
  /** gRPC address for clients and workers. */
  readonly address: string;
  readonly namespace: string;
  /** Web UI address, when the UI is on. */
  readonly uiUrl: string | undefined;
  /** The server process (in a process group of its own); unknown for a server the SDK downloaded and runs. */
  readonly process: ProcessIdentity | undefined;
  /**
   * Closes the connections, then stops the server with SIGTERM; after `timeoutMs` (10 s by
   * default) its process group is SIGKILLed. The outcome says which happened.
   */
  stop(options?: { timeoutMs?: number }): Promise<StopOutcome>;
}

/**
 * Attempts at starting the dev server when its ports are not pinned. The CLI picks the ports of
 * its internal services itself; one can collide with the ports chosen here, or with another
 * server starting at the same moment (seen: "bind: address already in use", then a panic).
 */
const DEV_SERVER_ATTEMPTS = 3;

/**
 * Starts the full Temporal dev server from the Temporal CLI, with its Web UI, as its own process
 * group, watched so it stops when this process dies (see `guardWithWatchdog`).
 */
export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<RunningDevServer> {
  const executable = temporalExecutable('cli');
  const ui = options.ui ?? true;
  const pinned = options.port !== undefined && (!ui || options.uiPort !== undefined);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(executable, ui, options);
    } catch (error) {
      if (pinned || attempt >= DEV_SERVER_ATTEMPTS) throw error;
    }
  }
}

async function startDevServerOnce(
  executable: ReturnType<typeof temporalExecutable>,
  ui: boolean,
  options: DevServerOptions,
): Promise<RunningDevServer> {
  const port = options.port ?? (await freePort());
  const uiPort = ui ? (options.uiPort ?? (await freePort())) : undefined;
  const namespace = options.namespace ?? 'default';
  const uiUrl = uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`;
  const serverArgs = devServerArgs(port, uiPort, namespace, options);
  if (executable.type === 'cached-download') {
    // Only the SDK knows where its download lives, so it starts (and stops) that server itself.
    const env = await explainFailure('cli', () =>
      TestWorkflowEnvironment.createLocal({
        server: {
          ip: '127.0.0.1',
          port,
          ui,
          ...(uiPort === undefined ? {} : { uiPort }),
          namespace,
          extraArgs: serverArgs.extra,
        },
      }),
    );
    return {
      env,
      address: env.address,
      namespace,
      uiUrl,
      process: undefined,
      async stop() {
        await env.teardown();
        return 'exited';
      },
    };
  }
  const child = spawn(executable.path, [...serverArgs.base, ...serverArgs.extra], {
    // Its own process group: a terminal's Ctrl-C reaches only this process, which stops the
    // worker before the server, and a stop that times out kills the whole group.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const [name, stream] of [
    ['stdout', child.stdout],
    ['stderr', child.stderr],
  ] as const)
    stream?.on('data', (chunk: Buffer) => {
      const text = String(chunk);
      options.onLog?.(text, name);
      output.push(text);
      if (output.length > 20) output.shift();
    });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`));
  });
  const identity = await processIdentity(child.pid ?? -1);
  if (identity !== undefined) guardWithWatchdog(identity, 'SIGTERM');
  const stopServer = (timeoutMs = 10_000): Promise<StopOutcome> =>
    identity === undefined ? Promise.resolve('already-gone') : stopProcess(identity, { signal: 'SIGTERM', timeoutMs });
  try {
    const env = await explainFailure('cli', () =>
      untilServing(`127.0.0.1:${port}`, namespace, options.searchAttributes ?? [], exited, output),
    );
    if (identity === undefined) throw new Error('the Temporal dev server exited right after starting');
    if (options.pidFile) await writePidFile(options.pidFile, identity);
    return {
      env,
      address: env.address,
      namespace,
      uiUrl,
      process: identity,
      async stop(stopOptions = {}) {
        await env.teardown();
        const outcome = await stopServer(stopOptions.timeoutMs);
        if (options.pidFile) await removePidFile(options.pidFile);
        return outcome;
      },
    };
  } catch (error) {
    await stopServer();
    throw error;
  }
}

/** The `temporal server start-dev` flags the SDK itself would pass, plus ours. */
function devServerArgs(
  port: number,
  uiPort: number | undefined,
  namespace: string,
  options: DevServerOptions,
): { base: string[]; extra: string[] } {
  const base = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  base.push('--log-format', 'pretty', '--log-level', 'warn');
  for (const flag of [
    'frontend.enableServerVersionCheck=false',
    'frontend.enableUpdateWorkflowExecution=true',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  ])
    base.push('--dynamic-config-value', flag);
  base.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (options.dbFilename !== undefined) base.push('--db-filename', options.dbFilename);
  const extra = [
    ...(options.searchAttributes ?? []).flatMap(({ name, type }) => [
      '--search-attribute',
      `${name}=${TypedSearchAttributes.toMetadataType(type)}`,
    ]),
    ...Object.entries(options.sqlitePragmas ?? {}).flatMap(([name, value]) => ['--sqlite-pragma', `${name}=${value}`]),
  ];
  return { base, extra };
}

/** How long a fresh dev server may take to serve its namespace (a cold SQLite file takes a few seconds). */
const READY_TIMEOUT_MS = 60_000;

// Connects once the server answers for its namespace with every requested search attribute
// registered (registering those an older data folder lacks); gives up when the process exits (its last output says why) or after the timeout.
async function untilServing(
  address: string,
  namespace: string,
  searchAttributes: readonly SearchAttributeKey<SearchAttributeType>[],
  exited: Promise<string>,
  output: readonly string[],
): Promise<TestWorkflowEnvironment> {
  let ended: string | undefined;
  void exited.then((why) => {
    ended = why;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (ended !== undefined) throw new Error(`the Temporal dev server exited (${ended}): ${output.join('').trim()}`);
    if (Date.now() > deadline)
      throw new ServerSetupError(
        `The Temporal dev server started but did not serve ${address} within ${READY_TIMEOUT_MS} ms: nothing is missing, and a busy machine may need another try.`,
      );
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace }).catch(() => undefined);
    if (env !== undefined) {
      const ready = await ensureSearchAttributes(env, namespace, searchAttributes).catch(() => false);
      if (ready) return env;
      await env.teardown();
    }
    await sleep(200);
  }
}

// The SDK's own errors for a failed download or a binary that will not start do not say
// what to install; wrap them with the fix.
async function explainFailure<T>(tool: 'cli' | 'test-server', start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    // A server that started but did not answer in time lacks no tool: no install is suggested.
    if (error instanceof ServerSetupError) throw error;
    const hint =
      tool === 'cli'
        ? 'Run `npm run setup` or set TEMPORAL_CLI_PATH to a Temporal CLI binary.'
        : 'Run `npm run setup` or set TEMPORAL_TEST_SERVER_PATH to a temporal-test-server binary.';
    throw new MissingToolError(`Could not start the Temporal ${tool}: ${(error as Error).message}\n  ${hint}`, {
      cause: error,
    });
  }
}
