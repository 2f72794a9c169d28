import { HOUR_MS, type Instant, toMillis } from '../shared/time.js';
import type { SlaSummary } from '../sla/summary.js';
import { countsTowardSlaCompliance } from './sla-compliance.js';

/** How far back the supervisors' live board looks for SLA breaches: the last hour. */
export const LIVE_BOARD_BREACH_WINDOW_MS = HOUR_MS;

/** What the live board's SLA figures know of a ticket (the tickets read model holds them). */
export interface BoardSlaFacts {
  /** The latest breach the automation recorded, as the deadline it missed; null: none. */
  readonly lastSlaBreachAt: Instant | null;
  /** When the running clock closest to its target reaches it; null: no running clock. */
  readonly slaNextBreachAt: Instant | null;
  /** Why the ticket stands closed; null when it is not closed. */
  readonly closeReason: string | null;
  /** The SLA in one word (`summarizeSla`). */
  readonly slaState: SlaSummary | string;
}

/** Whether `at` falls within the breach window ending at `now` (`now - 1 hour < at <= now`). */
function withinBreachWindow(at: Instant | null, now: Instant): boolean {
  if (at === null) return false;
  const ms = toMillis(at);
  const end = toMillis(now);
  return ms > end - LIVE_BOARD_BREACH_WINDOW_MS && ms <= end;
}

/**
 * Whether the live board counts the ticket among the SLA breaches of the last hour at `now`: a
 * breach recorded as due within the hour, or a running clock whose deadline is now up to an hour
 * overdue (the automation may not have recorded it yet). A ticket thrown away as spam or invalid
 * counts in none, as in every SLA figure ({@link countsTowardSlaCompliance}).
 */
export function isSlaBreachedInLastHour(ticket: BoardSlaFacts, now: Instant): boolean {
  if (!countsTowardSlaCompliance(ticket.closeReason)) return false;
  return withinBreachWindow(ticket.lastSlaBreachAt, now) || withinBreachWindow(ticket.slaNextBreachAt, now);
}

/**
 * Whether the ticket's SLA is at risk at `now`: a running clock past its warning threshold
 * (`warning`) and no running clock already past its target (those count as breaches).
 */
export function isSlaAtRisk(ticket: BoardSlaFacts, now: Instant): boolean {
  if (ticket.slaState !== 'warning') return false;
  return ticket.slaNextBreachAt === null || toMillis(ticket.slaNextBreachAt) > toMillis(now);
}

/** Work of one kind waiting for an agent in one category (and, for tickets, one tier), as the read models count it. */
export interface WaitingGroup {
  readonly kind: 'ticket' | 'chat';
  /** The category's id; null: uncategorised. */
  readonly category: string | null;
  /** The tickets' tier; null for chats, which have none. */
  readonly tier: number | null;
  readonly count: number;
  /** When the one waiting longest started to wait. */
  readonly oldestSince: Instant;
}

/** How many wait, and how long the one waiting longest has (null: none waits). */
export interface WaitingFigure {
  readonly count: number;
  readonly longestWaitMs: number | null;
}

/** The queue of one category on the live board: its tickets (in all, and per tier) and chats waiting. */
export interface CategoryQueue {
  /** The category's id; null: uncategorised. */
  readonly category: string | null;
  readonly tickets: WaitingFigure;
  readonly chats: WaitingFigure;
  /** The tickets waiting per tier, lowest tier first; only tiers where some wait. */
  readonly ticketsByTier: readonly (WaitingFigure & { readonly tier: number })[];
}

const NONE_WAITING: WaitingFigure = { count: 0, longestWaitMs: null };

/** Two figures of waiting work together: the counts added, the longer of the waits. */
function addWaiting(a: WaitingFigure, b: WaitingFigure): WaitingFigure {
  const waits = [a.longestWaitMs, b.longestWaitMs].filter((wait): wait is number => wait !== null);
  return { count: a.count + b.count, longestWaitMs: waits.length === 0 ? null : Math.max(...waits) };
}

/**
 * The live board's queues per category at `now`, from the waiting work counted per kind, category
 * and tier: one entry per category where anything waits (empty categories are left out, the
 * uncategorised work under `null`), in the order of the categories' ids with the uncategorised
 * last, so a row stays in its place while the figures move. A wait is never negative (a clock a
 * little behind the read models' shows 0).
 */
export function queuesByCategory(groups: readonly WaitingGroup[], now: Instant): CategoryQueue[] {
  const byCategory = new Map<
    string | null,
    { tickets: WaitingFigure; chats: WaitingFigure; tiers: Map<number, WaitingFigure> }
  >();
  for (const group of groups) {
    if (group.count <= 0) continue;
    const figure = { count: group.count, longestWaitMs: Math.max(0, toMillis(now) - toMillis(group.oldestSince)) };
    const queue = byCategory.get(group.category) ?? { tickets: NONE_WAITING, chats: NONE_WAITING, tiers: new Map() };
    byCategory.set(group.category, queue);
    if (group.kind === 'chat') {
      queue.chats = addWaiting(queue.chats, figure);
      continue;
    }
    queue.tickets = addWaiting(queue.tickets, figure);
    if (group.tier !== null)
      queue.tiers.set(group.tier, addWaiting(queue.tiers.get(group.tier) ?? NONE_WAITING, figure));
  }
  return [...byCategory.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([category, { tickets, chats, tiers }]) => ({
      category,
      tickets,
      chats,
      ticketsByTier: [...tiers.entries()].sort(([a], [b]) => a - b).map(([tier, figure]) => ({ tier, ...figure })),
    }));
}
