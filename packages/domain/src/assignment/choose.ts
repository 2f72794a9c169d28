import { canTakeWork } from '../agent/load.js';
import type { Id } from '../shared/actor.js';
import { type AssignmentCandidate, type ScoreBreakdown, scoreAgent, type WorkItem } from './score.js';

/** The chosen agent and why. */
export interface AgentChoice {
  readonly agentId: Id;
  readonly score: ScoreBreakdown;
}

/**
 * Whether the agent may receive the item: online, below capacity, and of the item's minimum
 * tier or above. `away` agents are not offered work even if they have room: away means
 * "do not route to me" in every helpdesk.
 */
export function isEligible(agent: AssignmentCandidate, item: WorkItem): boolean {
  return canTakeWork(agent) && agent.tier >= (item.minimumTier ?? 1);
}

/**
 * Every eligible agent with their score, best first. Ties break deterministically: higher
 * total, then fewer active items (spread the load), then agent id ascending.
 */
export function rankAgents(agents: readonly AssignmentCandidate[], item: WorkItem): AgentChoice[] {
  return agents
    .filter((agent) => isEligible(agent, item))
    .map((agent) => ({ agent, score: scoreAgent(agent, item) }))
    .sort(
      (a, b) =>
        b.score.total - a.score.total ||
        a.agent.activeItems - b.agent.activeItems ||
        (a.agent.agentId < b.agent.agentId ? -1 : a.agent.agentId > b.agent.agentId ? 1 : 0),
    )
    .map(({ agent, score }) => ({ agentId: agent.agentId, score }));
}

/** The best available agent for the item, or `null` when nobody is eligible (the item waits in the queue). */
export function chooseAgent(agents: readonly AssignmentCandidate[], item: WorkItem): AgentChoice | null {
  return rankAgents(agents, item)[0] ?? null;
}
