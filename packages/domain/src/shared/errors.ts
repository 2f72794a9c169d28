/**
 * Every way a command can be refused, as a stable machine-readable code.
 * Codes are part of the public contract (the API puts them in `extensions.code`): add, never rename.
 */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_TRANSITION',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FORBIDDEN',
  'NOT_ASSIGNED',
  'ALREADY_ASSIGNED',
  'AGENT_UNAVAILABLE',
  'CHAT_CAPACITY_REACHED',
  'CHAT_CLOSED',
  'CHAT_ALREADY_CONVERTED',
  'ALREADY_RATED',
  'NOT_RATEABLE',
  'MAX_TIER_REACHED',
  'NO_CHANGE',
  'SUGGESTION_NOT_PENDING',
  'UNKNOWN_EVENT_TYPE',
  'UNSUPPORTED_SCHEMA_VERSION',
  'HISTORY_INVALID',
  'TICKET_CAPACITY_REACHED',
  'CAPACITY_BELOW_LOAD',
  'AGENT_TIER_TOO_LOW',
  'PUSH_SUBSCRIPTION_LIMIT_REACHED',
  'WEBHOOK_URL_INVALID',
  'WEBHOOK_EVENT_TYPE_UNKNOWN',
  'CALENDAR_WINDOWS_OVERLAP',
  'UNKNOWN_TIME_ZONE',
  'HOLIDAY_OUT_OF_RANGE',
  'SLA_TARGET_INVALID',
  'CATEGORY_CYCLE',
  'SLA_POLICY_IN_USE',
  'CALENDAR_IN_USE',
  'CATEGORY_IN_USE',
  'ICAL_INVALID',
  'TAG_LIMIT_REACHED',
  'UNKNOWN_PLACEHOLDER',
  'MISSING_PLACEHOLDER_VALUE',
  'ARTICLE_SLUG_INVALID',
  'ARTICLE_SLUG_TAKEN',
  'ARTICLE_NOT_DRAFT',
  'ARTICLE_NOT_IN_REVIEW',
  'ARTICLE_NOT_PUBLISHED',
  'ARTICLE_REVISION_IN_PROGRESS',
  'ARTICLE_ARCHIVED',
  'ARTICLE_NOT_ARCHIVED',
  'ARTICLE_INCOMPLETE',
  'ARTICLE_UNCHANGED',
  'ARTICLE_VERSION_NOT_PUBLISHED',
  'ARTICLE_TRANSLATION_INVALID',
  'SELF_APPROVAL_FORBIDDEN',
  'CALLBACK_IN_PAST',
  'CALLBACK_NOT_OPEN',
  'ATTACHMENT_EMPTY',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_TYPE_NOT_ALLOWED',
  'ATTACHMENT_TYPE_MISMATCH',
  'ATTACHMENT_QUOTA_EXCEEDED',
  'CHAT_OUTSIDE_OPENING_HOURS',
  'CHAT_ALREADY_OPEN',
  'FOLLOW_UP_NOT_OPEN',
  'CUSTOMER_EMAIL_TAKEN',
  'AGENT_DEACTIVATED',
  'AGENT_HOLDS_WORK',
  'EMAIL_CONFIRMATION_INVALID',
  'EMAIL_CONFIRMATION_EXPIRED',
  'EMAIL_CONFIRMATION_REFUSED',
  'INBOX_VIEW_NAME_TAKEN',
  'INBOX_VIEW_LIMIT_REACHED',
  'INBOX_VIEW_SHARING_FORBIDDEN',
  'HELD_MAIL_DECIDED',
  'MAILBOX_ADDRESS_TAKEN',
  'MAILBOX_SUB_ADDRESS',
  'MAILBOX_CATEGORY_UNKNOWN',
  'WIDGET_KEY_TAKEN',
  'WIDGET_ORIGIN_INVALID',
  'WIDGET_TOPIC_DUPLICATE',
  'WIDGET_TOPIC_CATEGORY_UNKNOWN',
  'CUSTOMER_MERGED',
  'TRANSCRIPT_EMPTY',
  'TRANSCRIPT_LIMIT_REACHED',
  'TRANSCRIPT_NO_ADDRESS',
  'TRANSCRIPT_ADDRESS_NOT_ON_FILE',
] as const;
/** A refusal's stable code: added, never renamed. */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/**
 * A refused command or an unreadable event. Carries a stable `code`, a human `message`
 * and optional structured `details` (for example the offending zod issues).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/**
 * A `VALIDATION_FAILED` refusal of one field of a command, named in `issues` as the schema's own
 * checks name theirs: `field` is its path in the command's data (`customerSince`,
 * `definition.timings.firstReminderAfterMs`), given as `data.<field>`.
 */
export function invalidField(
  field: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { ...details, ...fieldIssues([field, message]) });
}

/**
 * The `issues` of a refusal (of any code) naming the command fields it concerns, each by its path
 * in the command's data (`data.<field>`), so a client can point at the field whatever the code.
 */
export function fieldIssues(...fields: readonly (readonly [field: string, message: string])[]): {
  issues: { path: string; message: string }[];
} {
  return { issues: fields.map(([field, message]) => ({ path: `data.${field}`, message })) };
}

/** Narrows an unknown thrown value to a {@link DomainError}. */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * An event this build cannot read (an unknown type, or a schema version newer than it knows): a
 * consumer of the log must stop rather than skip it, or what it builds would drift.
 */
export function isUnreadableEventError(error: unknown): boolean {
  return isDomainError(error) && (error.code === 'UNKNOWN_EVENT_TYPE' || error.code === 'UNSUPPORTED_SCHEMA_VERSION');
}
