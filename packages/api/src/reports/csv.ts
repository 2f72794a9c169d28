/** A CSV cell: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null;

// A spreadsheet runs a cell that starts like a formula; names come from users (tags, categories).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, a quote or
 * a line break. Text that a spreadsheet would take for a formula gets a leading `'`, which it
 * shows as text; numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF line end (RFC 4180). */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
