import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { LanguageTag } from '../shared/values.js';
import { StaffCloseReason, TicketStatus } from '../ticket/lifecycle.js';

/** Who may use a canned reply: the whole team, or only the staff member who saved it. */
export const CannedReplyScope = z.enum(['shared', 'personal']);
export type CannedReplyScope = z.infer<typeof CannedReplyScope>;

/** A canned reply as staff write it. */
export const CannedReplyDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    locale: LanguageTag,
    /** The text, with `{{placeholders}}` (see `CANNED_REPLY_PLACEHOLDERS`). */
    body: z.string().trim().min(1).max(10_000),
    /** The status the reply moves the ticket to, as an agent's reply may. */
    nextStatus: TicketStatus.exclude(['new']).nullable().default(null),
    /** Why, when the reply closes the ticket (none: `manual`). */
    closeReason: StaffCloseReason.nullable().default(null),
    scope: CannedReplyScope.default('shared'),
  })
  .strict()
  .refine((definition) => definition.closeReason === null || definition.nextStatus === 'closed', {
    message: 'a close reason goes with nextStatus closed only',
    path: ['closeReason'],
  });
export type CannedReplyDefinition = z.infer<typeof CannedReplyDefinition>;

/** Creates or replaces a canned reply. */
export const SaveCannedReply = defineCommand('SaveCannedReply', {
  cannedReplyId: Id,
  definition: CannedReplyDefinition,
});

/** Removes a canned reply from the library. */
export const DeleteCannedReply = defineCommand('DeleteCannedReply', { cannedReplyId: Id });

/** The locales the standard replies are written in. */
export const STANDARD_REPLY_LOCALES = ['en', 'fr'] as const;

/**
 * Adds the support guide's four standard replies (in French and English, or the locales named)
 * where missing. A locale is read as a language tag by its primary subtag: `FR` and `fr-CA` load
 * the French replies.
 */
export const LoadStandardCannedReplies = defineCommand('LoadStandardCannedReplies', {
  locales: z
    .array(LanguageTag.transform((tag) => tag.split('-')[0]!).pipe(z.enum(STANDARD_REPLY_LOCALES)))
    .min(1)
    .transform((locales) => [...new Set(locales)])
    .default([...STANDARD_REPLY_LOCALES]),
});

/** Every command of the canned-reply library. */
export const CannedReplyCommand = z.discriminatedUnion('type', [
  SaveCannedReply,
  DeleteCannedReply,
  LoadStandardCannedReplies,
]);
export type CannedReplyCommand = z.input<typeof CannedReplyCommand>;

/** Validates untrusted input as a canned-reply command, or throws `VALIDATION_FAILED`. */
export function parseCannedReplyCommand(input: unknown): z.output<typeof CannedReplyCommand> {
  return parseOrThrow(CannedReplyCommand, input, 'canned reply command');
}
