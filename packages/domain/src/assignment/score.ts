import type { AgentLoad } from '../agent/load.js';
import type { AgentTier } from '../agent/state.js';
import type { Id } from '../shared/actor.js';

/** What assignment knows about an agent: profile from the agent stream, load from the read model. */
export interface AssignmentCandidate extends AgentLoad {
  readonly agentId: Id;
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  readonly tier: AgentTier;
  /** Out of 10. */
  readonly performanceRating: number;
}

/** The ticket or chat looking for an agent. */
export interface WorkItem {
  readonly category?: string | null;
  readonly language?: string | null;
  /** Escalated work only goes to agents of this tier or above (default 1: anyone). */
  readonly minimumTier?: AgentTier;
}

/** Each component of an agent's score for an item, and their sum, so a choice can be explained. */
export interface ScoreBreakdown {
  readonly skill: number;
  readonly language: number;
  readonly workload: number;
  readonly performance: number;
  readonly online: number;
  readonly total: number;
}

/** The documented weights (DOMAIN.md section 6). */
export const SCORE_WEIGHTS = {
  skillMatch: 40,
  languageMatch: 20,
  workloadCeiling: 30,
  perRatingPoint: 5,
  online: 10,
} as const;

/** Case-insensitive equality, for skills matched against categories. */
function sameLabel(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Languages match on their primary subtag, so an `en` speaker serves an `en-GB` customer. */
function sameLanguage(a: string, b: string): boolean {
  const primary = (tag: string) => tag.trim().toLowerCase().split('-')[0];
  return primary(a) === primary(b);
}

/**
 * The agent's score for an item: category skill match +40, language match +20, workload
 * `max(0, 30 - activeItems)`, performance rating x5 (rating out of 10, so up to 50), online +10.
 * An item without a category (or language) gives nobody that bonus.
 */
export function scoreAgent(agent: AssignmentCandidate, item: WorkItem): ScoreBreakdown {
  const { category, language } = item;
  const skill = category && agent.skills.some((s) => sameLabel(s, category)) ? SCORE_WEIGHTS.skillMatch : 0;
  const spoken = language && agent.languages.some((l) => sameLanguage(l, language)) ? SCORE_WEIGHTS.languageMatch : 0;
  const workload = Math.max(0, SCORE_WEIGHTS.workloadCeiling - agent.activeItems);
  const performance = agent.performanceRating * SCORE_WEIGHTS.perRatingPoint;
  const online = agent.availability === 'online' ? SCORE_WEIGHTS.online : 0;
  return {
    skill,
    language: spoken,
    workload,
    performance,
    online,
    total: skill + spoken + workload + performance + online,
  };
}
