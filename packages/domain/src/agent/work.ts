import { z } from 'zod';
import { AcceptChat, AssignChat, TransferChat } from '../chat/commands.js';
import { Id } from '../shared/actor.js';
import { AssignTicket } from '../ticket/commands.js';
import { Tier } from '../ticket/values.js';

/**
 * A reservation's id: derived from the hand-over's command id (which derives from the caller's),
 * so it may be longer than an entity id.
 */
export const ReservationId = z.string().trim().min(1).max(300);

/** What an agent works on: chats (limited by `capacity`) and tickets (limited by `ticketCapacity`). */
export const WorkKind = z.enum(['chat', 'ticket']);
export type WorkKind = z.infer<typeof WorkKind>;

/** A chat or ticket as the agent's ledger names it, with the support tier it needs (chats: 1). */
export const WorkItem = z.object({ kind: WorkKind, id: Id, tier: Tier.default(1) }).strict();
export type WorkItem = z.infer<typeof WorkItem>;

/**
 * How an item came to the agent: they `accepted` a waiting chat, a colleague `assigned` or
 * `transferred` it, the router `routed` it, or a reopened ticket `resumed` with its assignee.
 */
export const WorkMode = z.enum(['accepted', 'assigned', 'transferred', 'routed', 'resumed']);
export type WorkMode = z.infer<typeof WorkMode>;

/** The item-side command that completes a hand-over (the chat or ticket records its new agent). */
export const HandOverCommand = z.discriminatedUnion('type', [AcceptChat, AssignChat, TransferChat, AssignTicket]);
export type HandOverCommand = z.infer<typeof HandOverCommand>;

/**
 * The second half of a hand-over, recorded with the reservation so that whoever finds the
 * reservation unfinished (the router after a crash) can finish it exactly as it was asked:
 * the item command, applied at the reservation's `itemVersion` with this command id.
 */
export const HandOver = z.object({ commandId: z.string().min(1).max(300), command: HandOverCommand }).strict();
export type HandOver = z.infer<typeof HandOver>;

/**
 * What a reservation records: the agent, the slot's id, the item (and the tier it needs), the
 * item's stream version the hand-over was decided at, how the item comes to the agent, and the
 * hand-over's item command (none for a reopened ticket resuming with its assignee).
 */
export const ReservationFields = {
  agentId: Id,
  reservationId: ReservationId,
  item: WorkItem,
  itemVersion: z.number().int().min(0),
  mode: WorkMode,
  handOver: HandOver.optional(),
};

/** Why an agent's slot was given back. */
export const ReleaseCause = z.enum([
  /** The chat closed, or the ticket was resolved or closed. */
  'ended',
  /** The item went to another agent, or back to the queue. */
  'moved',
  /** The hand-over that reserved the slot did not happen (the item moved on first, or refused it). */
  'cancelled',
]);
export type ReleaseCause = z.infer<typeof ReleaseCause>;
