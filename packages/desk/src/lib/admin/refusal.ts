import type { CombinedError } from '@urql/core';

/**
 * The refusals the admins' screens put in words (`admin.error.<CODE>` in the admin catalogue):
 * the API's stable codes for what an admin's change can run into.
 */
export const ADMIN_REFUSALS = [
  'BAD_USER_INPUT',
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONCURRENCY_CONFLICT',
  'CAPACITY_BELOW_LOAD',
  'AGENT_DEACTIVATED',
  'AGENT_HOLDS_WORK',
  'SLA_TARGET_INVALID',
  'SLA_POLICY_IN_USE',
  'CALENDAR_IN_USE',
  'CATEGORY_IN_USE',
  'CATEGORY_CYCLE',
  'HOLIDAY_OUT_OF_RANGE',
  'CALENDAR_WINDOWS_OVERLAP',
  'ICAL_INVALID',
  'UNKNOWN_TIME_ZONE',
  'WHAT_IF_TOO_LARGE',
  'UNKNOWN_PLACEHOLDER',
  'WEBHOOK_URL_INVALID',
  'WEBHOOK_URL_NOT_ALLOWED',
  'WEBHOOK_EVENT_TYPE_UNKNOWN',
  'WEBHOOK_ENDPOINT_DISABLED',
  'WEBHOOKS_NOT_CONFIGURED',
  'DELIVERY_IN_FLIGHT',
  'RATE_LIMITED',
] as const;

/** A refusal the admin catalogue words. */
export type AdminRefusal = (typeof ADMIN_REFUSALS)[number];

/** What went wrong with a request, for a sentence: a known refusal, another one, or no answer at all. */
export type Failure =
  | { readonly kind: 'refusal'; readonly code: AdminRefusal; readonly details: string }
  | { readonly kind: 'other' }
  | { readonly kind: 'network' };

/**
 * The failure behind `error`: the first refusal the API gave with a code the screens word (its
 * message kept as details, for the input it names), else another refusal, else a lost connection.
 */
export function failureOf(error: Pick<CombinedError, 'graphQLErrors' | 'networkError'>): Failure {
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions.code;
    if (ADMIN_REFUSALS.includes(code as AdminRefusal))
      return { kind: 'refusal', code: code as AdminRefusal, details: graphQLError.message };
  }
  if (error.graphQLErrors.length > 0) return { kind: 'other' };
  return { kind: 'network' };
}
