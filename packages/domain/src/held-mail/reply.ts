import type { HeldMail } from './state.js';

/**
 * What the ticket records when a held message is accepted: the customer's reply with the
 * message's text, files and mail origin, exactly as it would have been added had it been trusted.
 */
export function acceptedHeldMailReply(held: HeldMail) {
  const { body, attachments, mail } = held.content;
  return {
    type: 'CustomerReply' as const,
    data: { ticketId: held.ticketId, body, ...(attachments === undefined ? {} : { attachments }), mail },
  };
}
