import type { MessageAttachment } from '@support-engine/domain/attachment';
import { subAddress } from '@support-engine/domain/inbound-mail';
import {
  historyIntro,
  isAutomaticMail,
  type Locale,
  mailReferences,
  replySubject,
  type TemplateKey,
} from '@support-engine/domain/notification';
import { inertText } from './channels/inert-text.js';
import type { MailThreading } from './channels/message.js';
import type { TicketEntry } from './directory.js';
import { replyToken, ticketMessageId } from './thread-keys.js';

/** How the notifier writes mail into conversations (`MAIL_THREAD_KEY` set). */
export interface MailThreadOptions {
  /** Signs reply tokens and ticket Message-IDs; the mail ingress checks them with the same key. */
  readonly key: Buffer;
  /** The deployment's sender address: the mailbox of tickets that did not come to one. */
  readonly mailbox: string;
  /** The email sender attaches files (it reads the attachment storage); else they are listed by name. */
  readonly attachFiles: boolean;
}

/** The part of an address after its last `@`. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The place in its ticket's email conversation of one mail to the customer: sent from the
 * mailbox the ticket came to, `Re:` its subject with the ticket's reference, a Message-ID that
 * names the ticket (unique to `deliveryId`), answering the thread so far, a `Reply-To` whose token
 * names the ticket and the customer, marked automatic unless it is the agent's reply, with the
 * reply's files and what the customer last wrote quoted under it (made inert: their words, never
 * a link the support address sends).
 */
export function conversationMail(
  ticket: TicketEntry,
  deliveryId: string,
  template: TemplateKey,
  reply: { readonly attachments?: readonly MessageAttachment[] } | null,
  reader: { readonly locale: Locale; readonly timeZone: string | null },
  options: MailThreadOptions,
): MailThreading & { readonly messageId: string } {
  const mailbox = ticket.mailbox ?? options.mailbox;
  const replyTo = customerReplyTo(ticket, options);
  const said = reply === null ? null : (ticket.said ?? null);
  return {
    from: mailbox,
    ...(replyTo === undefined ? {} : { replyTo }),
    subject: replySubject(ticket.subject, ticket.ticketId),
    messageId: ticketMessageId(ticket.ticketId, deliveryId, domainOf(mailbox), options.key),
    references: mailReferences(ticket.thread ?? []),
    automatic: isAutomaticMail(template),
    attachments: options.attachFiles && reply !== null ? [...(reply.attachments ?? [])] : [],
    history:
      said === null
        ? null
        : { intro: historyIntro(said.at, reader.locale, reader.timeZone), words: inertText(said.words) },
  };
}

/**
 * The `Reply-To` of a mail to the ticket's customer: the ticket's mailbox tagged with a token
 * naming the ticket and them. Every mail about a ticket carries it, whatever channel the ticket
 * came by, so a customer who answers a notification is heard on the ticket, not in a new one.
 */
export function customerReplyTo(ticket: TicketEntry, options: MailThreadOptions): string | undefined {
  const token = replyToken('customer', ticket.ticketId, ticket.customerId, options.key);
  return token === undefined ? undefined : subAddress(ticket.mailbox ?? options.mailbox, token);
}

/**
 * The `Reply-To` of a staff member's alert about `ticket` (their assignment): the ticket's
 * mailbox tagged with a token naming the ticket and them, so they may answer it by mail.
 */
export function staffReplyTo(ticket: TicketEntry, staffId: string, options: MailThreadOptions): string | undefined {
  const token = replyToken('staff', ticket.ticketId, staffId, options.key);
  return token === undefined ? undefined : subAddress(ticket.mailbox ?? options.mailbox, token);
}
