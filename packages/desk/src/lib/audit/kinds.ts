/** What the auditors' screen opens the history of (the path segment: /audit/tickets/t-1, /audit/chats/c-1). */
export const AUDITED_KINDS = ['tickets', 'chats'] as const;
export type AuditedKind = (typeof AUDITED_KINDS)[number];

/** `segment` as a kind the screen audits, or null. */
export function auditedKind(segment: string | undefined): AuditedKind | null {
  return AUDITED_KINDS.find((kind) => kind === segment) ?? null;
}

/** The roles the auditors' screen is linked for: those the API lets verify a history. */
export const AUDITING_ROLES: readonly string[] = ['auditor', 'supervisor', 'admin'];
