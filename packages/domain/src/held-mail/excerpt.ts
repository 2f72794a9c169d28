/** The longest excerpt of a held message a reviewer is shown, in characters. */
export const HELD_MAIL_EXCERPT_LENGTH = 280;

/**
 * The start of a held message's text as a reviewer's list shows it: one line (runs of white
 * space become one space), at most {@link HELD_MAIL_EXCERPT_LENGTH} characters, cut at a word
 * when it can be and then ending in `…`.
 */
export function heldMailExcerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line.length <= HELD_MAIL_EXCERPT_LENGTH) return line;
  const cut = line.slice(0, HELD_MAIL_EXCERPT_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > HELD_MAIL_EXCERPT_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
