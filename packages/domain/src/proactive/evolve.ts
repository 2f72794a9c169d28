import { toMillis } from '../shared/time.js';
import type { CustomerActivityEvent } from './events.js';
import { PROACTIVE_WINDOW_MS } from './rule.js';
import { type ActivitySignal, isCritical } from './signals.js';
import type { CustomerActivityState } from './state.js';

/** Keeps the signals that can still share a window with a signal arriving after the newest one. */
function withinReach<S extends { readonly at: string }>(signals: readonly S[]): S[] {
  const newest = signals.reduce((latest, s) => Math.max(latest, toMillis(s.at)), Number.NEGATIVE_INFINITY);
  return signals.filter((s) => newest - toMillis(s.at) <= PROACTIVE_WINDOW_MS);
}

/** Applies one customer activity event. */
export function evolveCustomerActivity(
  state: CustomerActivityState,
  event: CustomerActivityEvent,
): CustomerActivityState {
  const customerId = event.data.customerId;
  switch (event.type) {
    case 'CustomerActivityRecorded': {
      const { signalId, signalType, detail, at } = event.data;
      const recentSignals = withinReach([...state.recentSignals, { signalId, at }]);
      if (!isCritical(signalType)) return { ...state, customerId, recentSignals };
      const signal: ActivitySignal =
        detail === undefined ? { signalId, type: signalType, at } : { signalId, type: signalType, at, detail };
      return {
        ...state,
        customerId,
        recentSignals,
        unusedSignals: withinReach([...state.unusedSignals, signal]),
        keptSignalIds: [...state.keptSignalIds, signalId],
      };
    }
    case 'ProactiveTicketSuggested': {
      const { suggestionId, subject, description, priority, signals } = event.data;
      const used = new Set(signals.map((s) => s.signalId));
      return {
        ...state,
        customerId,
        unusedSignals: state.unusedSignals.filter((s) => !used.has(s.signalId)),
        keptSignalIds: state.keptSignalIds.includes(suggestionId)
          ? state.keptSignalIds
          : [...state.keptSignalIds, suggestionId],
        pending: { suggestionId, subject, description, priority, signals },
      };
    }
    case 'SuggestionAccepted':
    case 'SuggestionDismissed':
      return { ...state, customerId, pending: null };
  }
}
