import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

/** The headers the help center's server-side requests to the API name their visitor's address in. */
export const VISITOR_RELAY_HEADERS = {
  key: 'x-support-help-center-relay',
  address: 'x-support-help-center-visitor',
} as const;

/**
 * Whose address a request counts as: the peer's (or a trusted proxy's client: fastify's `req.ip`),
 * unless the help center mounted in this process sent it on a visitor's behalf. Its pages' server
 * code calls the API over this process's own address, so without this every visitor would share
 * that address's budgets (the rate limit, the views and searches counted per address). The key is
 * made at start, known to this process only (handed to the help center with each request's
 * context, sent back over loopback): a client cannot name another address.
 */
export interface VisitorRelay {
  /** The headers the help center sends with its requests for the visitor at `address`. */
  headersFor(address: string): Readonly<Record<string, string>>;
  /** The visitor's address, normalised, when the help center sent the request for them (the key matches); else `null`. */
  relayedAddressOf(req: FastifyRequest): string | null;
  /** The request's client address, normalised: the relayed visitor's, else the peer's. */
  addressOf(req: FastifyRequest): string;
}

/** A relay with a fresh random key. */
export function createVisitorRelay(): VisitorRelay {
  const key = randomBytes(32).toString('base64url');
  const keyBytes = Buffer.from(key);
  const keyMatches = (given: unknown) => {
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given);
    return bytes.length === keyBytes.length && timingSafeEqual(bytes, keyBytes);
  };
  const relayedAddressOf = (req: FastifyRequest) => {
    const relayed = req.headers[VISITOR_RELAY_HEADERS.address];
    return typeof relayed === 'string' && isIP(relayed) !== 0 && keyMatches(req.headers[VISITOR_RELAY_HEADERS.key])
      ? normalizeIP(relayed)
      : null;
  };
  return {
    headersFor: (address) => ({ [VISITOR_RELAY_HEADERS.key]: key, [VISITOR_RELAY_HEADERS.address]: address }),
    relayedAddressOf,
    addressOf: (req) => relayedAddressOf(req) ?? normalizeIP(req.ip),
  };
}
