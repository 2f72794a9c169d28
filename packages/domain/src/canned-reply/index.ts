import { checkingContext, type Decider } from '../shared/decider.js';
import type { CannedReplyCommand } from './commands.js';
import { decideCannedReplies } from './decide.js';
import type { CannedReplyEvent } from './events.js';
import { evolveCannedReplies } from './evolve.js';
import { type CannedReplyLibrary, EMPTY_CANNED_REPLY_LIBRARY } from './state.js';

export * from './commands.js';
export { decideCannedReplies } from './decide.js';
export * from './events.js';
export { evolveCannedReplies } from './evolve.js';
export * from './placeholders.js';
export { STANDARD_CANNED_REPLIES } from './standard.js';
export * from './state.js';
export {
  type CannedReplyPeople,
  CHAT_PLACEHOLDERS,
  chatPlaceholderValues,
  chatTextFromCannedReply,
  placeholderValues,
  replyFromCannedReply,
  usableInChat,
} from './use.js';

/** The id of the team's one canned-reply library stream (`cannedreplies-default`). */
export const CANNED_REPLY_LIBRARY_ID = 'default';

/** The team's canned-reply library: one stream, so shared and personal replies are decided together. */
export const cannedRepliesDecider: Decider<CannedReplyCommand, CannedReplyEvent, CannedReplyLibrary> = checkingContext<
  CannedReplyCommand,
  CannedReplyEvent,
  CannedReplyLibrary
>({
  initialState: EMPTY_CANNED_REPLY_LIBRARY,
  decide: decideCannedReplies,
  evolve: evolveCannedReplies,
});
