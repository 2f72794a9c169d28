import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { Instant } from '../shared/time.js';

/** What the activity tracker reports about a customer's visit (docs/domain.md#proactive-suggestions). */
export const ActivitySignalType = z.enum([
  'page_view',
  'faq_search',
  'form_error',
  'login_failed',
  'error_occurred',
  'timeout_occurred',
]);
export type ActivitySignalType = z.infer<typeof ActivitySignalType>;

/** Signals that mean the customer is hitting a problem; only these count towards a suggestion. */
export const CRITICAL_SIGNAL_TYPES = ['form_error', 'login_failed', 'error_occurred', 'timeout_occurred'] as const;
/** A signal that counts towards a proactive suggestion (three within 24 hours). */
export type CriticalSignalType = (typeof CRITICAL_SIGNAL_TYPES)[number];

/** True for the signal types that count towards a proactive suggestion. */
export function isCritical(type: ActivitySignalType): type is CriticalSignalType {
  return (CRITICAL_SIGNAL_TYPES as readonly string[]).includes(type);
}

/** Optional context from the tracker: the page, form or error message. */
export const SignalDetail = z.string().trim().max(500);

/** One recorded signal. */
export const ActivitySignal = z
  .object({ signalId: Id, type: ActivitySignalType, at: Instant, detail: SignalDetail.optional() })
  .strict();
export type ActivitySignal = z.infer<typeof ActivitySignal>;
