import { DomainError, isDomainError, streamId } from '@support-engine/domain';
import { agentDecider } from '@support-engine/domain/agent';
import { ChatConvertedToTicket, chatDecider } from '@support-engine/domain/chat';
import { keepsConvertedTicket, keptFromChatReason, ticketFromChat } from '@support-engine/domain/routing';
import type { Checkpoint } from '@support-engine/eventstore';
import { ROUTER_ACTOR } from './actor.js';
import type { CommandActor, CommandBus, Sent } from './bus.js';
import { openFollowUp } from './follow-ups.js';

/** What converting a chat wrote: the chat's events (with a checkpoint covering its ticket) and the ticket's id. */
export interface ChatConversion {
  readonly sent: Sent;
  readonly ticketId: string;
}

/**
 * Turns a chat into a ticket carrying its transcript, opens that ticket, and gives it to the
 * chat's agent when they can take it. A conversion may name its ticket (`ticketId`), but not one
 * that exists.
 */
export async function convertChatToTicket(
  bus: CommandBus,
  input: { readonly chatId: string; readonly ticketId: string },
  actor: CommandActor,
  commandId: string,
  named: boolean,
): Promise<ChatConversion> {
  if (named) await refuseTakenTicketId(bus, input.chatId, input.ticketId);
  const command = { type: 'ConvertChatToTicket' as const, data: input };
  const converted = await bus.send('chat', input.chatId, command, actor, commandId);
  const { data: conversion } = ChatConvertedToTicket.parse(converted.events[0]);
  // The conversion is the first event written (a waiting chat's close follows it): the
  // follow-up's command id derives from its version, as the router derives it.
  const conversionVersion = converted.version - converted.events.length + 1;
  const opened = await openFollowUp(bus, streamId('chat', input.chatId), conversionVersion, ticketFromChat(conversion));
  const checkpoint =
    conversion.assigneeId === undefined
      ? opened.checkpoint
      : await keepChatAgent(bus, opened.checkpoint, conversion.ticketId, conversion.assigneeId, conversion.chatId);
  return { sent: { ...converted, checkpoint }, ticketId: conversion.ticketId };
}

/**
 * A conversion may name the ticket it opens, but not one that exists: refused before the chat records
 * anything (the chat's own ticket, opened by an earlier try of the same conversion, is not taken).
 */
async function refuseTakenTicketId(bus: CommandBus, chatId: string, ticketId: string): Promise<void> {
  if ((await bus.latest('ticket', ticketId)) === null) return;
  const chat = await bus.fold('chat', chatId, chatDecider);
  if (chat.status !== 'none' && chat.ticketId === ticketId) return;
  throw new DomainError('ALREADY_EXISTS', `Ticket ${ticketId} already exists`, { ticketId });
}

/**
 * A converted chat's agent keeps its ticket when routed work could go to them now
 * (`keepsConvertedTicket`: available, within their ticket cap). Otherwise (or if the router was
 * quicker, or the ledger finds no room) the router routes it, to them first while they are
 * eligible. Resolves with a checkpoint that covers the ticket as it stands.
 */
async function keepChatAgent(
  bus: CommandBus,
  opened: Checkpoint,
  ticketId: string,
  agentId: string,
  chatId: string,
): Promise<Checkpoint> {
  const agent = await bus.fold('agent', agentId, agentDecider);
  if (agent.status === 'none' || !keepsConvertedTicket(agent)) return opened;
  const reason = keptFromChatReason(chatId);
  const request = {
    agentId,
    item: { kind: 'ticket' as const, id: ticketId },
    mode: 'assigned' as const,
    command: { type: 'AssignTicket' as const, data: { ticketId, agentId, ifUnassigned: true, reason } },
    commandId: `keep:${streamId('ticket', ticketId)}`,
    reason,
  };
  try {
    return (await bus.handOver(request, ROUTER_ACTOR)).checkpoint;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const latest = await bus.latest('ticket', ticketId);
    if (latest === null) throw error;
    return latest;
  }
}
