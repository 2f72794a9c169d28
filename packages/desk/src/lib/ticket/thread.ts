/**
 * A long conversation read from its newest message back, a page at a time (`messages(last:,
 * before:)`): the messages loaded are always a run of the thread without a hole, in order, each
 * once, whatever arrives live while the user reads back.
 */

interface Identified {
  readonly messageId: string;
}

/** Messages the desk reads per page (the API's most). */
export const THREAD_PAGE = 100;

/**
 * The newest page read again (after a live update or the agent's own message) joined to what was
 * loaded: the earlier pages stay where the newest page starts among them. When it starts past them
 * all (more than a page came meanwhile), only the newest page is kept: the user reads back again
 * rather than past a hole.
 */
export function withNewest<M extends Identified>(loaded: readonly M[], newest: readonly M[]): M[] {
  const first = newest[0];
  if (first === undefined) return [];
  const at = loaded.findIndex((message) => message.messageId === first.messageId);
  return at === -1 ? [...newest] : [...loaded.slice(0, at), ...newest];
}

/**
 * An earlier page put before what is loaded, if it was read before the message that is still the
 * first loaded (`before`); otherwise the thread moved on meanwhile and the page is dropped (the
 * next read back asks again from the new first message). A message already loaded is not repeated.
 */
export function withEarlier<M extends Identified>(loaded: readonly M[], earlier: readonly M[], before: string): M[] {
  if (loaded[0]?.messageId !== before) return [...loaded];
  const have = new Set(loaded.map((message) => message.messageId));
  return [...earlier.filter((message) => !have.has(message.messageId)), ...loaded];
}

/** How many of the thread's `total` messages come before the ones loaded (0 once read to the first). */
export function unloadedBefore(loaded: readonly Identified[], total: number): number {
  return Math.max(0, total - loaded.length);
}
