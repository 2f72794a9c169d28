import { chatAvailability as availabilityAt } from '@support-engine/domain/chat';
import { defineQuery } from '../graphql/secure.js';

/**
 * Whether the chat desk takes new chats now (the opening hours `setChatHours` names), and when
 * that changes: what a chat widget asks before offering a chat, or a ticket instead.
 */
export const chatAvailability = defineQuery<Record<string, never>>(null, async (_args, context) => {
  const { clock } = context.services.deps;
  const config = await context.services.bus.configuration.current();
  const availability = availabilityAt(config, clock());
  return { ...availability, offerTicket: !availability.open };
});
