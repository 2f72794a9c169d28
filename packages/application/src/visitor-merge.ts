import { isDomainError, VISITOR_IDENTIFIED } from '@support-engine/domain';
import { chatDecider } from '@support-engine/domain/chat';
import { chatsOfCustomer, customerDecider, requireMergeTarget } from '@support-engine/domain/customer';
import { type Checkpoint, compareCheckpoints } from '@support-engine/eventstore';
import type { CommandBus, Sent } from './bus.js';
import { WIDGET_ACTOR } from './widget-customers.js';

/** A merge to carry out: customer `from` into `into`. */
export interface VisitorMerge {
  readonly from: string;
  readonly into: string;
  /**
   * `from`'s tickets, as a read model lists them once it includes `merged` (the merge's own event:
   * every ticket opened before it is there); their chats' tickets are found from the chats.
   */
  readonly ticketsOf: (customerId: string, merged: Checkpoint) => Promise<readonly string[]>;
}

/** What a merge moved (or found moved already, by a retry or a racing merge). */
export interface MergedItems {
  readonly chats: readonly string[];
  readonly tickets: readonly string[];
  /** A checkpoint covering every step: once the chats and tickets read models reach it, they show the merge. */
  readonly checkpoint: Checkpoint;
}

/**
 * Merges the widget visitor `from` into the identified customer `into`
 * (docs/widget.md#merging-a-visitor): `CustomerMerged` on the visitor, then each of their chats
 * (as their stream lists them: every start reserved a slot there) and tickets (the read model's
 * once it includes the merge, and those their chats became) moved on its own stream. The event store appends to one stream at
 * a time, so the merge is a sequence of idempotent steps, each under a command id derived from the
 * merge: a retried or concurrent call writes each step once, and a call after a crash finishes
 * what the first left. An active chat goes on as `into`'s. Refused, writing nothing: `into` not
 * registered (`NOT_FOUND`) or merged itself, `from` merged into someone else (`CUSTOMER_MERGED`).
 */
export async function mergeVisitor(bus: CommandBus, merge: VisitorMerge): Promise<MergedItems> {
  const { from, into } = merge;
  requireMergeTarget(await bus.fold('customer', into, customerDecider), into);
  const id = `widget-merge:${from}:${into}`;
  const command = { type: 'MergeCustomer' as const, data: { customerId: from, into, reason: VISITOR_IDENTIFIED } };
  const merged = (await bus.send('customer', from, command, WIDGET_ACTOR, id)).checkpoint;
  let checkpoint = merged;
  const covered = (sent: Sent) => {
    if (compareCheckpoints(sent.checkpoint, checkpoint) > 0) checkpoint = sent.checkpoint;
  };
  const chats: string[] = [];
  const tickets = new Set(await merge.ticketsOf(from, merged));
  for (const chatId of await bus.fold('customer', from, chatsOfCustomer)) {
    const chat = await bus.fold('chat', chatId, chatDecider);
    if (chat.status === 'none') continue; // a start that never happened
    if (chat.ticketId !== null) tickets.add(chat.ticketId);
    const move = { type: 'ChangeChatCustomer' as const, data: { chatId, from, to: into, reason: VISITOR_IDENTIFIED } };
    covered(await bus.send('chat', chatId, move, WIDGET_ACTOR, `${id}:chat:${chatId}`));
    chats.push(chatId);
  }
  for (const ticketId of tickets) {
    const move = {
      type: 'ChangeTicketCustomer' as const,
      data: { ticketId, from, to: into, reason: VISITOR_IDENTIFIED },
    };
    try {
      covered(await bus.send('ticket', ticketId, move, WIDGET_ACTOR, `${id}:ticket:${ticketId}`));
    } catch (error) {
      // A converted chat's ticket the visitor never held (staff opened it for someone else) stays.
      if (!isDomainError(error) || error.code !== 'INVALID_TRANSITION') throw error;
      tickets.delete(ticketId);
    }
  }
  return { chats, tickets: [...tickets], checkpoint };
}
