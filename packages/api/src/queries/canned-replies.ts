import { LanguageTag } from '@support-engine/domain';
import { primaryLanguage } from '@support-engine/domain/assignment';
import {
  CANNED_REPLY_LIBRARY_ID,
  cannedRepliesDecider,
  usableCannedReplies,
} from '@support-engine/domain/canned-reply';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

interface CannedRepliesArgs {
  /** Only replies in this language (primary subtag: `fr` also lists `fr-CA`). */
  readonly locale?: string | null;
}

/**
 * The canned replies the caller may use: the shared ones and their own personal ones, by name,
 * folded from the library's stream (small: one event per edit), so an edit shows at once.
 */
export const cannedReplies = defineQuery<CannedRepliesArgs>(null, async (args, context, principal) => {
  // Checked as a saved reply's locale is: a malformed one is an error, not an empty list.
  const { locale } = parseInput(z.object({ locale: LanguageTag.nullish() }), { locale: args.locale });
  const library = await context.services.bus.fold('cannedreplies', CANNED_REPLY_LIBRARY_ID, cannedRepliesDecider);
  return usableCannedReplies(library, principal.id)
    .filter((reply) => !locale || primaryLanguage(reply.definition.locale) === primaryLanguage(locale))
    .map(({ cannedReplyId, version, definition, ownerId }) => ({
      id: cannedReplyId,
      version,
      ...definition,
      ownerId,
    }));
});
