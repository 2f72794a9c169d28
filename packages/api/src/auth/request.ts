import type { FastifyRequest } from 'fastify';
import type { Authenticator, Principal } from './tokens.js';

/** The caller of an HTTP request, authenticated once however many parts of the server ask. */
export type RequestPrincipal = (req: FastifyRequest) => Promise<Principal | null>;

/**
 * Memoises `authenticate` per request: the rate limit (before the body is read) and the GraphQL
 * context both need the caller, and must agree on it.
 */
export function requestPrincipal(authenticate: Authenticator): RequestPrincipal {
  const principals = new WeakMap<FastifyRequest, Promise<Principal | null>>();
  return (req) => {
    let principal = principals.get(req);
    if (principal === undefined) {
      principal = authenticate(req.headers.authorization);
      principals.set(req, principal);
    }
    return principal;
  };
}
