import { z } from 'zod';
import { DAY_MS, toMillis } from '../shared/time.js';
import { type ActivitySignal, CRITICAL_SIGNAL_TYPES, type CriticalSignalType, isCritical } from './signals.js';

/** The window critical signals must fall in. */
export const PROACTIVE_WINDOW_MS = DAY_MS;
/** How many critical signals in the window make a suggestion. */
export const MIN_CRITICAL_SIGNALS = 3;
/** From this many critical signals in the window, the suggested ticket is `high` priority. */
export const HIGH_PRIORITY_SIGNALS = 5;

/**
 * Priority of a suggested ticket, a subset of ticket priorities: never `urgent` or `low`,
 * since nobody has reported anything yet but something visibly went wrong.
 */
export const SuggestedPriority = z.enum(['normal', 'high']);
export type SuggestedPriority = z.infer<typeof SuggestedPriority>;

/** What a suggestion proposes to open, and the signals behind it. */
export interface SuggestionDraft {
  readonly subject: string;
  readonly description: string;
  readonly priority: SuggestedPriority;
  readonly signals: readonly ActivitySignal[];
}

const SUBJECTS: Readonly<Record<CriticalSignalType, string>> = {
  login_failed: 'Having trouble signing in?',
  form_error: 'Having trouble completing a form?',
  error_occurred: 'We noticed errors during your visit',
  timeout_occurred: 'We noticed slow responses during your visit',
};

const NOUNS: Readonly<Record<CriticalSignalType, readonly [string, string]>> = {
  login_failed: ['failed sign-in', 'failed sign-ins'],
  form_error: ['form error', 'form errors'],
  error_occurred: ['error', 'errors'],
  timeout_occurred: ['timeout', 'timeouts'],
};

/**
 * The proactive-ticket rule (docs/domain.md#proactive-suggestions): when the critical signals of
 * the 24 hours up to `now` (both ends inclusive; later signals are ignored) number three or more,
 * suggest a ticket built from all of them; otherwise `null`.
 *
 * Evaluated each time a signal is recorded, this fires for any 24-hour window holding three
 * critical signals, at the moment its third signal arrives. Priority is `high` from five signals
 * (the customer is clearly stuck), else `normal`. The subject names the most frequent kind of
 * problem (ties go to the order of `CRITICAL_SIGNAL_TYPES`); the description counts each kind.
 */
export function proactiveSuggestion(signals: readonly ActivitySignal[], now: Date): SuggestionDraft | null {
  const end = now.getTime();
  const inWindow = signals
    .filter((s) => isCritical(s.type) && toMillis(s.at) <= end && end - toMillis(s.at) <= PROACTIVE_WINDOW_MS)
    .sort(
      (a, b) => toMillis(a.at) - toMillis(b.at) || (a.signalId < b.signalId ? -1 : a.signalId > b.signalId ? 1 : 0),
    );
  if (inWindow.length < MIN_CRITICAL_SIGNALS) return null;

  const counts = CRITICAL_SIGNAL_TYPES.map((type) => ({ type, count: inWindow.filter((s) => s.type === type).length }));
  const dominant = counts.reduce((best, next) => (next.count > best.count ? next : best));
  const tally = counts
    .filter(({ count }) => count > 0)
    .map(({ type, count }) => `${count} ${NOUNS[type][count === 1 ? 0 : 1]}`)
    .join(', ');
  return {
    subject: SUBJECTS[dominant.type],
    description:
      `We noticed ${inWindow.length} problems during your visits in the last 24 hours (${tally}). ` +
      'Would you like our support team to look into it? Accepting opens a ticket with these details.',
    priority: inWindow.length >= HIGH_PRIORITY_SIGNALS ? 'high' : 'normal',
    signals: inWindow,
  };
}
