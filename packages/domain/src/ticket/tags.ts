import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { foldLabel } from '../shared/text.js';

/** The most tags one ticket carries. */
export const MAX_TAGS_PER_TICKET = 20;

/**
 * A triage label, normalized so `"VIP Customer"`, `" vip-customer "` and `"vip-CUSTOMER"` are one
 * tag: Unicode-normalized (NFKC: full-width letters and ligatures pasted from other tools read as
 * the plain ones, `ＶＩＰ` is `vip`, `ﬁle` is `file`), trimmed, lower-cased (`İstanbul` is `istanbul`), inner whitespace
 * (with any hyphens around it: `"a - b"`) turned into one `-`. Letters and digits of any script (with their combining marks: Hindi's vowel signs, a decomposed accent),
 * then also `-`, `_`, `:` and `.`; at most 50 characters.
 */
export const Tag = z
  .string()
  // A run of spaces and hyphens with a space in it is one separator: "a - b" is `a-b`, not `a---b`.
  .transform((raw) => foldLabel(raw).replace(/[\s-]*\s[\s-]*/g, '-'))
  .pipe(
    z
      .string()
      .min(1)
      .max(50)
      .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}_:.-]*$/u, 'a tag is letters, digits, "-", "_", ":" or "."'),
  );

/** Tags as a command carries them: 1 to {@link MAX_TAGS_PER_TICKET}, duplicates (after normalizing) allowed. */
export const Tags = z.array(Tag).min(1).max(MAX_TAGS_PER_TICKET);

/** The tags of `requested` the ticket does not carry yet, in order, once each. */
export function tagsToAdd(current: readonly string[], requested: readonly string[]): string[] {
  return [...new Set(requested)].filter((tag) => !current.includes(tag));
}

/** The tags of `requested` the ticket carries, in order, once each. */
export function tagsToRemove(current: readonly string[], requested: readonly string[]): string[] {
  return [...new Set(requested)].filter((tag) => current.includes(tag));
}

/** Refuses tags that would take the ticket past {@link MAX_TAGS_PER_TICKET}. */
export function requireTagRoom(ticketId: string, current: readonly string[], added: readonly string[]): void {
  if (current.length + added.length <= MAX_TAGS_PER_TICKET) return;
  throw new DomainError(
    'TAG_LIMIT_REACHED',
    `Ticket ${ticketId} has ${current.length} tags; ${added.length} more would pass the limit of ${MAX_TAGS_PER_TICKET}`,
    { ticketId, tags: current.length, adding: added.length, limit: MAX_TAGS_PER_TICKET },
  );
}
