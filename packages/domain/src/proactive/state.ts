import type { Id } from '../shared/actor.js';
import type { SuggestionDraft } from './rule.js';
import type { ActivitySignal } from './signals.js';

/** A suggestion waiting for the customer to accept or dismiss it. */
export interface PendingSuggestion extends SuggestionDraft {
  readonly suggestionId: Id;
}

/**
 * A customer's activity stream as the decider sees it. Only what the rule can still use is
 * kept: critical signals not yet behind any suggestion and no older than the window before the
 * newest one (older ones can never share a window with a future signal), so the state stays small.
 */
export interface CustomerActivityState {
  readonly customerId: Id | null;
  readonly unusedSignals: readonly ActivitySignal[];
  readonly pending: PendingSuggestion | null;
}

/** The state of a customer activity stream with no events. */
export const initialCustomerActivityState: CustomerActivityState = {
  customerId: null,
  unusedSignals: [],
  pending: null,
};
