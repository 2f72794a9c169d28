/** The periods a supervisor reads reports over, and how the reports cut them. */

/** The preset periods, each ending now. */
export const PRESETS = { last24h: 1, last7d: 7, last30d: 30, last90d: 90 } as const;
export type Preset = keyof typeof PRESETS;

/** A report's period: `[from, to)` as ISO instants, and the buckets of its time series. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  readonly interval: 'hour' | 'day';
}

const DAY_MS = 86_400_000;

/** Up to two days by the hour (at most 48 buckets), longer ones by the day. */
function intervalOf(fromMs: number, toMs: number): 'hour' | 'day' {
  return toMs - fromMs <= 2 * DAY_MS ? 'hour' : 'day';
}

/**
 * The preset's days up to `now`: the last 24 hours, or as many calendar days back in the browser's
 * time zone at the same time of day (a week across a change to summer time is 167 hours).
 */
export function presetPeriod(preset: Preset, now: Date): ReportPeriod {
  const toMs = now.getTime();
  const from = new Date(now);
  if (preset === 'last24h') from.setTime(toMs - DAY_MS);
  else from.setDate(from.getDate() - PRESETS[preset]);
  const fromMs = from.getTime();
  return { from: from.toISOString(), to: now.toISOString(), interval: intervalOf(fromMs, toMs) };
}

/**
 * The days `fromDay` to `toDay` (`YYYY-MM-DD`, both included) in the browser's time zone: from the
 * first one's midnight to the midnight after the last. Null when either is not a date.
 */
export function daysPeriod(fromDay: string, toDay: string): ReportPeriod | null {
  const start = localMidnight(fromDay);
  const end = localMidnight(toDay);
  if (start === null || end === null) return null;
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString(), interval: intervalOf(start.getTime(), end.getTime()) };
}

function localMidnight(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `date` as a date field's value (`YYYY-MM-DD`, the browser's time zone). */
export function dayOf(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
