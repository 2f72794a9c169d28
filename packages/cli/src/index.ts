/**
 * The `support-engine` command and the composition root of the engine: run `createProgram` for
 * the CLI, or compose the engine in your own process with `startEngine`. `startDev` (the engine on
 * embedded servers) is `@support-engine/cli/dev`, apart because it needs the development package
 * `@support-engine/servers`, which production installs leave out.
 */

export { DEV_PORTS } from './commands/dev.js';
export { loadApiSettings, loadRuntimeConfig, type RuntimeConfig } from './config.js';
export { DEFAULT_DATA_DIR, type DevPaths, devPaths } from './dev/paths.js';
export { type EngineOptions, type RunningEngine, startEngine } from './engine.js';
export { CliError, ConfigError } from './errors.js';
export type { CliIo } from './io.js';
export { createLogger, type LogFormat, type Logger } from './logger.js';
export { createProgram } from './program.js';
export { HEALTH_PATH, READY_PATH } from './services/health.js';
