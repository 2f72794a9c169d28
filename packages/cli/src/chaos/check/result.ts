/** One line of the chaos report: what was checked, what broke it (must be none), and a figure. */
export interface CheckResult {
  readonly check: string;
  /** Each violation, said precisely enough to find it in the records. */
  readonly violations: readonly string[];
  /** A measurement beside the count (lateness, recovery time), when the check has one. */
  readonly figure?: string;
}

/** The items of `values` seen more than once, with how often. */
export function repeated(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return new Map([...counts].filter(([, n]) => n > 1));
}

/** The keys of `pairs` grouped with more than one distinct value: one thing carried under several ids. */
export function manyValued(pairs: Iterable<readonly [key: string, value: string]>): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const [key, value] of pairs) groups.set(key, (groups.get(key) ?? new Set()).add(value));
  return new Map([...groups].filter(([, values]) => values.size > 1));
}

/** The `fraction` quantile (nearest rank) of `values`; `null` for none. */
export function quantile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
