import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';

/** The header a request id travels in, both ways: a caller may name its request, the answer names it back. */
export const REQUEST_ID_HEADER = 'x-request-id';

// What a log line and an event's metadata can carry as it is: no spaces, quotes or control characters.
const ACCEPTED = /^[A-Za-z0-9._:@/-]{1,128}$/;

/**
 * The request's id: the caller's `x-request-id` when it is one a log can carry safely (up to 128
 * letters, digits and `._:@/-`), a fresh UUID otherwise. Every log line of the request carries it
 * (`reqId`), and the events its commands write carry it as their `correlationId`.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
}

/**
 * The logger of the request being served (fastify's, whose lines carry its `reqId`), for code
 * that runs on its behalf without being handed it, such as GraphQL's error masking.
 */
export const requestLogger = new AsyncLocalStorage<Pick<Logger, 'error'>>();
