import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelSender, SendResult } from '../dispatcher.js';
import type { ClaimedDelivery } from '../outbox.js';
import { renderEmail } from './email-render.js';
import { MessagePayload, readPayload } from './message.js';

/** How email is sent. */
export interface EmailSenderOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:port`. */
  readonly smtpUrl: string;
  /** The `From` of every notification. */
  readonly from: string;
  /** The domain part of `Message-ID`s. */
  readonly messageIdDomain: string;
  readonly timeoutMs: number;
  /** SMTP connections kept open at once. */
  readonly maxConnections: number;
}

/**
 * Sends notification emails over SMTP (nodemailer, pooled connections), HTML and text. Each
 * carries a `Message-ID` derived from its delivery id: the same on every attempt, so a mail
 * store that deduplicates on it (as most do) keeps one copy even when an attempt's outcome was
 * lost to a crash. The mails about one ticket, chat or suggestion to one recipient name the same
 * thread ({@link threadIdFor}) in `In-Reply-To` and `References`, so mail clients group them. A
 * 5xx answer is permanent (dead-lettered); anything else is tried again.
 */
export function createEmailSender(options: EmailSenderOptions): ChannelSender {
  const url = new URL(options.smtpUrl);
  const user = decodeURIComponent(url.username);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    pool: true,
    maxConnections: options.maxConnections,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    channel: 'email',
    maxInFlight: options.maxConnections,
    async send(delivery: ClaimedDelivery): Promise<SendResult> {
      const read = readPayload(MessagePayload, delivery.payload);
      if (!read.ok) return read.failure;
      const { subject, text, html } = renderEmail(read.value);
      const thread = threadIdFor(read.value, delivery.recipient, options.messageIdDomain);
      try {
        await transport.sendMail({
          from: options.from,
          to: delivery.recipient,
          subject,
          text,
          html,
          messageId: messageIdFor(delivery.deliveryId, options.messageIdDomain),
          ...(thread === null ? {} : { inReplyTo: thread, references: [thread] }),
          headers: { 'X-Support-Notification': delivery.messageId },
        });
        return { ok: true, statusCode: 250 };
      } catch (error) {
        const { responseCode, message: reason } = error as { responseCode?: number; message: string };
        return {
          ok: false,
          outcome: 'failed',
          statusCode: responseCode ?? null,
          error: reason,
          permanent: responseCode !== undefined && responseCode >= 500,
        };
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** The `Message-ID` of a delivery: stable across attempts, valid in any mail header. */
export function messageIdFor(deliveryId: string, domain: string): string {
  return `<${hashed(deliveryId)}@${domain}>`;
}

/**
 * The thread a mail belongs to: one id per ticket (or chat, or suggestion) and recipient, the
 * same for every mail about it, never a mail's own id. Null for a mail about none of them.
 */
export function threadIdFor(
  about: Pick<MessagePayload, 'ticketId' | 'chatId' | 'suggestionId'>,
  recipient: string,
  domain: string,
): string | null {
  const [kind, id] =
    (
      [
        ['ticket', about.ticketId],
        ['chat', about.chatId],
        ['suggestion', about.suggestionId],
      ] as const
    ).find(([, value]) => value !== null) ?? [];
  return id == null ? null : `<thread-${hashed(`${kind}:${id}\n${recipient.toLowerCase()}`)}@${domain}>`;
}

const hashed = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);
