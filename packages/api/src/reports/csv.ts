import type { Compliance } from '@support-engine/projections';

/** A CSV cell: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null;

const flag = (value: boolean | null): CsvValue => (value === null ? null : String(value));

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

/** A CSV column of rows of type `G`: its header and how a row's cell is read. */
export type CsvColumn<G> = readonly [header: string, value: (row: G) => CsvValue];

/** Three columns of a share: `<name>_count`, `<name>_of`, `<name>_rate`. */
export function shareColumns<G>(
  name: string,
  of: (row: G) => { readonly count: number; readonly of: number; readonly rate: number | null },
): CsvColumn<G>[] {
  return [
    [`${name}_count`, (row) => of(row).count],
    [`${name}_of`, (row) => of(row).of],
    [`${name}_rate`, (row) => of(row).rate],
  ];
}

/** Three columns of durations: `<name>_count`, `<name>_average_ms`, `<name>_median_ms`. */
export function durationColumns<G>(
  name: string,
  of: (row: G) => { readonly count: number; readonly averageMs: number | null; readonly medianMs: number | null },
): CsvColumn<G>[] {
  return [
    [`${name}_count`, (row) => of(row).count],
    [`${name}_average_ms`, (row) => of(row).averageMs],
    [`${name}_median_ms`, (row) => of(row).medianMs],
  ];
}

/**
 * Three columns per SLA metric: `sla_<metric>_met`, `_breached`, `_rate`; with `goals`, also
 * `_goal` and `_meets_goal` (empty where the group has no single goal).
 */
export function complianceColumns<G>(
  metrics: readonly string[],
  of: (row: G) => Readonly<Record<string, Compliance>>,
  goals = false,
): CsvColumn<G>[] {
  return metrics.flatMap((metric): CsvColumn<G>[] => [
    [`sla_${metric}_met`, (row) => of(row)[metric]!.met],
    [`sla_${metric}_breached`, (row) => of(row)[metric]!.breached],
    [`sla_${metric}_rate`, (row) => of(row)[metric]!.rate],
    ...(goals
      ? ([
          [`sla_${metric}_goal`, (row) => of(row)[metric]!.goal],
          [`sla_${metric}_meets_goal`, (row) => flag(of(row)[metric]!.meetsGoal)],
        ] satisfies CsvColumn<G>[])
      : []),
  ]);
}

/** `entries` sorted by key in code-point order (a CSV's rows do not depend on the locale). */
export function byKey<G>(entries: Iterable<[string, G]>): [string, G][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
