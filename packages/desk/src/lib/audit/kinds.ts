/**
 * What the auditors' screen opens the history of (the path segment): a ticket or a chat
 * (/audit/tickets/t-1, /audit/chats/c-1), with its past states; or any other stream of the log by
 * its category (/audit/customer/cust-1 is the stream `customer-cust-1`), with its recorded fields.
 */
export const RECORD_KINDS = ['tickets', 'chats'] as const;
/** The other streams an auditor may open (the engine's stream categories, docs/architecture.md), by their category. */
export const STREAM_KINDS = [
  'agent',
  'customer',
  'staff',
  'activity',
  'webhook',
  'slaconfig',
  'cannedreplies',
  'mailboxes',
  'article',
  'kbcategory',
] as const;
export const AUDITED_KINDS = [...RECORD_KINDS, ...STREAM_KINDS] as const;
export type AuditedKind = (typeof AUDITED_KINDS)[number];
export type StreamKind = (typeof STREAM_KINDS)[number];
export type RecordKind = (typeof RECORD_KINDS)[number];

/** `segment` as a kind the screen audits, or null. */
export function auditedKind(segment: string | undefined): AuditedKind | null {
  return AUDITED_KINDS.find((kind) => kind === segment) ?? null;
}

/** Whether `kind` is a stream read by its name (`streamEvents`), not a ticket or a chat. */
export function isStreamKind(kind: AuditedKind): kind is StreamKind {
  return (STREAM_KINDS as readonly string[]).includes(kind);
}

/** The name of the stream of `kind` and `id` in the log (`customer-cust-1`). */
export const streamName = (kind: StreamKind, id: string): string => `${kind}-${id}`;

/** The roles the auditors' screen is linked for: those the API lets verify a history. */
export const AUDITING_ROLES: readonly string[] = ['auditor', 'supervisor', 'admin'];

/** The roles the API lets read any stream (`streamEvents`, `verifyStream`): the picker offers them the other kinds. */
export const STREAM_AUDITING_ROLES: readonly string[] = ['auditor', 'admin'];

/** The kinds the picker offers to `role`. */
export function kindsFor(role: string): readonly AuditedKind[] {
  return STREAM_AUDITING_ROLES.includes(role) ? AUDITED_KINDS : RECORD_KINDS;
}
