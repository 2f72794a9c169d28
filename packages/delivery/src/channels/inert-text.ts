/** U+2060 WORD JOINER: invisible, and no line break where it stands. */
const JOINER = '\u2060';

/**
 * What makes text a link to a link finder: a dot or an at sign between two word characters
 * (`example.com`, `www.example`, `ana@example`), and the colon of a scheme (`https://`).
 */
const LINK_MARKS = /(?<=\w)[.@](?=\w)|:(?=\/\/)/g;

/**
 * Text someone outside the team wrote, as a mail shows it: a word joiner after each mark that
 * makes a link (see `LINK_MARKS`), so that neither the engine's renderer nor a mail client's own
 * link detection sees a web address (`https://…`, `www.…`, `example.com`) or an email address in
 * it. The reader sees the same characters; an address copied from it keeps the invisible joiner,
 * so it does not work as pasted either. Other punctuation is left as it is.
 */
export function inertText(text: string): string {
  return text.replace(LINK_MARKS, (mark) => `${mark}${JOINER}`);
}
