import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

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
