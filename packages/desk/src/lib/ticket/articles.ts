import { queryBefore, type SlashQuery } from '../conversation/canned.ts';

// A `#` at the start of the text or of a word, then a word (a Markdown heading's `# ` is not one).
const HASH = /(?:^|\s)#([^\s#][^\n#]{0,40})$/;

/** The knowledge-base search the text before the caret holds: `#` and what follows it; null when none. */
export function hashQuery(text: string, caret: number): SlashQuery | null {
  return queryBefore(HASH, text, caret);
}

/**
 * A Markdown link to an article: its title (brackets escaped) to its help-center address
 * (parentheses encoded); the title alone when the deployment names no help center.
 */
export function articleLink(title: string, url: string | null): string {
  const text = title.replace(/[\\[\]]/g, (mark) => `\\${mark}`);
  if (url === null) return text;
  return `[${text}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20')})`;
}
