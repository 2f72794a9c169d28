import type { VariablesOf } from '../graphql/index.ts';
import type { UpdateSlaCalendar } from '../queries/admin.ts';
import { type Weekday, type WeeklyText, weeklyInputOf, weeklyTextOf } from './weekly.ts';

/** A calendar's definition as the API takes it. */
export type CalendarInput = VariablesOf<typeof UpdateSlaCalendar>['input']['definition'];

type Stored = {
  name?: string;
  calendar?:
    | { kind: '24/7' }
    | { kind: 'weekly'; timeZone: string; weekly?: CalendarInput['weekly']; holidays?: string[] };
  coverage?: { from: string; to: string };
};

/** The calendar form's fields; the coverage is kept as loaded. */
export interface CalendarDraft {
  name: string;
  alwaysOpen: boolean;
  timeZone: string;
  /** Each weekday's opening windows, as typed. */
  hours: WeeklyText;
  /** Sorted, each once. */
  holidays: string[];
  readonly coverage: CalendarInput['coverage'];
}

/** What may be wrong with a calendar's form: a field's catalogue key. */
export type CalendarProblems = Partial<
  Record<'name' | 'timeZone', 'admin.invalid.required'> & Record<Weekday, 'admin.invalid.hours'>
>;

/** The form's fields for a calendar's definition as `slaConfiguration` gives it. */
export function calendarDraftOf(definition: unknown): CalendarDraft {
  const stored = (definition ?? {}) as Stored;
  const weekly = stored.calendar?.kind === 'weekly' ? stored.calendar : undefined;
  return {
    name: stored.name ?? '',
    alwaysOpen: weekly === undefined,
    timeZone: weekly?.timeZone ?? '',
    hours: weeklyTextOf(weekly?.weekly ?? null),
    holidays: [...(weekly?.holidays ?? [])].sort(),
    coverage: stored.coverage ?? null,
  };
}

/** A new calendar's form: open Monday to Friday, 9:00 to 17:00. */
export function newCalendarDraft(): CalendarDraft {
  const workday = [{ start: '09:00', end: '17:00' }];
  return {
    ...calendarDraftOf({ calendar: { kind: 'weekly', timeZone: 'UTC' } }),
    hours: weeklyTextOf({ mon: workday, tue: workday, wed: workday, thu: workday, fri: workday }),
  };
}

/** `holidays` with `days` added (sorted, each once). */
export const withHoliday = (holidays: readonly string[], ...days: string[]): string[] =>
  [...new Set([...holidays, ...days])].sort();

/**
 * The definition the draft stands for, or the catalogue key of what is wrong with its name, time
 * zone or a day's hours (an always-open calendar has no zone, hours or holidays).
 */
export function calendarInputOf(draft: CalendarDraft): { input: CalendarInput } | { problems: CalendarProblems } {
  const name = draft.name.trim();
  const timeZone = draft.timeZone.trim();
  const hours = draft.alwaysOpen ? null : weeklyInputOf(draft.hours);
  const problems: CalendarProblems = {
    ...(name === '' ? { name: 'admin.invalid.required' as const } : {}),
    ...(!draft.alwaysOpen && timeZone === '' ? { timeZone: 'admin.invalid.required' as const } : {}),
    ...(hours && 'problems' in hours ? hours.problems : {}),
  };
  if (Object.keys(problems).length > 0) return { problems };
  const coverage = draft.coverage ? { coverage: draft.coverage } : {};
  if (hours === null || !('weekly' in hours)) return { input: { name, alwaysOpen: true, ...coverage } };
  return { input: { name, timeZone, weekly: hours.weekly, holidays: draft.holidays, ...coverage } };
}
