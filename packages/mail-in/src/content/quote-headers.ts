/**
 * Where a quoted earlier message starts, in the forms email-reply-parser's defaults miss: an
 * Outlook header block (English or French) whose sender has no address or follows the reply
 * without a blank line, and the "original message" separators with a typographic apostrophe.
 * The parser's own headers ("On … wrote:", "Le … a écrit :", "From: Ada <ada@…>", "De : …") and
 * signatures ("-- ", "Sent from my iPhone", "Envoyé de mon iPhone") are kept as they are.
 */
const SEPARATORS = [
  /^\s*-{2,}\s*(?:Original Message|Message d['’]origine|Forwarded message|Message transféré)\s*-{2,}\s*$/i,
  // Outlook's rule above its header block.
  /^\s*_{10,}\s*$/,
];

/** The first line of an Outlook header block: the sender. */
const BLOCK_FROM = /^\s*\*?(?:From|De)\s?\*?\s?:/i;
/** A later line of the block: when, to whom, about what. */
const BLOCK_FIELD = /^\s*\*?(?:Sent|Date|To|Cc|Subject|Envoyé|À|A|Objet)\s?\*?\s?:/i;

/**
 * The index of the line a quoted earlier message starts at, by the forms above, or `undefined`.
 * A "From:" line counts only when at least two of the next four lines are header fields, so a
 * sentence that happens to start with "From:" is never taken for one.
 */
export function quoteBlockStart(lines: readonly string[]): number | undefined {
  for (const [index, line] of lines.entries()) {
    if (SEPARATORS.some((separator) => separator.test(line))) return index;
    if (BLOCK_FROM.test(line) && lines.slice(index + 1, index + 5).filter((next) => BLOCK_FIELD.test(next)).length >= 2)
      return index;
  }
  return undefined;
}
