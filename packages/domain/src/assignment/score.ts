import type { AgentSlots } from '../agent/eligibility.js';
import type { WorkKind } from '../agent/work.js';

/** What assignment knows about an agent: profile, presence and the slots they hold. */
export interface AssignmentCandidate extends AgentSlots {
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  /** Out of 10. */
  readonly performanceRating: number;
}

/** The ticket or chat looking for an agent. */
export interface AssignableItem {
  readonly kind: WorkKind;
  /** The support tier the item needs (1 for chats and new tickets; escalation raises it). */
  readonly tier: number;
  readonly category?: string | null;
  /** The skill its category requires of agents (the SLA configuration's `requiredSkill`). */
  readonly requiredSkill?: string | null;
  readonly language?: string | null;
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

/** The documented weights (docs/routing.md). */
export const SCORE_WEIGHTS = {
  skillMatch: 40,
  languageMatch: 20,
  workloadCeiling: 30,
  perRatingPoint: 5,
  online: 10,
} as const;

/** Case-insensitive equality, for skills matched against categories. */
export function sameLabel(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A language tag's primary subtag, lower-cased (`en` for `en-GB`): what languages match on. */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split('-')[0]!;
}

/** Languages match on their primary subtag, so an `en` speaker serves an `en-GB` customer. */
function sameLanguage(a: string, b: string): boolean {
  return primaryLanguage(a) === primaryLanguage(b);
}

/** The items an agent is working on, chats and open tickets together: the workload term's count. */
export function activeItems(agent: Pick<AgentSlots, 'chats' | 'tickets'>): number {
  return agent.chats + agent.tickets;
}

/**
 * The agent's score for an item: category skill match +40, language match +20, workload
 * `max(0, 30 - active items)` (chats and open tickets), performance rating x5 (rating out of 10,
 * so up to 50), available +10. The skill matches when the agent lists the item's category or the
 * skill that category requires (a subcategory such as `bug` requiring its parent's `technical`).
 * An item without a category (or language) gives nobody that bonus.
 */
export function scoreAgent(agent: AssignmentCandidate, item: AssignableItem): ScoreBreakdown {
  const { category, requiredSkill, language } = item;
  const serves = [category, requiredSkill].filter(
    (label): label is string => typeof label === 'string' && label !== '',
  );
  const skill = agent.skills.some((s) => serves.some((label) => sameLabel(s, label))) ? SCORE_WEIGHTS.skillMatch : 0;
  const spoken = language && agent.languages.some((l) => sameLanguage(l, language)) ? SCORE_WEIGHTS.languageMatch : 0;
  const workload = Math.max(0, SCORE_WEIGHTS.workloadCeiling - activeItems(agent));
  const performance = agent.performanceRating * SCORE_WEIGHTS.perRatingPoint;
  const online = agent.availability === 'available' ? SCORE_WEIGHTS.online : 0;
  return {
    skill,
    language: spoken,
    workload,
    performance,
    online,
    total: skill + spoken + workload + performance + online,
  };
}
