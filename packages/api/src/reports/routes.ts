import { Readable } from 'node:stream';
import type { SlaConfigurationSource } from '@support-engine/application';
import {
  chatMetrics,
  countTickets,
  exportTickets,
  MAX_EXPORTED_TICKETS,
  type ReadModelTables,
  ticketMetrics,
  ticketSeries,
} from '@support-engine/projections';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { z } from 'zod';
import { requireRole } from '../auth/guard.js';
import type { Operation } from '../auth/policy.js';
import type { RequestPrincipal } from '../auth/request.js';
import { refuseRequest } from '../errors/http.js';
import { complianceGoals } from '../queries/compliance-goals.js';
import { SeriesArgs } from '../queries/metrics.js';
import { periodInOrder } from '../queries/period.js';
import { ticketFilterOf } from '../queries/tickets.js';
import { badInput, parseInput } from '../validation.js';
import { CHAT_CSV_GROUPINGS, chatMetricsCsv } from './chat-metrics-csv.js';
import { CSV_GROUPINGS, ticketMetricsCsv } from './metrics-csv.js';
import { Instant, queryList } from './query.js';
import { ticketSeriesCsv } from './series-csv.js';
import { TicketsCsvQuery, ticketsCsv } from './tickets-csv.js';

/** Where `ticketMetrics` is served as CSV. */
export const TICKET_METRICS_CSV_PATH = '/reports/ticket-metrics.csv';
/** Where `ticketTimeSeries` is served as CSV. */
export const TICKET_SERIES_CSV_PATH = '/reports/ticket-series.csv';
/** Where `chatMetrics` is served as CSV. */
export const CHAT_METRICS_CSV_PATH = '/reports/chat-metrics.csv';
/** Where the tickets a `TicketFilter` keeps are served as CSV, every one of them. */
export const TICKETS_CSV_PATH = '/reports/tickets.csv';

const Range = z.object({ from: Instant, to: Instant });

/** `by=agent,tag` or `by=agent&by=tag`, each one of `groupings`; every grouping when left out. */
const groupingsOf = <const G extends readonly [string, ...string[]]>(groupings: G) =>
  queryList(z.enum(groupings)).transform((by) => [...new Set<G[number]>(by ?? groupings)]);

/** A report's range with groupings to break it down by; `from` must come before `to`. */
const groupedRange = <const G extends readonly [string, ...string[]]>(groupings: G) =>
  Range.extend({ by: groupingsOf(groupings) }).refine(...periodInOrder);
const TicketMetricsQuery = groupedRange(CSV_GROUPINGS);
const ChatMetricsQuery = groupedRange(CHAT_CSV_GROUPINGS);
const SeriesQuery = Range.extend({ interval: z.string(), timeZone: z.string().nullish() }).pipe(SeriesArgs);

/**
 * The reports for spreadsheets, with the same token and the same policy row as their GraphQL
 * queries: `GET /reports/ticket-metrics.csv?from=&to=&by=`, `/reports/ticket-series.csv?from=&to=&interval=&timeZone=`
 * and `/reports/chat-metrics.csv?from=&to=&by=`. Each answers one row per group or bucket
 * (header first), written to the response as the rows are formatted. `/reports/tickets.csv?status=&...`
 * answers every ticket the `tickets` list's filter keeps (at most `MAX_EXPORTED_TICKETS`), one
 * row each, read in batches as the response is written; it is a report of the team's, so it takes
 * `ticketMetrics`' policy row. Refusals use the GraphQL error shape.
 */
export function reportRoutes(
  db: Kysely<ReadModelTables>,
  configuration: SlaConfigurationSource,
  principalOf: RequestPrincipal,
  clock: () => Date,
  logger: Logger,
) {
  return async (scope: FastifyInstance) => {
    const csvRoute = (
      path: string,
      operation: Operation,
      lines: (query: unknown) => Promise<Iterable<string> | AsyncIterable<string>>,
    ) =>
      scope.get(path, async (request, reply) => {
        try {
          requireRole(operation, await principalOf(request));
          const body = await lines(request.query);
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${path.split('/').at(-1)}"`)
            .header('cache-control', 'private, no-store')
            .send(Readable.from(body));
        } catch (error) {
          return refuseRequest(reply, error, logger, 'report');
        }
      });

    csvRoute(TICKET_METRICS_CSV_PATH, 'ticketMetrics', async (input) => {
      const { from, to, by } = parseInput(TicketMetricsQuery, input);
      return ticketMetricsCsv(
        await ticketMetrics(db, { from, to }, undefined, await complianceGoals(configuration)),
        by,
      );
    });
    csvRoute(TICKET_SERIES_CSV_PATH, 'ticketTimeSeries', async (input) => {
      const { from, to, interval, timeZone } = parseInput(SeriesQuery, input);
      return ticketSeriesCsv(await ticketSeries(db, { from, to }, interval, timeZone));
    });
    csvRoute(CHAT_METRICS_CSV_PATH, 'chatMetrics', async (input) => {
      const { from, to, by } = parseInput(ChatMetricsQuery, input);
      return chatMetricsCsv(await chatMetrics(db, { from, to }, clock()), by);
    });
    csvRoute(TICKETS_CSV_PATH, 'ticketMetrics', async (input) => {
      const filter = ticketFilterOf(parseInput(TicketsCsvQuery, input), clock());
      // Refused before the first line is written: a download cut short would look complete.
      if ((await countTickets(db, filter, MAX_EXPORTED_TICKETS + 1)) > MAX_EXPORTED_TICKETS) {
        const message = `more than ${MAX_EXPORTED_TICKETS} tickets match: narrow the filter (updatedSince, status, ...)`;
        throw badInput([{ path: '', message }]);
      }
      return ticketsCsv(exportTickets(db, filter));
    });
  };
}
