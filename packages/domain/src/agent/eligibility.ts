import type { z } from 'zod';
import type { Id } from '../shared/actor.js';
import { withArticle } from '../shared/articles.js';
import { DomainError, type DomainErrorCode } from '../shared/errors.js';
import { counted } from '../shared/text.js';
import type { ReserveWork } from './commands.js';
import { type Agent, type Availability, heldCount, type TicketCapacity } from './state.js';
import type { HandOverCommand, WorkItem, WorkMode } from './work.js';

/** How a refusal says where an agent is (`is on a break`, not `is break`). */
const AVAILABILITY_WORDS: Record<Availability, string> = {
  available: 'available',
  busy: 'busy',
  break: 'on a break',
  training: 'in training',
  offline: 'offline',
};

/** What deciding whether an agent may take an item needs to know about them. */
export interface AgentSlots {
  readonly agentId: Id;
  readonly tier: number;
  readonly availability: Availability;
  /** True when the agent left the team (absent: active). */
  readonly deactivated?: boolean;
  /** Chat capacity. */
  readonly capacity: number;
  readonly ticketCapacity: TicketCapacity;
  /** Chats held now. */
  readonly chats: number;
  /** Open tickets held now. */
  readonly tickets: number;
}

/** Why an agent may not take an item, or `null` when they may. */
export interface Ineligibility {
  readonly code: Extract<
    DomainErrorCode,
    | 'AGENT_DEACTIVATED'
    | 'AGENT_UNAVAILABLE'
    | 'AGENT_TIER_TOO_LOW'
    | 'CHAT_CAPACITY_REACHED'
    | 'TICKET_CAPACITY_REACHED'
  >;
  readonly message: string;
}

/**
 * The one rule of who may take what (used by the agent's decider and by the router's planner):
 * - a deactivated agent takes nothing;
 * - the agent's tier is at least the item's;
 * - chats go only to `available` agents, and so does routed work; a person may still assign a
 *   ticket to a colleague who is away (it waits in their queue), and a reopened ticket resumes
 *   with its assignee whatever their presence;
 * - a chat needs a free chat slot (`capacity`), a ticket a free ticket slot when the agent has a
 *   `ticketCapacity` (no cap by default).
 */
export function ineligibility(
  agent: AgentSlots,
  item: { readonly kind: WorkItem['kind']; readonly tier: number },
  mode: WorkMode,
): Ineligibility | null {
  if (agent.deactivated) {
    return { code: 'AGENT_DEACTIVATED', message: `Agent "${agent.agentId}" is deactivated` };
  }
  if (agent.tier < item.tier) {
    return {
      code: 'AGENT_TIER_TOO_LOW',
      message: `Agent "${agent.agentId}" is tier ${agent.tier}; this needs tier ${item.tier}`,
    };
  }
  const needsPresence = item.kind === 'chat' || mode === 'routed';
  if (needsPresence && agent.availability !== 'available') {
    return {
      code: 'AGENT_UNAVAILABLE',
      message: `Agent "${agent.agentId}" is ${AVAILABILITY_WORDS[agent.availability]}`,
    };
  }
  if (item.kind === 'chat' && agent.chats >= agent.capacity) {
    return {
      code: 'CHAT_CAPACITY_REACHED',
      message: `Agent "${agent.agentId}" already has ${counted(agent.chats, 'active chat')} (capacity ${agent.capacity})`,
    };
  }
  if (item.kind === 'ticket' && agent.ticketCapacity !== null && agent.tickets >= agent.ticketCapacity) {
    return {
      code: 'TICKET_CAPACITY_REACHED',
      message: `Agent "${agent.agentId}" already holds ${counted(agent.tickets, 'open ticket')} (cap ${agent.ticketCapacity})`,
    };
  }
  return null;
}

/** The agent's slots as their ledger counts them. */
export function slotsOf(agent: Agent): AgentSlots {
  return { ...agent, chats: heldCount(agent, 'chat'), tickets: heldCount(agent, 'ticket') };
}

/** Throws the agent's {@link ineligibility} for the item as a `DomainError`. */
export function requireEligible(agent: Agent, item: WorkItem, mode: WorkMode): void {
  const refusal = ineligibility(slotsOf(agent), item, mode);
  if (refusal) {
    throw new DomainError(refusal.code, refusal.message, { agentId: agent.agentId, item: item.id, kind: item.kind });
  }
}

type Reservation = z.output<typeof ReserveWork>['data'];

/**
 * A reservation's hand-over must be the item command that gives this very item to this very
 * agent in this mode, so finishing it later (after a crash) can only do what was reserved.
 * A reopened ticket resuming with its assignee has no hand-over; every other mode has one.
 */
export function requireMatchingHandOver(agentId: Id, reservation: Reservation): void {
  const { item, mode, handOver } = reservation;
  if (mode === 'resumed') {
    if (handOver === undefined && item.kind === 'ticket') return;
    throw invalid('a resumed reservation is for a ticket and has no hand-over');
  }
  if (handOver === undefined) throw invalid(`${withArticle(mode)} reservation needs its hand-over command`);
  const { command } = handOver;
  const given = handedOver(command, agentId);
  if (given.mode !== mode || given.kind !== item.kind || given.itemId !== item.id || given.agentId !== agentId) {
    throw invalid(`the hand-over ${command.type} does not give ${item.kind} "${item.id}" to "${agentId}" as ${mode}`);
  }
}

/** What an item command gives to whom, and how (accepting is always for the acting agent: `self`). */
function handedOver(command: HandOverCommand, self: Id) {
  switch (command.type) {
    case 'AcceptChat':
      return { mode: 'accepted', kind: 'chat', itemId: command.data.chatId, agentId: self } as const;
    case 'TransferChat':
      return {
        mode: 'transferred',
        kind: 'chat',
        itemId: command.data.chatId,
        agentId: command.data.toAgentId,
      } as const;
    case 'AssignChat':
    case 'AssignTicket': {
      const mode = command.data.routing === undefined ? 'assigned' : 'routed';
      const [kind, itemId] =
        command.type === 'AssignChat'
          ? (['chat', command.data.chatId] as const)
          : (['ticket', command.data.ticketId] as const);
      return { mode, kind, itemId, agentId: command.data.agentId } as const;
    }
  }
}

function invalid(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `Invalid reservation: ${message}`);
}
