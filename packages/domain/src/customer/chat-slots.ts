import { type Actor, isStaff } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import type { ChatSlotReleaseCause, ChatStartHandOver } from './chat-slot-values.js';
import type { CustomerEvent } from './events.js';
import { requireNotMerged } from './merge.js';
import type { CustomerState } from './state.js';

type ReserveData = {
  readonly customerId: string;
  readonly chatId: string;
  readonly reservationId: string;
  readonly limit: number;
  readonly handOver: ChatStartHandOver;
};

type ReleaseData = {
  readonly customerId: string;
  readonly chatId: string;
  readonly reservationId?: string | undefined;
  readonly cause: ChatSlotReleaseCause;
  readonly reason?: string | undefined;
};

/**
 * Takes one of the customer's open-chat slots for a chat about to start: the first half of every
 * chat start, so "at most `limit` open chats" is decided on the customer's own stream (its
 * version is the lock) and two starts racing for the last slot cannot both get it.
 *
 * The limit binds the customer's own starts; staff and the system may always open a chat for a
 * customer (a callback, a follow-up), and that chat counts toward the customer's open ones.
 * Repeating a reservation id is a no-op (a retried start). A merged customer starts no chat
 * (`CUSTOMER_MERGED`): their chats continue as the customer they were merged into.
 */
export function reserveChatSlot(state: CustomerState, data: ReserveData, context: CommandContext): CustomerEvent[] {
  if (state.openChats.some((slot) => slot.reservationId === data.reservationId)) return [];
  const { customerId, chatId, reservationId, limit, handOver } = data;
  const { actor } = context;
  requireMayStart(actor, customerId);
  requireNotMerged(state, customerId);
  const start = handOver.command.data;
  if (start.chatId !== chatId || start.customerId !== customerId) {
    throw new DomainError('VALIDATION_FAILED', `The chat start does not match the slot of chat "${chatId}"`, {
      chatId,
      customerId,
    });
  }
  if (state.openChats.some((slot) => slot.chatId === chatId)) {
    throw new DomainError('ALREADY_EXISTS', `Chat "${chatId}" already exists`, { chatId });
  }
  if (actor.role === 'customer' && limit > 0 && state.openChats.length >= limit) {
    const openChatId = state.openChats[0]!.chatId;
    throw new DomainError(
      'CHAT_ALREADY_OPEN',
      limit === 1
        ? `Customer "${customerId}" already has chat "${openChatId}" open; continue there or close it first`
        : `Customer "${customerId}" already has ${state.openChats.length} chats open (at most ${limit})`,
      { customerId, openChatId, openChatIds: state.openChats.map((slot) => slot.chatId), limit },
    );
  }
  return [
    { type: 'CustomerChatSlotReserved', data: { customerId, chatId, reservationId, handOver, ...provenance(context) } },
  ];
}

/**
 * Gives a slot back: its chat closed or became a ticket (the router, or staff), or its start did
 * not happen (whoever started it, or the router). With `reservationId`, only that reservation's
 * slot goes, so a cancelled start never frees a slot another start holds. Releasing what is not
 * held (already released, never reserved) yields nothing.
 */
export function releaseChatSlot(state: CustomerState, data: ReleaseData, context: CommandContext): CustomerEvent[] {
  const { customerId, chatId, reservationId, cause, reason } = data;
  const { actor } = context;
  const ownCancel = actor.role === 'customer' && actor.id === customerId && cause === 'cancelled';
  if (!ownCancel && actor.role !== 'system' && !isStaff(actor)) {
    throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not release the chats of ${customerId}`, {
      role: actor.role,
    });
  }
  const slot = state.openChats.find(
    (held) => held.chatId === chatId && (reservationId === undefined || held.reservationId === reservationId),
  );
  if (slot === undefined) return [];
  const released = { customerId, chatId, reservationId: slot.reservationId, reservedAt: slot.reservedAt, cause };
  return [{ type: 'CustomerChatSlotReleased', data: { ...released, ...provenance(context, reason) } }];
}

/** As `StartChat`: customers for themselves; staff and the system for anyone; auditors never. */
function requireMayStart(actor: Actor, customerId: string): void {
  const allowed = actor.role === 'customer' ? actor.id === customerId : actor.role !== 'auditor';
  if (allowed) return;
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not start a chat for ${customerId}`, {
    role: actor.role,
  });
}
