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
/** A name a canned reply's template may hold between `{{` and `}}`. */
export type CannedReplyPlaceholder = (typeof CANNED_REPLY_PLACEHOLDERS)[number];

/** What a reply is rendered with; a value left out (or blank) is missing. */
export type PlaceholderValues = Partial<Record<CannedReplyPlaceholder, string | null>>;

// `{{ name }}`: two braces on each side (not three), spaces inside allowed.
const PLACEHOLDER = /(?<!\{)\{\{\s*([^{}]*?)\s*\}\}(?!\})/g;
// Braces that open or close a placeholder, found once the well-formed ones are taken out.
const STRAY_BRACES = /\{\{|\}\}/;
// A placeholder's name between single braces (`{customer.firstName}`): a typo, where other words
// between braces (`{order.id}`, a path) are the reply's own text.
const SINGLE_BRACED = /\{\s*((?:customer|ticket|agent)\.[A-Za-z]+)\s*\}/;

/** The placeholders a body names, once each, in order of first use. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * Refuses a body naming a placeholder the engine does not know, or holding one written wrong
 * (`{{customer.firstName` unclosed, `{{{ticket.id}}}` with three braces, `{agent.name}` with one): `UNKNOWN_PLACEHOLDER`,
 * since such text would reach the customer as it is.
 */
export function requireKnownPlaceholders(body: string): void {
  const rest = body.replace(PLACEHOLDER, ' ');
  const single = SINGLE_BRACED.exec(rest);
  if (single) {
    throw new DomainError(
      'UNKNOWN_PLACEHOLDER',
      `Malformed placeholder "${single[0]}": write {{${single[1]}}}, with two braces on each side`,
      { malformed: single[0], known: CANNED_REPLY_PLACEHOLDERS },
    );
  }
  const stray = STRAY_BRACES.exec(rest);
  if (stray) {
    const near = rest.slice(Math.max(0, stray.index - 20), stray.index + 30);
    throw new DomainError(
      'UNKNOWN_PLACEHOLDER',
      `Malformed placeholder near "${near}": write {{name}}, with two braces on each side`,
      { malformed: near, known: CANNED_REPLY_PLACEHOLDERS },
    );
  }
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
