import type { VariablesOf } from '../graphql/index.ts';
import type { UpdateSlaCalendar } from '../queries/admin.ts';

/** A calendar's definition as the API takes it. */
export type CalendarInput = VariablesOf<typeof UpdateSlaCalendar>['input']['definition'];

type Stored = {
  name?: string;
  calendar?:
    | { kind: '24/7' }
    | { kind: 'weekly'; timeZone: string; weekly?: CalendarInput['weekly']; holidays?: string[] };
  coverage?: { from: string; to: string };
};

/** The calendar form's fields; the weekly windows and the coverage are kept as loaded. */
export interface CalendarDraft {
  name: string;
  alwaysOpen: boolean;
  timeZone: string;
  /** Sorted, each once. */
  holidays: string[];
  readonly weekly: CalendarInput['weekly'];
  readonly coverage: CalendarInput['coverage'];
}

/** The form's fields for a calendar's definition as `slaConfiguration` gives it. */
export function calendarDraftOf(definition: unknown): CalendarDraft {
  const stored = (definition ?? {}) as Stored;
  const weekly = stored.calendar?.kind === 'weekly' ? stored.calendar : undefined;
  return {
    name: stored.name ?? '',
    alwaysOpen: weekly === undefined,
    timeZone: weekly?.timeZone ?? '',
    holidays: [...(weekly?.holidays ?? [])].sort(),
    weekly: weekly?.weekly ?? null,
    coverage: stored.coverage ?? null,
  };
}

/** `holidays` with `day` added (sorted, each once). */
export const withHoliday = (holidays: readonly string[], day: string): string[] =>
  [...new Set([...holidays, day])].sort();

/**
 * The definition the draft stands for, or the catalogue key of what is wrong with its name or
 * time zone (an always-open calendar has no zone, hours or holidays).
 */
export function calendarInputOf(
  draft: CalendarDraft,
): { input: CalendarInput } | { problems: Partial<Record<'name' | 'timeZone', 'admin.invalid.required'>> } {
  const name = draft.name.trim();
  const timeZone = draft.timeZone.trim();
  const problems = {
    ...(name === '' ? { name: 'admin.invalid.required' as const } : {}),
    ...(!draft.alwaysOpen && timeZone === '' ? { timeZone: 'admin.invalid.required' as const } : {}),
  };
  if (Object.keys(problems).length > 0) return { problems };
  const coverage = draft.coverage ? { coverage: draft.coverage } : {};
  if (draft.alwaysOpen) return { input: { name, alwaysOpen: true, ...coverage } };
  return {
    input: { name, timeZone, ...(draft.weekly ? { weekly: draft.weekly } : {}), holidays: draft.holidays, ...coverage },
  };
}
