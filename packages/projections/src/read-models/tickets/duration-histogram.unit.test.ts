import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, durationBucket, durationBucketBounds, histogramMedian } from './duration-histogram.js';

const DAY = 24 * 60 * 60_000;
const duration = fc.integer({ min: 0, max: 90 * DAY });

function histogramOf(values: readonly number[]) {
  const counts = new Float64Array(DURATION_BUCKETS);
  const sums = new Float64Array(DURATION_BUCKETS);
  for (const value of values) {
    counts[durationBucket(value)]! += 1;
    sums[durationBucket(value)]! += value;
  }
  return { counts, sums };
}

const sortedMiddle = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? [sorted[middle]!, sorted[middle]!] : [sorted[middle - 1]!, sorted[middle]!];
};

describe('duration histograms', () => {
  it('puts every duration in the bucket whose bounds hold it, buckets in order', () => {
    fc.assert(
      fc.property(duration, (ms) => {
        const bucket = durationBucket(ms);
        const [lower, upper] = durationBucketBounds(bucket);
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(DURATION_BUCKETS);
        expect(ms).toBeGreaterThanOrEqual(lower);
        expect(ms).toBeLessThan(upper);
      }),
    );
    expect(durationBucket(59_999)).toBe(0);
    expect(durationBucket(60_000)).toBe(1);
    expect(durationBucket(60 * DAY)).toBe(DURATION_BUCKETS - 1);
  });

  it('gives the exact median when the middle durations have their buckets to themselves', () => {
    // 10, 20, 30 and 40 minutes fall in four buckets.
    const minutes = (m: number) => m * 60_000;
    expect(histogramMedian(histogramOf([minutes(30)]))).toBe(minutes(30));
    expect(histogramMedian(histogramOf([minutes(10), minutes(20), minutes(40)]))).toBe(minutes(20));
    expect(histogramMedian(histogramOf([minutes(10), minutes(20), minutes(30), minutes(40)]))).toBe(minutes(25));
    // The two middle durations alone in one bucket: their mean.
    expect(histogramMedian(histogramOf([minutes(5), minutes(100), minutes(101), minutes(2000)]))).toBe(minutes(100.5));
    expect(histogramMedian(histogramOf([]))).toBeNull();
  });

  it('estimates any other median within the middle durations’ buckets', () => {
    fc.assert(
      fc.property(fc.array(duration, { minLength: 1, maxLength: 200 }), (values) => {
        const [low, high] = sortedMiddle(values);
        const estimate = histogramMedian(histogramOf(values))!;
        expect(estimate).toBeGreaterThanOrEqual(durationBucketBounds(durationBucket(low!))[0]);
        expect(estimate).toBeLessThan(durationBucketBounds(durationBucket(high!))[1]);
      }),
    );
  });

  it('comes within a few per cent of the exact median over many spread durations', () => {
    // Log-normal-ish resolution times around 5 hours: the estimate is the bucket's mean, spread.
    const values = Array.from({ length: 10_001 }, (_, i) => Math.round(5 * 3_600_000 * Math.exp(Math.sin(i * 7.1))));
    const [exact] = sortedMiddle(values);
    const estimate = histogramMedian(histogramOf(values))!;
    expect(Math.abs(estimate - exact!) / exact!).toBeLessThan(0.05);
  });
});
