/** A line of a pasted or uploaded list that is not a holiday: its number (from 1) and its text. */
export interface RefusedLine {
  readonly line: number;
  readonly text: string;
}

/** Whether a file's text is an iCalendar file (RFC 5545), which the engine reads itself. */
export const isICalendar = (text: string): boolean => /^\s*BEGIN:VCALENDAR\s*$/im.test(text);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a date `YYYY-MM-DD` that exists (no 31 April, a 29 February in leap years only). */
function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The holidays of a list of dates, one a line: a CSV file's first column (`2026-12-25,Christmas`,
 * quotes allowed, a name after the date ignored) or dates typed one a line. Blank lines are
 * skipped, and a first line naming the columns (no digit in its first field) too; every other line
 * whose first field is not a real date is refused, by number, and the rest kept (sorted, each once).
 */
export function parseHolidayList(text: string): { dates: string[]; refused: RefusedLine[] } {
  const dates = new Set<string>();
  const refused: RefusedLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const first = (line.split(/[,;\t]/)[0] ?? '')
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    if (index === 0 && !/\d/.test(first)) return;
    if (isDate(first)) dates.add(first);
    else refused.push({ line: index + 1, text: line });
  });
  return { dates: [...dates].sort(), refused };
}
