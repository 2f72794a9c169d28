import { z } from 'zod';

// A UTF-16 surrogate without its partner: a high one not followed by a low one, or a low one not
// preceded by a high one. Without the `u` flag the regex sees code units, not code points.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True when `text` is well-formed Unicode text without NUL characters: what a text column (or a
 * JSON document) in PostgreSQL can hold, and what can be encoded as UTF-8 at all.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/**
 * `text` made storable: each NUL and each unpaired surrogate replaced by U+FFFD, the replacement
 * character, so text read from outside (a mail's subject) keeps its words and shows where it broke.
 */
export function toStorableText(text: string): string {
  return isStorableText(text) ? text : text.replace(new RegExp(`\u0000|${UNPAIRED_SURROGATE.source}`, 'g'), '\ufffd');
}

/** Why {@link StorableText} refuses a string. */
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** A string that is {@link isStorableText storable text}. */
export const StorableText = z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/**
 * A label folded so that what reads the same compares the same: Unicode-normalized (NFKC: full-width
 * letters, ligatures and a combining accent typed on macOS read as the plain or precomposed ones),
 * trimmed and lower-cased, `İ` lower-cased to a plain `i` rather than `i` with a combining dot.
 */
export function foldLabel(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/i\u0307/g, 'i')
    .normalize('NFKC');
}

/** `count` and its noun, plural unless one (English messages): "1 open ticket", "2 open tickets". */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
