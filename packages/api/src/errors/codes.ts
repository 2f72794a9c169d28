import { DOMAIN_ERROR_CODES } from '@support-engine/domain';
import { GraphQLError } from '../graphql/engine.js';

/**
 * Codes the API itself adds to the domain's. Every error a client sees carries one of
 * {@link API_ERROR_CODES} in `extensions.code`; they are part of the contract: add, never rename.
 */
export const API_OWN_ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'CONCURRENCY_CONFLICT',
  'QUERY_TOO_COMPLEX',
  'REPLAY_BUDGET_EXCEEDED',
  'WHAT_IF_TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'TOO_MANY_SUBSCRIPTIONS',
  'CONSISTENCY_TIMEOUT',
  'IDEMPOTENCY_KEY_REUSED',
  'WEBHOOKS_NOT_CONFIGURED',
  'WEBHOOK_URL_NOT_ALLOWED',
  'PUSH_ENDPOINT_NOT_ALLOWED',
  'DELIVERY_NOT_FOUND',
  'DELIVERY_IN_FLIGHT',
  'WEBHOOK_ENDPOINT_DISABLED',
  'ATTACHMENTS_NOT_CONFIGURED',
  'ATTACHMENT_NOT_FOUND',
  'ATTACHMENT_STORAGE_FULL',
  'SERVICE_UNAVAILABLE',
  'WIDGETS_NOT_CONFIGURED',
  'WIDGET_NOT_FOUND',
  'WIDGET_ORIGIN_REFUSED',
  'WIDGET_IDENTITY_INVALID',
  'SIGN_IN_INPUT_INVALID',
  'SIGN_IN_RATE_LIMITED',
  'SIGN_IN_LINK_INVALID',
  'SIGN_IN_LINK_USED',
  'SIGN_IN_LINK_EXPIRED',
  'SESSION_INVALID',
  'INTERNAL',
] as const;

/** Every code a client may see: the API's own plus the domain's (whose `VALIDATION_FAILED` becomes `BAD_USER_INPUT`). */
export const API_ERROR_CODES: readonly string[] = [...new Set<string>([...API_OWN_ERROR_CODES, ...DOMAIN_ERROR_CODES])];

export type ApiOwnErrorCode = (typeof API_OWN_ERROR_CODES)[number];

/** Why the policy refused a call (sent as `extensions.policy` so a client can tell it from a domain refusal). */
export type PolicyDenial = 'role' | 'ownership';

/** An error the API raises on purpose; its message and code are safe to show the client. */
export class ApiError extends GraphQLError {
  constructor(code: string, message: string, extensions: Record<string, unknown> = {}) {
    super(bounded(message), { extensions: { ...extensions, code } });
  }
}

/** Longest message a refusal carries: one that quotes what the caller sent is cut there, not echoed whole. */
export const MAX_ERROR_MESSAGE_LENGTH = 1_000;

function bounded(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}
