export { MissingToolError, ServerSetupError } from './errors.js';
export {
  type CaughtMail,
  type MailCatcherOptions,
  type RunningMailCatcher,
  startMailCatcher,
} from './mail-catcher.js';
export { type Orphan, reapOrphan } from './pid-file.js';
export { portHolder } from './port-holder.js';
export { freePort } from './ports.js';
export { type RunningPostgres, type StartPostgresOptions, startPostgres } from './postgres.js';
export { type ProcessIdentity, processIdentity, type StopOutcome } from './processes.js';
export {
  type DevServerOptions,
  type RunningDevServer,
  startTemporalDevServer,
  startTemporalTestServer,
} from './temporal.js';
export { type TemporalTool, TOOLS_DIR, temporalExecutable } from './tools.js';
