import { ineligibility } from '../agent/eligibility.js';
import type { Id } from '../shared/actor.js';
import {
  type AssignableItem,
  type AssignmentCandidate,
  activeItems,
  type ScoreBreakdown,
  scoreAgent,
} from './score.js';

/** An agent and their score for an item. */
export interface AgentChoice {
  readonly agentId: Id;
  readonly score: ScoreBreakdown;
}

/**
 * Whether the router may give the item to the agent: the agents' one eligibility rule in
 * `routed` mode (available, a free slot of the item's kind, at least the item's tier).
 */
export function isEligible(agent: AssignmentCandidate, item: AssignableItem): boolean {
  return ineligibility(agent, item, 'routed') === null;
}

/**
 * Every eligible agent with their score, best first. Ties break deterministically: higher
 * total, then fewer active items (spread the load), then agent id ascending.
 */
export function rankAgents(agents: readonly AssignmentCandidate[], item: AssignableItem): AgentChoice[] {
  return agents
    .filter((agent) => isEligible(agent, item))
    .map((agent) => ({ agent, score: scoreAgent(agent, item) }))
    .sort(
      (a, b) =>
        b.score.total - a.score.total ||
        activeItems(a.agent) - activeItems(b.agent) ||
        (a.agent.agentId < b.agent.agentId ? -1 : a.agent.agentId > b.agent.agentId ? 1 : 0),
    )
    .map(({ agent, score }) => ({ agentId: agent.agentId, score }));
}

/** The best available agent for the item, or `null` when nobody is eligible (the item waits in the queue). */
export function chooseAgent(agents: readonly AssignmentCandidate[], item: AssignableItem): AgentChoice | null {
  return rankAgents(agents, item)[0] ?? null;
}
