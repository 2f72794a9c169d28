import { z } from 'zod';
import { ReservationId } from '../agent/work.js';
import { StartChat } from '../chat/commands.js';
import { Id } from '../shared/actor.js';
import type { Instant } from '../shared/time.js';

// The values of a customer's open-chat slots, apart from the rules (`chat-slots.ts`), so the
// customer's commands, events and state name them without importing the rules.

/**
 * How many chats a customer may have open at once when they start one themself; 0 means no
 * limit. Deployments set it (`SUPPORT_CHATS_PER_CUSTOMER`, default {@link DEFAULT_CHATS_PER_CUSTOMER}).
 */
export const ChatsPerCustomer = z.number().int().min(0).max(100);

/** One open chat per customer unless the deployment says otherwise. */
export const DEFAULT_CHATS_PER_CUSTOMER = 1;

/**
 * The second half of a chat start, recorded with the customer's slot so that whoever finds the
 * slot taken but the chat not started (the router after a crash) can finish it exactly as it was
 * asked: `StartChat`, appended to a chat stream that does not exist yet, under this command id.
 */
export const ChatStartHandOver = z.object({ commandId: z.string().min(1).max(300), command: StartChat }).strict();
export type ChatStartHandOver = z.infer<typeof ChatStartHandOver>;

/** Why an open-chat slot was given back. */
export const ChatSlotReleaseCause = z.enum([
  /** The chat closed (ended by someone, or timed out). */
  'closed',
  /** The chat became a ticket: the conversation goes on there. */
  'converted',
  /** The chat start that reserved the slot did not happen (refused, or the chat id was taken first). */
  'cancelled',
]);
export type ChatSlotReleaseCause = z.infer<typeof ChatSlotReleaseCause>;

/** A chat the customer's ledger counts as open. */
export interface OpenChatSlot {
  readonly chatId: Id;
  readonly reservationId: string;
  readonly reservedAt: Instant;
}

/** The fields a reservation and its event share. */
export const ChatSlotFields = { customerId: Id, chatId: Id, reservationId: ReservationId, handOver: ChatStartHandOver };
