import {
  DISCARD_CLOSE_REASONS,
  LIVE_BOARD_BREACH_WINDOW_MS,
  OPEN_CALLBACK_STATUSES,
  RESOLVED_OR_CLOSED,
} from '@support-engine/domain/ticket';
import { type RawBuilder, sql } from 'kysely';

// The domain's ticket rules as SQL conditions on the `tickets` read model, built from the
// domain's own lists and constants so the two cannot drift (ticket-conditions.property.int.test.ts
// checks each against its domain function on random rows). `table` names the tickets table's
// alias when the statement gives it one.

const column = (table: string | undefined, name: string) => sql.ref(table === undefined ? name : `${table}.${name}`);
const list = (values: readonly string[]) => sql.join(values.map((value) => sql.lit(value)));

/** `isOpenStatus` as SQL: the ticket is neither resolved nor closed. */
export function openStatusSql(table?: string): RawBuilder<boolean> {
  return sql<boolean>`${column(table, 'status')} not in (${list(RESOLVED_OR_CLOSED)})`;
}

/** `countsTowardSlaCompliance` as SQL: the ticket is not standing closed as spam or invalid. */
export function countsTowardSlaSql(table?: string): RawBuilder<boolean> {
  return sql<boolean>`coalesce(${column(table, 'close_reason')}, '') not in (${list(DISCARD_CLOSE_REASONS)})`;
}

/** `isSlaBreachedInLastHour` at `now` as SQL. */
export function slaBreachedInLastHourSql(now: Date, table?: string): RawBuilder<boolean> {
  const since = new Date(now.getTime() - LIVE_BOARD_BREACH_WINDOW_MS);
  const within = (name: string) => sql`(${column(table, name)} > ${since} and ${column(table, name)} <= ${now})`;
  return sql<boolean>`((${within('last_sla_breach_at')} or ${within('sla_next_breach_at')}) and ${countsTowardSlaSql(table)})`;
}

/** `isSlaAtRisk` at `now` as SQL. */
export function slaAtRiskSql(now: Date, table?: string): RawBuilder<boolean> {
  return sql<boolean>`(${column(table, 'sla_state')} = 'warning'
    and not coalesce(${column(table, 'sla_next_breach_at')} <= ${now}, false))`;
}

/** `isOpenCallback` as SQL, on one element (`jsonb`) of a ticket's `callbacks`. */
export function openCallbackSql(callback: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${callback}->>'status' in (${list(OPEN_CALLBACK_STATUSES)}))`;
}

/** `isCallbackOwedNow` at `now` as SQL, on one element (`jsonb`) of the ticket's `callbacks`. */
export function callbackOwedNowSql(callback: RawBuilder<unknown>, now: Date, table?: string): RawBuilder<boolean> {
  return sql<boolean>`(${column(table, 'status')} <> 'closed'
    and (${callback}->>'status' = 'due'
      or (${callback}->>'status' = 'scheduled' and (${callback}->>'at')::timestamptz <= ${now})))`;
}
