/**
 * Ticket rows written straight into the read model, for the benchmarks that measure reads (not a
 * benchmark of its own).
 */
import type { ReadModelTables } from '@support-engine/projections';
import { type Kysely, sql } from 'kysely';

/**
 * Seeds `count` ticket rows in one statement: the five statuses in turn, the four priorities in
 * turn, a third unassigned and the rest spread over `agent-0` to `agent-49`, a minute apart.
 */
export async function seedTicketRows(db: Kysely<ReadModelTables>, count: number): Promise<void> {
  await sql`
    insert into tickets (
      ticket_id, customer_id, subject, status, priority, opening_priority, category, channel, language, tier,
      assignee_id, proactive, opened_at, updated_at, status_since, reopen_count, reminders_sent, message_count,
      sla_state, sla_first_response, sla_next_response, sla_resolution, sla_warnings_recorded, sla_breaches_recorded,
      sla_facts, follow_up_requested, version)
    select
      'ticket-' || lpad(n::text, 7, '0'), 'customer-' || (n % 5000), 'Subject number ' || n,
      (array['new','in_progress','waiting_customer','resolved','closed'])[1 + n % 5],
      (array['low','normal','high','urgent'])[1 + n % 4], 'normal', 'billing', 'web', 'en', 1,
      case when n % 3 = 0 then null else 'agent-' || (n % 50) end, false,
      timestamptz '2025-01-01' + n * interval '1 minute', timestamptz '2025-01-01' + n * interval '1 minute',
      timestamptz '2025-01-01' + n * interval '1 minute', 0, 0, 1,
      'running', 'running', 'not_started', 'running', 0, 0, '[]'::jsonb, false, 1
    from generate_series(1, ${count}) as n`.execute(db);
  // Settle the table before anything is timed: a bulk load leaves hint bits to set on first
  // read, then autovacuum and a checkpoint. Without this the rounds ran about 30% slower than
  // the same load at the end of the run.
  await sql`vacuum (freeze, analyze) tickets`.execute(db);
  await sql`checkpoint`.execute(db);
}
