/** One search hit. */
export interface ArticleHit {
  readonly articleId: string;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly excerpt: string;
  readonly status: string;
  readonly categoryId: string | null;
  readonly tags: string[];
  /** Relevance; higher is better. Hits that contain every word of the query score above 1. */
  readonly rank: number;
  /** Passages of the body around the matched words: HTML-escaped text with `<mark>` around matches. */
  readonly snippet: string;
}

/** A page of hits, and what was searched (so a caller can record searches that found nothing). */
export interface ArticleSearchResult {
  readonly items: ArticleHit[];
  readonly nextCursor: string | null;
  /** The text searched, trimmed. */
  readonly text: string;
  /** The text with misspelt words replaced by the nearest known word, when any was: a "did you mean". */
  readonly correctedText: string | null;
  /** True when nothing matched at all (not merely an empty later page). */
  readonly noHits: boolean;
  /**
   * Whether the text held a word the search looks for: punctuation or stop words alone find
   * nothing, and are no content gap.
   */
  readonly wordful: boolean;
}
