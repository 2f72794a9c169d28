import type { SlaPolicy } from '../sla/policy.js';
import { SlaPolicyDefinition } from './definitions.js';
import { narrowedPolicy, resolvePolicy } from './governing.js';
import { parseConfigInput, requireCalendars, requirePolicyTimings } from './rules.js';
import type { SlaConfiguration } from './state.js';

/** The id a draft policy goes by in a what-if's figures. */
export const DRAFT_POLICY_ID = 'draft';

/**
 * A draft policy for a what-if: validated like a saved one (same refusal codes), its calendars
 * taken from the configuration; nothing is recorded.
 */
export function draftSlaPolicy(config: SlaConfiguration, input: unknown): SlaPolicy {
  const definition = parseConfigInput(SlaPolicyDefinition, input, 'draft SLA policy');
  requireCalendars(config, DRAFT_POLICY_ID, definition);
  return resolvePolicy(config, DRAFT_POLICY_ID, definition);
}

/**
 * A draft policy's terms per ticket category, as a what-if applies them: validated like a saved
 * policy (its timings too, within the documented range unless `anyTimings`), then narrowed for each category by the configuration's tree as a saved
 * policy is (targets set on an ancestor, the nearest category's escalation threshold).
 */
export function draftSlaTerms(
  config: SlaConfiguration,
  input: unknown,
  options: { readonly anyTimings?: boolean } = {},
): (category: string | null) => SlaPolicy {
  const definition = parseConfigInput(SlaPolicyDefinition, input, 'draft SLA policy');
  requireCalendars(config, DRAFT_POLICY_ID, definition);
  requirePolicyTimings(DRAFT_POLICY_ID, definition, options.anyTimings ?? false);
  const byCategory = new Map<string | null, SlaPolicy>();
  return (category) => {
    let policy = byCategory.get(category);
    if (policy === undefined) {
      policy = narrowedPolicy(config, DRAFT_POLICY_ID, definition, category);
      byCategory.set(category, policy);
    }
    return policy;
  };
}
