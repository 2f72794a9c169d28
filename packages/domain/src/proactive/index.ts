import { checkingContext, type Decider } from '../shared/decider.js';
import type { CustomerActivityCommand } from './commands.js';
import { decideCustomerActivity } from './decide.js';
import type { CustomerActivityEvent } from './events.js';
import { evolveCustomerActivity } from './evolve.js';
import { type CustomerActivityState, initialCustomerActivityState } from './state.js';

export * from './commands.js';
export { decideCustomerActivity } from './decide.js';
export * from './events.js';
export { evolveCustomerActivity } from './evolve.js';
export * from './notifications.js';
export * from './rule.js';
export * from './signals.js';
export * from './state.js';

/** The customer activity aggregate: signals, proactive ticket suggestions and their answers. */
export const customerActivityDecider: Decider<CustomerActivityCommand, CustomerActivityEvent, CustomerActivityState> =
  checkingContext<CustomerActivityCommand, CustomerActivityEvent, CustomerActivityState>({
    initialState: initialCustomerActivityState,
    decide: decideCustomerActivity,
    evolve: evolveCustomerActivity,
  });
