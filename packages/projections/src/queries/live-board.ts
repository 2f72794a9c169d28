import { Availability } from '@support-engine/domain/agent';
import { type CategoryQueue, queuesByCategory, type WaitingGroup } from '@support-engine/domain/ticket';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { callbackOwedNowSql, slaAtRiskSql, slaBreachedInLastHourSql } from './ticket-conditions.js';
import { type StatusCounts, ticketStatusCounts } from './tickets.js';

/** The supervisors' live board: the desk as the read models hold it now. */
export interface LiveBoard {
  readonly at: Date;
  readonly tickets: StatusCounts;
  /** Chats in the queue, and how long the one waiting longest has waited (`null`: none waits). */
  readonly waitingChats: { readonly count: number; readonly longestWaitMs: number | null };
  /**
   * Tickets waiting in the queue for an agent (open, unassigned: `workQueue` lists them), and how
   * long the one waiting longest has waited (`null`: none waits).
   */
  readonly waitingTickets: { readonly count: number; readonly longestWaitMs: number | null };
  /** Agents on the team (not those who left it) per presence state, every state listed. */
  readonly agents: Readonly<Record<Availability, number>>;
  /**
   * Tickets whose SLA deadline passed unmet in the last hour: a breach recorded as due then, or a
   * running clock whose deadline is now up to an hour overdue (the automation may not have
   * recorded it yet).
   */
  readonly slaBreachesLastHour: number;
  /**
   * Tickets whose SLA is at risk: a running clock past its warning threshold, not breached yet
   * (`sla_state` `warning`, and no running clock past its target, which the breaches count);
   * `tickets(filter: { slaState: [warning] })` lists them.
   */
  readonly slaAtRisk: number;
  /** Calls owed now: marked due, or scheduled for a time already past (on tickets not closed). */
  readonly callbacksDue: number;
  /** Tickets escalated past the top tier, waiting in the supervisors' queue. */
  readonly escalations: number;
  /** The waiting chats and tickets per category (tickets also per tier): see `queuesByCategory`. */
  readonly queues: readonly CategoryQueue[];
  /**
   * Low ratings' follow-ups not done yet, tickets' and chats' (`csatFollowUps(state: open)`): a new
   * low rating moves it, so the board's subscription tells of it at once.
   */
  readonly openFollowUps: number;
}

/** The live board at `now`, in one statement besides the status counts. */
export async function liveBoard(db: Kysely<ReadModelTables>, now: Date): Promise<LiveBoard> {
  const [tickets, figures, waiting] = await Promise.all([
    ticketStatusCounts(db),
    sql<{
      waiting: string;
      oldest_waiting: Date | null;
      queued: string;
      oldest_queued: Date | null;
      presence: Record<string, number> | null;
      breaches: string;
      at_risk: string;
      callbacks_due: string;
      escalations: string;
      follow_ups: string;
    }>`
      select
        (select count(*) from chat_queue) as waiting,
        (select min(waiting_since) from chat_queue) as oldest_waiting,
        (select count(*) from tickets where queued_since is not null) as queued,
        (select min(queued_since) from tickets where queued_since is not null) as oldest_queued,
        (select jsonb_object_agg(availability, n)
          from (select availability, count(*) as n from agents where deactivated_at is null group by availability) p) as presence,
        (select count(*) from tickets where ${slaBreachedInLastHourSql(now)}) as breaches,
        (select count(*) from tickets where ${slaAtRiskSql(now)}) as at_risk,
        (select count(*) from tickets t cross join lateral jsonb_array_elements(t.callbacks) c
          where t.callbacks <> '[]'::jsonb and ${callbackOwedNowSql(sql`c.value`, now, 't')}) as callbacks_due,
        (select count(*) from tickets where with_supervisors) as escalations,
        (select count(*) from tickets where follow_up_requested and follow_up_completed_at is null)
          + (select count(*) from chat_sessions where follow_up_requested and follow_up_completed_at is null) as follow_ups`.execute(
      db,
    ),
    waitingGroups(db),
  ]);
  const row = figures.rows[0]!;
  const waitedSince = (since: Date | null) => (since === null ? null : Math.max(0, now.getTime() - since.getTime()));
  return {
    at: now,
    tickets,
    waitingChats: { count: Number(row.waiting), longestWaitMs: waitedSince(row.oldest_waiting) },
    waitingTickets: { count: Number(row.queued), longestWaitMs: waitedSince(row.oldest_queued) },
    agents: Object.fromEntries(Availability.options.map((state) => [state, row.presence?.[state] ?? 0])) as Record<
      Availability,
      number
    >,
    slaBreachesLastHour: Number(row.breaches),
    slaAtRisk: Number(row.at_risk),
    callbacksDue: Number(row.callbacks_due),
    escalations: Number(row.escalations),
    queues: queuesByCategory(waiting, now.toISOString()),
    openFollowUps: Number(row.follow_ups),
  };
}

/** The waiting work counted per kind, category and (tickets) tier, with when the longest waiting started. */
async function waitingGroups(db: Kysely<ReadModelTables>): Promise<WaitingGroup[]> {
  const { rows } = await sql<{
    kind: 'ticket' | 'chat';
    category: string | null;
    tier: number | null;
    n: string;
    oldest: Date;
  }>`
    select 'ticket' as kind, category, tier, count(*) as n, min(queued_since) as oldest
      from tickets where queued_since is not null group by category, tier
    union all
    select 'chat', s.category, null, count(*), min(q.waiting_since)
      from chat_queue q join chat_sessions s on s.chat_id = q.chat_id group by s.category`.execute(db);
  return rows.map((row) => ({
    kind: row.kind,
    category: row.category,
    tier: row.tier,
    count: Number(row.n),
    oldestSince: row.oldest.toISOString(),
  }));
}
