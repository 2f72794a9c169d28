import { SLA_METRICS } from '@support-engine/domain';
import type { SeriesBucket, TicketSeries } from '@support-engine/projections';
import { type CsvColumn, complianceColumns, csvLine } from './csv.js';

/** Every figure of a bucket, one column each, in the order of the GraphQL type. */
const COLUMNS: readonly CsvColumn<SeriesBucket>[] = [
  ['opened', (bucket) => bucket.opened],
  ['first_response_median_ms', (bucket) => bucket.firstResponseMedianMs],
  ['resolution_median_ms', (bucket) => bucket.resolutionMedianMs],
  ...complianceColumns(SLA_METRICS, (bucket: SeriesBucket) => bucket.slaCompliance),
];

/** The series CSV header: which period (`current` or `previous`), the bucket's start, then every figure. */
export const SERIES_CSV_HEADER: readonly string[] = ['period', 'start', ...COLUMNS.map(([header]) => header)];

/**
 * The `ticketTimeSeries` report as CSV lines: the header, then a row per bucket, the current
 * period's in order, then the previous period's (what a chart compares it with). Starts are ISO
 * instants (UTC). The peak hours are a ranking, not a series: GraphQL answers them.
 */
export function* ticketSeriesCsv(series: TicketSeries): Generator<string> {
  yield csvLine(SERIES_CSV_HEADER);
  for (const period of ['current', 'previous'] as const)
    for (const bucket of series[period].buckets)
      yield csvLine([period, bucket.start.toISOString(), ...COLUMNS.map(([, value]) => value(bucket))]);
}
