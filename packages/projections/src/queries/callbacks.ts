import {
  type CallbackStatus,
  callbackAsRead,
  OPEN_CALLBACK_STATUSES,
  type TicketCallback,
} from '@support-engine/domain/ticket';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { openCallbackSql } from './ticket-conditions.js';

/** Options of {@link listCallbacks}. */
export interface CallbackQueueOptions {
  /** The statuses to list; the open ones (`scheduled`, `due`) by default. */
  readonly statuses?: readonly CallbackStatus[];
  /** Only the calls of tickets assigned to this agent. */
  readonly assigneeId?: string;
  /** 1..200; 50 by default. */
  readonly first?: number;
}

/** A call owed, with what an agent needs of its ticket to make it. */
export interface CallbackEntry {
  readonly ticketId: string;
  readonly subject: string;
  readonly priority: string;
  readonly assigneeId: string | null;
  readonly customerId: string;
  /** The customer's name, when they registered a profile. */
  readonly customerName: string | null;
  /** The call as read with the customer's profile now (`callbackAsRead`: the number on file, an incident call's zone). */
  readonly callback: TicketCallback;
}

/**
 * The calls booked on tickets, soonest first (then by ticket): the queue of calls owed. Calls
 * still open on a closed ticket are left out (owed again if it is reopened).
 */
export async function listCallbacks(
  db: Kysely<ReadModelTables>,
  options: CallbackQueueOptions = {},
): Promise<CallbackEntry[]> {
  const statuses = options.statuses ?? OPEN_CALLBACK_STATUSES;
  const first = Math.min(Math.max(Math.trunc(options.first ?? 50), 1), 200);
  const { rows } = await sql<{
    ticket_id: string;
    subject: string;
    priority: string;
    assignee_id: string | null;
    customer_id: string;
    customer_name: string | null;
    phone: string | null;
    time_zone: string | null;
    callback: TicketCallback;
  }>`
    select t.ticket_id, t.subject, t.priority, t.assignee_id, t.customer_id, cu.name as customer_name,
      cu.phone, cu.time_zone, c.value as callback
    from tickets t cross join lateral jsonb_array_elements(t.callbacks) c
      left join customers cu on cu.customer_id = t.customer_id
    where t.callbacks <> '[]'::jsonb
      and c.value->>'status' = any(${[...statuses]}::text[])
      -- A closed ticket owes no call until it is reopened.
      and (t.status <> 'closed' or not ${openCallbackSql(sql`c.value`)})
      and ${options.assigneeId === undefined ? sql`true` : sql`t.assignee_id = ${options.assigneeId}`}
    order by c.value->>'at', t.ticket_id, c.value->>'callbackId'
    limit ${first}`.execute(db);
  return rows.map((row) => ({
    ticketId: row.ticket_id,
    subject: row.subject,
    priority: row.priority,
    assigneeId: row.assignee_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    callback: callbackAsRead(row.callback, { phone: row.phone, timeZone: row.time_zone }),
  }));
}
