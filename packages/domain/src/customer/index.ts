import type { Decider } from '../shared/decider.js';
import type { CustomerCommand } from './commands.js';
import { decideCustomer } from './decide.js';
import type { CustomerEvent } from './events.js';
import { evolveCustomer } from './evolve.js';
import type { CustomerState } from './state.js';

export * from './commands.js';
export { decideCustomer } from './decide.js';
export * from './events.js';
export { evolveCustomer } from './evolve.js';
export type { CustomerState } from './state.js';

/** The customer profile: who the customer is and how they want to be notified. */
export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: null,
  decide: decideCustomer,
  evolve: evolveCustomer,
};
