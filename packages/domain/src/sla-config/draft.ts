import type { SlaPolicy } from '../sla/policy.js';
import { SlaPolicyDefinition } from './definitions.js';
import { narrowedPolicy, resolvePolicy } from './governing.js';
import { parseConfigInput, requireCalendars, requirePolicyTimings, requireReachableTargets } from './rules.js';
import type { SlaConfiguration } from './state.js';

/** The id a draft policy goes by in a what-if's figures. */
export const DRAFT_POLICY_ID = 'draft';

/** What the draft functions accept beside the definition. */
export interface DraftOptions {
  /** Whether the deployment allows timings outside the documented range. */
  readonly anyTimings?: boolean;
}

/** A draft's definition, validated like a saved policy's (same refusal codes, its timings too). */
function validDraft(config: SlaConfiguration, input: unknown, options: DraftOptions): SlaPolicyDefinition {
  const definition = parseConfigInput(SlaPolicyDefinition, input, 'draft SLA policy');
  requireCalendars(config, DRAFT_POLICY_ID, definition);
  requireReachableTargets((id) => config.calendars[id]?.definition, DRAFT_POLICY_ID, definition);
  requirePolicyTimings(DRAFT_POLICY_ID, definition, options.anyTimings ?? false);
  return definition;
}

/**
 * A draft policy as written, for a what-if that applies one policy to every ticket: validated
 * like a saved one, its calendars taken from the configuration; nothing is recorded.
 */
export function draftSlaPolicy(config: SlaConfiguration, input: unknown, options: DraftOptions = {}): SlaPolicy {
  return resolvePolicy(config, DRAFT_POLICY_ID, validDraft(config, input, options));
}

/**
 * A draft policy's terms per ticket category, as the API's what-if applies them: validated like a
 * saved policy, then narrowed for each category by the configuration's tree as a saved policy is
 * (targets set on an ancestor, the nearest category's escalation threshold).
 */
export function draftSlaTerms(
  config: SlaConfiguration,
  input: unknown,
  options: DraftOptions = {},
): (category: string | null) => SlaPolicy {
  const definition = validDraft(config, input, options);
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
