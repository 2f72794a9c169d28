export { freePort } from './ports.js';
export { type RunningPostgres, type StartPostgresOptions, startPostgres } from './postgres.js';
export {
  type DevServerOptions,
  type RunningDevServer,
  startTemporalDevServer,
  startTemporalTestServer,
} from './temporal.js';
export { MissingToolError, type TemporalTool, TOOLS_DIR, temporalExecutable } from './tools.js';
