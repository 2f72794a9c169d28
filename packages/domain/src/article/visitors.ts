// Anonymous traffic of a public help center: counted outside the event log (docs/knowledge-base.md#visitors).

/** Longest search-gap query kept, in characters: a search box's question, not a pasted page. */
export const MAX_SEARCH_GAP_LENGTH = 80;

/** Control, format (text-direction marks among them), unassigned and private characters, and every kind of space. */
const NOT_SHOWN = /[\p{C}\p{Z}]+/gu;

/**
 * A search that found nothing as the search gaps keep it, or `null` for one that says nothing:
 * its compatibility form (`ＲＥＦＵＮＤ` is `refund`), lower-cased, every run of spaces and
 * invisible characters one space, trimmed, and cut to {@link MAX_SEARCH_GAP_LENGTH} characters
 * (whole characters: never half of a pair). Supervisors read the gaps: what a reader typed
 * reaches them only in this form.
 */
export function searchGapQuery(text: string): string | null {
  const folded = text.normalize('NFKC').toLowerCase().replace(NOT_SHOWN, ' ').trim();
  const kept = Array.from(folded).slice(0, MAX_SEARCH_GAP_LENGTH).join('').trimEnd();
  return kept === '' ? null : kept;
}

const HOUR_MS = 3_600_000;

/** The UTC hour a visitor's view is counted in (its start): visitors' views are kept per article and hour. */
export function visitorViewHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}
