import { z } from 'zod';
import type { Id } from '../shared/actor.js';

/** Whether an agent takes new work: only `online` agents are offered chats and tickets. */
export const Availability = z.enum(['online', 'away', 'offline']);
export type Availability = z.infer<typeof Availability>;

/** Support tier (level 1, 2, 3); escalation moves work up a tier. */
export const AgentTier = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type AgentTier = z.infer<typeof AgentTier>;

/** How many chats an agent handles at once (DOMAIN.md section 5: default 3). */
export const Capacity = z.number().int().min(1).max(20);
export const DEFAULT_CAPACITY = 3;

/** Supervisor's rating of an agent, out of 10; feeds the assignment score. */
export const PerformanceRating = z.number().min(0).max(10);
/** A new agent starts mid-scale so they are neither favoured nor starved by assignment. */
export const DEFAULT_PERFORMANCE_RATING = 5;

/** A skill or category label such as `billing`; compared case-insensitively by assignment. */
export const Skill = z.string().trim().min(1).max(100);

/** A registered agent as the decider sees it. */
export interface Agent {
  readonly status: 'registered';
  readonly agentId: Id;
  readonly name: string;
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  readonly tier: AgentTier;
  readonly capacity: number;
  readonly performanceRating: number;
  readonly availability: Availability;
}

/** The agent stream's state: nothing before registration. */
export type AgentState = { readonly status: 'none' } | Agent;

/** The state of an agent stream with no events. */
export const initialAgentState: AgentState = { status: 'none' };
