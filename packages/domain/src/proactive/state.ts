import type { Id } from '../shared/actor.js';
import type { SuggestionDraft } from './rule.js';
import type { ActivitySignal } from './signals.js';

/** A suggestion waiting for the customer to accept or dismiss it. */
export interface PendingSuggestion extends SuggestionDraft {
  readonly suggestionId: Id;
}

/** A signal's id and time, kept to refuse it if it is sent again. */
export interface RecordedSignal {
  readonly signalId: Id;
  readonly at: string;
}

/**
 * A customer's activity stream as the decider sees it. Only what the rules can still use is
 * kept, so the state stays small however many pages a customer views: critical signals not yet
 * behind any suggestion and no older than the window before the newest one (older ones can never
 * share a window with a future signal); the ids kept for ever, those of every critical signal ever
 * recorded (few, and one may name a suggestion) and of any other that named one (the signal
 * recorded once a suggestion was answered completes the next, whatever its type), so no id names
 * two suggestions; and every signal of that window, critical or not (a tracker's resends come
 * within minutes).
 */
export interface CustomerActivityState {
  readonly customerId: Id | null;
  readonly unusedSignals: readonly ActivitySignal[];
  readonly keptSignalIds: readonly Id[];
  readonly recentSignals: readonly RecordedSignal[];
  readonly pending: PendingSuggestion | null;
}

/** The state of a customer activity stream with no events. */
export const initialCustomerActivityState: CustomerActivityState = {
  customerId: null,
  unusedSignals: [],
  keptSignalIds: [],
  recentSignals: [],
  pending: null,
};
