/**
 * The ticket lives the projection and what-if benchmarks replay: ten events per ticket, written
 * straight through the store's `append_events` in interleaved cohorts.
 */
import type pg from 'pg';
import { appendStreams } from './append-streams.js';

/** Events in one ticket's life. */
export const EVENTS_PER_TICKET = 10;
// Tickets whose lives interleave in the log: each cohort's events are appended in two rounds,
// so a ticket's events are spread over the log as concurrent work would spread them.
const COHORT = 1_000;

const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-06T08:00:00.000Z');

/** The ten events of one ticket's life (realistic shapes; the first bench ticket is schema-checked). */
export function ticketEvents(n: number): { type: string; data: Record<string, unknown> }[] {
  const ticketId = `b-${n}`;
  const customer = { id: `customer-${n % 5000}`, role: 'customer' };
  const agent = { id: `agent-${n % 50}`, role: 'agent' };
  const opened = T0 + n * 60_000;
  const at = (hours: number) => new Date(opened + hours * HOUR).toISOString();
  const status = (from: string, to: string, hours: number) => ({
    type: 'TicketStatusChanged',
    data: { at: at(hours), actor: agent, ticketId, from, to, reopen: false },
  });
  return [
    {
      type: 'TicketOpened',
      data: {
        at: at(0),
        actor: customer,
        ticketId,
        customerId: customer.id,
        subject: `Order ${n} arrived damaged`,
        description: `The parcel for order ${n} was crushed and the item inside is broken.`,
        priority: (['low', 'normal', 'high', 'urgent'] as const)[n % 4],
        category: (['billing', 'shipping', 'login', 'bug'] as const)[n % 4],
        channel: (['email', 'web', 'chat', 'phone'] as const)[n % 4],
        proactive: false,
      },
    },
    {
      type: 'TicketAssigned',
      data: { at: at(0.1), actor: { id: 'router', role: 'system' }, ticketId, agentId: agent.id },
    },
    status('new', 'in_progress', 0.5 + (n % 7) * 0.3),
    {
      type: 'TicketAgentReplied',
      data: {
        at: at(0.5 + (n % 7) * 0.3),
        actor: agent,
        ticketId,
        body: 'Sorry about that, could you send a photo?',
        visibility: 'public',
      },
    },
    status('in_progress', 'waiting_customer', 0.6 + (n % 7) * 0.3),
    {
      type: 'TicketCustomerReplied',
      data: { at: at(3), actor: customer, ticketId, body: 'Photo attached, the box is crushed.' },
    },
    status('waiting_customer', 'in_progress', 3),
    {
      type: 'TicketAgentReplied',
      data: { at: at(3.2), actor: agent, ticketId, body: 'Carrier damage, refund approved.', visibility: 'internal' },
    },
    status('in_progress', 'resolved', 3.5 + (n % 40)),
    { type: 'TicketRated', data: { at: at(4 + (n % 40)), actor: customer, ticketId, score: 1 + (n % 5) } },
  ];
}

/** Appends every ticket's events through the store's `append_events`, many streams per statement. */
export async function writeEvents(pool: pg.Pool, tickets: number): Promise<void> {
  for (let first = 0; first < tickets; first += COHORT) {
    const cohort = Array.from({ length: Math.min(COHORT, tickets - first) }, (_, i) => ticketEvents(first + i));
    for (const [from, to] of [
      [0, 5],
      [5, EVENTS_PER_TICKET],
    ] as const) {
      await appendStreams(
        pool,
        new Map(
          cohort.map((events) => [
            `ticket-${events[0]!.data.ticketId as string}`,
            events.slice(from, to).map((e) => ({ ...e, schemaVersion: 1 })),
          ]),
        ),
      );
    }
  }
}
