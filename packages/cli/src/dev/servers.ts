import {
  type RunningDevServer,
  type RunningPostgres,
  startPostgres,
  startTemporalDevServer,
} from '@support-engine/servers';
import { TICKET_SEARCH_ATTRIBUTES } from '@support-engine/workflows';
import type { Logger } from '../logger.js';
import type { DevPaths } from './paths.js';

/** The database the engine uses on the embedded server. */
export const DEV_DATABASE = 'support_engine';

/** The embedded servers the dev command runs. */
export interface DevServers {
  readonly databaseUrl: string;
  readonly temporal: RunningDevServer;
  /** Stops Temporal, then PostgreSQL; their data stays in the data folder. */
  stop(): Promise<void>;
}

/** Ports of the embedded servers. */
export interface DevServerPorts {
  readonly postgres: number;
  readonly temporal: number;
  /** The Temporal Web UI's port, or `null` without the UI. */
  readonly temporalUi: number | null;
}

/**
 * Starts embedded PostgreSQL on `paths.postgres` (creating the engine's database on first run)
 * and `temporal server start-dev` on `paths.temporalDb` with the ticket search attributes
 * registered, so the Temporal UI can filter on `TicketStatus` and friends.
 */
export async function startDevServers(
  paths: DevPaths,
  ports: DevServerPorts,
  namespace: string,
  logger: Logger,
): Promise<DevServers> {
  const postgresLog = logger.child({ component: 'postgres' });
  const postgres = await startPostgres({
    dataDir: paths.postgres,
    port: ports.postgres,
    onLog: (line) => postgresLog.debug(line.trim()),
  });
  try {
    const databaseUrl = await ensureDatabase(postgres, DEV_DATABASE);
    const temporal = await startTemporalDevServer({
      port: ports.temporal,
      ui: ports.temporalUi !== null,
      ...(ports.temporalUi === null ? {} : { uiPort: ports.temporalUi }),
      dbFilename: paths.temporalDb,
      sqlitePragmas: { journal_mode: 'wal' },
      namespace,
      searchAttributes: [...TICKET_SEARCH_ATTRIBUTES],
    });
    return {
      databaseUrl,
      temporal,
      async stop() {
        await temporal.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
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
