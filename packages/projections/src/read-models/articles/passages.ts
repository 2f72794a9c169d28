/** About how long a passage is (characters): two or three sentences, what a search snippet shows. */
export const PASSAGE_TARGET = 280;
/** Longest passage: a sentence longer than this is cut between words. */
export const PASSAGE_MAX = 560;

/**
 * An article's plain text (blocks on lines of their own, see `articleBodyText`) cut into
 * passages of about {@link PASSAGE_TARGET} characters, ending at sentence or block ends. A search
 * snippet is taken from the passage that best matches the query, so highlighting reads a few
 * hundred characters per hit rather than the whole body. Nothing is dropped: the passages,
 * joined by spaces, hold every word of the text in order.
 */
export function articlePassages(text: string): string[] {
  const passages: string[] = [];
  let current = '';
  for (const sentence of sentences(text)) {
    if (current !== '' && current.length + 1 + sentence.length > PASSAGE_TARGET) {
      passages.push(current);
      current = '';
    }
    current = current === '' ? sentence : `${current} ${sentence}`;
  }
  if (current !== '') passages.push(current);
  return passages;
}

/** The text's sentences, block ends counting as sentence ends, none longer than {@link PASSAGE_MAX}. */
function* sentences(text: string): Generator<string> {
  for (const block of text.split('\n')) {
    for (const sentence of block.split(/(?<=[.!?…])\s+/)) {
      const trimmed = sentence.trim().replace(/\s+/g, ' ');
      if (trimmed !== '') yield* cutLong(trimmed);
    }
  }
}

/** `sentence` in pieces of at most {@link PASSAGE_MAX} characters, cut at the last space of each (or mid-word if it has none). */
function* cutLong(sentence: string): Generator<string> {
  let rest = sentence;
  while (rest.length > PASSAGE_MAX) {
    const space = rest.lastIndexOf(' ', PASSAGE_MAX);
    const cut = space > 0 ? space : PASSAGE_MAX;
    yield rest.slice(0, cut);
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') yield rest;
}
