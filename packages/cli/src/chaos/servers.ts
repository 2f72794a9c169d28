import { appendFile, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type RunningDevServer,
  type RunningPostgres,
  startPostgres,
  startTemporalDevServer,
  startTemporalServer,
} from '@support-engine/servers';
import { WORKFLOW_SEARCH_ATTRIBUTES } from '@support-engine/workflows';

/** A server the chaos run kills (SIGKILL to its whole process group) and starts again on the same data and port. */
export interface SupervisedServer {
  readonly name: 'postgres' | 'temporal';
  /** SIGKILL to the server and everything it started; resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same data and port; resolves once it serves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function killGroup(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    return;
  }
  // Gone once signal 0 fails.
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The engine's PostgreSQL, its data kept under `dir` so a kill is followed by crash recovery, not
 * a fresh cluster. With `partition`, it also listens on the host's end of the run's veth pair and
 * lets the namespace's address in (password, as from 127.0.0.1).
 */
export async function startSupervisedPostgres(
  dir: string,
  partition?: { readonly hostAddress: string; readonly namespaceAddress: string },
): Promise<SupervisedServer & { readonly current: () => RunningPostgres }> {
  const dataDir = join(dir, 'postgres', 'data');
  await mkdir(join(dir, 'postgres'), { recursive: true });
  // The server runs as the postgres user when we are root: it must be able to enter the folders.
  await chmod(dir, 0o755);
  await chmod(join(dir, 'postgres'), 0o755);
  const settings: Record<string, string> = partition ? { listen_addresses: `127.0.0.1,${partition.hostAddress}` } : {};
  let running = await startPostgres({ dataDir, settings });
  const port = running.port;
  if (partition) {
    await appendFile(join(dataDir, 'pg_hba.conf'), `host all all ${partition.namespaceAddress}/32 password\n`);
    // Read again on SIGHUP (pg_reload_conf), long before the partitioned process first connects.
    process.kill(running.process.pid, 'SIGHUP');
  }
  return {
    name: 'postgres',
    current: () => running,
    kill: () => killGroup(running.process.pid),
    async restart() {
      running = await startPostgres({ dataDir, port, settings });
    },
    async stop() {
      await running.stop();
    },
  };
}

/** Which Temporal the run uses: the dev server (SQLite), or the full server on the engine's PostgreSQL. */
export type ChaosTemporal = 'dev' | 'full';

/**
 * Temporal, killed and started again on its data and port. `dev`: the dev server on a SQLite file
 * under `dir` (write-ahead logged), so a kill loses nothing it acknowledged. `full`: the full
 * server (frontend, history, matching and worker services in one process, built by `npm run setup
 * -- --temporal-server`) on its own databases of the run's PostgreSQL (`postgresUrl`, a
 * superuser's), on the same ports each time: a restart migrates nothing new and carries on from
 * the shards it finds there, and killing PostgreSQL takes Temporal's persistence down with the
 * engine's, as a shared cluster does.
 */
export async function startSupervisedTemporal(
  dir: string,
  namespace: string,
  kind: ChaosTemporal = 'dev',
  postgresUrl?: string,
): Promise<SupervisedServer & { readonly address: string }> {
  const common = { namespace, searchAttributes: [...WORKFLOW_SEARCH_ATTRIBUTES] };
  const start = (port?: number): Promise<RunningDevServer> => {
    const pinned = port === undefined ? {} : { port };
    if (kind === 'dev')
      return startTemporalDevServer({
        ...common,
        ...pinned,
        ui: false,
        dbFilename: join(dir, 'temporal.db'),
        sqlitePragmas: { journal_mode: 'wal' },
      });
    if (postgresUrl === undefined) throw new Error('chaos: the full Temporal server needs a PostgreSQL');
    // Its work folder keeps its ports: started again, it comes back on the same ones.
    return startTemporalServer({ ...common, postgresUrl, workDir: join(dir, 'temporal-server') });
  };
  let running = await start();
  const port = Number(running.address.split(':').at(-1));
  return {
    name: 'temporal',
    address: running.address,
    async kill() {
      const pid = running.process?.pid;
      // The handle's client connection only: the server itself is killed below.
      void running.env.teardown().catch(() => {});
      if (pid !== undefined) await killGroup(pid);
    },
    async restart() {
      running = await start(port);
    },
    async stop() {
      await running.stop();
    },
  };
}
