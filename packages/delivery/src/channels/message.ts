import { MessageAttachment } from '@support-engine/domain/attachment';
import { z } from 'zod';
import type { SendResult } from '../dispatcher.js';

/**
 * How a mail takes its place in a conversation, planned with it (so every attempt sends the
 * same headers): who it is from and where answers go, its subject and Message-ID (without angle
 * brackets), the thread it answers, whether a machine wrote it, the files it carries and the
 * history it quotes. Every field may be left out: a notification without them is an automatic
 * mail from the deployment's sender.
 */
export const MailThreading = z.object({
  /** The mailbox the ticket came to, sent from (with the deployment sender's display name). */
  from: z.string().optional(),
  /** `mailbox+<reply token>@domain`: where an answer goes, naming the ticket and the person. */
  replyTo: z.string().optional(),
  subject: z.string().optional(),
  messageId: z.string().optional(),
  /** The thread's Message-IDs, oldest first; the last is the `In-Reply-To`. */
  references: z.array(z.string()).default([]),
  /** `Auto-Submitted: auto-generated`: every notification; not an agent's reply sent as mail. */
  automatic: z.boolean().default(true),
  /** Files sent as MIME attachments, read from the attachment storage. */
  attachments: z.array(MessageAttachment).default([]),
  /** What the customer last wrote, quoted under the reply: a line saying when, then their words. */
  history: z.object({ intro: z.string(), words: z.string() }).nullable().default(null),
});
export type MailThreading = z.infer<typeof MailThreading>;

/** A notification as the email and push channels carry it (the outbox row's payload). */
export const MessagePayload = z.object({
  title: z.string(),
  text: z.string(),
  kind: z.enum(['message', 'warning', 'success', 'info']),
  locale: z.string(),
  ticketId: z.string().nullable(),
  /** The chat a staff alert is about (`ticketId` is then null); rows older than chat alerts' ids lack it. */
  chatId: z.string().nullable().default(null),
  /** The proactive suggestion a customer is offered (`ticketId` is then null); rows older than suggestions lack it. */
  suggestionId: z.string().nullable().default(null),
  /** The notification's template, for receivers that style by it. */
  template: z.string(),
  /** The agent's reply a `ticket.replied` announces, shown under the text in an email; rows older than it lack it. */
  quote: z.string().nullable().default(null),
  /** Its place in a mail conversation (email tickets, assignment alerts); rows older than it lack it. */
  mail: MailThreading.nullable().default(null),
});
export type MessagePayload = z.infer<typeof MessagePayload>;

/**
 * A delivery's payload read with `schema`, or the permanent failure of one that does not match:
 * the row will never read better, so it is dead-lettered at once (where ops see it) rather than
 * retried until the channel gives up.
 */
export function readPayload<T>(
  schema: z.ZodType<T>,
  payload: unknown,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: SendResult } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };
  const error = `unreadable payload: ${z.prettifyError(parsed.error)}`;
  return { ok: false, failure: { ok: false, outcome: 'failed', statusCode: null, error, permanent: true } };
}
