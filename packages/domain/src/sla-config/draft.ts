import type { SlaPolicy } from '../sla/policy.js';
import { SlaPolicyDefinition } from './definitions.js';
import { resolvePolicy } from './governing.js';
import { parseConfigInput, requireCalendars } from './rules.js';
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
