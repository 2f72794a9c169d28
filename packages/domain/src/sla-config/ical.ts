import { DateTime } from 'luxon';
import { DomainError } from '../shared/errors.js';
import type { CalendarCoverage } from './definitions.js';

/** At most this many holiday dates come out of one import. */
const MAX_IMPORTED_DATES = 1000;

/**
 * The local dates of the events of an iCalendar file (RFC 5545), as holidays: each day from
 * DTSTART to the day before DTEND (one day without DTEND), and for `RRULE:FREQ=YEARLY` events,
 * their repetitions (up to COUNT or UNTIL, a 29 February only in leap years) within `coverage`.
 * Times of day are ignored: a timed event marks its whole start date. Dates outside `coverage` are left out. Throws
 * `ICAL_INVALID` for a file without a calendar, or an event without a readable DTSTART.
 */
export function holidaysFromICalendar(ics: string, coverage: CalendarCoverage): string[] {
  const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  if (!lines.some((line) => line.trim().toUpperCase() === 'BEGIN:VCALENDAR'))
    throw invalid('the file has no BEGIN:VCALENDAR');
  const dates = new Set<string>();
  let event: Map<string, string> | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VEVENT') event = new Map();
    else if (upper === 'END:VEVENT' && event !== null) {
      for (const date of eventDates(event, coverage)) dates.add(date);
      event = null;
    } else if (event !== null) {
      const colon = line.indexOf(':');
      if (colon > 0) event.set(line.slice(0, colon).split(';')[0]!.toUpperCase(), line.slice(colon + 1));
    }
    if (dates.size > MAX_IMPORTED_DATES) throw invalid(`more than ${MAX_IMPORTED_DATES} holiday dates`);
  }
  return [...dates].sort();
}

function eventDates(event: ReadonlyMap<string, string>, coverage: CalendarCoverage): string[] {
  const start = parseDate(event.get('DTSTART'));
  if (start === null) throw invalid(`an event has no readable DTSTART (${event.get('SUMMARY') ?? 'no summary'})`);
  const end = parseDate(event.get('DTEND'));
  const days = end === null ? 1 : Math.max(1, Math.round(end.diff(start, 'days').days));
  const rule = parseRule(event.get('RRULE'));
  const from = DateTime.fromISO(coverage.from, { zone: 'utc' });
  const to = DateTime.fromISO(coverage.to, { zone: 'utc' });
  const dates: string[] = [];
  // COUNT counts occurrences, and a year without the date (29 February) has none (RFC 5545).
  let occurrences = 0;
  for (let n = 0; ; n++) {
    const first = start.plus({ years: n });
    if (n > 0 && (rule === null || (rule.count !== null && occurrences >= rule.count))) break;
    if (rule?.until != null && first > rule.until) break;
    if (first > to) break;
    // A 29 February repeats only in leap years (luxon would move it to the 28th).
    if (first.day !== start.day) continue;
    occurrences++;
    for (let d = 0; d < Math.min(days, 366); d++) {
      const day = first.plus({ days: d });
      if (day >= from && day <= to) dates.push(day.toISODate()!);
    }
  }
  return dates;
}

/** `YYYYMMDD`, possibly followed by a time (`T...`), as a UTC date; null when absent or unreadable. */
function parseDate(value: string | undefined): DateTime | null {
  const match = value?.match(/^(\d{4})(\d{2})(\d{2})/);
  if (!match) return null;
  const date = DateTime.fromObject(
    { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
    { zone: 'utc' },
  );
  return date.isValid ? date : null;
}

function parseRule(value: string | undefined): { count: number | null; until: DateTime | null } | null {
  if (value === undefined) return null;
  const parts = new Map(value.split(';').map((part) => part.split('=') as [string, string]));
  if (parts.get('FREQ')?.toUpperCase() !== 'YEARLY')
    throw invalid(`only yearly repetitions are understood (RRULE:${value})`);
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : null;
  return {
    count: count !== null && Number.isInteger(count) && count > 0 ? count : null,
    until: parseDate(parts.get('UNTIL')),
  };
}

function invalid(why: string): DomainError {
  return new DomainError('ICAL_INVALID', `Invalid iCalendar file: ${why}`, { why });
}
