import { AddressNotAllowedError, DeliveryError } from '@support-engine/delivery';
import { DomainError } from '@support-engine/domain';
import { EventStoreError, type EventStoreErrorCode, InvalidCheckpointError } from '@support-engine/eventstore';
import { PagingError, type PagingErrorCode } from '@support-engine/eventstore-postgres';
import { ProjectionError, type ProjectionErrorCode } from '@support-engine/projections';
import { GraphQLError } from '../graphql/engine.js';
import { badInput, type InputIssue, issueSummary } from '../validation.js';
import { API_ERROR_CODES, ApiError } from './codes.js';

/** The message every unexpected error is replaced with: internals never reach the client. */
export const INTERNAL_MESSAGE = 'Unexpected error.';

const STORE_CODES: Readonly<Record<EventStoreErrorCode, string>> = {
  CONCURRENCY_CONFLICT: 'CONCURRENCY_CONFLICT',
  STREAM_NOT_FOUND: 'NOT_FOUND',
  INVALID_APPEND: 'BAD_USER_INPUT',
  INVALID_CHECKPOINT: 'BAD_USER_INPUT',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
};

// Only the errors a client can cause map to a public code; the rest are operational failures.
const PROJECTION_CODES: Readonly<Partial<Record<ProjectionErrorCode, string>>> = {
  WAIT_TIMEOUT: 'CONSISTENCY_TIMEOUT',
  INVALID_SEARCH: 'BAD_USER_INPUT',
  REPLAY_LIMIT_EXCEEDED: 'REPLAY_BUDGET_EXCEEDED',
  WHAT_IF_TOO_LARGE: 'WHAT_IF_TOO_LARGE',
};

/** The argument a paging refusal concerns: every listing takes its cursor as `after`, its page size as `first`. */
const PAGING_ARGUMENTS: Readonly<Record<PagingErrorCode, string>> = {
  INVALID_CURSOR: 'after',
  INVALID_PAGE_SIZE: 'first',
};

/** The outcome of mapping: the error to send, and whether it was unexpected (and so must be logged). */
export interface PublicError {
  readonly error: GraphQLError;
  readonly unexpected: boolean;
}

/**
 * The one place that decides what a client sees for a failure. Deliberate errors keep their
 * message with a stable `extensions.code`; errors from the GraphQL engine itself (parse,
 * validation, variable coercion: they have no original error) are the client's input, so
 * `BAD_USER_INPUT`; anything else is masked as `INTERNAL` with a generic message.
 */
export function toPublicError(error: unknown): PublicError {
  if (error instanceof GraphQLError) {
    const { originalError } = error;
    // The engine's own wrapping of a GraphQL error (a variable's bad value: `Variable "$to" got
    // invalid value ...; <the scalar's words>`) says more than what it wraps: kept whole.
    const engineWrapped = originalError instanceof GraphQLError && !(originalError instanceof ApiError);
    if (originalError && !(error instanceof ApiError) && !engineWrapped)
      return withLocation(toPublicError(originalError), error);
    return { error: withKnownCode(error), unexpected: false };
  }
  const known = knownFailure(error);
  if (known) return { error: known, unexpected: false };
  // Still logged as unexpected: an outage is for operators to see; the client may try again.
  if (isOutage(error)) return { error: new ApiError('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE), unexpected: true };
  return { error: new ApiError('INTERNAL', INTERNAL_MESSAGE), unexpected: true };
}

/** What a client is told when the database (or another server the engine needs) cannot be reached. */
export const UNAVAILABLE_MESSAGE = 'The service cannot reach its database right now; try again shortly.';

// The network's refusals, and PostgreSQL's connection exceptions (class 08), shutdowns (57P01-57P03)
// and "too many connections" (53300): the server is out of reach, not the request at fault.
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
// node-postgres's own words when a connection drops or cannot be made in time.
const OUTAGE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;

/** Whether `error` (or what caused it) says a server could not be reached. */
function isOutage(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (OUTAGE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && OUTAGE_MESSAGES.test(message)) return true;
  const inner = [cause, ...(Array.isArray(errors) ? errors : [])];
  return inner.some((next) => isOutage(next, depth + 1));
}

/**
 * The details of a domain refusal a client is shown beside its code, by code: only what names
 * the caller's own things (a customer's open chat is theirs), or what the domain put there for
 * this caller only (the customer holding an email address, for staff). Other details stay in the
 * log: they may name people and records the caller must not learn of.
 */
const PUBLIC_DETAILS: Readonly<Record<string, readonly string[]>> = {
  CHAT_ALREADY_OPEN: ['openChatId', 'openChatIds', 'limit'],
  CUSTOMER_EMAIL_TAKEN: ['customerId'],
};

/** What every `IDEMPOTENCY_KEY_REUSED` says, whichever table kept the key (never how the engine keys it). */
export const REUSED_MESSAGE =
  'This commandId was already used for a different command (other input, mutation or target); give each new command a new id';

/**
 * A domain issue's path as the client wrote it: the command's `data` is the mutation's `input`,
 * so `data.body` is `input.body`, as the API's own checks name fields.
 */
function fromMutationInput(issue: unknown): unknown {
  if (typeof issue !== 'object' || issue === null || !('path' in issue) || typeof issue.path !== 'string') return issue;
  const { path } = issue;
  return { ...issue, path: path === 'data' || path.startsWith('data.') ? `input${path.slice('data'.length)}` : path };
}

/** Whether `message` is the domain's schema refusal summing up `issues` (`Invalid <what>: <path>: <message>; ...`). */
function isSchemaRefusal(message: string, issues: unknown): boolean {
  if (!Array.isArray(issues) || issues.length === 0 || !message.startsWith('Invalid ')) return false;
  if (
    !issues.every((issue): issue is InputIssue => typeof issue?.path === 'string' && typeof issue?.message === 'string')
  )
    return false;
  return message.endsWith(`: ${issueSummary(issues)}`);
}

function knownFailure(error: unknown): ApiError | null {
  if (error instanceof DomainError) {
    const code = error.code === 'VALIDATION_FAILED' ? 'BAD_USER_INPUT' : error.code;
    const details = error.details ?? {};
    const shown = Object.fromEntries(
      [...(PUBLIC_DETAILS[code] ?? []), 'issues'].filter((key) => key in details).map((key) => [key, details[key]]),
    );
    if (Array.isArray(shown.issues)) shown.issues = shown.issues.map(fromMutationInput);
    // A schema's refusal ("Invalid chat command: data.body: ...") in the API's own words, naming
    // the fields as the client sent them, as every other bad input is worded; under its own code
    // when the domain gave the issue one (UNKNOWN_TIME_ZONE, SLA_TARGET_INVALID).
    if (isSchemaRefusal(error.message, details.issues)) {
      const worded = badInput(shown.issues as InputIssue[]);
      return code === 'BAD_USER_INPUT' ? worded : new ApiError(code, worded.message, shown);
    }
    return new ApiError(code, error.message, shown);
  }
  // A webhook URL leading to a private or loopback address: the admin's input, refused by the SSRF guard.
  if (error instanceof AddressNotAllowedError)
    return new ApiError(error.code, error.message, { issues: [{ path: 'input.url', message: error.message }] });
  // An operator's redelivery or test send the outbox refused; a reused key in the words every table's reuse gets.
  if (error instanceof DeliveryError)
    return new ApiError(error.code, error.code === 'IDEMPOTENCY_KEY_REUSED' ? REUSED_MESSAGE : error.message);
  // Every query takes its read-your-writes token as `consistencyToken`.
  if (error instanceof InvalidCheckpointError) return badInput([{ path: 'consistencyToken', message: error.message }]);
  // The store names the id as the engine keys it (scoped to the caller, or derived for a hand-over's step).
  if (error instanceof EventStoreError && error.code === 'IDEMPOTENCY_KEY_REUSED')
    return new ApiError('IDEMPOTENCY_KEY_REUSED', REUSED_MESSAGE);
  if (error instanceof EventStoreError) return new ApiError(STORE_CODES[error.code], error.message);
  // Named by the argument every listing gives it, as the schema's own checks name theirs.
  if (error instanceof PagingError) {
    const issues = [{ path: PAGING_ARGUMENTS[error.code], message: error.message }];
    return new ApiError('BAD_USER_INPUT', error.message, { issues });
  }
  if (error instanceof ProjectionError) {
    const code = PROJECTION_CODES[error.code];
    return code ? new ApiError(code, error.message, {}) : null;
  }
  return null;
}

function withKnownCode(error: GraphQLError): GraphQLError {
  // graphql-jit's errors (a compiled query's variables failing coercion) carry no extensions at all.
  const extensions = (error.extensions as GraphQLError['extensions'] | undefined) ?? {};
  const { code, http } = extensions;
  if (typeof code === 'string' && API_ERROR_CODES.includes(code)) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    // yoga's HTTP status and headers for its own refusals (405 and `Allow: POST` for a mutation
    // sent by GET; 400 for a document that does not validate, when the client accepts
    // `application/graphql-response+json`), which yoga keeps out of the body it sends.
    extensions: http === undefined ? { code: 'BAD_USER_INPUT' } : { code: 'BAD_USER_INPUT', http },
  });
}

// Keeps the field path of the resolver that failed, so a client knows which field it was.
function withLocation(mapped: PublicError, at: GraphQLError): PublicError {
  const { error } = mapped;
  const located = new GraphQLError(error.message, {
    nodes: at.nodes,
    source: at.source,
    positions: at.positions,
    path: at.path,
    extensions: error.extensions,
  });
  return { error: located, unexpected: mapped.unexpected };
}
