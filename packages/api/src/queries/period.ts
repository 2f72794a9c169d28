/** A period's bounds, as report arguments carry them. */
interface Period {
  readonly from: Date;
  readonly to: Date;
}

/**
 * The check every report period passes, as `.refine(...periodInOrder)` on its arguments' schema:
 * `from` strictly before `to`, else `BAD_USER_INPUT` on `to`. A reversed or empty period is a
 * mistake, not a report of nothing.
 */
export const periodInOrder: [(args: Period) => boolean, { message: string; path: PropertyKey[] }] = [
  // Judged only once both bounds parsed: a malformed bound is its own issue, not a reversed period.
  (args) => !(args.from instanceof Date && args.to instanceof Date) || args.from < args.to,
  { message: 'from must be before to', path: ['to'] },
];
