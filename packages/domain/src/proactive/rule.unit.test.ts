import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, toInstant } from '../shared/time.js';
import { proactiveSuggestion, suggestionTexts } from './rule.js';
import { type ActivitySignal, ActivitySignalType, isCritical } from './signals.js';

const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const signal = (signalId: string, type: ActivitySignalType, hours: number): ActivitySignal => ({
  signalId,
  type,
  at: toInstant(T0 + hours * HOUR_MS),
});
const at = (hours: number) => new Date(T0 + hours * HOUR_MS);

describe('proactiveSuggestion', () => {
  it('needs three critical signals: page views and FAQ searches do not count', () => {
    const signals = [
      signal('s1', 'login_failed', 0),
      signal('s2', 'page_view', 1),
      signal('s3', 'faq_search', 2),
      signal('s4', 'login_failed', 3),
    ];
    expect(proactiveSuggestion(signals, at(3))).toBeNull();
  });

  it('suggests a normal-priority ticket from three critical signals within 24 hours', () => {
    const signals = [
      signal('s1', 'login_failed', 0),
      signal('s2', 'login_failed', 5),
      signal('s3', 'error_occurred', 10),
    ];
    expect(proactiveSuggestion(signals, at(10))).toEqual({
      subject: 'Having trouble signing in?',
      description:
        'We noticed 3 problems during your visits in the last 24 hours (2 failed sign-ins, 1 error). ' +
        'Would you like our support team to look into it? Accepting opens a ticket with these details.',
      priority: 'normal',
      signals,
    });
  });

  it('says the same in French, from the same signals', () => {
    const signals = [
      signal('s1', 'timeout_occurred', 0),
      signal('s2', 'form_error', 5),
      signal('s3', 'timeout_occurred', 10),
    ];
    expect(suggestionTexts(signals, 'fr')).toEqual({
      subject: 'Nous avons remarqué des réponses lentes pendant votre visite',
      description:
        'Nous avons remarqué 3 problèmes lors de vos visites des dernières 24 heures (1 erreur de formulaire, ' +
        '2 délais dépassés). Souhaitez-vous que notre équipe de support s’en occupe ? En acceptant, vous ouvrez ' +
        'un ticket avec ces détails.',
    });
    const english = proactiveSuggestion(signals, at(10))!;
    expect(suggestionTexts(english.signals, 'en')).toEqual({
      subject: english.subject,
      description: english.description,
    });
  });

  it('counts both ends of the 24-hour window, and nothing beyond it', () => {
    const signals = [signal('s1', 'form_error', 0), signal('s2', 'form_error', 12), signal('s3', 'form_error', 24)];
    expect(proactiveSuggestion(signals, at(24))?.signals).toHaveLength(3);
    expect(proactiveSuggestion(signals, new Date(T0 + DAY_MS + 1))).toBeNull();
  });

  it('ignores signals later than now', () => {
    const signals = [
      signal('s1', 'timeout_occurred', 0),
      signal('s2', 'timeout_occurred', 1),
      signal('s3', 'timeout_occurred', 2),
    ];
    expect(proactiveSuggestion(signals, at(1))).toBeNull();
    expect(proactiveSuggestion(signals, at(2))?.subject).toBe('We noticed slow responses during your visit');
  });

  it('turns high priority from five signals, and names the first kind in a tie', () => {
    const five = ['form_error', 'error_occurred', 'form_error', 'error_occurred', 'timeout_occurred'] as const;
    const draft = proactiveSuggestion(
      five.map((type, i) => signal(`s${i}`, type, i)),
      at(5),
    );
    expect(draft?.priority).toBe('high');
    expect(draft?.subject).toBe('Having trouble completing a form?');
    expect(draft?.description).toContain('(2 form errors, 2 errors, 1 timeout)');
  });

  it('lists the signals behind it oldest first', () => {
    const signals = [signal('c', 'form_error', 3), signal('a', 'form_error', 1), signal('b', 'form_error', 1)];
    expect(proactiveSuggestion(signals, at(4))?.signals.map((s) => s.signalId)).toEqual(['a', 'b', 'c']);
  });
});

const signals = fc.uniqueArray(
  fc.record({
    signalId: fc.string({ minLength: 1, maxLength: 5 }),
    type: fc.constantFrom(...ActivitySignalType.options),
    at: fc.integer({ min: 0, max: 5 * 24 * 60 }).map((minutes) => toInstant(T0 + minutes * 60_000)),
  }),
  { selector: (s) => s.signalId, maxLength: 25 },
);
const now = fc.integer({ min: 0, max: 6 * 24 * 60 }).map((minutes) => new Date(T0 + minutes * 60_000));

/** The most critical signals any closed 24-hour window holds, by brute force. */
function busiestWindow(list: readonly ActivitySignal[]): number {
  const times = list.filter((s) => isCritical(s.type)).map((s) => Date.parse(s.at));
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t - start <= DAY_MS).length));
}

describe('proactiveSuggestion properties', () => {
  it('never suggests when every 24-hour window holds fewer than 3 critical signals', () => {
    fc.assert(
      fc.property(signals, now, (list, when) => {
        fc.pre(busiestWindow(list) < 3);
        expect(proactiveSuggestion(list, when)).toBeNull();
      }),
    );
  });

  it('suggests exactly when the 24 hours up to now hold 3 or more, built from those signals', () => {
    fc.assert(
      fc.property(signals, now, (list, when) => {
        const recent = list.filter(
          (s) =>
            isCritical(s.type) && Date.parse(s.at) <= when.getTime() && when.getTime() - Date.parse(s.at) <= DAY_MS,
        );
        const draft = proactiveSuggestion(list, when);
        expect(draft !== null).toBe(recent.length >= 3);
        if (draft)
          expect(new Set(draft.signals.map((s) => s.signalId))).toEqual(new Set(recent.map((s) => s.signalId)));
      }),
    );
  });
});
