import type { AgentEvent } from '../agent/events.js';
import { evolveAgent } from '../agent/evolve.js';
import { type Agent, heldCount, initialAgentState } from '../agent/state.js';
import type { ReleaseCause, WorkKind } from '../agent/work.js';
import type { AssignmentCandidate } from '../assignment/score.js';
import type { ChatEvent } from '../chat/events.js';
import { chatQueuedSince } from '../chat/queue.js';
import type { CustomerEvent } from '../customer/events.js';
import type { Id } from '../shared/actor.js';
import { parseStreamId } from '../shared/streams.js';
import { type Instant, toMillis } from '../shared/time.js';
import type { TicketEvent } from '../ticket/events.js';
import { isOpenStatus, isResolvedOrClosed } from '../ticket/lifecycle.js';
import type { Ticket } from '../ticket/state.js';
import type {
  BoardAgent,
  BoardChanges,
  BoardItem,
  BoardSnapshot,
  Hydration,
  LoggedEvent,
  PendingHandOver,
  Reaction,
} from './board-state.js';
import { itemKey } from './board-state.js';
import type { QueuedWork } from './plan.js';
import {
  cancelChatStart,
  cancelPending,
  cancelWork,
  followUpOfChat,
  followUpOfSuggestion,
  releaseEndedChatSlot,
  unassign,
} from './reactions.js';

/** One event being applied to one item, with the pending hand-over it completes (if any). */
interface Change {
  readonly item: BoardItem;
  readonly event: LoggedEvent;
  readonly landing: PendingHandOver | null;
}

/**
 * The router's view of the floor: the team (each agent's state, work ledger included) and the
 * open chats and tickets with who holds them, folded from the log in order. Applying an event
 * also says what the rules of routing require in reaction ({@link Reaction}s):
 *
 * - a slot is given back when its item ends (chat closed, ticket resolved or closed) or moves
 *   (transfer to an agent or a queue, reassignment, unassignment): capacity frees up only through the ledger;
 * - a customer's open-chat slot is given back when the chat closes or becomes a ticket;
 * - a reservation whose item moved on without its hand-over (the item went elsewhere, closed, or
 *   changed while the hand-over was in flight), or whose chat was started by another command,
 *   is cancelled: its slot is given back;
 * - a reopened ticket resumes with its assignee if they still have room, else it is queued;
 * - an escalated ticket leaves an assignee below its new tier and is queued for that tier;
 * - a converted chat and an accepted suggestion open their ticket (a follow-up that must not be
 *   lost if the process that recorded the decision stops before opening it).
 *
 * Deterministic and free of I/O: the same events give the same board and the same reactions,
 * with command ids derived from the causing event, so a replay after a crash repeats them
 * harmlessly (the event store returns the first outcome of a repeated command id).
 */
export class RoutingBoard {
  readonly #agents = new Map<Id, BoardAgent>();
  readonly #items = new Map<string, BoardItem>();
  readonly #pending = new Map<Id, PendingHandOver>();
  readonly #changed = { agents: new Set<Id>(), items: new Set<string>(), pending: new Set<Id>() };

  constructor(snapshot?: BoardSnapshot) {
    for (const agent of snapshot?.agents ?? []) this.#agents.set(agent.state.agentId, agent);
    for (const item of snapshot?.items ?? []) this.#items.set(itemKey(item.kind, item.id), { ...item });
    for (const pending of snapshot?.pending ?? []) this.#pending.set(pending.reservationId, pending);
  }

  /** The agent as the board knows them. */
  agent(agentId: Id): Agent | undefined {
    return this.#agents.get(agentId)?.state;
  }

  /** The last version of the agent's stream the board applied (0: none). */
  agentVersion(agentId: Id): number {
    return this.#agents.get(agentId)?.version ?? 0;
  }

  /** The open item as the board knows it. */
  item(kind: WorkKind, id: Id): Readonly<BoardItem> | undefined {
    return this.#items.get(itemKey(kind, id));
  }

  /** Every reservation whose hand-over has not reached its item yet. */
  pendingHandOvers(): readonly PendingHandOver[] {
    return [...this.#pending.values()];
  }

  /** The items waiting for an agent. */
  queue(): QueuedWork[] {
    const queued: QueuedWork[] = [];
    for (const item of this.#items.values()) {
      if (!item.active || item.holderId !== null || item.queuedSince === null) continue;
      queued.push({
        kind: item.kind,
        id: item.id,
        key: itemKey(item.kind, item.id),
        priority: item.priority,
        queuedSinceMs: toMillis(item.queuedSince),
        tier: item.tier,
        category: item.category,
        requiredSkill: item.requiredSkill ?? null,
        language: item.language,
        preferredAgentId: item.preferredAgentId,
      });
    }
    return queued;
  }

  /** The team as routing candidates: profile, presence and the slots each agent's ledger holds. */
  candidates(): AssignmentCandidate[] {
    return [...this.#agents.values()].map(({ state }) => ({
      ...state,
      chats: heldCount(state, 'chat'),
      tickets: heldCount(state, 'ticket'),
    }));
  }

  /**
   * The stream the board must read before applying `event`, or `null`. The board lets ended
   * tickets go; only an assignment or a reopen of one needs it back (chats never come back).
   */
  hydrationFor(event: LoggedEvent): Hydration | null {
    const stream = parseStreamId(event.streamId);
    if (stream?.category !== 'ticket' || this.#items.has(itemKey('ticket', stream.id))) return null;
    const reopen = event.type === 'TicketStatusChanged' && (event.data as { reopen?: boolean }).reopen === true;
    if (event.type !== 'TicketAssigned' && !reopen) return null;
    return { kind: 'ticket', id: stream.id, toVersion: event.version - 1 };
  }

  /** Takes in a ticket the board had let go, as its stream stands at `version`. */
  hydrateTicket(ticket: Ticket, version: number): void {
    this.#putItem({
      ...ticketAttributes(ticket),
      version,
      active: isOpenStatus(ticket.status),
      holderId: ticket.assigneeId,
      holding: null,
      queuedSince: ticket.assigneeId === null ? ticket.statusSince : null,
    });
  }

  /** Applies one logged event in log order; returns what the rules require in reaction. */
  apply(event: LoggedEvent): Reaction[] {
    const stream = parseStreamId(event.streamId);
    if (stream === null) return [];
    switch (stream.category) {
      case 'agent':
        return this.#applyAgent(stream.id, event);
      case 'ticket':
      case 'chat':
        return this.#applyItem(stream.category, stream.id, event);
      case 'activity':
        return followUpOfSuggestion(event);
      case 'customer':
        return this.#applyCustomer(stream.id, event);
      case 'custemail':
      case 'staff':
      case 'webhook':
      case 'slaconfig':
      case 'cannedreplies':
      case 'heldmail':
      case 'mailboxes':
      case 'widgets':
      case 'article':
      case 'kbslug':
      case 'kbcategory':
      case 'kbreader':
        return [];
    }
  }

  /** Rows changed since the last call, for saving; the board forgets them once taken. */
  takeChanges(): BoardChanges {
    const agents = new Map([...this.#changed.agents].map((id) => [id, this.#agents.get(id)!] as const));
    const items = new Map([...this.#changed.items].map((key) => [key, this.#items.get(key) ?? null] as const));
    const pending = new Map([...this.#changed.pending].map((id) => [id, this.#pending.get(id) ?? null] as const));
    this.#changed.agents.clear();
    this.#changed.items.clear();
    this.#changed.pending.clear();
    return { agents, items, pending };
  }

  #applyAgent(agentId: Id, event: LoggedEvent): Reaction[] {
    const known = this.#agents.get(agentId);
    if (known !== undefined && event.version <= known.version) return []; // already folded in
    const typed = { type: event.type, data: event.data } as AgentEvent;
    const after = evolveAgent(known?.state ?? initialAgentState, typed);
    if (after.status === 'none') return [];
    this.#agents.set(agentId, { state: after, version: event.version });
    this.#changed.agents.add(agentId);
    if (typed.type === 'AgentWorkReserved') return this.#reserved(after, typed.data);
    if (typed.type === 'AgentWorkReleased') {
      for (const { reservationId, item } of typed.data.released) {
        this.#unpend(reservationId);
        const held = this.#items.get(itemKey(item.kind, item.id));
        if (held?.holding === reservationId) this.#touch(held).holding = null;
      }
    }
    return [];
  }

  /** A new reservation: in flight until its item records it, or cancelled if the item moved on. */
  #reserved(agent: Agent, data: Extract<AgentEvent, { type: 'AgentWorkReserved' }>['data']): Reaction[] {
    const { reservationId, item, itemVersion, handOver, mode } = data;
    const held = this.#items.get(itemKey(item.kind, item.id));
    if (mode === 'resumed') {
      // Valid only while the reopened ticket is still open with this agent and has no slot yet.
      if (held?.active && held.holderId === agent.agentId && held.holding === null && held.version >= itemVersion) {
        this.#touch(held).holding = reservationId;
        return [];
      }
      return [cancelWork(agent.agentId, reservationId)];
    }
    if (handOver === undefined) return [];
    if (held !== undefined && held.version > itemVersion) return [cancelWork(agent.agentId, reservationId)];
    const pending = {
      reservationId,
      agentId: agent.agentId,
      item,
      itemVersion,
      reservedAt: data.at,
      handOver,
      actor: data.actor,
    };
    this.#pending.set(reservationId, pending);
    this.#changed.pending.add(reservationId);
    return [];
  }

  /**
   * A customer's ledger: a slot taken for a chat start is in flight until the chat starts under
   * its command id (cancelled if the chat exists already); a released one is no longer.
   */
  #applyCustomer(customerId: Id, event: LoggedEvent): Reaction[] {
    const typed = { type: event.type, data: event.data } as CustomerEvent;
    if (typed.type === 'CustomerChatSlotReleased') {
      this.#unpend(typed.data.reservationId);
      return [];
    }
    if (typed.type !== 'CustomerChatSlotReserved') return [];
    const { chatId, reservationId, handOver, at, actor } = typed.data;
    if (this.#items.has(itemKey('chat', chatId))) return [cancelChatStart(customerId, chatId, reservationId)];
    this.#pending.set(reservationId, {
      ledger: 'customer',
      reservationId,
      customerId,
      item: { kind: 'chat', id: chatId, tier: 1 },
      itemVersion: 0,
      reservedAt: at,
      handOver,
      actor,
    });
    this.#changed.pending.add(reservationId);
    return [];
  }

  #applyItem(kind: WorkKind, id: Id, event: LoggedEvent): Reaction[] {
    const key = itemKey(kind, id);
    const opening = event.type === 'TicketOpened' || event.type === 'ChatStarted';
    const known = this.#items.get(key);
    if (known !== undefined && event.version <= known.version) return []; // already folded in
    const { reactions, landing } = this.#settlePending(kind, id, event);
    if (opening) {
      this.#putItem(openedItem(event));
      return reactions;
    }
    if (event.type === 'ChatConvertedToTicket') reactions.push(...followUpOfChat(event));
    const item = this.#items.get(key);
    if (item === undefined) return reactions; // an ended item's late news (a rating, a note): nothing to route
    this.#touch(item).version = event.version;
    const hand = { item, event, landing };
    reactions.push(...(kind === 'chat' ? this.#chatEvent(hand) : this.#ticketEvent(hand)));
    if (!item.active) {
      this.#items.delete(key);
      this.#changed.items.add(key);
    }
    return reactions;
  }

  /**
   * Pending hand-overs of this item: the one this event completes (`landing`) becomes the
   * holder's slot; any other decided at an earlier version can no longer happen, so its slot is
   * given back.
   */
  #settlePending(
    kind: WorkKind,
    id: Id,
    event: LoggedEvent,
  ): { reactions: Reaction[]; landing: PendingHandOver | null } {
    const reactions: Reaction[] = [];
    let landing: PendingHandOver | null = null;
    for (const pending of [...this.#pending.values()]) {
      if (pending.item.kind !== kind || pending.item.id !== id || pending.itemVersion >= event.version) continue;
      this.#unpend(pending.reservationId);
      if (pending.itemVersion + 1 === event.version && event.commandId === pending.handOver.commandId)
        landing = pending;
      else reactions.push(cancelPending(pending));
    }
    return { reactions, landing };
  }

  /** The item is now held by `agentId`; its slot is the completed hand-over's reservation, if any. */
  #hold({ item, landing }: Change, agentId: Id): void {
    item.holderId = agentId;
    item.holding =
      landing !== null && landing.ledger !== 'customer' && landing.agentId === agentId ? landing.reservationId : null;
    item.queuedSince = null;
  }

  /** Gives the holder's slot back (if the ledger has one for this item). */
  #releaseHolder({ item, event }: Change, cause: ReleaseCause, reason: string): Reaction[] {
    const { holderId, holding } = item;
    item.holding = null;
    if (holderId === null || holding === null) return [];
    return [
      {
        category: 'agent',
        id: holderId,
        command: { type: 'ReleaseWork', data: { agentId: holderId, reservationIds: [holding], cause, reason } },
        commandId: `release:${event.streamId}@${event.version}`,
      },
    ];
  }

  #chatEvent(change: Change): Reaction[] {
    const { item, event } = change;
    const typed = { type: event.type, data: event.data } as ChatEvent;
    switch (typed.type) {
      case 'ChatAssigned':
        this.#hold(change, typed.data.agentId);
        return [];
      case 'ChatTransferred': {
        const released = this.#releaseHolder(change, 'moved', `chat transferred to ${typed.data.toAgentId}`);
        this.#hold(change, typed.data.toAgentId);
        return released;
      }
      case 'ChatTransferredToQueue': {
        const released = this.#releaseHolder(change, 'moved', `chat transferred to queue ${typed.data.category}`);
        item.holderId = null;
        item.category = typed.data.category;
        item.queuedSince = chatQueuedSince(item.queuedSince, typed);
        return released;
      }
      case 'ChatClosed':
        item.active = false;
        return [...this.#releaseHolder(change, 'ended', 'chat closed'), ...this.#releaseCustomerSlot(change)];
      case 'ChatConvertedToTicket':
        return this.#releaseCustomerSlot(change);
      default:
        return [];
    }
  }

  /** Gives the chat's customer their open-chat slot back, once (a no-op on a ledger without it). */
  #releaseCustomerSlot({ item, event }: Change): Reaction[] {
    const { customerId } = item;
    if (customerId === undefined || customerId === null) return [];
    item.customerId = null;
    return [releaseEndedChatSlot(customerId, item.id, event)];
  }

  #ticketEvent(change: Change): Reaction[] {
    const { item, event } = change;
    const typed = { type: event.type, data: event.data } as TicketEvent;
    switch (typed.type) {
      case 'TicketAssigned': {
        const released = this.#releaseHolder(change, 'moved', `ticket reassigned to ${typed.data.agentId}`);
        this.#hold(change, typed.data.agentId);
        return released;
      }
      case 'TicketUnassigned': {
        const released = this.#releaseHolder(change, 'moved', 'ticket unassigned');
        item.holderId = null;
        item.queuedSince = typed.data.at;
        return released;
      }
      case 'TicketStatusChanged': {
        const { to, reopen, at } = typed.data;
        if (isResolvedOrClosed(to)) {
          item.active = false;
          return this.#releaseHolder(change, 'ended', `ticket ${to}`);
        }
        return reopen ? this.#reopened(item, event, at) : [];
      }
      case 'TicketAutoClosed':
        item.active = false;
        return this.#releaseHolder(change, 'ended', 'ticket closed');
      case 'TicketPriorityChanged':
        item.priority = typed.data.to;
        return [];
      case 'TicketCategoryChanged':
        item.category = typed.data.to;
        return [];
      case 'TicketSlaPolicyApplied':
        item.requiredSkill = typed.data.requiredSkill ?? null;
        return [];
      case 'TicketEscalated':
        item.tier = typed.data.toTier;
        return this.#leaveAssigneeBelowTier(item, event, `escalated to tier ${item.tier}`);
      default:
        return [];
    }
  }

  /**
   * A reopened ticket resumes with its assignee if they are still of its tier and their ledger has
   * room; otherwise it is queued, the history saying which.
   */
  #reopened(item: BoardItem, event: LoggedEvent, at: Instant): Reaction[] {
    item.active = true;
    if (item.holderId === null) {
      item.queuedSince = at;
      return [];
    }
    const agentId = item.holderId;
    // Not a reservation the agent's ledger would refuse as if they had no room: they left.
    if (this.#agents.get(agentId)?.state.deactivated) {
      return [unassign(item.id, agentId, event, 'reopened after its agent left the team')];
    }
    const belowTier = this.#leaveAssigneeBelowTier(item, event, 'reopened');
    if (belowTier.length > 0) return belowTier;
    const reservationId = `resume:${event.streamId}@${event.version}`;
    return [
      {
        category: 'agent',
        id: agentId,
        command: {
          type: 'ReserveWork',
          data: {
            agentId,
            reservationId,
            item: { kind: 'ticket', id: item.id, tier: item.tier },
            itemVersion: event.version,
            mode: 'resumed',
            reason: 'ticket reopened',
          },
        },
        commandId: reservationId,
        onRefused: unassign(item.id, agentId, event, 'reopened while its agent has no room for it'),
      },
    ];
  }

  /**
   * A ticket cannot stay with an agent below its tier (it was escalated, or they were moved down
   * while it was resolved): back to the queue, for that tier. `why` opens the recorded reason.
   */
  #leaveAssigneeBelowTier(item: BoardItem, event: LoggedEvent, why: string): Reaction[] {
    const holder = item.holderId === null ? undefined : this.#agents.get(item.holderId)?.state;
    if (holder === undefined || holder.tier >= item.tier) return [];
    return [unassign(item.id, holder.agentId, event, `${why}: needs a tier ${item.tier} agent`)];
  }

  #putItem(item: BoardItem): void {
    const key = itemKey(item.kind, item.id);
    this.#items.set(key, item);
    this.#changed.items.add(key);
  }

  #touch(item: BoardItem): BoardItem {
    this.#changed.items.add(itemKey(item.kind, item.id));
    return item;
  }

  #unpend(reservationId: Id): void {
    if (this.#pending.delete(reservationId)) this.#changed.pending.add(reservationId);
  }
}

function ticketAttributes(ticket: Ticket) {
  return {
    kind: 'ticket' as const,
    id: ticket.ticketId,
    priority: ticket.priority,
    category: ticket.category,
    requiredSkill: ticket.sla?.requiredSkill ?? null,
    language: ticket.language,
    tier: ticket.tier,
    preferredAgentId: ticket.preferredAgentId,
  };
}

function openedItem(event: LoggedEvent): BoardItem {
  const typed = { type: event.type, data: event.data } as Extract<
    TicketEvent | ChatEvent,
    { type: 'TicketOpened' | 'ChatStarted' }
  >;
  const { data } = typed;
  const common = {
    version: event.version,
    active: true,
    category: data.category ?? null,
    language: data.language ?? null,
    tier: 1 as const,
    holderId: null,
    holding: null,
    queuedSince: data.at,
  };
  return typed.type === 'TicketOpened'
    ? {
        ...common,
        kind: 'ticket',
        id: typed.data.ticketId,
        priority: typed.data.priority,
        preferredAgentId: typed.data.preferredAgentId ?? null,
      }
    : {
        ...common,
        kind: 'chat',
        id: typed.data.chatId,
        priority: typed.data.priority,
        preferredAgentId: null,
        customerId: typed.data.customerId,
      };
}
