import type { VariablesOf } from '../graphql/index.ts';
import type { UpdateSlaCalendar } from '../queries/admin.ts';

/** The days of a week as a calendar's weekly hours name them, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A calendar's weekly hours as the API takes them. */
export type WeeklyInput = NonNullable<VariablesOf<typeof UpdateSlaCalendar>['input']['definition']['weekly']>;

/** Each day's opening windows as the form shows them: `09:00-12:00, 13:00-17:00`; empty when closed. */
export type WeeklyText = Record<Weekday, string>;

/** The most windows one day may have (the engine's limit). */
const MAX_WINDOWS = 6;
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
const WINDOW = new RegExp(`^(${TIME})\\s*-\\s*(${TIME})$`);

/** The form's text of weekly hours (a day left out is closed). */
export function weeklyTextOf(
  weekly: Partial<Record<Weekday, readonly { start: string; end: string }[] | null>> | null,
) {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, (weekly?.[day] ?? []).map(({ start, end }) => `${start}-${end}`).join(', ')]),
  ) as WeeklyText;
}

/**
 * The weekly hours the text stands for, or, for each day whose text is not a list of windows
 * `HH:MM-HH:MM` (at most six), the catalogue key saying so. A window ending at or before its start
 * runs past midnight, and one ending at its start lasts 24 hours (the engine's reading);
 * overlapping windows are the engine's refusal (`CALENDAR_WINDOWS_OVERLAP`).
 */
export function weeklyInputOf(
  text: WeeklyText,
): { weekly: WeeklyInput } | { problems: Partial<Record<Weekday, 'admin.invalid.hours'>> } {
  const problems: Partial<Record<Weekday, 'admin.invalid.hours'>> = {};
  const weekly: Record<string, { start: string; end: string }[]> = {};
  for (const day of WEEKDAYS) {
    const parts = text[day].split(',').map((part) => part.trim());
    const windows = parts.filter((part) => part !== '').map((part) => WINDOW.exec(part));
    if (windows.some((window) => window === null) || windows.length > MAX_WINDOWS) {
      problems[day] = 'admin.invalid.hours';
      continue;
    }
    weekly[day] = windows.map((window) => ({ start: window![1]!, end: window![3]! }));
  }
  return Object.keys(problems).length > 0 ? { problems } : { weekly };
}
