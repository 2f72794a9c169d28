import { describe, expect, it } from 'vitest';
import type { AgentCommand } from '../agent/commands.js';
import { agentDecider } from '../agent/index.js';
import type { HandOverCommand } from '../agent/work.js';
import type { ChatCommand } from '../chat/commands.js';
import { chatDecider } from '../chat/index.js';
import type { CustomerCommand } from '../customer/commands.js';
import { customerDecider } from '../customer/index.js';
import { customerActivityDecider } from '../proactive/index.js';
import type { Actor } from '../shared/actor.js';
import type { Decider } from '../shared/decider.js';
import { fold } from '../shared/decider.js';
import { decideSlaConfiguration } from '../sla-config/decide.js';
import { evolveSlaConfiguration } from '../sla-config/evolve.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from '../sla-config/state.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { TicketCommandInput } from '../ticket/commands.js';
import type { TicketEvent } from '../ticket/events.js';
import { ticketDecider } from '../ticket/index.js';
import { RoutingBoard } from './board.js';
import type { LoggedEvent, Reaction } from './board-state.js';

const T0 = Date.parse('2026-01-05T10:00:00.000Z');
const SUPERVISOR: Actor = { id: 'sue', role: 'supervisor' };
const ROUTER: Actor = { id: 'router', role: 'system' };
const ADA: Actor = { id: 'ada', role: 'agent' };
const BOB: Actor = { id: 'bob', role: 'agent' };
const CUSTOMER: Actor = { id: 'carl', role: 'customer' };

/**
 * A tiny event log: runs commands through the real deciders and hands the resulting events to
 * the board in log order, collecting its reactions.
 */
class Log {
  readonly board = new RoutingBoard();
  readonly reactions: Reaction[] = [];
  readonly streams = new Map<string, { type: string; data: unknown }[]>();
  #minute = 0;

  /** `slaConfiguration`: what ticket commands are decided under (categories' required skills). */
  constructor(readonly slaConfiguration?: SlaConfiguration) {}

  run<C, E extends { type: string; data: unknown }, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    command: C,
    actor: Actor,
    commandId?: string,
  ): LoggedEvent[] {
    const history = (this.streams.get(streamId) ?? []) as E[];
    const now = new Date(T0 + ++this.#minute * 60_000);
    const context = { now, actor, ...(this.slaConfiguration && { slaConfiguration: this.slaConfiguration }) };
    const events = deciderSpec(decider).given(history).when(command, context).events();
    this.streams.set(streamId, [...history, ...events]);
    return events.map((event, index) => ({
      streamId,
      version: history.length + index + 1,
      type: event.type,
      data: event.data,
      commandId,
    }));
  }

  /** Runs and applies to the board. */
  apply(logged: LoggedEvent[]): LoggedEvent[] {
    for (const event of logged) this.reactions.push(...this.board.apply(event));
    return logged;
  }

  agent(command: AgentCommand, actor: Actor, commandId?: string) {
    return this.apply(this.run(agentDecider, `agent-${command.data.agentId}`, command, actor, commandId));
  }

  chat(command: ChatCommand, actor: Actor, commandId?: string) {
    return this.apply(this.run(chatDecider, `chat-${command.data.chatId}`, command, actor, commandId));
  }

  customer(command: CustomerCommand, actor: Actor, commandId?: string) {
    return this.apply(this.run(customerDecider, `customer-${command.data.customerId}`, command, actor, commandId));
  }

  ticket(command: TicketCommandInput, actor: Actor, commandId?: string) {
    return this.apply(this.run(ticketDecider, `ticket-${command.data.ticketId}`, command, actor, commandId));
  }

  version(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }

  /** The two halves of a hand-over, as the coordinator runs them: reserve, then the item command. */
  handOver(
    agent: Actor | string,
    kind: 'chat' | 'ticket',
    id: string,
    mode: 'accepted' | 'assigned' | 'transferred',
    command: HandOverCommand,
    actor: Actor,
  ) {
    const agentId = typeof agent === 'string' ? agent : agent.id;
    const itemVersion = this.version(`${kind}-${id}`);
    const reservationId = `r-${id}-${itemVersion}-${agentId}`;
    const commandId = `cmd-${reservationId}`;
    this.agent(
      {
        type: 'ReserveWork',
        data: { agentId, reservationId, item: { kind, id }, itemVersion, mode, handOver: { commandId, command } },
      },
      actor,
    );
    return { reservationId, commandId, complete: () => this.itemCommand(kind, command, actor, commandId) };
  }

  itemCommand(kind: 'chat' | 'ticket', command: HandOverCommand, actor: Actor, commandId: string) {
    return kind === 'chat'
      ? this.chat(command as ChatCommand, actor, commandId)
      : this.ticket(command as TicketCommandInput, actor, commandId);
  }

  take(): Reaction[] {
    return this.reactions.splice(0);
  }
}

function team(log: Log): void {
  for (const [agent, tier] of [
    [ADA, 1],
    [BOB, 2],
  ] as const) {
    log.agent(
      { type: 'RegisterAgent', data: { agentId: agent.id, name: agent.id, tier, skills: ['billing'] } },
      SUPERVISOR,
    );
    log.agent({ type: 'SetAvailability', data: { agentId: agent.id, availability: 'available' } }, agent);
  }
}

/** The reaction that sends ticket `ticketId` back to the queue, away from `agentId`, after the event at `version`. */
const unassignment = (ticketId: string, agentId: string, reason: string, version: number | undefined) => ({
  category: 'ticket',
  id: ticketId,
  command: { type: 'UnassignTicket', data: { ticketId, agentId, reason } },
  commandId: `unassign:ticket-${ticketId}@${version}`,
});

/** Opens ticket `ticketId` and has a supervisor assign it to `agent`. */
function assignedTicket(log: Log, agent: Actor, ticketId: string): void {
  log.ticket(openTicket(ticketId), CUSTOMER);
  const assign = { type: 'AssignTicket' as const, data: { ticketId, agentId: agent.id } };
  log.handOver(agent, 'ticket', ticketId, 'assigned', assign, SUPERVISOR).complete();
}

/**
 * The customer writes on resolved ticket `ticketId`: the board, which let the ticket go, is given
 * it back as its stream stood before the reopen, then the reopen itself.
 */
function reopenedByCustomer(log: Log, ticketId: string) {
  const streamId = `ticket-${ticketId}`;
  const reopen = log.run(
    ticketDecider,
    streamId,
    { type: 'CustomerReply', data: { ticketId, body: 'Still wrong' } },
    CUSTOMER,
  );
  const hydration = log.board.hydrationFor(reopen[0]!);
  const before = fold(ticketDecider, (log.streams.get(streamId) ?? []).slice(0, hydration!.toVersion) as never[]);
  log.board.hydrateTicket(before!, hydration!.toVersion);
  log.apply(reopen);
  return { reopen, hydration };
}

const startChat = (chatId: string): Extract<ChatCommand, { type: 'StartChat' }> => ({
  type: 'StartChat',
  data: { chatId, customerId: CUSTOMER.id, priority: 'high', category: 'billing' },
});
const openTicket = (ticketId: string, category?: string): TicketCommandInput => ({
  type: 'OpenTicket',
  data: {
    ticketId,
    customerId: CUSTOMER.id,
    subject: 'Invoice',
    description: 'Wrong amount',
    channel: 'web',
    ...(category && { category }),
  },
});

describe('RoutingBoard', () => {
  it('queues new chats and tickets, in the domain order, and lists the team with their slots', () => {
    const log = new Log();
    team(log);
    log.ticket(openTicket('t1'), CUSTOMER);
    log.chat(startChat('c1'), CUSTOMER);
    expect(log.board.queue().map((q) => [q.key, q.priority, q.tier])).toEqual([
      ['ticket:t1', 'normal', 1],
      ['chat:c1', 'high', 1],
    ]);
    expect(log.board.candidates().map((c) => [c.agentId, c.availability, c.chats, c.tickets])).toEqual([
      ['ada', 'available', 0, 0],
      ['bob', 'available', 0, 0],
    ]);
    expect(log.take()).toEqual([]);
  });

  it('follows a hand-over: the reservation is pending until the item records it, then the slot is the holding', () => {
    const log = new Log();
    team(log);
    log.chat(startChat('c1'), CUSTOMER);
    const accepted = log.handOver(ADA, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA);
    expect(log.board.pendingHandOvers().map((p) => p.reservationId)).toEqual([accepted.reservationId]);
    expect(log.board.candidates().find((c) => c.agentId === 'ada')?.chats).toBe(1);
    accepted.complete();
    expect(log.board.pendingHandOvers()).toEqual([]);
    expect(log.board.item('chat', 'c1')).toMatchObject({
      holderId: 'ada',
      holding: accepted.reservationId,
      queuedSince: null,
    });
    expect(log.board.queue()).toEqual([]);
    expect(log.take()).toEqual([]);
  });

  it('gives the slot back when the chat closes, and lets the chat go', () => {
    const log = new Log();
    team(log);
    log.chat(startChat('c1'), CUSTOMER);
    const accepted = log.handOver(ADA, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA);
    accepted.complete();
    const [closed] = log.chat({ type: 'CloseChat', data: { chatId: 'c1' } }, CUSTOMER);
    expect(log.take()).toEqual([
      {
        category: 'agent',
        id: 'ada',
        command: {
          type: 'ReleaseWork',
          data: { agentId: 'ada', reservationIds: [accepted.reservationId], cause: 'ended', reason: 'chat closed' },
        },
        commandId: `release:chat-c1@${closed?.version}`,
      },
      {
        category: 'customer',
        id: 'carl',
        command: {
          type: 'ReleaseChatSlot',
          data: { customerId: 'carl', chatId: 'c1', cause: 'closed', reason: 'chat closed' },
        },
        commandId: `chat-slot:chat-c1@${closed?.version}`,
      },
    ]);
    expect(log.board.item('chat', 'c1')).toBeUndefined();
  });

  it("follows a chat start on the customer's ledger: pending until the chat starts under its command id", () => {
    const log = new Log();
    const start = startChat('c1');
    const reserve = (reservationId: string, commandId: string) =>
      log.customer(
        {
          type: 'ReserveChatSlot',
          data: { customerId: 'carl', chatId: 'c1', reservationId, limit: 1, handOver: { commandId, command: start } },
        },
        CUSTOMER,
      );
    reserve('cmd-1@0', 'cmd-1');
    expect(log.board.pendingHandOvers()).toMatchObject([
      { ledger: 'customer', customerId: 'carl', reservationId: 'cmd-1@0', item: { kind: 'chat', id: 'c1' } },
    ]);
    log.chat(start, CUSTOMER, 'cmd-1');
    expect(log.take()).toEqual([]);
    expect(log.board.pendingHandOvers()).toEqual([]);
    expect(log.board.item('chat', 'c1')).toMatchObject({ customerId: 'carl' });
  });

  it('cancels a chat start whose chat was started by another command, or exists already', () => {
    const log = new Log();
    const start = startChat('c1');
    const handOver = { commandId: 'cmd-1', command: start };
    const data = { customerId: 'carl', chatId: 'c1', reservationId: 'cmd-1@0', limit: 0, handOver };
    log.customer({ type: 'ReserveChatSlot', data }, CUSTOMER);
    log.chat(start, CUSTOMER, 'someone-else');
    const cancelled = {
      category: 'customer',
      id: 'carl',
      command: {
        type: 'ReleaseChatSlot',
        data: {
          customerId: 'carl',
          chatId: 'c1',
          reservationId: 'cmd-1@0',
          cause: 'cancelled',
          reason: 'the chat did not start',
        },
      },
      commandId: 'cancel:cmd-1@0',
    };
    expect(log.take()).toEqual([cancelled]);
    expect(log.board.pendingHandOvers()).toEqual([]);
    // A late reservation for a chat the board already follows can never complete either.
    const late = { ...data, reservationId: 'cmd-2@0', handOver: { ...handOver, commandId: 'cmd-2' } };
    log.customer({ type: 'ReleaseChatSlot', data: { customerId: 'carl', chatId: 'c1', cause: 'cancelled' } }, ROUTER);
    log.customer({ type: 'ReserveChatSlot', data: late }, CUSTOMER);
    expect(log.take()).toMatchObject([{ category: 'customer', commandId: 'cancel:cmd-2@0' }]);
    expect(log.board.pendingHandOvers()).toEqual([]);
  });

  it('cancels a reservation whose item moved on before its hand-over (two agents racing for one chat)', () => {
    const log = new Log();
    team(log);
    log.chat(startChat('c1'), CUSTOMER);
    const ada = log.handOver(ADA, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA);
    const bob = log.handOver(BOB, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, BOB);
    bob.complete(); // Bob's lands first; Ada's expected the chat at the same version and can never land.
    expect(log.take()).toEqual([
      {
        category: 'agent',
        id: 'ada',
        command: {
          type: 'ReleaseWork',
          data: {
            agentId: 'ada',
            reservationIds: [ada.reservationId],
            cause: 'cancelled',
            reason: 'the item moved on first',
          },
        },
        commandId: `cancel:${ada.reservationId}`,
      },
    ]);
    expect(log.board.item('chat', 'c1')).toMatchObject({ holderId: 'bob', holding: bob.reservationId });
  });

  it('cancels at once a reservation that arrives after its item moved on', () => {
    const log = new Log();
    team(log);
    log.chat(startChat('c1'), CUSTOMER);
    log.chat({ type: 'SendChatMessage', data: { chatId: 'c1', messageId: 'm1', body: 'hello?' } }, CUSTOMER);
    // Decided at version 1, reserved after version 2 was already logged.
    const command: HandOverCommand = { type: 'AcceptChat', data: { chatId: 'c1' } };
    log.agent(
      {
        type: 'ReserveWork',
        data: {
          agentId: 'ada',
          reservationId: 'late',
          item: { kind: 'chat', id: 'c1' },
          itemVersion: 1,
          mode: 'accepted',
          handOver: { commandId: 'x', command },
        },
      },
      ADA,
    );
    expect(log.take().map((r) => r.commandId)).toEqual(['cancel:late']);
    expect(log.board.pendingHandOvers()).toEqual([]);
  });

  it('moves the slot with a transfer: the old holder gives theirs back, the new one holds the reserved one', () => {
    const log = new Log();
    team(log);
    log.chat(startChat('c1'), CUSTOMER);
    const accepted = log.handOver(ADA, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA);
    accepted.complete();
    const transfer: HandOverCommand = {
      type: 'TransferChat',
      data: { chatId: 'c1', toAgentId: 'bob', reason: 'tier 2 question' },
    };
    const moved = log.handOver('bob', 'chat', 'c1', 'transferred', transfer, ADA);
    moved.complete();
    expect(log.take()).toMatchObject([
      {
        id: 'ada',
        command: { type: 'ReleaseWork', data: { reservationIds: [accepted.reservationId], cause: 'moved' } },
      },
    ]);
    expect(log.board.item('chat', 'c1')).toMatchObject({ holderId: 'bob', holding: moved.reservationId });
  });

  it('gives the slot back when a chat is transferred to a queue, and queues the chat there', () => {
    const log = new Log();
    team(log);
    log.chat(startChat('c1'), CUSTOMER);
    const accepted = log.handOver(ADA, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA);
    accepted.complete();
    log.take();
    const [requeued] = log.chat(
      { type: 'TransferChatToQueue', data: { chatId: 'c1', category: 'billing', reason: 'a billing question' } },
      ADA,
    );
    expect(log.take()).toMatchObject([
      {
        id: 'ada',
        command: { type: 'ReleaseWork', data: { reservationIds: [accepted.reservationId], cause: 'moved' } },
      },
    ]);
    expect(log.board.item('chat', 'c1')).toMatchObject({ holderId: null, holding: null, category: 'billing' });
    expect(log.board.queue()).toMatchObject([
      { kind: 'chat', id: 'c1', category: 'billing', queuedSinceMs: Date.parse((requeued!.data as { at: string }).at) },
    ]);
  });

  it('releases a ticket when it is resolved, and resumes it with its agent when it is reopened', () => {
    const log = new Log();
    team(log);
    assignedTicket(log, ADA, 't1');
    log.ticket({ type: 'ChangeStatus', data: { ticketId: 't1', to: 'in_progress' } }, ADA);
    log.ticket({ type: 'ChangeStatus', data: { ticketId: 't1', to: 'resolved' } }, ADA);
    expect(log.take()).toMatchObject([{ id: 'ada', command: { type: 'ReleaseWork', data: { cause: 'ended' } } }]);
    expect(log.board.item('ticket', 't1')).toBeUndefined();

    // The board let the ticket go; the reopen needs it back as its stream stood before.
    const { reopen, hydration } = reopenedByCustomer(log, 't1');
    expect(hydration).toEqual({ kind: 'ticket', id: 't1', toVersion: reopen[0]!.version - 1 });
    const [resume] = log.take();
    expect(resume).toMatchObject({
      category: 'agent',
      id: 'ada',
      commandId: `resume:ticket-t1@${reopen[0]!.version}`,
      command: {
        type: 'ReserveWork',
        data: { mode: 'resumed', itemVersion: reopen[0]!.version, item: { kind: 'ticket', id: 't1' } },
      },
      onRefused: { category: 'ticket', command: { type: 'UnassignTicket', data: { ticketId: 't1', agentId: 'ada' } } },
    });
    log.agent(resume!.command as AgentCommand, ROUTER);
    expect(log.board.item('ticket', 't1')).toMatchObject({
      holderId: 'ada',
      holding: `resume:ticket-t1@${reopen[0]!.version}`,
    });
    expect(log.take()).toEqual([]);
  });

  it('queues a reopened ticket whose agent left the team while it was resolved, saying so', () => {
    const log = new Log();
    team(log);
    assignedTicket(log, ADA, 't1');
    log.ticket({ type: 'ChangeStatus', data: { ticketId: 't1', to: 'in_progress' } }, ADA);
    log.ticket({ type: 'ChangeStatus', data: { ticketId: 't1', to: 'resolved' } }, ADA);
    for (const reaction of log.take()) log.agent(reaction.command as AgentCommand, ROUTER);
    log.agent({ type: 'DeactivateAgent', data: { agentId: 'ada' } }, SUPERVISOR);
    const { reopen } = reopenedByCustomer(log, 't1');
    expect(log.take()).toEqual([
      unassignment('t1', 'ada', 'reopened after its agent left the team', reopen[0]!.version),
    ]);
  });

  it('queues a reopened ticket whose agent was moved below its tier while it was resolved, saying so', () => {
    const log = new Log();
    team(log);
    assignedTicket(log, BOB, 't1');
    log.ticket({ type: 'Escalate', data: { ticketId: 't1', reason: 'complexity' } }, BOB);
    log.ticket({ type: 'ChangeStatus', data: { ticketId: 't1', to: 'in_progress' } }, BOB);
    log.ticket({ type: 'ChangeStatus', data: { ticketId: 't1', to: 'resolved' } }, BOB);
    log.agent({ type: 'ChangeTier', data: { agentId: 'bob', tier: 1 } }, SUPERVISOR);
    log.take();
    const { reopen } = reopenedByCustomer(log, 't1');
    // Not a reservation the agent's ledger would refuse as if the agent had no room: the tier is why.
    expect(log.take()).toEqual([unassignment('t1', 'bob', 'reopened: needs a tier 2 agent', reopen[0]!.version)]);
  });

  it('sends an escalated ticket back to the queue when its agent is below the new tier', () => {
    const log = new Log();
    team(log);
    assignedTicket(log, ADA, 't1');
    const [escalated] = log.ticket({ type: 'Escalate', data: { ticketId: 't1', reason: 'complexity' } }, ADA);
    expect(log.take()).toEqual([
      unassignment('t1', 'ada', 'escalated to tier 2: needs a tier 2 agent', escalated?.version),
    ]);
    log.ticket({ type: 'UnassignTicket', data: { ticketId: 't1', agentId: 'ada' } }, ROUTER);
    expect(log.board.queue()).toMatchObject([{ id: 't1', tier: 2 }]);
    // Bob is tier 2: his ticket stays with him when it is escalated to tier 2.
    assignedTicket(log, BOB, 't2');
    log.take();
    log.ticket({ type: 'Escalate', data: { ticketId: 't2', reason: 'complexity' } }, BOB);
    expect(log.take()).toEqual([]);
  });

  it('opens the ticket of a converted chat (kept by its agent) and of an accepted suggestion', () => {
    const log = new Log();
    team(log);
    log.chat(
      {
        ...startChat('c1'),
        data: { ...startChat('c1').data, firstMessage: { messageId: 'm1', body: 'Refund please' } },
      },
      CUSTOMER,
    );
    log.handOver(ADA, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA).complete();
    const [converted] = log.chat({ type: 'ConvertChatToTicket', data: { chatId: 'c1', ticketId: 't-from-chat' } }, ADA);
    expect(log.take()).toMatchObject([
      {
        category: 'ticket',
        id: 't-from-chat',
        commandId: `follow-up:chat-c1@${converted?.version}`,
        command: {
          type: 'OpenTicket',
          data: {
            ticketId: 't-from-chat',
            subject: 'Refund please',
            channel: 'chat',
            preferredAgentId: 'ada',
            priority: 'high',
          },
        },
      },
      {
        category: 'customer',
        id: 'carl',
        commandId: `chat-slot:chat-c1@${converted?.version}`,
        command: { type: 'ReleaseChatSlot', data: { customerId: 'carl', chatId: 'c1', cause: 'converted' } },
      },
    ]);
    const signals = ['form_error', 'login_failed', 'error_occurred'] as const;
    for (const [i, signalType] of signals.entries()) {
      const record = {
        type: 'RecordCustomerActivity',
        data: { customerId: 'carl', signalId: `s${i}`, signalType },
      } as const;
      log.apply(log.run(customerActivityDecider, 'activity-carl', record, ROUTER));
    }
    const suggestion = (log.streams.get('activity-carl') ?? []).find((e) => e.type === 'ProactiveTicketSuggested')!
      .data as { suggestionId: string };
    const [accepted] = log.apply(
      log.run(
        customerActivityDecider,
        'activity-carl',
        {
          type: 'AcceptSuggestion',
          data: { customerId: 'carl', suggestionId: suggestion.suggestionId, ticketId: 't-proactive' },
        },
        CUSTOMER,
      ),
    );
    expect(log.take()).toMatchObject([
      {
        category: 'ticket',
        id: 't-proactive',
        commandId: `follow-up:activity-carl@${accepted?.version}`,
        command: { type: 'OpenTicket', data: { proactive: true } },
      },
    ]);
  });

  it('applies each event once: a replay of what it already folded changes nothing and reacts to nothing', () => {
    const log = new Log();
    team(log);
    log.chat(startChat('c1'), CUSTOMER);
    const reserved = log.agent(
      {
        type: 'ReserveWork',
        data: {
          agentId: 'ada',
          reservationId: 'r1',
          item: { kind: 'chat', id: 'c1' },
          itemVersion: 1,
          mode: 'accepted',
          handOver: { commandId: 'accept-c1', command: { type: 'AcceptChat', data: { chatId: 'c1' } } },
        },
      },
      ADA,
    );
    const landed = log.itemCommand('chat', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA, 'accept-c1');
    log.take();
    const before = { item: { ...log.board.item('chat', 'c1') }, agent: log.board.agent('ada') };
    for (const event of [...reserved, ...landed]) expect(log.board.apply(event)).toEqual([]);
    expect({ item: { ...log.board.item('chat', 'c1') }, agent: log.board.agent('ada') }).toEqual(before);
    expect(log.board.agent('ada')?.holdings).toHaveLength(1);
  });

  it('saves and restores: a board rebuilt from its changes routes the same', () => {
    const log = new Log();
    team(log);
    log.ticket(openTicket('t1'), CUSTOMER);
    log.chat(startChat('c1'), CUSTOMER);
    log.handOver(ADA, 'chat', 'c1', 'accepted', { type: 'AcceptChat', data: { chatId: 'c1' } }, ADA);
    const changes = log.board.takeChanges();
    const restored = new RoutingBoard({
      agents: [...changes.agents.values()],
      items: [...changes.items.values()].filter((i) => i !== null),
      pending: [...changes.pending.values()].filter((p) => p !== null),
    });
    expect(restored.queue()).toEqual(log.board.queue());
    expect(restored.candidates()).toEqual(log.board.candidates());
    expect(restored.pendingHandOvers()).toEqual(log.board.pendingHandOvers());
    expect(log.board.takeChanges()).toEqual({ agents: new Map(), items: new Map(), pending: new Map() });
  });
});

describe('a category’s required skill', () => {
  const presets = decideSlaConfiguration(
    { type: 'LoadSlaPresets', data: { presets: ['categories'] } },
    EMPTY_SLA_CONFIGURATION,
    {
      now: new Date(T0),
      actor: { id: 'ada-admin', role: 'admin' },
    },
  ).reduce(evolveSlaConfiguration, EMPTY_SLA_CONFIGURATION);

  it('is what the ticket recorded: queued work asks it of agents, and a category change moves it', () => {
    const log = new Log(presets);
    log.ticket(openTicket('t1', 'outage'), CUSTOMER);
    // outage sits under technical, whose agents need the technical skill.
    expect(log.board.queue().map((work) => [work.category, work.requiredSkill])).toEqual([['outage', 'technical']]);
    log.ticket({ type: 'ChangeCategory', data: { ticketId: 't1', category: 'billing' } }, SUPERVISOR);
    expect(log.board.queue().map((work) => [work.category, work.requiredSkill])).toEqual([['billing', 'billing']]);
    log.ticket({ type: 'ChangeCategory', data: { ticketId: 't1', category: 'elsewhere' } }, SUPERVISOR);
    expect(log.board.queue().map((work) => work.requiredSkill)).toEqual([null]);
  });

  it('survives a save and restore, and a ticket taken back in from its stream', () => {
    const log = new Log(presets);
    log.ticket(openTicket('t1', 'bug'), CUSTOMER);
    const changes = log.board.takeChanges();
    const restored = new RoutingBoard({
      agents: [],
      items: [...changes.items.values()].filter((i) => i !== null),
      pending: [],
    });
    expect(restored.queue().map((work) => work.requiredSkill)).toEqual(['technical']);
    const hydrated = new RoutingBoard();
    const history = log.streams.get('ticket-t1') as TicketEvent[];
    hydrated.hydrateTicket(fold(ticketDecider, history)!, log.version('ticket-t1'));
    expect(hydrated.queue().map((work) => work.requiredSkill)).toEqual(['technical']);
  });
});
