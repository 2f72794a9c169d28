import type { AgentCommand } from '../agent/commands.js';
import type { Agent } from '../agent/state.js';
import type { HandOver, WorkItem, WorkKind } from '../agent/work.js';
import type { ChatPriority } from '../chat/state.js';
import type { ChatStartHandOver } from '../customer/chat-slot-values.js';
import type { CustomerCommand } from '../customer/commands.js';
import type { Actor, Id } from '../shared/actor.js';
import type { Instant } from '../shared/time.js';
import type { TicketPriority } from '../shared/values.js';
import type { TicketCommandInput } from '../ticket/commands.js';
import type { Tier } from '../ticket/values.js';

// What the router's board holds and exchanges: plain data, so a board can be saved and restored.

/** One logged event as the router reads it (upcast to its current schema). */
export interface LoggedEvent {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  /** The command id the event was written under, if any. */
  readonly commandId?: string | undefined;
}

/** An open chat or ticket as the router follows it. Plain data, so a board can be saved and restored. */
export interface BoardItem {
  readonly kind: WorkKind;
  readonly id: Id;
  /** The last stream version the board applied. */
  version: number;
  /** Resolved and closed tickets, and closed chats, are inactive and leave the board. */
  active: boolean;
  priority: TicketPriority | ChatPriority;
  category: string | null;
  /** The skill its category requires of agents, as the ticket recorded it (absent in boards saved before). */
  requiredSkill?: string | null;
  language: string | null;
  tier: Tier;
  /** The agent the item itself names (ticket assignee, chat agent), or nobody: then it is queued. */
  holderId: Id | null;
  /** The reservation of the holder's slot, once known (null for work assigned before the ledger existed). */
  holding: Id | null;
  /** Since when it waits in the queue (null while held). */
  queuedSince: Instant | null;
  preferredAgentId: Id | null;
  /**
   * A chat's customer, whose open-chat slot the chat holds until it closes or becomes a ticket
   * (then null: given back). Absent in boards saved before customers had a ledger.
   */
  customerId?: Id | null;
}

/**
 * A reservation whose item command has not reached its item yet: a slot on an agent's ledger
 * (a hand-over) or on a customer's (a chat start).
 */
export type PendingHandOver = PendingWorkHandOver | PendingChatStart;

/** A slot on an agent's ledger whose hand-over has not reached its item yet. */
export interface PendingWorkHandOver {
  /** Absent in boards saved before customers had a ledger. */
  readonly ledger?: 'agent';
  readonly reservationId: Id;
  readonly agentId: Id;
  readonly item: WorkItem;
  readonly itemVersion: number;
  readonly reservedAt: Instant;
  readonly handOver: HandOver;
  /** Who asked for it: the hand-over's item command is issued on their behalf. */
  readonly actor: Actor;
}

/** An open-chat slot on a customer's ledger whose chat has not started yet. */
export interface PendingChatStart {
  readonly ledger: 'customer';
  readonly reservationId: Id;
  readonly customerId: Id;
  readonly item: WorkItem & { readonly kind: 'chat' };
  /** A chat starts on a stream that does not exist yet. */
  readonly itemVersion: 0;
  readonly reservedAt: Instant;
  readonly handOver: ChatStartHandOver;
  /** Who started it: the `StartChat` is issued on their behalf. */
  readonly actor: Actor;
}

/** A command the router issues because of what it read: on an agent's, a customer's or a ticket's stream. */
export type Reaction =
  | {
      readonly category: 'agent';
      readonly id: Id;
      readonly command: AgentCommand;
      readonly commandId: string;
      readonly onRefused?: Reaction;
    }
  | {
      readonly category: 'customer';
      readonly id: Id;
      readonly command: CustomerCommand;
      readonly commandId: string;
      readonly onRefused?: Reaction;
    }
  | {
      readonly category: 'ticket';
      readonly id: Id;
      readonly command: TicketCommandInput;
      readonly commandId: string;
      readonly onRefused?: Reaction;
    };

/** A stream the board must read (up to `toVersion`) before it can apply an event of it. */
export interface Hydration {
  readonly kind: 'ticket';
  readonly id: Id;
  readonly toVersion: number;
}

/** An agent as the board follows them: their state (ledger included) and their stream version. */
export interface BoardAgent {
  readonly state: Agent;
  readonly version: number;
}

/** Everything a board holds, as saved between runs. */
export interface BoardSnapshot {
  readonly agents: readonly BoardAgent[];
  readonly items: readonly BoardItem[];
  readonly pending: readonly PendingHandOver[];
}

/** What changed since the last {@link RoutingBoard.takeChanges}: rows to save (or delete, when absent). */
export interface BoardChanges {
  readonly agents: ReadonlyMap<Id, BoardAgent>;
  readonly items: ReadonlyMap<string, BoardItem | null>;
  readonly pending: ReadonlyMap<Id, PendingHandOver | null>;
}

/** The board's key of an item. */
export function itemKey(kind: WorkKind, id: Id): string {
  return `${kind}:${id}`;
}
