import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { RequestPrincipal } from './auth/request.js';
import type { ApiConfig, TrustProxy } from './config.js';
import type { ApiServer } from './server.js';

/**
 * Registers the per-client rate limit: every HTTP request spends one unit of its client's budget
 * before anything else runs. A client is the subject of a verified token, so a user keeps their
 * budget whatever address they share with others, and cannot spend anyone else's by naming
 * them in a token that does not verify (that request is charged to its address, as anonymous
 * ones are). The address is the peer's, or the forwarded client's behind a trusted proxy
 * (`config.trustProxy`, given to fastify).
 */
export async function registerRateLimit(
  app: ApiServer,
  config: ApiConfig,
  principalOf: RequestPrincipal,
): Promise<void> {
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: async (req) => {
      // A bad token is refused later, by the GraphQL context, with UNAUTHENTICATED.
      const principal = await principalOf(req).catch(() => null);
      return principal === null ? `address:${normalizeIP(req.ip)}` : `subject:${principal.id}`;
    },
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
