export * from './commands.js';
export * from './context.js';
export { decideSlaConfiguration, type SlaConfigOptions } from './decide.js';
export * from './definitions.js';
export * from './events.js';
export { evolveSlaConfiguration } from './evolve.js';
export * from './expected.js';
export * from './governing.js';
export { holidaysFromICalendar } from './ical.js';
export { SLA_PRESETS, type SlaPresetContent } from './presets.js';
export { parseConfigInput } from './rules.js';
export { EMPTY_SLA_CONFIGURATION, type SlaConfiguration, type Versioned } from './state.js';

import { checkingContext, type Decider } from '../shared/decider.js';
import type { SlaConfigCommand } from './commands.js';
import { decideSlaConfiguration, type SlaConfigOptions } from './decide.js';
import type { SlaConfigEvent } from './events.js';
import { evolveSlaConfiguration } from './evolve.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from './state.js';

/**
 * The SLA configuration (stream `slaconfig-default`): calendars, policies, categories, the
 * default policy and the automation timings, edited by admins with history.
 */
export function createSlaConfigDecider(
  options: SlaConfigOptions = {},
): Decider<SlaConfigCommand, SlaConfigEvent, SlaConfiguration> {
  return checkingContext({
    initialState: EMPTY_SLA_CONFIGURATION,
    decide: (command, state, context) => decideSlaConfiguration(command, state, context, options),
    evolve: evolveSlaConfiguration,
  });
}

/** The SLA configuration with timings held to the documented range. */
export const slaConfigDecider = createSlaConfigDecider();

/** The id of the one SLA configuration stream (`slaconfig-default`). */
export const SLA_CONFIGURATION_ID = 'default';
export { DRAFT_POLICY_ID, type DraftOptions, draftSlaPolicy, draftSlaTerms } from './draft.js';
export * from './what-if.js';
