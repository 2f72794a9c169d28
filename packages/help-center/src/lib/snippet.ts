/** A run of a search hit's snippet: its text, and whether it is a matched word (highlighted). */
export interface SnippetPart {
  readonly text: string;
  readonly mark: boolean;
}

// The five escapes the API writes into a snippet's text (and nothing else is decoded).
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * A snippet as the API sends it (escaped text with `<mark>` around the matches) turned into plain
 * text runs, each marked or not. The page draws them as text (Svelte escapes it again), so nothing
 * of the snippet ever reaches the page as markup: a `<script>` or any tag other than the API's
 * `<mark>`, even unescaped, shows as the characters it is.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  for (const piece of snippet.split(/(<\/?mark>)/)) {
    if (piece === '<mark>' || piece === '</mark>') {
      mark = piece === '<mark>';
      continue;
    }
    if (piece === '') continue;
    const text = piece.replace(/&(amp|lt|gt|quot|#39);/g, (_whole, name: string) => ENTITIES[name] ?? '');
    const last = parts.at(-1);
    // Two runs alike in a row (a stray mark) are one.
    if (last !== undefined && last.mark === mark) parts[parts.length - 1] = { text: last.text + text, mark };
    else parts.push({ text, mark });
  }
  return parts;
}
