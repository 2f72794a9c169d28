import { z } from 'zod';
import type { TicketEvent } from './events.js';
import type { Ticket } from './state.js';

/** How a customer wants to be told: `both` means web, email and push; `none` means never. */
export const DeliveryPreference = z.enum(['web_only', 'email_only', 'both', 'none']);
export type DeliveryPreference = z.infer<typeof DeliveryPreference>;

/** A delivery channel: the in-app inbox, email, or a push notification. */
export type NotificationChannel = 'web' | 'email' | 'push';

/** The tone of a notification (docs/domain.md#notifications). */
export type NotificationKind = 'message' | 'warning' | 'success' | 'info';

/**
 * One notification to deliver to the ticket's customer. `id` is derived from the event's
 * position so a retried workflow or delivery sends it once (dedupe on `id`).
 */
export interface CustomerNotification {
  readonly id: string;
  readonly ticketId: string;
  readonly kind: NotificationKind;
  readonly text: string;
  readonly channels: readonly NotificationChannel[];
}

/** Where the event sits in the log: its stream and its index (version) in that stream. */
export interface EventPosition {
  readonly streamId: string;
  readonly eventIndex: number;
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

/** The deterministic id of the notification an event produces. */
export function notificationId(position: EventPosition): string {
  return `notification:${position.streamId}:${position.eventIndex}`;
}

type Message = { readonly kind: NotificationKind; readonly text: string };

/**
 * What the customer is told about an event, if anything (docs/domain.md#notifications):
 * public agent replies (message), waiting for a reply and reminders (warning), resolved (success),
 * closed (info). Nothing for internal notes, moves to `in_progress` (including reopens: the
 * customer caused them or an agent will write), assignment, priority, escalation, SLA or ratings.
 * Spam closes notify nobody: a spammer learns nothing.
 */
export function customerMessageFor(event: TicketEvent, subject: string): Message | null {
  const ticket = `Your ticket '${subject}'`;
  switch (event.type) {
    case 'TicketAgentReplied':
      return event.data.visibility === 'public' ? { kind: 'message', text: `${ticket} has a new reply` } : null;
    case 'TicketReminderSent':
      return {
        kind: 'warning',
        text: `${event.data.n === 1 ? 'Reminder' : 'Second reminder'}: ${ticket} is waiting for your reply`,
      };
    case 'TicketAutoClosed':
      return {
        kind: 'info',
        text:
          event.data.closeReason === 'no_customer_response'
            ? `${ticket} is closed for lack of response`
            : `${ticket} is closed`,
      };
    case 'TicketStatusChanged':
      switch (event.data.to) {
        case 'waiting_customer':
          return { kind: 'warning', text: `${ticket} is waiting for your reply` };
        case 'resolved':
          return { kind: 'success', text: `${ticket} is resolved` };
        case 'closed':
          return event.data.closeReason === 'spam' ? null : { kind: 'info', text: `${ticket} is closed` };
        default:
          return null;
      }
    default:
      return null;
  }
}

/**
 * The notifications to deliver for one ticket event, given the ticket (for its subject) and the
 * customer's delivery preference. Empty when the event tells the customer nothing or the
 * preference is `none`.
 */
export function customerNotifications(
  event: TicketEvent,
  ticket: Pick<Ticket, 'ticketId' | 'subject'>,
  preference: DeliveryPreference,
  position: EventPosition,
): CustomerNotification[] {
  const channels = channelsFor(preference);
  const message = customerMessageFor(event, ticket.subject);
  if (message === null || channels.length === 0) return [];
  return [{ id: notificationId(position), ticketId: ticket.ticketId, ...message, channels }];
}
