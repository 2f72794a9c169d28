/** How the supervisors' screens write figures: in the user's language, an empty figure as a dash. */

const DASH = '—';

/** A count, as `language` writes numbers (`1,234` in English, `1 234` in French). */
export function formatCount(language: string, value: number): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A share between 0 and 1 as a percentage with at most one decimal; a dash for none. */
export function formatRate(language: string, rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return DASH;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** An average (a satisfaction score) with at most two decimals; a dash for none. */
export function formatAverage(language: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
}

const UNITS = [
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 },
  { unit: 'second', ms: 1_000 },
] as const;

/**
 * A duration in its largest whole unit with at most one decimal (`1.5 hours`, `12 min`), as
 * `language` writes it; a dash for none.
 */
export function formatDuration(language: string, ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  const { unit, ms: size } = UNITS.find((candidate) => ms >= candidate.ms) ?? UNITS[3];
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  }).format(ms / size);
}
