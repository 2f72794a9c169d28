/** A `/` being typed to pick a canned reply: where it starts in the text, and the words after it. */
export interface SlashQuery {
  readonly start: number;
  readonly query: string;
}

// A `/` at the start of the text or of a word, then anything but a line break up to the caret.
const SLASH = /(?:^|\s)\/([^\n/]{0,40})$/;

/**
 * The canned-reply search the text before the caret holds: a `/` typed at the start or after a
 * space, and what follows it (a URL's or a date's slash is not one); null when there is none.
 */
export function slashQuery(text: string, caret: number): SlashQuery | null {
  return queryBefore(SLASH, text, caret);
}

/** The search `pattern` (a mark, then the words it captures) finds just before the caret, if any. */
export function queryBefore(pattern: RegExp, text: string, caret: number): SlashQuery | null {
  const match = pattern.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1]!;
  return { start: caret - query.length - 1, query };
}

/** The canned replies whose name holds every word of `query`, case and accents aside. */
export function matchCanned<R extends { readonly name: string }>(replies: readonly R[], query: string): R[] {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  return replies.filter((reply) => {
    const name = fold(reply.name);
    return words.every((word) => name.includes(word));
  });
}

/** `text` with the `/` search replaced by `inserted`, and where the caret goes after it. */
export function insertCanned(
  text: string,
  slash: SlashQuery,
  caret: number,
  inserted: string,
): { text: string; caret: number } {
  const next = text.slice(0, slash.start) + inserted + text.slice(caret);
  return { text: next, caret: slash.start + inserted.length };
}

/** What a key does to a list of suggestions the text box drives: move to another, pick the one shown, close it; null: nothing. */
export type SuggestionKey = { readonly active: number } | 'pick' | 'close' | null;

/**
 * A key pressed in the box while a list of `count` suggestions is open, `active` shown: the
 * arrows move round the list, Enter or Tab pick, Escape closes (even an empty list).
 */
export function suggestionKey(key: string, count: number, active: number): SuggestionKey {
  if (key === 'Escape') return 'close';
  if (count === 0) return null;
  if (key === 'ArrowDown' || key === 'ArrowUp')
    return { active: (active + (key === 'ArrowDown' ? 1 : -1) + count) % count };
  if (key === 'Enter' || key === 'Tab') return 'pick';
  return null;
}
