import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadApiSettings, loadMailInSettings, loadRuntimeConfig } from '../config.js';
import { loadDev } from '../dev/load.js';
import { DEFAULT_DATA_DIR, devPaths } from '../dev/paths.js';
import { DEV_MAIL_IN_ENV, devDeliveryEnv, readOrCreateDevSealKey, readOrCreateDevSecret } from '../dev/secret.js';
import { CliError } from '../errors.js';
import { type CliIo, println } from '../io.js';
import { createLogger } from '../logger.js';
import { installTemporalRuntime } from '../temporal-runtime.js';
import { serve } from './serve.js';

/** Default ports of `dev`, fixed so bookmarks and tokens keep working across restarts. */
export const DEV_PORTS = {
  api: 4000,
  temporal: 7233,
  temporalUi: 8233,
  postgres: 55432,
  smtp: 1025,
  mail: 8025,
  webhooks: 8090,
  mailIn: 2525,
  site: 8088,
} as const;

/** Flags of `support-engine dev`; unset ones fall back to the environment, then to the defaults. */
export interface DevCommandOptions {
  readonly demo: boolean;
  readonly port?: number;
  readonly host?: string;
  readonly temporalPort: number;
  readonly uiPort: number;
  /** False with `--no-ui`. */
  readonly ui: boolean;
  /** Which Temporal server runs: `dev` (the default) or `full`. */
  readonly temporal?: 'dev' | 'full';
  readonly postgresPort: number;
  readonly smtpPort: number;
  readonly mailPort: number;
  readonly webhookPort: number;
  /** The engine's SMTP ingress (mail in). */
  readonly mailInPort: number;
  /** The demo host page embedding the widget. */
  readonly sitePort: number;
  readonly dataDir?: string;
}

/** Stands in for DATABASE_URL and TEMPORAL_ADDRESS while validating: `dev` points them at its own servers. */
const EMBEDDED = { DATABASE_URL: 'postgres://embedded', TEMPORAL_ADDRESS: 'embedded:7233' };

/**
 * `support-engine dev` (what `npm start` runs): validates the environment, then starts the whole
 * engine on embedded servers, prints where everything is and a dev token, and runs until
 * Ctrl-C or SIGTERM.
 */
export async function runDev(options: DevCommandOptions, io: CliIo): Promise<number> {
  const { startDev, assertDevPortsFree, devBanner, ServerSetupError } = await loadDev();
  const paths = devPaths(options.dataDir);
  const host = options.host ?? io.env.HOST ?? '127.0.0.1';
  const port = options.port ?? Number(io.env.PORT ?? DEV_PORTS.api);
  const ports = {
    postgres: options.postgresPort,
    temporal: options.temporalPort,
    temporalUi: options.ui ? options.uiPort : null,
    smtp: options.smtpPort,
    mail: options.mailPort,
    webhooks: options.webhookPort,
    mailIn: options.mailInPort,
    site: options.sitePort,
  };
  // A new data folder has no servers of an earlier run to stop: a port taken now is another
  // program's, refused before the folder and its keys are written (it is checked again once the
  // folder is this run's, after such servers are stopped).
  // (A PORT that is no port is left to the configuration's own check, which names it.)
  if (!existsSync(paths.root) && Number.isInteger(port)) await assertDevPortsFree({ host, port }, ports);
  // Sealed by default, with a key kept in the data folder (unless the environment names its own).
  const devSeals = io.env.SEAL_FILE === undefined ? { SEAL_FILE: paths.seals, SEAL_KEY_FILE: paths.sealKey } : {};
  await mkdir(paths.root, { recursive: true });
  const env = {
    LOG_FORMAT: 'pretty',
    ...devSeals,
    ...(await devDeliveryEnv(paths, options.smtpPort)),
    ...DEV_MAIL_IN_ENV,
    // The widget on, its secret kept in the data folder (unless the environment names its own).
    SUPPORT_WIDGET_SECRET: await readOrCreateDevSecret(paths.widgetSecret),
    // Customers sign in to the help center's "my requests", its secret kept there too.
    SUPPORT_SIGN_IN_SECRET: await readOrCreateDevSecret(paths.signInSecret),
    ...io.env,
    ...EMBEDDED,
    HOST: host,
    PORT: String(options.port ?? io.env.PORT ?? DEV_PORTS.api),
  };
  const config = loadRuntimeConfig(env);
  const mailIn = loadMailInSettings(env);
  if (io.env.SEAL_FILE === undefined) await readOrCreateDevSealKey(paths.sealKey);
  const secret = io.env.SUPPORT_JWT_SECRET || (await readOrCreateDevSecret(paths.jwtSecret));
  // Development: GraphiQL on, and HS256 with the dev secret whatever the environment says about JWKS;
  // the help center on unless the environment turns it off.
  const api = loadApiSettings({
    SUPPORT_PUBLIC_HELP_CENTER: 'true',
    ...env,
    SUPPORT_API_ENV: 'development',
    SUPPORT_JWKS_URL: '',
    SUPPORT_JWT_SECRET: secret,
  });
  const logger = createLogger(config.worker.logLevel, config.logFormat);
  installTemporalRuntime(logger, config.metrics.temporalBind);
  return serve(
    config,
    async (_logger, tracing) => {
      const dev = await startDev({
        paths,
        ports,
        config,
        api,
        secret,
        demo: options.demo,
        logger,
        mailIn,
        ...(tracing === null ? {} : { tracing: tracing.workflowSpans }),
        ...(options.temporal === undefined ? {} : { temporal: options.temporal }),
      }).catch((error: unknown) => {
        // A server that cannot start says what to change: printed alone, like the CLI's own errors.
        throw error instanceof ServerSetupError ? new CliError(error.message, 1, { cause: error }) : error;
      });
      const ownDataDir = resolve(paths.root) === resolve(DEFAULT_DATA_DIR) ? undefined : paths.root;
      return {
        stop: () => dev.stop(),
        ended: dev.engine.ended,
        ready: () => println(io.stdout, devBanner(dev, paths.jwtSecret, ownDataDir)),
      };
    },
    logger,
  );
}
