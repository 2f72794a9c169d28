import type { NotificationChannel, NotificationKind } from '../notification/channels.js';
import { type EventPosition, notificationId } from '../notification/position.js';
import { type Locale, renderTemplate, type TemplateKey, type TemplateOverrides } from '../notification/templates.js';
import { channelsFor, type DeliveryPreference } from '../ticket/notifications.js';
import type { CustomerActivityEvent } from './events.js';
import { suggestionTexts } from './rule.js';

/**
 * What a customer is told about a ticket offered to them, rendered in their locale. Like a
 * ticket's notifications, `id` comes from the event's position, so a retry sends it once.
 */
export interface SuggestionNotification {
  readonly id: string;
  readonly customerId: string;
  /** What the customer answers with `acceptSuggestion` or `dismissSuggestion`. */
  readonly suggestionId: string;
  readonly kind: NotificationKind;
  readonly template: TemplateKey;
  readonly params: { readonly subject: string };
  readonly title: string;
  readonly text: string;
  readonly channels: readonly NotificationChannel[];
}

/**
 * The notification of a proactive suggestion (docs/domain.md#proactive-suggestions): when signals
 * from a visit made the engine offer a ticket, the customer hears of it on the channels they
 * chose, so an offer made while they left the page is not lost. Nothing for recorded signals,
 * acceptances (the opened ticket confirms itself) or dismissals, nor when the preference is `none`.
 */
export function suggestionNotifications(
  event: CustomerActivityEvent,
  preference: DeliveryPreference,
  position: EventPosition,
  locale: Locale = 'en',
  overrides?: TemplateOverrides,
): SuggestionNotification[] {
  const channels = channelsFor(preference);
  if (event.type !== 'ProactiveTicketSuggested' || channels.length === 0) return [];
  const template = 'suggestion.offered';
  // In the customer's language, from the signals (the event's own subject is the English one).
  // A subject is a title ("We noticed errors during your visit"); the text goes on after it.
  const params = { subject: asSentence(suggestionTexts(event.data.signals, locale).subject) };
  const { title, text } = renderTemplate(template, locale, params, overrides);
  const { customerId, suggestionId } = event.data;
  return [
    { id: notificationId(position), customerId, suggestionId, kind: 'info', template, params, title, text, channels },
  ];
}

/** `text` ending as a sentence does: a full stop added unless it ends in one, or in `?` or `!`. */
function asSentence(text: string): string {
  return /[.?!…]$/u.test(text) ? text : `${text}.`;
}
