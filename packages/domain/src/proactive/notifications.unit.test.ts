import { describe, expect, it } from 'vitest';
import type { CustomerActivityEvent } from './events.js';
import { suggestionNotifications } from './notifications.js';

const meta = { at: '2026-04-01T10:00:00.000Z', actor: { id: 'tracker', role: 'system' as const } };
const suggested: CustomerActivityEvent = {
  type: 'ProactiveTicketSuggested',
  data: {
    customerId: 'c1',
    suggestionId: 'sig-3',
    subject: 'Having trouble signing in?',
    description: 'Three failed sign-ins',
    priority: 'normal',
    signals: [1, 2, 3].map((n) => ({ signalId: `sig-${n}`, type: 'login_failed' as const, at: meta.at })),
    ...meta,
  },
};
const position = { streamId: 'activity-c1', eventIndex: 4 };

describe('suggestion notifications', () => {
  it('tell the customer of an offered ticket on the channels they chose, in their language, by the suggestion id', () => {
    const [english] = suggestionNotifications(suggested, 'both', position);
    expect(english).toEqual({
      id: 'notification:activity-c1:4',
      customerId: 'c1',
      suggestionId: 'sig-3',
      kind: 'info',
      template: 'suggestion.offered',
      params: { subject: 'Having trouble signing in?' },
      title: 'Support: Can we help?',
      text: 'Having trouble signing in? Accept our suggestion and a ticket is opened for you, with what we noticed.',
      channels: ['web', 'email', 'push'],
    });
    const [french] = suggestionNotifications(suggested, 'email_only', position, 'fr');
    expect(french?.title).toBe('Support : Pouvons-nous vous aider ?');
    // The subject too, rendered again from the signals: the event records it in English.
    expect(french?.params).toEqual({ subject: 'Des difficultés à vous connecter ?' });
    expect(french?.text).toContain('Des difficultés à vous connecter ?');
    expect(french?.channels).toEqual(['email']);
  });

  it('end a subject without a question mark as a sentence before the offer goes on', () => {
    const errors: CustomerActivityEvent = {
      ...suggested,
      data: {
        ...suggested.data,
        subject: 'We noticed errors during your visit',
        signals: suggested.data.signals.map((signal) => ({ ...signal, type: 'error_occurred' as const })),
      },
    };
    expect(suggestionNotifications(errors, 'both', position)[0]?.text).toBe(
      'We noticed errors during your visit. Accept our suggestion and a ticket is opened for you, with what we noticed.',
    );
    expect(suggestionNotifications(errors, 'both', position, 'fr')[0]?.text).toMatch(
      /^Nous avons remarqué des erreurs pendant votre visite\. Acceptez/,
    );
  });

  it('use the deployment texts where it has them', () => {
    const overrides = { en: { 'suggestion.offered': { title: 'Need a hand?' } } };
    expect(suggestionNotifications(suggested, 'web_only', position, 'en', overrides)[0]?.title).toBe('Need a hand?');
  });

  it('say nothing when the customer wants nothing, nor for signals, acceptances and dismissals', () => {
    expect(suggestionNotifications(suggested, 'none', position)).toEqual([]);
    const others: CustomerActivityEvent[] = [
      {
        type: 'CustomerActivityRecorded',
        data: { customerId: 'c1', signalId: 's', signalType: 'login_failed', ...meta },
      },
      { type: 'SuggestionDismissed', data: { customerId: 'c1', suggestionId: 'sig-3', ...meta } },
      { type: 'SuggestionAccepted', data: { ...suggested.data, ticketId: 't1' } },
    ];
    for (const event of others) expect(suggestionNotifications(event, 'both', position)).toEqual([]);
  });
});
