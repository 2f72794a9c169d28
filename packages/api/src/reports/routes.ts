import { Readable } from 'node:stream';
import { type ReadModelTables, ticketMetrics } from '@support-engine/projections';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { z } from 'zod';
import { requireRole } from '../auth/guard.js';
import type { RequestPrincipal } from '../auth/request.js';
import { refuseRequest } from '../errors/http.js';
import { parseInput } from '../validation.js';
import { CSV_GROUPINGS, ticketMetricsCsv } from './metrics-csv.js';

/** Where `ticketMetrics` is served as CSV. */
export const TICKET_METRICS_CSV_PATH = '/reports/ticket-metrics.csv';

const Instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

const CsvQuery = z
  .object({
    from: Instant,
    to: Instant,
    // `by=agent,tag` or `by=agent&by=tag`; every grouping when left out.
    by: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((by) => (by === undefined ? [...CSV_GROUPINGS] : [by].flat().flatMap((list) => list.split(','))))
      .pipe(z.array(z.enum(CSV_GROUPINGS)).min(1))
      .transform((by) => [...new Set(by)]),
  })
  .refine((query) => query.from < query.to, { message: 'from must be before to', path: ['to'] });

/**
 * `GET /reports/ticket-metrics.csv?from=&to=&by=`: the `ticketMetrics` report for spreadsheets,
 * with the same token and the same policy row as the GraphQL query. One row per group (header
 * first), written to the response as the rows are formatted. Refusals use the GraphQL error shape.
 */
export function reportRoutes(db: Kysely<ReadModelTables>, principalOf: RequestPrincipal, logger: Logger) {
  return async (scope: FastifyInstance) => {
    scope.get(TICKET_METRICS_CSV_PATH, async (request, reply) => {
      try {
        requireRole('ticketMetrics', await principalOf(request));
        const { from, to, by } = parseInput(CsvQuery, request.query);
        const report = await ticketMetrics(db, { from, to });
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="ticket-metrics.csv"')
          .header('cache-control', 'private, no-store')
          .send(Readable.from(ticketMetricsCsv(report, by)));
      } catch (error) {
        return refuseRequest(reply, error, logger, 'report');
      }
    });
  };
}
