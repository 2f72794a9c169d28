import { t } from '../i18n/locale.svelte.ts';
import { languagesProblem, listOf, listProblem, wholeNumberProblem } from './validation.ts';

/** What routing needs of an agent, as typed in a form (skills and languages comma-separated). */
export interface AgentRouting {
  skills: string;
  languages: string;
  tier: string;
  capacity: string;
}

/** The tiers an agent may be at, as choices. */
export const TIER_OPTIONS = ['1', '2', '3'].map((tier) => ({ value: tier, label: tier }));

/** What is wrong with each routing field of an agent's form, in words (null: nothing). */
export function routingProblems(agent: AgentRouting): Record<keyof AgentRouting, string | null> {
  const capacity = wholeNumberProblem(agent.capacity, 1, 20);
  return {
    skills: listProblem(listOf(agent.skills), 100) ? t('admin.invalid.itemTooLong', { max: 100 }) : null,
    languages: languagesProblem(listOf(agent.languages)) ? t('admin.invalid.language') : null,
    tier: null,
    capacity: capacity ? t(capacity, { min: 1, max: 20 }) : null,
  };
}
