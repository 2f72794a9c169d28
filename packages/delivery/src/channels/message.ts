import { z } from 'zod';
import type { SendResult } from '../dispatcher.js';

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
