import { ineligibility } from '../agent/eligibility.js';
import type { WorkKind } from '../agent/work.js';
import { type AgentChoice, rankAgents } from '../assignment/choose.js';
import type { AssignmentCandidate } from '../assignment/score.js';
import type { Id } from '../shared/actor.js';
import { EXPLAINED_CANDIDATES, type RoutingExplanation } from './explanation.js';
import { compareQueued, type Queued } from './priority.js';

/** A chat or ticket waiting for an agent, as the router sees it. */
export interface QueuedWork extends Queued {
  readonly kind: WorkKind;
  readonly id: Id;
  /** The support tier it needs. */
  readonly tier: number;
  readonly category: string | null;
  /** Only agents with this skill may take it (see `rankAgents`). */
  readonly requiredSkill: string | null;
  readonly language: string | null;
  /** Gets the item while eligible, whatever the scores (a converted chat's agent keeps the ticket). */
  readonly preferredAgentId: Id | null;
}

/** The router's decision for one queued item, and why. */
export interface RoutingDecision {
  readonly item: QueuedWork;
  readonly agentId: Id;
  readonly explanation: RoutingExplanation;
}

/** Options of {@link planRouting}. */
export interface PlanOptions {
  /** The router's time (epoch ms), for how long items waited. */
  readonly nowMs: number;
  /** Stop after this many decisions; the rest wait for the next round. */
  readonly maxDecisions: number;
}

type Load = { -readonly [K in keyof AssignmentCandidate]: AssignmentCandidate[K] };

/**
 * Routes the queue: takes items highest priority first, then oldest, and gives each to the
 * best eligible agent (the domain's score; the preferred agent first when eligible), counting
 * every decision against that agent's slots before the next item. Items nobody may take stay
 * queued. One decision at a time, in a fixed order, so the same queue and team always give the
 * same plan.
 */
export function planRouting(
  queue: readonly QueuedWork[],
  agents: readonly AssignmentCandidate[],
  options: PlanOptions,
): RoutingDecision[] {
  const team: Load[] = agents.map((agent) => ({ ...agent }));
  const free = {
    chat: team.filter((a) => hasRoom(a, 'chat')).length,
    ticket: team.filter((a) => hasRoom(a, 'ticket')).length,
  };
  const decisions: RoutingDecision[] = [];
  for (const item of [...queue].sort(compareQueued)) {
    if (decisions.length >= options.maxDecisions || free.chat + free.ticket === 0) break;
    if (free[item.kind] === 0) continue;
    const ranked = rankAgents(team, item);
    const winner = (item.preferredAgentId && ranked.find((c) => c.agentId === item.preferredAgentId)) || ranked[0];
    if (winner === undefined) continue;
    decisions.push({ item, agentId: winner.agentId, explanation: explain(item, winner, ranked, team.length, options) });
    const load = team.find((agent) => agent.agentId === winner.agentId)!;
    const hadRoom = { chat: hasRoom(load, 'chat'), ticket: hasRoom(load, 'ticket') };
    if (item.kind === 'chat') load.chats++;
    else load.tickets++;
    for (const kind of ['chat', 'ticket'] as const) if (hadRoom[kind] && !hasRoom(load, kind)) free[kind]--;
  }
  return decisions;
}

/** Whether the agent could take some item of `kind` (of the lowest tier) now. */
function hasRoom(agent: AssignmentCandidate, kind: WorkKind): boolean {
  return ineligibility(agent, { kind, tier: 1 }, 'routed') === null;
}

function explain(
  item: QueuedWork,
  winner: AgentChoice,
  ranked: readonly AgentChoice[],
  considered: number,
  options: PlanOptions,
): RoutingExplanation {
  const candidates = [winner, ...ranked.filter((choice) => choice !== winner)].slice(0, EXPLAINED_CANDIDATES);
  return {
    rule: winner.agentId === item.preferredAgentId ? 'preferred_agent' : 'best_score',
    candidates: candidates.map(({ agentId, score }) => ({ agentId, ...score })),
    eligible: ranked.length,
    considered,
    waitedMs: Math.max(0, Math.round(options.nowMs - item.queuedSinceMs)),
  };
}
