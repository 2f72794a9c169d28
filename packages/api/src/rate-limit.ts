import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Plugin } from 'graphql-yoga';
import type { ApiServer } from './api-server.js';
import type { RequestPrincipal } from './auth/request.js';
import type { ApiConfig, TrustProxy } from './config.js';
import { ApiError } from './errors/codes.js';
import { rootFieldsOf } from './graphql/limits.js';

/**
 * Spends `units` more of the request's client's budget; resolves to the seconds until the budget
 * refills when it runs out, `null` while it lasts.
 */
export type ChargeRequest = (req: FastifyRequest, units: number) => Promise<number | null>;

/**
 * Registers the per-client rate limit: every HTTP request spends one unit of its client's budget
 * before anything else runs. A client is the subject of a verified token, so a user keeps their
 * budget whatever address they share with others, and cannot spend anyone else's by naming
 * them in a token that does not verify (that request is charged to its address, as anonymous
 * ones are). The address is the peer's, or the forwarded client's behind a trusted proxy
 * (`config.trustProxy`, given to fastify). Returns the charge {@link useRootFieldCharge} needs.
 */
export async function registerRateLimit(
  app: ApiServer,
  config: ApiConfig,
  principalOf: RequestPrincipal,
): Promise<ChargeRequest> {
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: async (req) => {
      // A bad token is refused later, by the GraphQL context, with UNAUTHENTICATED.
      const principal = await principalOf(req).catch(() => null);
      return principal === null ? `address:${normalizeIP(req.ip)}` : `subject:${principal.id}`;
    },
  });
  // Same store, same key: the units an operation spends beyond its request's one.
  const spendOne = app.createRateLimit();
  return async (req, units) => {
    for (let spent = 0; spent < units; spent++) {
      const outcome = await spendOne(req);
      if (!outcome.isAllowed && outcome.isExceeded) return outcome.ttlInSeconds;
    }
    return null;
  };
}

/**
 * Makes an operation with n root fields spend n units of its client's budget (its request paid
 * the first), before any of them runs: each root field is a call of its own, so 20 aliased
 * mutations in one document cost what 20 requests do. Past the budget, nothing runs and the
 * answer is `RATE_LIMITED` with HTTP 429 and `Retry-After`.
 */
export function useRootFieldCharge(charge: ChargeRequest): Plugin<{ req: FastifyRequest }> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const extra = rootFieldsOf(args.document, args.operationName).size - 1;
      if (extra <= 0) return;
      const retryAfter = await charge(args.contextValue.req, extra);
      if (retryAfter === null) return;
      setResultAndStopExecution({ errors: [rateLimited(retryAfter)] });
    },
  };
}

/** The `RATE_LIMITED` refusal, answered over HTTP with status 429 and `Retry-After`. */
export function rateLimited(retryAfter: number): ApiError {
  return new ApiError('RATE_LIMITED', `Rate limit exceeded, retry in ${retryAfter} s`, {
    http: { status: 429, headers: { 'retry-after': String(retryAfter) } },
  });
}

/**
 * The `trustProxy` option of fastify for the setting: a hop count trusts that many proxies
 * nearest the server (fastify's types only take it as a function).
 */
export function trustProxyOption(
  setting: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
