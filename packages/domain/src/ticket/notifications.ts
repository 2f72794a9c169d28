import { z } from 'zod';
import type { NotificationChannel, NotificationKind } from '../notification/channels.js';
import { type EventPosition, notificationId } from '../notification/position.js';
import {
  attachedFiles,
  type Locale,
  renderTemplate,
  type TemplateKey,
  type TemplateOverrides,
  type TemplateParams,
} from '../notification/templates.js';
import { readableTime } from '../notification/time.js';
import { callbackTimeZone } from './callbacks.js';
import type { TicketEvent } from './events.js';
import { isSpamClose } from './lifecycle.js';
import type { Ticket } from './state.js';
import type { LinkedArticle } from './values.js';

/** How a customer wants to be told: `both` means web, email and push; `none` means never. */
export const DeliveryPreference = z.enum(['web_only', 'email_only', 'both', 'none']);
export type DeliveryPreference = z.infer<typeof DeliveryPreference>;

/**
 * The preference of a customer who never chose one: `both` (the registration's default, and
 * what the notifier and the read models assume of a customer they have no profile event from).
 */
export const DEFAULT_DELIVERY_PREFERENCE: DeliveryPreference = 'both';

/**
 * One notification to deliver to the ticket's customer, rendered in their locale; `template` and
 * `params` let a channel render it again (another locale, its own markup). `id` is derived from
 * the event's position so a retried workflow or delivery sends it once (dedupe on `id`).
 */
export interface CustomerNotification {
  readonly id: string;
  readonly ticketId: string;
  readonly kind: NotificationKind;
  readonly template: TemplateKey;
  readonly params: TemplateParams;
  readonly title: string;
  readonly text: string;
  readonly channels: readonly NotificationChannel[];
}

const CHANNELS: Readonly<Record<DeliveryPreference, readonly NotificationChannel[]>> = {
  web_only: ['web'],
  email_only: ['email'],
  both: ['web', 'email', 'push'],
  none: [],
};

/** The channels a delivery preference asks for. */
export function channelsFor(preference: DeliveryPreference): readonly NotificationChannel[] {
  return CHANNELS[preference];
}

/**
 * The preference as it can be honoured for a customer with (`hasEmail`) or without an address on
 * file: `email_only` without one is told in the in-app inbox instead, so nothing they should hear
 * is lost; every other preference stands (an email it names has nowhere to go, its other channels
 * still do).
 */
export function reachablePreference(preference: DeliveryPreference, hasEmail: boolean): DeliveryPreference {
  return preference === 'email_only' && !hasEmail ? 'web_only' : preference;
}

/** What an event tells the customer: the tone and the template of the text. */
export interface CustomerMessage {
  readonly kind: NotificationKind;
  readonly template: TemplateKey;
}

/**
 * What the customer is told about an event, if anything (docs/domain.md#notifications): the
 * confirmation of an opened ticket (info), public agent replies (message), waiting for a reply and
 * reminders (warning), resolved (success), closed (info). Nothing for internal notes, moves to
 * `in_progress` (including reopens: the customer caused them or an agent will write), assignment,
 * priority, escalation, SLA or ratings. A reminder says when the ticket closes without a reply. Spam closes notify nobody: a spammer learns nothing. A
 * booked call is confirmed (info), its time shown in the customer's time zone, and one staff or
 * the automation calls off is announced (info). A call booked with no number to dial (none given,
 * `hasPhone` false: none on file either) asks the customer for one rather than promising it.
 */
export function customerMessageFor(event: TicketEvent, hasPhone = true): CustomerMessage | null {
  switch (event.type) {
    case 'TicketOpened':
      return { kind: 'info', template: 'ticket.opened' };
    case 'TicketAgentReplied':
      return event.data.visibility === 'public' ? { kind: 'message', template: 'ticket.replied' } : null;
    case 'TicketReminderSent':
      return { kind: 'warning', template: event.data.n === 1 ? 'ticket.reminder.1' : 'ticket.reminder.2' };
    case 'TicketAutoClosed':
      return {
        kind: 'info',
        template: event.data.closeReason === 'no_customer_response' ? 'ticket.closed.no_response' : 'ticket.closed',
      };
    case 'TicketCallbackScheduled':
      return {
        kind: 'info',
        template: event.data.phone || hasPhone ? 'ticket.callback.scheduled' : 'ticket.callback.scheduled.no_phone',
      };
    case 'TicketCallbackCancelled':
      // The customer who called it off knows; a call staff or the automation withdrew is news.
      return event.data.actor.role === 'customer' ? null : { kind: 'info', template: 'ticket.callback.cancelled' };
    case 'TicketStatusChanged':
      switch (event.data.to) {
        case 'waiting_customer':
          return { kind: 'warning', template: 'ticket.waiting' };
        case 'resolved':
          return { kind: 'success', template: 'ticket.resolved' };
        case 'closed':
          if (isSpamClose(event.data.closeReason)) return null;
          // Closed by hand for lack of response: told as the automation's close is.
          return {
            kind: 'info',
            template: event.data.closeReason === 'no_customer_response' ? 'ticket.closed.no_response' : 'ticket.closed',
          };
        default:
          return null;
      }
    default:
      return null;
  }
}

/**
 * The notifications to deliver for one ticket event, given the ticket (its subject), the
 * customer's delivery preference and locale, the deployment's own texts if any, and the
 * customer's time zone (their profile's; UTC without one), which the dates they are told are
 * shown in, and whether their profile holds a phone number (a booked call needs one). Empty when
 * the event tells the customer nothing or the preference is `none`.
 */
export function customerNotifications(
  event: TicketEvent,
  ticket: Pick<Ticket, 'ticketId' | 'subject'>,
  preference: DeliveryPreference,
  position: EventPosition,
  locale: Locale = 'en',
  overrides?: TemplateOverrides,
  timeZone: string | null = null,
  hasPhone = true,
): CustomerNotification[] {
  const channels = channelsFor(preference);
  const message = customerMessageFor(event, hasPhone);
  if (message === null || channels.length === 0) return [];
  const params = {
    subject: ticket.subject,
    ticketId: ticket.ticketId,
    // A call in the zone it was booked in; a critical incident's own (booked in UTC) in the customer's.
    ...(event.type === 'TicketCallbackScheduled'
      ? {
          dueAt: readableTime(
            event.data.callbackAt,
            callbackTimeZone({ ...event.data, bookedBy: event.data.actor }, timeZone),
          ),
        }
      : {}),
    // When the waiting ticket closes without a reply.
    ...(event.type === 'TicketReminderSent' && event.data.closesAt !== undefined
      ? { dueAt: readableTime(event.data.closesAt, timeZone ?? 'UTC') }
      : {}),
    // A reply's own words, so a customer who reads mail only can read the answer, and the
    // articles it points them to.
    ...(event.type === 'TicketAgentReplied'
      ? {
          message: event.data.body,
          ...linkedTitles(event.data.articles),
          ...attachedFiles(event.data.attachments, locale),
        }
      : {}),
  };
  const { title, text } = renderTemplate(message.template, locale, params, overrides);
  return [{ id: notificationId(position), ticketId: ticket.ticketId, ...message, params, title, text, channels }];
}

/** The `articles` parameter: the linked articles' titles, one per line (none when no title is known). */
function linkedTitles(links: readonly LinkedArticle[] | undefined): { articles?: string } {
  const titles = (links ?? []).flatMap((link) => (link.title === undefined ? [] : [link.title]));
  return titles.length === 0 ? {} : { articles: titles.join('\n') };
}
