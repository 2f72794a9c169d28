/**
 * Helpers the benchmarks share. This folder holds no benchmark of its own: `bench/run.mjs` runs
 * only the scripts directly in `bench/`.
 */

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The `q` quantile (0 to 1) of values already sorted ascending: the value at rank `floor(q * n)`. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** A small deterministic PRNG (mulberry32) in [0, 1), so every run replays the same workload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `op` for `from..from+count-1` with `concurrency` workers (each takes the next index when
 * its previous operation settles) and returns the elapsed seconds.
 */
export async function timed(
  from: number,
  count: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = from;
  const end = from + count;
  const worker = async () => {
    for (let i = next++; i < end; i = next++) await op(i);
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Runs `a` then `b` in even rounds and `b` then `a` in odd ones, so a drift in disk or machine
 * speed during a run hits both subjects alike.
 */
export async function alternately(round: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<void> {
  const [first, second] = round % 2 === 0 ? [a, b] : [b, a];
  await first();
  await second();
}

/** A numeric knob from the environment (`BENCH_*`), or `fallback` when unset or empty. */
export function fromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
}
