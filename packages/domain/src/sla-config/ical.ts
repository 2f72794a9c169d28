import { DateTime } from 'luxon';
import { DomainError } from '../shared/errors.js';
import type { CalendarCoverage } from './definitions.js';

/** At most this many holiday dates come out of one import. */
const MAX_IMPORTED_DATES = 1000;

/**
 * The local dates of the events of an iCalendar file (RFC 5545), as holidays: each day from
 * DTSTART to the day before DTEND (one day without DTEND), and for `RRULE:FREQ=YEARLY` events,
 * their repetitions (up to COUNT or UNTIL, a 29 February only in leap years) within `coverage`.
 * A timed event marks its whole start date, read in the calendar's `timeZone` when the time is
 * UTC (`...Z`) or names its own zone (`TZID=`), as written when it is floating. Dates outside
 * `coverage` are left out, however long the event. Throws `ICAL_INVALID` for a file without a
 * calendar, an event without a readable DTSTART or ending before it starts, or more than 1,000
 * dates in all. A `TZID` this zone database does not know (a Windows zone name, say) reads as
 * floating: the date as written.
 */
export function holidaysFromICalendar(ics: string, coverage: CalendarCoverage, timeZone = 'UTC'): string[] {
  const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  if (!lines.some((line) => line.trim().toUpperCase() === 'BEGIN:VCALENDAR'))
    throw invalid('the file has no BEGIN:VCALENDAR');
  const dates = new Set<string>();
  let event: Map<string, Property> | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VEVENT') event = new Map();
    else if (upper === 'END:VEVENT' && event !== null) {
      for (const date of eventDates(event, coverage, timeZone)) dates.add(date);
      event = null;
    } else if (event !== null) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        const [name, ...params] = line.slice(0, colon).split(';');
        const tzid = params.find((param) => param.toUpperCase().startsWith('TZID='))?.slice('TZID='.length);
        event.set(name!.toUpperCase(), { value: line.slice(colon + 1), tzid });
      }
    }
    if (dates.size > MAX_IMPORTED_DATES) throw invalid(`more than ${MAX_IMPORTED_DATES} holiday dates`);
  }
  return [...dates].sort();
}

/** A property of an event: its value, and the zone its `TZID` parameter names, if any. */
interface Property {
  readonly value: string;
  readonly tzid: string | undefined;
}

function eventDates(event: ReadonlyMap<string, Property>, coverage: CalendarCoverage, timeZone: string): string[] {
  const start = parseDate(event.get('DTSTART'), timeZone);
  if (start === null)
    throw invalid(`an event has no readable DTSTART (${event.get('SUMMARY')?.value ?? 'no summary'})`);
  const end = parseDate(event.get('DTEND'), timeZone);
  // An end before the start is a broken event, not a one-day one: which days it meant is unknowable.
  if (end !== null && end < start)
    throw invalid(`an event ends before it starts (${event.get('SUMMARY')?.value ?? 'no summary'})`);
  const days = end === null ? 1 : Math.max(1, Math.round(end.diff(start, 'days').days));
  const rule = parseRule(event.get('RRULE')?.value, timeZone);
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
    // Only the days within the coverage are walked, so a long closure costs what it marks.
    const skipped = Math.max(0, Math.ceil(from.diff(first, 'days').days));
    const span = Math.min(days, Math.floor(to.diff(first, 'days').days) + 1);
    for (let d = skipped; d < span; d++) dates.push(first.plus({ days: d }).toISODate()!);
    if (dates.length > MAX_IMPORTED_DATES) throw invalid(`more than ${MAX_IMPORTED_DATES} holiday dates`);
  }
  return dates;
}

/**
 * The local date of `YYYYMMDD`, or of `YYYYMMDDTHHMMSS` read in the calendar's `timeZone` when it
 * is UTC (`Z`) or has a `TZID` (as written when floating), as midnight UTC of that date; null when
 * absent or unreadable.
 */
function parseDate(property: Property | undefined, timeZone: string): DateTime | null {
  const match = property?.value.match(/^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z?))?/);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, utc] = match;
  const written = { year: Number(year), month: Number(month), day: Number(day) };
  let local = DateTime.fromObject(written, { zone: 'utc' });
  if (hour !== undefined) {
    const zone = utc === 'Z' ? 'utc' : (property?.tzid ?? null);
    const time = { ...written, hour: Number(hour), minute: Number(minute), second: Number(second ?? 0) };
    const instant = zone === null ? null : DateTime.fromObject(time, { zone });
    // An unknown TZID reads as floating: the date as written.
    if (instant?.isValid) local = DateTime.fromISO(instant.setZone(timeZone).toISODate()!, { zone: 'utc' });
  }
  return local.isValid ? local : null;
}

function parseRule(
  value: string | undefined,
  timeZone: string,
): { count: number | null; until: DateTime | null } | null {
  if (value === undefined) return null;
  const parts = new Map(value.split(';').map((part) => part.split('=') as [string, string]));
  if (parts.get('FREQ')?.toUpperCase() !== 'YEARLY')
    throw invalid(`only yearly repetitions are understood (RRULE:${value})`);
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : null;
  const until = parts.get('UNTIL');
  return {
    count: count !== null && Number.isInteger(count) && count > 0 ? count : null,
    until: parseDate(until === undefined ? undefined : { value: until, tzid: undefined }, timeZone),
  };
}

function invalid(why: string): DomainError {
  return new DomainError('ICAL_INVALID', `Invalid iCalendar file: ${why}`, { why });
}
