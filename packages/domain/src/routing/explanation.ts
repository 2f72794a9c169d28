import { z } from 'zod';
import { Id } from '../shared/actor.js';

/** Most candidates an explanation lists: enough to see why the winner won, small enough for an event. */
export const EXPLAINED_CANDIDATES = 5;

/** One agent's score for an item, component by component. */
export const CandidateScore = z
  .object({
    agentId: Id,
    skill: z.number(),
    language: z.number(),
    workload: z.number(),
    performance: z.number(),
    online: z.number(),
    total: z.number(),
  })
  .strict();
export type CandidateScore = z.infer<typeof CandidateScore>;

/**
 * Why the router gave an item to an agent, recorded on the assignment event so history answers
 * "why this agent": the rule that decided, the best candidates' scores (the winner first), how
 * many agents were eligible out of those considered, and how long the item had waited.
 * `preferred_agent` is a converted chat's agent keeping the ticket while eligible.
 */
export const RoutingExplanation = z
  .object({
    rule: z.enum(['best_score', 'preferred_agent']),
    candidates: z.array(CandidateScore).min(1).max(EXPLAINED_CANDIDATES),
    eligible: z.number().int().min(1),
    considered: z.number().int().min(1),
    waitedMs: z.number().int().min(0),
  })
  .strict();
export type RoutingExplanation = z.infer<typeof RoutingExplanation>;
