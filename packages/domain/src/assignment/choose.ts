import { ineligibility } from '../agent/eligibility.js';
import type { Id } from '../shared/actor.js';
import {
  type AssignableItem,
  type AssignmentCandidate,
  activeItems,
  type ScoreBreakdown,
  sameLabel,
  scoreAgent,
} from './score.js';

/** What deciding whose queues an item is in needs to know of an agent: who they are, their tier and skills. */
export type QueueMember = Pick<AssignmentCandidate, 'agentId' | 'tier' | 'skills' | 'deactivated'>;

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
 * The skill an agent must list to be routed the item: its `requiredSkill`, unless nobody on the
 * team (whatever their presence; those who left it do not count) at the item's tier or above
 * lists it — then the requirement is waived and the item routes on score, so a category whose
 * skill nobody has yet, whose last expert left, or nobody at the tier an escalation raised it to,
 * never strands its tickets.
 */
export function enforcedSkill(team: readonly QueueMember[], item: AssignableItem): string | null {
  const skill = item.requiredSkill ?? null;
  if (skill === null) return null;
  return team.some((agent) => !agent.deactivated && agent.tier >= item.tier && hasSkill(agent, skill)) ? skill : null;
}

function hasSkill(agent: Pick<AssignmentCandidate, 'skills'>, skill: string): boolean {
  return agent.skills.some((s) => sameLabel(s, skill));
}

/**
 * Every eligible agent with their score, best first: eligible, and listing the item's required
 * skill ({@link enforcedSkill}, judged over `agents`). Ties break deterministically: higher
 * total, then fewer active items (spread the load), then agent id ascending.
 */
export function rankAgents(agents: readonly AssignmentCandidate[], item: AssignableItem): AgentChoice[] {
  const skill = enforcedSkill(agents, item);
  return agents
    .filter((agent) => isEligible(agent, item) && (skill === null || hasSkill(agent, skill)))
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

/**
 * Whether an unassigned item is in the agent's queues as the router sees them: the router could
 * give it to them were they free, which is the one eligibility rule ({@link ineligibility}: not
 * deactivated, tier at least the item's) with their presence and load set aside (an agent on a
 * break still sees what waits for them), and the item's required skill when the team enforces it
 * ({@link enforcedSkill}, judged over `team`). A language the agent does not speak never keeps an
 * item from them (the router only scores it), so it does not here either.
 */
export function inAgentQueues(agent: QueueMember, item: AssignableItem, team: readonly QueueMember[]): boolean {
  const free = {
    ...agent,
    availability: 'available',
    capacity: 1,
    ticketCapacity: null,
    chats: 0,
    tickets: 0,
  } as const;
  if (ineligibility(free, item, 'routed') !== null) return false;
  const skill = enforcedSkill(team, item);
  return skill === null || hasSkill(agent, skill);
}
