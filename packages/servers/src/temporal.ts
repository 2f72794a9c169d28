import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from './ports.js';
import { MissingToolError, temporalExecutable } from './tools.js';

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
}

/** A running `temporal server start-dev` and how to reach it. */
export interface RunningDevServer {
  readonly env: TestWorkflowEnvironment;
  /** gRPC address for clients and workers. */
  readonly address: string;
  readonly namespace: string;
  /** Web UI address, when the UI is on. */
  readonly uiUrl: string | undefined;
  stop(): Promise<void>;
}

/**
 * Attempts at starting the dev server when its ports are not pinned. The CLI picks the ports of
 * its internal services itself; one can collide with the ports chosen here, or with another
 * server starting at the same moment (seen: "bind: address already in use", then a panic).
 */
const DEV_SERVER_ATTEMPTS = 3;

/** Starts the full Temporal dev server from the Temporal CLI, with its Web UI. */
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
  const env = await explainFailure('cli', () =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        ip: '127.0.0.1',
        port,
        ui,
        ...(uiPort === undefined ? {} : { uiPort }),
        ...(options.dbFilename === undefined ? {} : { dbFilename: options.dbFilename }),
        namespace,
        searchAttributes: options.searchAttributes ?? [],
        extraArgs: Object.entries(options.sqlitePragmas ?? {}).flatMap(([name, value]) => [
          '--sqlite-pragma',
          `${name}=${value}`,
        ]),
        log: { format: 'pretty', level: 'warn' },
      },
    }),
  );
  return {
    env,
    address: env.address,
    namespace,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    stop: () => env.teardown(),
  };
}

// The SDK's own errors for a failed download or a binary that will not start do not say
// what to install; wrap them with the fix.
async function explainFailure<T>(tool: 'cli' | 'test-server', start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof MissingToolError) throw error;
    const hint =
      tool === 'cli'
        ? 'Run `npm run setup` or set TEMPORAL_CLI_PATH to a Temporal CLI binary.'
        : 'Run `npm run setup` or set TEMPORAL_TEST_SERVER_PATH to a temporal-test-server binary.';
    throw new MissingToolError(`Could not start the Temporal ${tool}: ${(error as Error).message}\n  ${hint}`, {
      cause: error,
    });
  }
}
