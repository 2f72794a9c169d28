import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Plugin } from 'graphql-yoga';
import type { ApiServer } from './api-server.js';
import type { RequestPrincipal } from './auth/request.js';
import type { ApiConfig, TrustProxy } from './config.js';
import { ApiError } from './errors/codes.js';
import { errorBody } from './errors/http.js';
import { rootFieldsOf } from './graphql/limits.js';

/** What a charge left: the units still in the budget, and when it ran out the seconds until it refills. */
export interface Charged {
  readonly remaining: number;
  readonly retryAfter: number | null;
}

/** Spends `units` more of the request's client's budget. */
export type ChargeRequest = (req: FastifyRequest, units: number) => Promise<Charged>;

/**
 * Registers the per-client rate limit: every HTTP request spends one unit of its client's budget
 * before anything else runs. A client is the subject of a verified token, so a user keeps their
 * budget whatever address they share with others, and cannot spend anyone else's by naming
 * them in a token that does not verify (that request is charged to its address, as anonymous
 * ones are). The address is the peer's, or the forwarded client's behind a trusted proxy
 * (`config.trustProxy`, given to fastify); a request the mounted help center sent for a visitor
 * (`relayedAddressOf`, see `VisitorRelay`) spends that visitor's address's budget, whatever its
 * token. Returns the charge {@link useRootFieldCharge} needs.
 */
export async function registerRateLimit(
  app: ApiServer,
  config: ApiConfig,
  principalOf: RequestPrincipal,
  relayedAddressOf: (req: FastifyRequest) => string | null = () => null,
): Promise<ChargeRequest> {
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    // Static files spend a budget of their own (limitAsStaticFiles), not the API's.
    allowList: (req) => req.routeOptions.config.staticFiles === true,
    keyGenerator: async (req) => {
      // The help center's requests for a visitor spend that visitor's budget, its system token's too.
      const relayed = relayedAddressOf(req);
      if (relayed !== null) return `address:${relayed}`;
      // A bad token is refused later, by the GraphQL context, with UNAUTHENTICATED.
      const principal = await principalOf(req).catch(() => null);
      return principal === null ? `address:${normalizeIP(req.ip)}` : `subject:${principal.id}`;
    },
  });
  // Same store, same key: the units an operation spends beyond its request's one.
  const spendOne = app.createRateLimit();
  return async (req, units) => {
    let remaining = config.rateLimit.max;
    for (let spent = 0; spent < units; spent++) {
      const outcome = await spendOne(req);
      // `isAllowed` means on the allow list (none here): only the other outcome counts.
      if (outcome.isAllowed) continue;
      if (outcome.isExceeded) return { remaining: 0, retryAfter: outcome.ttlInSeconds };
      remaining = outcome.remaining;
    }
    return { remaining, retryAfter: null };
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route serves static files: its requests spend the budget {@link limitAsStaticFiles} gives them. */
    staticFiles?: boolean;
  }
}

/**
 * Gives the routes `app` registers from now on (the desk's files) a budget of their own per
 * client address, `limit` (`config.staticRateLimit`), instead of the API's: loading the desk (its
 * page and a score of scripts) then spends none of the budget its GraphQL requests need, and a
 * flood of file requests is still refused, 429 `RATE_LIMITED` with `Retry-After`. The address is
 * the one the API's limit uses (the forwarded client's behind a trusted proxy); browsers send no
 * token for files.
 */
export function limitAsStaticFiles(app: FastifyInstance, limit: ApiConfig['staticRateLimit']): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, staticFiles: true };
  });
  const spend = createBudget(app, limit, (req) => `static:${normalizeIP(req.ip)}`);
  app.addHook('onRequest', async (req, reply) => {
    const retryAfter = await spend(req);
    if (retryAfter === null) return;
    const { message } = rateLimited(retryAfter);
    return reply.status(429).header('retry-after', String(retryAfter)).send(errorBody('RATE_LIMITED', message));
  });
}

/**
 * A budget of its own (`limit` per window) in the API's rate-limit store, per key `keyOf` gives a
 * request: spending one unit answers null while the budget lasts, else the seconds until it
 * refills. For requests that cost more than the API's budget says (a file, a new widget visitor).
 */
export function createBudget(
  app: FastifyInstance,
  limit: { readonly max: number; readonly windowMs: number },
  keyOf: (req: FastifyRequest) => string,
): (req: FastifyRequest) => Promise<number | null> {
  const spend = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: keyOf,
    // The API's allow list (the static files) is not this bucket's.
    allowList: [],
  });
  return async (req) => {
    const outcome = await spend(req);
    return outcome.isAllowed || !outcome.isExceeded ? null : outcome.ttlInSeconds;
  };
}

/**
 * Makes an operation with n root fields spend n units of its client's budget (its request paid
 * the first), before any of them runs: each root field is a call of its own, so 20 aliased
 * mutations in one document cost what 20 requests do. Past the budget, nothing runs and the
 * answer is `RATE_LIMITED` with HTTP 429 and `Retry-After`. Over HTTP, the answer's
 * `x-ratelimit-remaining` counts these units too, so a client pacing itself by it is not misled.
 */
export function useRootFieldCharge(charge: ChargeRequest): Plugin<{ req: FastifyRequest; reply?: FastifyReply }> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const extra = rootFieldsOf(args.document, args.operationName).size - 1;
      if (extra <= 0) return;
      const { remaining, retryAfter } = await charge(args.contextValue.req, extra);
      args.contextValue.reply?.header(REMAINING_HEADER, remaining);
      if (retryAfter === null) return;
      setResultAndStopExecution({ errors: [rateLimited(retryAfter)] });
    },
  };
}

/** The header `@fastify/rate-limit` answers each request's remaining budget in. */
const REMAINING_HEADER = 'x-ratelimit-remaining';

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
