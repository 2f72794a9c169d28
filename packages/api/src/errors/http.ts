import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { INTERNAL_MESSAGE } from './map.js';

/**
 * The code of a request fastify refused before GraphQL saw it (body too large, malformed JSON,
 * unsupported media type, rate limit); anything else at this level is a server fault.
 */
export function httpErrorCode(status: number): string {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  return status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL';
}

/**
 * Fastify's error handler: answers in the GraphQL error shape with a stable code, so clients
 * handle refusals the same way whether fastify or GraphQL refused; server faults are masked and logged.
 */
export function httpErrorHandler(logger: Logger) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.error({ err: error }, 'unexpected HTTP error');
    const message = status === 500 ? INTERNAL_MESSAGE : error.message;
    return reply.status(status).send({ errors: [{ message, extensions: { code: httpErrorCode(status) } }] });
  };
}
