/**
 * A stream's fields as its events recorded them up to a version: each event's data laid over the
 * ones before, key by key, so a profile shows its name, email or tier as last recorded by then.
 * It reads what the log says, not the engine's rules (the API has no past state of these streams).
 */

/** An event of a stream as the screen holds it: its version and the data it recorded. */
export interface RecordedData {
  readonly version: number;
  readonly data?: unknown;
}

/**
 * The top-level fields the events up to `version` recorded, the latest value of each, by key; a
 * value that is not text or a number is written as JSON.
 */
export function fieldsAsOf(events: readonly RecordedData[], version: number): [string, string][] {
  const fields = new Map<string, unknown>();
  for (const event of events) {
    if (event.version > version) break;
    if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) continue;
    for (const [key, value] of Object.entries(event.data)) fields.set(key, value);
  }
  return [...fields.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => [
      key,
      typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value),
    ]);
}
