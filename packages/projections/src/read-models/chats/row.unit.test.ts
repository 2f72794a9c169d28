import type { AgentEvent } from '@support-engine/domain/agent';
import type { ChatEvent } from '@support-engine/domain/chat';
import { describe, expect, it } from 'vitest';
import type { ProjectedEvent } from '../../events.js';
import { applyChatAgentEvent, applyChatEvent, type ChatHoldRow, type ChatMessageRow, type ChatState } from './row.js';

const customer = { id: 'cust', role: 'customer' as const };
const ann = { id: 'ann', role: 'agent' as const };
const supervisor = { id: 'sup', role: 'supervisor' as const };
const at = (minutes: number) => new Date(Date.parse('2025-03-03T09:00:00.000Z') + minutes * 60_000).toISOString();

let position = 0;
function projected<E extends ChatEvent | AgentEvent>(event: E): ProjectedEvent<E> {
  position++;
  return {
    ...event,
    log: {
      streamId: 'chat-c',
      streamVersion: position,
      checkpoint: { transactionId: 1n, globalPosition: BigInt(position) },
      recordedAt: new Date(),
      metadata: {},
    },
  } as ProjectedEvent<E>;
}

/** Folds chat events from nothing (or `from`); answers the last state, messages, holds by position and the queue flags. */
function fold(events: readonly ChatEvent[], from: ChatState = { row: undefined, open: [] }) {
  position = 0;
  let state = from;
  const messages: ChatMessageRow[] = [];
  const holds = new Map<string, ChatHoldRow>();
  const queue: boolean[] = [];
  for (const event of events) {
    const step = applyChatEvent(state, projected(event));
    state = step.state;
    if (step.message) messages.push(step.message);
    for (const held of step.holds) holds.set(held.position, held);
    queue.push(step.queueChanged);
  }
  return { state, messages, holds: [...holds.values()], queue };
}

const started: ChatEvent = {
  type: 'ChatStarted',
  data: { at: at(0), actor: customer, chatId: 'c', customerId: 'cust', priority: 'high', language: 'fr' },
};
const message = (minutes: number, id: string, internal = false): ChatEvent => ({
  type: 'ChatMessageSent',
  data: { at: at(minutes), actor: ann, chatId: 'c', messageId: id, from: 'agent', authorId: 'ann', body: id, internal },
});
const assigned: ChatEvent = {
  type: 'ChatAssigned',
  data: { at: at(2), actor: ann, chatId: 'c', agentId: 'ann', mode: 'accepted' },
};
const transferred: ChatEvent = {
  type: 'ChatTransferred',
  data: { at: at(6), actor: ann, chatId: 'c', fromAgentId: 'ann', toAgentId: 'bob' },
};
const closed: ChatEvent = { type: 'ChatClosed', data: { at: at(9), actor: ann, chatId: 'c', cause: 'ended' } };

describe('chat row fold', () => {
  it('starts a waiting chat, then counts messages, internal notes not keeping it alive', () => {
    const { state, messages, queue } = fold([started, message(1, 'm1'), message(3, 'm2', true)]);
    expect(state.row).toMatchObject({
      chat_id: 'c',
      status: 'waiting',
      priority: 'high',
      category: null,
      language: 'fr',
      started_at: at(0),
      last_activity_at: at(1),
      message_count: 2,
      public_message_count: 1,
    });
    expect(messages.map((m) => [m.message_id, m.seq, m.internal, m.attachments])).toEqual([
      ['m1', 1, false, []],
      ['m2', 2, true, []],
    ]);
    expect(queue).toEqual([true, false, false]);
    // Every event moves the version the row shows, a note too.
    expect(state.row?.version).toBe(3);
  });

  it('keeps who held the chat when: assigned, transferred, closed', () => {
    const { state, holds, queue } = fold([started, assigned, message(4, 'm1'), transferred, closed]);
    expect(state.row).toMatchObject({
      status: 'closed',
      assignee_id: 'bob',
      assigned_at: at(2),
      last_activity_at: at(6),
      closed_at: at(9),
      close_cause: 'ended',
    });
    expect(holds).toEqual([
      { chat_id: 'c', position: '2', agent_id: 'ann', held_from: at(2), held_until: at(6) },
      { chat_id: 'c', position: '4', agent_id: 'bob', held_from: at(6), held_until: at(9) },
    ]);
    expect(state.open).toEqual([]);
    expect(queue).toEqual([true, true, false, true, true]);
  });

  it('puts a chat transferred to a queue back to waiting there, its hold ended', () => {
    const requeued: ChatEvent = {
      type: 'ChatTransferredToQueue',
      data: { at: at(6), actor: ann, chatId: 'c', fromAgentId: 'ann', category: 'billing', reason: 'billing' },
    };
    const { state, holds, queue } = fold([started, assigned, requeued]);
    expect(state.row).toMatchObject({
      status: 'waiting',
      assignee_id: null,
      category: 'billing',
      assigned_at: at(2),
      last_activity_at: at(6),
    });
    expect(holds).toEqual([{ chat_id: 'c', position: '2', agent_id: 'ann', held_from: at(2), held_until: at(6) }]);
    expect(state.open).toEqual([]);
    expect(queue).toEqual([true, true, true]);
  });

  it('closes a hold loaded from an earlier batch', () => {
    const open: ChatHoldRow = { chat_id: 'c', position: '70', agent_id: 'ann', held_from: at(2), held_until: null };
    const { holds } = fold([transferred], { row: undefined, open: [open] });
    expect(holds).toEqual([
      { ...open, held_until: at(6) },
      { chat_id: 'c', position: '1', agent_id: 'bob', held_from: at(6), held_until: null },
    ]);
  });

  it('records the rating, the follow-up and the ticket it became, none of which moves the queue', () => {
    const { state, queue } = fold([
      started,
      closed,
      { type: 'ChatRated', data: { at: at(10), actor: customer, chatId: 'c', customerId: 'cust', score: 2 } },
      {
        type: 'ChatFollowUpRequested',
        data: { at: at(10), actor: customer, chatId: 'c', customerId: 'cust', score: 2 },
      },
      {
        type: 'ChatConvertedToTicket',
        data: {
          at: at(11),
          actor: ann,
          chatId: 'c',
          ticketId: 't-1',
          customerId: 'cust',
          priority: 'high',
          transcript: [],
        },
      },
    ]);
    expect(state.row).toMatchObject({
      csat_score: 2,
      csat_comment: null,
      follow_up_requested: true,
      ticket_id: 't-1',
    });
    expect(queue).toEqual([true, true, false, false, false]);
  });

  it('refuses a message for a chat it does not know', () => {
    expect(() => fold([message(1, 'm1')])).toThrow(/never started/);
  });

  it('leaves a chat never started unknown, recording its holds from the events', () => {
    const { state, holds } = fold([assigned]);
    expect(state.row).toBeUndefined();
    expect(holds).toEqual([{ chat_id: 'c', position: '1', agent_id: 'ann', held_from: at(2), held_until: null }]);
  });
});

describe("the chats' view of agents", () => {
  const registered: AgentEvent = {
    type: 'AgentRegistered',
    data: {
      at: at(0),
      actor: supervisor,
      agentId: 'ann',
      name: 'Ann',
      skills: [],
      languages: [],
      tier: 1,
      capacity: 2,
      ticketCapacity: null,
      performanceRating: 5,
    },
  };

  it('follows registration, availability and capacity; only the last two move the queue', () => {
    const first = applyChatAgentEvent(undefined, projected(registered));
    expect(first).toEqual({ row: { agent_id: 'ann', availability: 'offline', capacity: 2 }, queueChanged: false });
    const online = applyChatAgentEvent(
      first.row,
      projected<AgentEvent>({
        type: 'AgentAvailabilityChanged',
        data: { at: at(1), actor: ann, agentId: 'ann', availability: 'available', previous: 'offline' },
      }),
    );
    expect(online).toEqual({ row: { agent_id: 'ann', availability: 'available', capacity: 2 }, queueChanged: true });
    const bigger = applyChatAgentEvent(
      online.row,
      projected<AgentEvent>({
        type: 'AgentCapacityChanged',
        data: { at: at(2), actor: supervisor, agentId: 'ann', capacity: 5 },
      }),
    );
    expect(bigger.row?.capacity).toBe(5);
    const rated = applyChatAgentEvent(
      bigger.row,
      projected<AgentEvent>({
        type: 'AgentPerformanceRated',
        data: { at: at(3), actor: supervisor, agentId: 'ann', rating: 9 },
      }),
    );
    expect(rated).toEqual({ row: bigger.row, queueChanged: false });
  });

  it('ignores changes to an agent it never saw register', () => {
    const result = applyChatAgentEvent(
      undefined,
      projected<AgentEvent>({
        type: 'AgentCapacityChanged',
        data: { at: at(2), actor: supervisor, agentId: 'ann', capacity: 5 },
      }),
    );
    expect(result).toEqual({ row: undefined, queueChanged: true });
  });
});
