import { z } from 'zod';
import type { Locale } from '../notification/templates.js';
import { readableTime } from '../notification/time.js';
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

/** The words of a suggestion, per locale: the subject by the most frequent problem, the nouns counted. */
const WORDS: Readonly<
  Record<
    Locale,
    {
      readonly subjects: Readonly<Record<CriticalSignalType, string>>;
      readonly nouns: Readonly<Record<CriticalSignalType, readonly [string, string]>>;
      /** What was seen, as the offer and the ticket state it. */
      readonly problems: (problems: number, tally: string) => string;
      /** The offer's question, which the accepted suggestion's ticket leaves out. */
      readonly offer: string;
      /** The heading of the signals an accepted suggestion's ticket lists, and the count of the rest. */
      readonly noticed: string;
      readonly more: (count: number) => string;
      /** What comes between a noticed signal and its detail, as the language punctuates it. */
      readonly colon: string;
    }
  >
> = {
  en: {
    subjects: {
      login_failed: 'Having trouble signing in?',
      form_error: 'Having trouble completing a form?',
      error_occurred: 'We noticed errors during your visit',
      timeout_occurred: 'We noticed slow responses during your visit',
    },
    nouns: {
      login_failed: ['failed sign-in', 'failed sign-ins'],
      form_error: ['form error', 'form errors'],
      error_occurred: ['error', 'errors'],
      timeout_occurred: ['timeout', 'timeouts'],
    },
    problems: (problems, tally) =>
      `We noticed ${problems} problems during your visits in the last 24 hours (${tally}).`,
    offer: 'Would you like our support team to look into it? Accepting opens a ticket with these details.',
    noticed: 'What was noticed:',
    more: (count) => `and ${count} more`,
    colon: ': ',
  },
  fr: {
    subjects: {
      login_failed: 'Des difficultés à vous connecter ?',
      form_error: 'Des difficultés à remplir un formulaire ?',
      error_occurred: 'Nous avons remarqué des erreurs pendant votre visite',
      timeout_occurred: 'Nous avons remarqué des réponses lentes pendant votre visite',
    },
    nouns: {
      login_failed: ['connexion échouée', 'connexions échouées'],
      form_error: ['erreur de formulaire', 'erreurs de formulaire'],
      error_occurred: ['erreur', 'erreurs'],
      timeout_occurred: ['délai dépassé', 'délais dépassés'],
    },
    problems: (problems, tally) =>
      `Nous avons remarqué ${problems} problèmes lors de vos visites des dernières 24 heures (${tally}).`,
    offer:
      'Souhaitez-vous que notre équipe de support s’en occupe ? En acceptant, vous ouvrez un ticket avec ces détails.',
    noticed: 'Ce que nous avons remarqué :',
    more: (count) => `et ${count} de plus`,
    colon: ' : ',
  },
};

/**
 * A suggestion's subject and description in `locale`, from the critical signals behind it: the
 * subject names the most frequent kind of problem (ties go to the order of
 * `CRITICAL_SIGNAL_TYPES`), the description counts each kind. The event records them in English;
 * what a customer reads is rendered again in their language from the signals the event keeps.
 */
export function suggestionTexts(
  signals: readonly ActivitySignal[],
  locale: Locale,
): { readonly subject: string; readonly description: string } {
  const words = WORDS[locale];
  const counts = countsOf(signals);
  const dominant = counts.reduce((best, next) => (next.count > best.count ? next : best));
  return { subject: words.subjects[dominant.type], description: `${problemsSeen(counts, locale)} ${words.offer}` };
}

/** How many signals of each critical type. */
function countsOf(signals: readonly ActivitySignal[]): { type: CriticalSignalType; count: number }[] {
  return CRITICAL_SIGNAL_TYPES.map((type) => ({ type, count: signals.filter((s) => s.type === type).length }));
}

/** "We noticed 3 problems … (2 errors, 1 timeout)." in `locale`. */
function problemsSeen(counts: readonly { type: CriticalSignalType; count: number }[], locale: Locale): string {
  const words = WORDS[locale];
  const tally = counts
    .filter(({ count }) => count > 0)
    .map(({ type, count }) => `${count} ${words.nouns[type][count === 1 ? 0 : 1]}`)
    .join(', ');
  return words.problems(
    counts.reduce((sum, { count }) => sum + count, 0),
    tally,
  );
}

/**
 * The words of the ticket an accepted suggestion opens, in `locale`: what was seen (the offer
 * without its question, which is answered by then), the heading of the signals it lists, each
 * signal's line (its time, its kind as the customer reads it, its detail, punctuated as the
 * language writes), and the count of those left out.
 */
export function proactiveTicketWords(
  signals: readonly ActivitySignal[],
  locale: Locale,
): {
  readonly intro: string;
  readonly heading: string;
  readonly line: (signal: ActivitySignal) => string;
  readonly more: (count: number) => string;
} {
  const words = WORDS[locale];
  return {
    intro: problemsSeen(countsOf(signals), locale),
    heading: words.noticed,
    line: ({ at, type, detail }) =>
      `- ${readableTime(at, 'UTC')} ${isCritical(type) ? words.nouns[type][0] : type}${detail ? `${words.colon}${detail}` : ''}`,
    more: words.more,
  };
}

/**
 * The proactive-ticket rule (docs/domain.md#proactive-suggestions): when the critical signals of
 * the 24 hours up to `now` (both ends inclusive; later signals are ignored) number three or more,
 * suggest a ticket built from all of them; otherwise `null`.
 *
 * Evaluated each time a signal is recorded, this fires for any 24-hour window holding three
 * critical signals, at the moment its third signal arrives. Priority is `high` from five signals
 * (the customer is clearly stuck), else `normal`. The texts are {@link suggestionTexts}' in English.
 */
export function proactiveSuggestion(signals: readonly ActivitySignal[], now: Date): SuggestionDraft | null {
  const end = now.getTime();
  const inWindow = signals
    .filter((s) => isCritical(s.type) && toMillis(s.at) <= end && end - toMillis(s.at) <= PROACTIVE_WINDOW_MS)
    .sort(
      (a, b) => toMillis(a.at) - toMillis(b.at) || (a.signalId < b.signalId ? -1 : a.signalId > b.signalId ? 1 : 0),
    );
  if (inWindow.length < MIN_CRITICAL_SIGNALS) return null;

  return {
    ...suggestionTexts(inWindow, 'en'),
    priority: inWindow.length >= HIGH_PRIORITY_SIGNALS ? 'high' : 'normal',
    signals: inWindow,
  };
}
