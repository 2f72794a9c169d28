/** A chat message as the console keeps it: its id and when it was sent, at least. */
interface Said {
  readonly messageId: string;
  readonly at: string;
}

/**
 * `messages` with `message` in its place by time (ties by arrival): a message already there (the
 * first read and the live update both brought it) is not added twice.
 */
export function withMessage<M extends Said>(messages: readonly M[], message: M): M[] {
  if (messages.some((known) => known.messageId === message.messageId)) return [...messages];
  const after = messages.findIndex((known) => known.at > message.at);
  return after === -1 ? [...messages, message] : [...messages.slice(0, after), message, ...messages.slice(after)];
}

/** How often the agent's typing is signalled while they keep typing (the API holds back more). */
export const TYPING_REPEAT_MS = 2_000;

/**
 * How long someone's typing stays shown without a new signal: past that, they stopped (their
 * `stopped_typing` may have been held back by the API's rate limit, or never sent).
 */
export const TYPING_SHOWN_MS = 8_000;
