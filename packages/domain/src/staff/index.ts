import { checkingContext, type Decider } from '../shared/decider.js';
import type { StaffCommand } from './commands.js';
import { decideStaff } from './decide.js';
import type { StaffEvent } from './events.js';
import { evolveStaff } from './evolve.js';
import { initialStaffState, type StaffState } from './state.js';

export * from './alert-groups.js';
export * from './commands.js';
export { decideStaff } from './decide.js';
export * from './events.js';
export { evolveStaff } from './evolve.js';
export * from './inbox-views.js';
export * from './state.js';

/** The staff stream: how a staff member is alerted (profile, channels, groups), their push subscriptions and their saved inbox views. */
export const staffDecider: Decider<StaffCommand, StaffEvent, StaffState> = checkingContext<
  StaffCommand,
  StaffEvent,
  StaffState
>({
  initialState: initialStaffState,
  decide: decideStaff,
  evolve: evolveStaff,
});
