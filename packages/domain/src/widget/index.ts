import { checkingContext, type Decider } from '../shared/decider.js';
import { SlaCommandContext } from '../sla-config/context.js';
import type { WidgetCommand } from './commands.js';
import { decideWidgets } from './decide.js';
import type { WidgetEvent } from './events.js';
import { evolveWidgets } from './evolve.js';
import { EMPTY_WIDGET_CONFIGURATION, type WidgetConfiguration } from './state.js';

export * from './commands.js';
export { decideWidgets } from './decide.js';
export * from './events.js';
export { evolveWidgets } from './evolve.js';
export * from './rules.js';
export * from './state.js';

/** The id of the one widget configuration stream (`widgets-default`). */
export const WIDGET_CONFIGURATION_ID = 'default';

/**
 * The deployment's chat widget keys (stream `widgets-default`): each with its name, the host
 * origins that may embed it, its pre-chat topics and greeting. Decided with the SLA configuration
 * in the context, for the categories its topics name.
 */
export const widgetsDecider: Decider<WidgetCommand, WidgetEvent, WidgetConfiguration, SlaCommandContext> =
  checkingContext(
    { initialState: EMPTY_WIDGET_CONFIGURATION, decide: decideWidgets, evolve: evolveWidgets },
    SlaCommandContext,
  );
