import { ConcurrencyError } from './errors.js';
import type { ExpectedVersion } from './stream-version.js';

/**
 * Throws {@link ConcurrencyError} unless a stream at `actualVersion` (0 = no events) satisfies
 * `expected`. The PostgreSQL adapter runs the same rule inside its append function.
 */
export function assertExpectedVersion(streamId: string, expected: ExpectedVersion, actualVersion: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actualVersion === 0) ||
    (expected === 'stream_exists' && actualVersion > 0) ||
    expected === actualVersion;
  if (!ok) throw new ConcurrencyError(streamId, expected, actualVersion);
}
