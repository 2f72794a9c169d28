/**
 * Durations (first response, resolution) kept as histograms, so the report rollup can add and
 * subtract tickets and still give a median over any number of days. Bucket 0 holds everything
 * under a minute, the last one everything from 60 days on, and the 30 between cut the minute to
 * 60 days range in equal ratios (about 1.46 each). Each bucket keeps its count and the sum of its
 * durations: a median that falls on a bucket holding that one duration (or the two middle ones
 * alone) is exact, and any other is placed around the bucket's mean, within its bounds.
 */
export const DURATION_BUCKETS = 32;

const MINUTE_MS = 60_000;
const LOG_BUCKETS = DURATION_BUCKETS - 2;
const RATIO = (60 * 24 * 60) ** (1 / LOG_BUCKETS);
const LOG_RATIO = Math.log(RATIO);

/** The bucket of a duration in ms. */
export function durationBucket(ms: number): number {
  if (ms < MINUTE_MS) return 0;
  const bucket = 1 + Math.floor(Math.log(ms / MINUTE_MS) / LOG_RATIO);
  return Math.min(DURATION_BUCKETS - 1, bucket);
}

/** The bounds `[lower, upper)` of a bucket; the last one's upper bound is infinite. */
export function durationBucketBounds(bucket: number): readonly [number, number] {
  if (bucket === 0) return [0, MINUTE_MS];
  const lower = MINUTE_MS * RATIO ** (bucket - 1);
  return [lower, bucket === DURATION_BUCKETS - 1 ? Number.POSITIVE_INFINITY : MINUTE_MS * RATIO ** bucket];
}

/** A histogram read back: per bucket, how many durations fell in it and their sum. */
export interface DurationHistogram {
  readonly counts: ArrayLike<number>;
  readonly sums: ArrayLike<number>;
}

/**
 * The median the histogram gives: the middle duration (or the mean of the two middle ones),
 * each estimated within its bucket from the bucket's mean, spread evenly around it as far as the
 * nearer bound allows. `null` for an empty histogram.
 */
export function histogramMedian({ counts, sums }: DurationHistogram): number | null {
  let total = 0;
  for (let i = 0; i < DURATION_BUCKETS; i++) total += counts[i]!;
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let before = 0;
    for (let bucket = 0; ; bucket++) {
      const count = counts[bucket]!;
      if (rank < before + count) {
        const mean = sums[bucket]! / count;
        if (count === 1) return mean;
        const [lower, upper] = durationBucketBounds(bucket);
        const halfSpread = Math.min(mean - lower, upper - mean);
        const position = (rank - before + 0.5) / count;
        return mean + (2 * position - 1) * halfSpread;
      }
      before += count;
    }
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}
