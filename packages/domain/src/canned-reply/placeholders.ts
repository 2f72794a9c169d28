import { DomainError } from '../shared/errors.js';

/** The values a canned reply may name, as `{{customer.firstName}}`. */
export const CANNED_REPLY_PLACEHOLDERS = [
  'customer.name',
  'customer.firstName',
  'customer.email',
  'ticket.id',
  'ticket.subject',
  'agent.name',
  'agent.firstName',
] as const;
export type CannedReplyPlaceholder = (typeof CANNED_REPLY_PLACEHOLDERS)[number];

/** What a reply is rendered with; a value left out (or blank) is missing. */
export type PlaceholderValues = Partial<Record<CannedReplyPlaceholder, string | null>>;

// `{{ name }}`, spaces inside the braces allowed; anything else in a body is text.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a body names, once each, in order of first use. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** Refuses a body naming a placeholder the engine does not know (`UNKNOWN_PLACEHOLDER`). */
export function requireKnownPlaceholders(body: string): void {
  const unknown = placeholdersIn(body).filter((name) => !isPlaceholder(name));
  if (unknown.length === 0) return;
  throw new DomainError('UNKNOWN_PLACEHOLDER', `Unknown placeholder(s): ${unknown.map((n) => `{{${n}}}`).join(', ')}`, {
    unknown,
    known: CANNED_REPLY_PLACEHOLDERS,
  });
}

function isPlaceholder(name: string): name is CannedReplyPlaceholder {
  return (CANNED_REPLY_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * The body with every placeholder replaced by its value. A value that is missing or blank is an
 * error (`MISSING_PLACEHOLDER_VALUE`), never an empty string in a message to a customer.
 */
export function renderCannedReply(body: string, values: PlaceholderValues): string {
  requireKnownPlaceholders(body);
  const missing = placeholdersIn(body).filter((name) => !values[name as CannedReplyPlaceholder]?.trim());
  if (missing.length > 0) {
    throw new DomainError('MISSING_PLACEHOLDER_VALUE', `No value for ${missing.map((n) => `{{${n}}}`).join(', ')}`, {
      missing,
    });
  }
  return body.replace(PLACEHOLDER, (_whole, name: string) => values[name as CannedReplyPlaceholder]!.trim());
}

/** A person's first name for `*.firstName`: the first word of their name. */
export function firstNameOf(name: string | null | undefined): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}
