import { checkingContext, type Decider } from '../shared/decider.js';
import type { HeldMailCommand } from './commands.js';
import { decideHeldMail } from './decide.js';
import type { HeldMailEvent } from './events.js';
import { evolveHeldMail } from './evolve.js';
import type { HeldMailState } from './state.js';

export * from './commands.js';
export { decideHeldMail } from './decide.js';
export * from './events.js';
export { evolveHeldMail } from './evolve.js';
export { HELD_MAIL_EXCERPT_LENGTH, heldMailExcerpt } from './excerpt.js';
export { acceptedHeldMailReply } from './reply.js';
export { mayHoldMail, mayReviewHeldMail, requirePendingHeldMail } from './rules.js';
export * from './state.js';
export * from './values.js';

/** A message held for review: held by the mail ingress, then accepted or discarded by staff, once. */
export const heldMailDecider: Decider<HeldMailCommand, HeldMailEvent, HeldMailState> = checkingContext<
  HeldMailCommand,
  HeldMailEvent,
  HeldMailState
>({ initialState: null, decide: decideHeldMail, evolve: evolveHeldMail });
