import { z } from 'zod';

/**
 * How tokens are verified: an HS256 shared secret (development, tests, the `token` command) or
 * the identity provider's JWKS URL (production). Never both, so a deployment cannot silently
 * accept tokens signed with a leaked development secret.
 */
export const AuthConfig = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('hs256'), secret: z.string().min(32, 'use a secret of at least 32 characters') }).strict(),
  z
    .object({
      mode: z.literal('jwks'),
      jwksUrl: z.url(),
      issuer: z.string().min(1).optional(),
      audience: z.string().min(1).optional(),
    })
    .strict(),
]);
export type AuthConfig = z.infer<typeof AuthConfig>;

/** Everything an API deployment may tune; {@link defaultApiConfig} documents the defaults. */
export const ApiConfig = z
  .object({
    /** `development` turns GraphiQL on and adds error details to logs. */
    environment: z.enum(['development', 'production']),
    auth: AuthConfig,
    /** Largest request body, in bytes. */
    bodyLimit: z.number().int().min(1_024).max(10_000_000),
    /** Requests per client (token subject, else IP) per window. */
    rateLimit: z.object({ max: z.number().int().min(1), windowMs: z.number().int().min(1) }).strict(),
    /** Deepest selection a query may have (introspection fields excluded). */
    maxDepth: z.number().int().min(2).max(50),
    /** Highest estimated cost a query may have (fields weighted by list sizes). */
    maxComplexity: z.number().int().min(10),
    /** Most events one request may replay for past views (`ticket(asOf:)`): beyond, REPLAY_BUDGET_EXCEEDED. */
    maxReplayEvents: z.number().int().min(1),
    /** Longest a query waits for the read models to reach a consistency token. */
    consistencyWaitMs: z.number().int().min(0).max(60_000),
    /** Origins allowed by CORS; none by default (same-origin only). */
    corsOrigins: z.array(z.string().min(1)),
  })
  .strict();
export type ApiConfig = z.infer<typeof ApiConfig>;

/** The defaults: generous enough for dashboards, tight enough to refuse abuse. */
export const API_CONFIG_DEFAULTS: Omit<ApiConfig, 'auth' | 'environment'> = {
  bodyLimit: 100_000,
  rateLimit: { max: 600, windowMs: 60_000 },
  maxDepth: 10,
  maxComplexity: 10_000,
  // A cold 10,000-event ticket (no snapshot yet) still answers; snapshots keep later reads small.
  maxReplayEvents: 20_000,
  consistencyWaitMs: 5_000,
  corsOrigins: [],
};

/** A complete, validated configuration from the given parts and the defaults. */
export function defaultApiConfig(overrides: Partial<ApiConfig> & Pick<ApiConfig, 'auth' | 'environment'>): ApiConfig {
  return ApiConfig.parse({ ...API_CONFIG_DEFAULTS, ...overrides });
}

/** Which environment variable feeds each setting, so errors name what the operator sets. */
const VARIABLE_OF: Readonly<Record<string, string>> = {
  environment: 'SUPPORT_API_ENV',
  'auth.secret': 'SUPPORT_JWT_SECRET',
  'auth.jwksUrl': 'SUPPORT_JWKS_URL',
  'auth.issuer': 'SUPPORT_JWT_ISSUER',
  'auth.audience': 'SUPPORT_JWT_AUDIENCE',
  bodyLimit: 'SUPPORT_API_BODY_LIMIT',
  'rateLimit.max': 'SUPPORT_API_RATE_MAX',
  'rateLimit.windowMs': 'SUPPORT_API_RATE_WINDOW_MS',
  maxDepth: 'SUPPORT_API_MAX_DEPTH',
  maxComplexity: 'SUPPORT_API_MAX_COMPLEXITY',
  maxReplayEvents: 'SUPPORT_API_MAX_REPLAY_EVENTS',
  consistencyWaitMs: 'SUPPORT_API_CONSISTENCY_WAIT_MS',
  corsOrigins: 'SUPPORT_API_CORS_ORIGINS',
};

/** The environment does not describe a valid API configuration; `problems` name the variables. */
export class ApiConfigError extends Error {
  override readonly name = 'ApiConfigError';

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid API configuration:\n${problems.map((p) => `✖ ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Reads the configuration from environment variables: `SUPPORT_API_ENV`, `SUPPORT_JWT_SECRET`
 * or `SUPPORT_JWKS_URL` (+ `SUPPORT_JWT_ISSUER`, `SUPPORT_JWT_AUDIENCE`), `SUPPORT_API_BODY_LIMIT`,
 * `SUPPORT_API_RATE_MAX`, `SUPPORT_API_RATE_WINDOW_MS`, `SUPPORT_API_MAX_DEPTH`,
 * `SUPPORT_API_MAX_COMPLEXITY`, `SUPPORT_API_MAX_REPLAY_EVENTS`, `SUPPORT_API_CONSISTENCY_WAIT_MS`, `SUPPORT_API_CORS_ORIGINS`
 * (comma-separated). Throws an {@link ApiConfigError} naming each offending variable.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const number = (name: string) => (env[name] === undefined ? undefined : Number(env[name]));
  const auth = env.SUPPORT_JWKS_URL
    ? {
        mode: 'jwks',
        jwksUrl: env.SUPPORT_JWKS_URL,
        issuer: env.SUPPORT_JWT_ISSUER,
        audience: env.SUPPORT_JWT_AUDIENCE,
      }
    : { mode: 'hs256', secret: env.SUPPORT_JWT_SECRET };
  const candidate = {
    environment: env.SUPPORT_API_ENV ?? 'production',
    auth,
    bodyLimit: number('SUPPORT_API_BODY_LIMIT') ?? API_CONFIG_DEFAULTS.bodyLimit,
    rateLimit: {
      max: number('SUPPORT_API_RATE_MAX') ?? API_CONFIG_DEFAULTS.rateLimit.max,
      windowMs: number('SUPPORT_API_RATE_WINDOW_MS') ?? API_CONFIG_DEFAULTS.rateLimit.windowMs,
    },
    maxDepth: number('SUPPORT_API_MAX_DEPTH') ?? API_CONFIG_DEFAULTS.maxDepth,
    maxComplexity: number('SUPPORT_API_MAX_COMPLEXITY') ?? API_CONFIG_DEFAULTS.maxComplexity,
    maxReplayEvents: number('SUPPORT_API_MAX_REPLAY_EVENTS') ?? API_CONFIG_DEFAULTS.maxReplayEvents,
    consistencyWaitMs: number('SUPPORT_API_CONSISTENCY_WAIT_MS') ?? API_CONFIG_DEFAULTS.consistencyWaitMs,
    corsOrigins: env.SUPPORT_API_CORS_ORIGINS?.split(',').filter(Boolean) ?? API_CONFIG_DEFAULTS.corsOrigins,
  };
  const parsed = ApiConfig.safeParse(candidate);
  if (!parsed.success) {
    throw new ApiConfigError(
      parsed.error.issues.map((issue) => {
        const setting = issue.path.join('.');
        return { variable: VARIABLE_OF[setting] ?? setting, message: issue.message };
      }),
    );
  }
  return parsed.data;
}
