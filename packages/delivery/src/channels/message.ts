import { z } from 'zod';

/** A notification as the email and push channels carry it (the outbox row's payload). */
export const MessagePayload = z.object({
  title: z.string(),
  text: z.string(),
  kind: z.enum(['message', 'warning', 'success', 'info']),
  locale: z.string(),
  ticketId: z.string().nullable(),
  /** The proactive suggestion a customer is offered (`ticketId` is then null); rows older than suggestions lack it. */
  suggestionId: z.string().nullable().default(null),
  /** The notification's template, for receivers that style by it. */
  template: z.string(),
});
export type MessagePayload = z.infer<typeof MessagePayload>;
