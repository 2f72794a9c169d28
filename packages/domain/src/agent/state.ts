import { z } from 'zod';
import type { Id } from '../shared/actor.js';
import type { Instant } from '../shared/time.js';
import type { WorkItem, WorkKind, WorkMode } from './work.js';

/**
 * An agent's presence (the 24/7 premium plan's five states). Only `available` agents receive
 * routed work; `busy` (on a call, in a task), `break` and `training` keep what they hold but get
 * nothing new; `offline` agents are not at work.
 */
export const Availability = z.enum(['available', 'busy', 'break', 'training', 'offline']);
export type Availability = z.infer<typeof Availability>;

/**
 * The three-state availability of the first releases (`online`, `away`, `offline`), as older
 * events and clients still say it: `online` is `available`, `away` is a `break`.
 */
export const LEGACY_AVAILABILITY: Readonly<Record<'online' | 'away', Availability>> = {
  online: 'available',
  away: 'break',
};

/** An availability as written today, or in its legacy spelling (`online`, `away`). */
export function normalizeAvailability(value: string): string {
  return Object.hasOwn(LEGACY_AVAILABILITY, value)
    ? LEGACY_AVAILABILITY[value as keyof typeof LEGACY_AVAILABILITY]
    : value;
}

/** Support tier (level 1, 2, 3); escalation moves work up a tier. */
export const AgentTier = z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'expected a tier: 1, 2 or 3' });
export type AgentTier = z.infer<typeof AgentTier>;

/** How many chats an agent handles at once (1 to 20; default 3). */
export const Capacity = z.number().int().min(1).max(20);
/** The chats an agent handles at once until a capacity is set for them. */
export const DEFAULT_CAPACITY = 3;

/**
 * The most open tickets an agent may hold at once, or `null` for no cap (the default: tickets
 * are long-lived and mostly wait on customers, so most teams do not cap them).
 */
export const TicketCapacity = z.number().int().min(1).max(1_000).nullable();
export type TicketCapacity = z.infer<typeof TicketCapacity>;

/** Supervisor's rating of an agent, out of 10; feeds the assignment score. */
export const PerformanceRating = z.number().min(0).max(10);
/** A new agent starts mid-scale so they are neither favoured nor starved by assignment. */
export const DEFAULT_PERFORMANCE_RATING = 5;

/** A skill or category label such as `billing`; compared case-insensitively by assignment. */
export const Skill = z.string().trim().min(1).max(100);

/**
 * One slot of the agent's capacity, held for one chat or ticket. A hand-over reserves it before
 * the item records its new agent, so the agent's own stream is where capacity is enforced.
 */
export interface Holding {
  readonly reservationId: Id;
  readonly item: WorkItem;
  /** The item's stream version the hand-over was decided at (it lands at the next version). */
  readonly itemVersion: number;
  readonly mode: WorkMode;
  readonly reservedAt: Instant;
}

/** A registered agent as the decider sees it. */
export interface Agent {
  readonly status: 'registered';
  readonly agentId: Id;
  readonly name: string;
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  readonly tier: AgentTier;
  readonly capacity: number;
  readonly ticketCapacity: TicketCapacity;
  readonly performanceRating: number;
  readonly availability: Availability;
  /**
   * True once the agent left the team (`DeactivateAgent`) and until they come back: they hold
   * nothing, stay `offline` and are given no work. Absent in states saved before deactivation
   * existed, which read as active.
   */
  readonly deactivated?: boolean;
  /** What the agent holds now, oldest first. */
  readonly holdings: readonly Holding[];
}

/** The agent stream's state: nothing before registration. */
export type AgentState = { readonly status: 'none' } | Agent;

/** The state of an agent stream with no events. */
export const initialAgentState: AgentState = { status: 'none' };

/** How many items of `kind` the agent holds. */
export function heldCount(agent: Pick<Agent, 'holdings'>, kind: WorkKind): number {
  let count = 0;
  for (const holding of agent.holdings) if (holding.item.kind === kind) count++;
  return count;
}
