import { Id, LanguageTag } from '@support-engine/domain';
import { primaryLanguage } from '@support-engine/domain/assignment';
import {
  CANNED_REPLY_LIBRARY_ID,
  cannedRepliesDecider,
  usableCannedReplies,
  usableInChat,
} from '@support-engine/domain/canned-reply';
import { z } from 'zod';
import { cannedReplyForChat, cannedReplyForTicket } from '../commands/canned-reply-use.js';
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

/** `CannedReply.usableInChat`: whether a chat can fill the reply, as the domain's `usableInChat` says. */
export const cannedReplyUsableInChat = (reply: { readonly body: string }): boolean => usableInChat(reply.body);

interface CannedReplyDraftArgs {
  readonly ticketId: string;
  readonly cannedReplyId: string;
}

/**
 * What `replyWithCannedReply` would send on a ticket, without sending it: the body with its
 * placeholders filled (a missing value is `MISSING_PLACEHOLDER_VALUE`), the next status and the
 * close reason, for a composer that lets the agent edit it first. Folded from the event store.
 */
export const cannedReplyDraft = defineQuery<CannedReplyDraftArgs>(null, async (args, context, principal) => {
  const { ticketId, cannedReplyId } = parseInput(z.object({ ticketId: Id, cannedReplyId: Id }), {
    ticketId: args.ticketId,
    cannedReplyId: args.cannedReplyId,
  });
  const { data } = await cannedReplyForTicket(context.services.bus, principal, ticketId, cannedReplyId, 'public');
  return { cannedReplyId, body: data.body, nextStatus: data.nextStatus ?? null, closeReason: data.closeReason ?? null };
});

interface ChatCannedReplyDraftArgs {
  readonly chatId: string;
  readonly cannedReplyId: string;
}

/**
 * A canned reply filled in for a chat (its customer and the caller), for the chat console's
 * composer to edit before sending: `{{ticket.*}}` has no value in a chat (`MISSING_PLACEHOLDER_VALUE`).
 * Writes nothing. Folded from the event store.
 */
export const chatCannedReplyDraft = defineQuery<ChatCannedReplyDraftArgs>(null, async (args, context, principal) => {
  const { chatId, cannedReplyId } = parseInput(z.object({ chatId: Id, cannedReplyId: Id }), {
    chatId: args.chatId,
    cannedReplyId: args.cannedReplyId,
  });
  const { body } = await cannedReplyForChat(context.services.bus, principal, chatId, cannedReplyId);
  return { cannedReplyId, chatId, body };
});
