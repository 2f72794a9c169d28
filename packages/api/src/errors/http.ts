import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { INTERNAL_MESSAGE, toPublicError } from './map.js';

/**
 * The code of a request fastify refused before GraphQL saw it (body too large, malformed JSON,
 * unsupported media type, rate limit); anything else at this level is a server fault.
 */
export function httpErrorCode(status: number): string {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  return status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL';
}

/** A refusal in the GraphQL error shape, for answers GraphQL did not write. */
export function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Fastify's error handler: answers in the GraphQL error shape with a stable code, so clients
 * handle refusals the same way whether fastify or GraphQL refused; server faults are masked and logged.
 */
export function httpErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.error({ err: error }, 'unexpected HTTP error');
    const message = status === 500 ? INTERNAL_MESSAGE : (multipartHint(error, request) ?? error.message);
    return reply.status(status).send(errorBody(httpErrorCode(status), message));
  };
}

/**
 * A GraphQL multipart request (the upload spec's) is refused like any body that is not JSON, with
 * the way files do travel: beside GraphQL, then named by id.
 */
function multipartHint(error: FastifyError, request: FastifyRequest): string | undefined {
  if (error.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return undefined;
  if (!/^multipart\//i.test(request.headers['content-type'] ?? '')) return undefined;
  return 'Unsupported Media Type: GraphQL takes JSON, and files do not travel through it. Upload a file with createAttachmentUpload and a PUT of its bytes (or POST /attachments), then name it by id (attachmentIds).';
}

/**
 * Answers a request no route serves (an unknown path, or a method a path does not take) as every
 * other refusal is: 404 in the GraphQL error shape with code `NOT_FOUND`. The path is not echoed:
 * an upload URL carries its signed grant.
 */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(errorBody('NOT_FOUND', `No ${request.method} route here`));
}

/** The HTTP status of each refusal a route outside GraphQL answers with; any other known code is 400. */
const REFUSAL_STATUS: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  ATTACHMENT_EMPTY: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ATTACHMENTS_NOT_CONFIGURED: 404,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_QUOTA_EXCEEDED: 413,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  ATTACHMENT_TYPE_MISMATCH: 415,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  ATTACHMENT_STORAGE_FULL: 507,
};

/**
 * Answers the failure of a route outside GraphQL (files, CSV exports) in the GraphQL error shape
 * (code and issues in `extensions`), with the HTTP status of its code; an unexpected failure is logged (as `what` failing) and masked.
 */
export function refuseRequest(reply: FastifyReply, error: unknown, logger: Logger, what: string) {
  const { error: publicError, unexpected } = toPublicError(error);
  if (unexpected) logger.error({ err: error }, `unexpected ${what} error`);
  const code = String(publicError.extensions.code);
  // All of the error's extensions, as GraphQL answers them: the code, and the issues of bad input.
  return reply
    .status(REFUSAL_STATUS[code] ?? (unexpected ? 500 : 400))
    .send({ errors: [{ message: publicError.message, extensions: { ...publicError.extensions, code } }] });
}

/**
 * Answers a refusal of the customer-facing endpoints (the widget's, the customers' sign-in) in
 * their contracts' shape, `{ "error": { "code", "message" } }`, with `status`; never cached.
 */
export function refuseInContract(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).header('cache-control', 'no-store').send({ error: { code, message } });
}
