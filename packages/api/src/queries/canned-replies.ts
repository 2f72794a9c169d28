import {
  CANNED_REPLY_LIBRARY_ID,
  cannedRepliesDecider,
  primaryLanguage,
  usableCannedReplies,
} from '@support-engine/domain';
import { defineQuery } from '../graphql/secure.js';

interface CannedRepliesArgs {
  /** Only replies in this language (primary subtag: `fr` also lists `fr-CA`). */
  readonly locale?: string | null;
}

/**
 * The canned replies the caller may use: the shared ones and their own personal ones, by name,
 * folded from the library's stream (small: one event per edit), so an edit shows at once.
 */
export const cannedReplies = defineQuery<CannedRepliesArgs>(null, async (args, context, principal) => {
  const library = await context.services.bus.fold('cannedreplies', CANNED_REPLY_LIBRARY_ID, cannedRepliesDecider);
  return usableCannedReplies(library, principal.id)
    .filter((reply) => !args.locale || primaryLanguage(reply.definition.locale) === primaryLanguage(args.locale))
    .map(({ cannedReplyId, version, definition, ownerId }) => ({
      id: cannedReplyId,
      version,
      ...definition,
      ownerId,
    }));
});
