/** The zones the runtime's time-zone database knows (IANA names), read once. */
const KNOWN = Intl.supportedValuesOf('timeZone');

/**
 * The zones the callback form offers, sorted: every zone the server's time-zone database knows,
 * UTC, and the customer's on file even when the list names it otherwise (`Asia/Kolkata`, which
 * the list may still call `Asia/Calcutta`), so it can be preselected.
 */
export function timeZoneChoices(onFile: string | null): readonly string[] {
  return [...new Set([...KNOWN, 'UTC', ...(onFile === null ? [] : [onFile])])].sort();
}
