import {
  type ApiConfig,
  ApiConfigError,
  type AttachmentStoreConfig,
  AttachmentStoreConfigError,
  loadApiConfig,
  loadAttachmentStoreConfig,
} from '@support-engine/api';
import { type DeliveryConfig, loadDeliveryConfig } from '@support-engine/delivery';
import { loadMailInConfig, type MailInConfig, MailInConfigError } from '@support-engine/mail-in';
import { loadRouterConfig, type RouterConfig } from '@support-engine/routing';
import { loadConfig as loadWorkerConfig, type WorkerConfig } from '@support-engine/workflows';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import type { LogFormat } from './logger.js';
import type { ReadinessLimits } from './services/readiness.js';
import type { TracingConfig } from './tracing.js';

const PORT_RANGE = 'expected a port number (1-65535)';
const Port = z
  .string()
  .regex(/^\d+$/, 'expected a port number')
  .transform(Number)
  .pipe(z.number().int().min(1, PORT_RANGE).max(65_535, PORT_RANGE));

/**
 * The variables only the command itself reads. The worker's (`DATABASE_URL`, `TEMPORAL_*`,
 * `LOG_LEVEL`, timings, reactor), the router's (`ROUTING_MODE`, `ROUTER_*`), delivery's (`SMTP_URL`,
 * `WEBHOOK_*`, `VAPID_*`, `DELIVERY_*`, `NOTIFIER_*`) and the API's
 * (`SUPPORT_JWT_*`, `SUPPORT_API_*`) are parsed by their own packages' parsers, so each variable
 * is declared exactly once.
 */
const CliEnv = z
  .object({
    /** Interface the API listens on; all of them by default, as a container needs. */
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: Port.default(4000),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    /**
     * Every long-running command (`api`, `worker`, `projector`, `dev`) serves `/metrics` and
     * `/healthz` on this port (on HOST), apart from the API's PORT; unset, it serves none.
     */
    METRICS_PORT: Port.optional(),
    /**
     * How long a scrape's reading of the lags (and the delivery backlog) is served again, in ms: a
     * burst of scrapes costs the database one reading. 0 reads at every scrape.
     */
    METRICS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /**
     * `host:port` where the worker's Temporal SDK runtime serves its own Prometheus metrics
     * (workflow and activity task latencies, schedule-to-start, sticky cache, polls); unset: none.
     */
    /** An OTLP/HTTP collector: each process sends its traces to `<url>/v1/traces`; unset, none are kept. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    /** The service name traces carry. */
    OTEL_SERVICE_NAME: z.string().min(1).default('support-engine'),
    TEMPORAL_METRICS_BIND: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, for example 0.0.0.0:9464')
      .optional(),
    /**
     * Refused for now: the worker (`runWorker`) and the API's history verification run on the
     * PostgreSQL event store only, so pointing part of the engine at EventStoreDB would split the log.
     */
    EVENTSTOREDB_URL: z
      .string()
      .optional()
      .refine((value) => value === undefined, {
        message:
          'the worker and the API run on the PostgreSQL event store only (EventStoreDB is served by the eventstore adapter and its contract tests); unset it',
      }),
    /** `/readyz` fails while any projection is more than this many events behind the log. */
    READY_MAX_LAG_EVENTS: z.coerce.number().int().min(0).default(1_000),
    /**
     * `/readyz` fails while the oldest event any projection has not applied has waited longer than
     * this: a projector that stopped (or is not running) shows before the events pile up.
     */
    READY_MAX_LAG_SECONDS: z.coerce.number().int().min(1).default(120),
    /** Longest a graceful shutdown may take before the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
    /**
     * The append-only seal file (JSON lines) the worker's sealer writes and verification reads; on
     * storage the database host cannot write (docs/threat-model.md). Unset: no seals, the unkeyed
     * hash chain alone.
     */
    SEAL_FILE: z.string().min(1).optional(),
    /** PEM file of the Ed25519 private key seals are signed with (the sealer needs it; never in the database). */
    SEAL_KEY_FILE: z.string().min(1).optional(),
    /** PEM file of the matching public key, for processes that only verify (the API, `audit`). */
    SEAL_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    /** How often the sealer seals what the log gained: the longest an event stays unsealed. */
    SEAL_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  })
  .superRefine((env, context) => {
    const keyed = env.SEAL_KEY_FILE !== undefined || env.SEAL_PUBLIC_KEY_FILE !== undefined;
    if (env.SEAL_FILE !== undefined && !keyed) {
      context.addIssue({ code: 'custom', path: ['SEAL_FILE'], message: 'needs SEAL_KEY_FILE or SEAL_PUBLIC_KEY_FILE' });
    }
    if (env.SEAL_FILE === undefined && keyed) {
      context.addIssue({ code: 'custom', path: ['SEAL_FILE'], message: 'is not set, but a seal key is' });
    }
  });

/** Where seals are kept and with which keys; `null` when the deployment does not seal. */
export interface SealConfig {
  readonly file: string;
  /** Only the sealer (the worker, `dev`) needs it. */
  readonly keyFile: string | undefined;
  /** Verifiers read the public key from here, else derive it from `keyFile`. */
  readonly publicKeyFile: string | undefined;
  readonly intervalMs: number;
}

/** What every long-running command (`api`, `worker`, `projector`, `dev`) and the maintenance commands need. */
export interface RuntimeConfig {
  /** Database, Temporal address, namespace and task queue, workflow timings, reactor, log level. */
  readonly worker: WorkerConfig;
  /** Automatic or manual routing, and how the router runs. */
  readonly router: RouterConfig;
  /** Notifications and webhooks: which channels are on and how they are sent. */
  readonly delivery: DeliveryConfig;
  readonly http: { readonly host: string; readonly port: number };
  /**
   * The ops endpoint of every long-running process (`METRICS_PORT`), how long its database
   * readings are kept (`METRICS_CACHE_MS`), and the Temporal runtime's (`TEMPORAL_METRICS_BIND`).
   */
  readonly metrics: { readonly port: number | null; readonly cacheMs: number; readonly temporalBind: string | null };
  /** Where traces go (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SERVICE_NAME`); `null`: nowhere. */
  readonly tracing: TracingConfig | null;
  readonly logFormat: LogFormat;
  readonly readiness: ReadinessLimits;
  readonly shutdownTimeoutMs: number;
  readonly seals: SealConfig | null;
  /** Where the API keeps attachment bytes (`ATTACHMENT_STORE`, `ATTACHMENT_DIR`, `S3_*`). */
  readonly attachments: AttachmentStoreConfig;
}

/**
 * Reads the runtime configuration from the environment. Throws a {@link ConfigError} that names
 * every invalid or missing variable. A variable set to nothing (`NAME=`) counts as unset.
 */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv): RuntimeConfig {
  const runtime = runtimeConfig(setOnly(env));
  if (runtime.value === undefined) throw invalid(runtime.problems);
  return runtime.value;
}

/**
 * The runtime configuration and the API's, for the `api` command: one message names every bad
 * variable of either.
 */
export function loadApiCommandConfig(env: NodeJS.ProcessEnv): { runtime: RuntimeConfig; api: ApiConfig } {
  const set = setOnly(env);
  const runtime = runtimeConfig(set);
  const api = apiSettings(set);
  if (runtime.value === undefined || api.value === undefined) throw invalid([...runtime.problems, ...api.problems]);
  return { runtime: runtime.value, api: api.value };
}

/**
 * The runtime configuration and the mail ingress's (`MAIL_IN_*`, `MAIL_THREAD_KEY`,
 * `MAIL_OWN_ADDRESSES`), for the `mail-in` command: one message names every bad variable of either.
 */
export function loadMailInCommandConfig(env: NodeJS.ProcessEnv): { runtime: RuntimeConfig; mailIn: MailInConfig } {
  const set = setOnly(env);
  const runtime = runtimeConfig(set);
  const mailIn = mailInSettings(set);
  if (runtime.value === undefined || mailIn.value === undefined)
    throw invalid([...runtime.problems, ...mailIn.problems]);
  return { runtime: runtime.value, mailIn: mailIn.value };
}

/** The mail ingress's configuration from its own parser, its errors naming the variables. */
export function loadMailInSettings(env: NodeJS.ProcessEnv): MailInConfig {
  const mailIn = mailInSettings(setOnly(env));
  if (mailIn.value === undefined) throw invalid(mailIn.problems);
  return mailIn.value;
}

const mailInSettings = (env: NodeJS.ProcessEnv) => namedProblems(() => loadMailInConfig(env), MailInConfigError);

/** The environment without its empty variables: `NAME=` means unset, as in most deployment tools. */
function setOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

function runtimeConfig(env: NodeJS.ProcessEnv): { value?: RuntimeConfig; problems: string[] } {
  const cli = CliEnv.safeParse(env);
  const worker = parsed(() => loadWorkerConfig(env));
  const router = parsed(() => loadRouterConfig(env));
  const delivery = parsed(() => loadDeliveryConfig(env));
  const attachments = attachmentStore(env);
  const problems = [
    ...attachments.problems,
    ...(cli.success ? [] : zodProblems(cli.error)),
    ...worker.problems,
    ...router.problems,
    ...delivery.problems,
  ];
  if (
    !cli.success ||
    worker.value === undefined ||
    router.value === undefined ||
    delivery.value === undefined ||
    attachments.value === undefined
  ) {
    return { problems };
  }
  const value: RuntimeConfig = {
    worker: worker.value,
    router: router.value,
    delivery: delivery.value,
    http: { host: cli.data.HOST, port: cli.data.PORT },
    metrics: {
      port: cli.data.METRICS_PORT ?? null,
      cacheMs: cli.data.METRICS_CACHE_MS,
      temporalBind: cli.data.TEMPORAL_METRICS_BIND ?? null,
    },
    tracing:
      cli.data.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
        ? null
        : { endpoint: cli.data.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: cli.data.OTEL_SERVICE_NAME },
    logFormat: cli.data.LOG_FORMAT,
    readiness: { maxLagEvents: cli.data.READY_MAX_LAG_EVENTS, maxLagSeconds: cli.data.READY_MAX_LAG_SECONDS },
    shutdownTimeoutMs: cli.data.SHUTDOWN_TIMEOUT_MS,
    attachments: attachments.value,
    seals:
      cli.data.SEAL_FILE === undefined
        ? null
        : {
            file: cli.data.SEAL_FILE,
            keyFile: cli.data.SEAL_KEY_FILE,
            publicKeyFile: cli.data.SEAL_PUBLIC_KEY_FILE,
            intervalMs: cli.data.SEAL_INTERVAL_MS,
          },
  };
  return { value, problems: [] };
}

/**
 * The API's configuration from its own parser (`loadApiConfig`), with its errors restated in
 * terms of the environment variables that feed each setting.
 */
export function loadApiSettings(env: NodeJS.ProcessEnv): ApiConfig {
  const api = apiSettings(setOnly(env));
  if (api.value === undefined) throw invalid(api.problems);
  return api.value;
}

const apiSettings = (env: NodeJS.ProcessEnv) => namedProblems(() => loadApiConfig(env), ApiConfigError);

const attachmentStore = (env: NodeJS.ProcessEnv) =>
  namedProblems(() => loadAttachmentStoreConfig(env), AttachmentStoreConfigError);

/** The error a package's parser throws, naming each variable it refused. */
type VariableProblems = new (
  ...args: never[]
) => Error & { readonly problems: readonly { variable: string; message: string }[] };

/** A package parser's result, or its problems (so one message can name every bad variable). */
function namedProblems<T>(load: () => T, errorType: VariableProblems): { value?: T; problems: string[] } {
  try {
    return { value: load(), problems: [] };
  } catch (error) {
    if (!(error instanceof errorType)) throw error;
    return { problems: error.problems.map((p) => `${p.variable}: ${describe(p.message)}`) };
  }
}

function parsed<T>(load: () => T): { value?: T; problems: string[] } {
  try {
    return { value: load(), problems: [] };
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    return { problems: zodProblems(error) };
  }
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${describe(issue.message)}`);
}

// zod's wording for an absent variable ("expected string, received undefined") reads as a type
// error, and for a number that is not one ("expected number, received NaN") names NaN, which
// nobody typed.
const describe = (message: string) => {
  if (/received undefined$/.test(message)) return 'is not set';
  if (/expected number, received NaN$/.test(message)) return 'expected a number';
  return message;
};

function invalid(problems: readonly string[]): ConfigError {
  return new ConfigError(`Invalid configuration:\n${problems.map((problem) => `  ✖ ${problem}`).join('\n')}`);
}
