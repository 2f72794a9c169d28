/** U+2060 WORD JOINER: invisible, and no line break where it stands. */
const JOINER = '\u2060';

/**
 * Text someone outside the team wrote, as a mail shows it: a word joiner after each `.`, `@`, `:`
 * and `/`, so that neither the engine's renderer nor a mail client's own link detection sees a web
 * address (`https://…`, `www.…`, `example.com`) or an email address in it. The reader sees the same
 * characters; a copied address keeps the invisible joiners, so it does not work as pasted either.
 */
export function inertText(text: string): string {
  return text.replace(/[.@:/]/g, (mark) => `${mark}${JOINER}`);
}
