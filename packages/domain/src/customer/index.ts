import { checkingContext, type Decider } from '../shared/decider.js';
import type { CustomerCommand } from './commands.js';
import { decideCustomer } from './decide.js';
import type { CustomerEvent } from './events.js';
import { evolveCustomer } from './evolve.js';
import { type CustomerState, initialCustomerState } from './state.js';

export * from './chat-slot-values.js';
export * from './chat-slots.js';
export * from './commands.js';
export { decideCustomer } from './decide.js';
export * from './email-bounce.js';
export * from './email-claim.js';
export * from './email-confirmation.js';
export * from './events.js';
export { evolveCustomer } from './evolve.js';
export * from './sign-in.js';
export { type CustomerProfile, type CustomerState, initialCustomerState, type PendingEmail } from './state.js';

/**
 * The customer stream: who the customer is, how they want to be notified, their push
 * subscriptions, and the ledger of their open chats.
 */
export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = checkingContext<
  CustomerCommand,
  CustomerEvent,
  CustomerState
>({
  initialState: initialCustomerState,
  decide: decideCustomer,
  evolve: evolveCustomer,
});
