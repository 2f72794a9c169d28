import { MINUTE_MS } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { getAgent, listAgents } from '../queries/agents.js';
import { chatQueue, getChat, listChats, queueEntry } from '../queries/chats.js';
import {
  agent,
  createHarness,
  customer,
  type Harness,
  hoursAfter,
  SUPERVISOR,
  SYSTEM,
  T0,
  ticketLife,
} from '../testing/harness.fixture.js';
import { createAgentsProjection } from './agents/projection.js';
import { createChatsProjection } from './chats/projection.js';

const HANDLE_MS = 10 * MINUTE_MS;

describe('chat and agent read models', () => {
  let h: Harness;
  const projections = [createChatsProjection({ averageHandleTimeMs: HANDLE_MS }), createAgentsProjection()];
  const project = async () => {
    for (const projection of projections) await catchUp({ store: h.store, db: h.db, projection });
  };
  const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE_MS);
  let annChat = '';

  beforeAll(async () => {
    h = await createHarness();
    await h.desk.agent(
      { type: 'RegisterAgent', data: { agentId: 'ann', name: 'Ann', capacity: 1 } },
      SUPERVISOR,
      at(0),
    );
    await h.desk.agent(
      { type: 'RegisterAgent', data: { agentId: 'bob', name: 'Bob', capacity: 2 } },
      SUPERVISOR,
      at(0),
    );
    await h.desk.agent(
      { type: 'SetAvailability', data: { agentId: 'ann', availability: 'available' } },
      agent('ann'),
      at(1),
    );
    for (const [i, priority] of (['low', 'urgent', 'medium', 'urgent'] as const).entries()) {
      await h.desk.chat(
        { type: 'StartChat', data: { chatId: `chat-${i}`, customerId: `cust-${i}`, priority } },
        customer(`cust-${i}`),
        at(2 + i),
      );
    }
    annChat = await h.desk.handOver(
      'ann',
      { kind: 'chat', id: 'chat-1' },
      'accepted',
      { type: 'AcceptChat', data: { chatId: 'chat-1' } },
      agent('ann'),
      at(10),
    );
    await h.desk.chat(
      { type: 'SendChatMessage', data: { chatId: 'chat-1', messageId: 'm1', body: 'Hello, how can I help?' } },
      agent('ann'),
      at(11),
    );
    await h.desk.chat(
      { type: 'SendChatMessage', data: { chatId: 'chat-1', messageId: 'm2', body: 'VIP customer', internal: true } },
      agent('ann'),
      at(12),
    );
    await ticketLife(h.desk, {
      id: 'tk-1',
      customerId: 'cust-9',
      agentId: 'bob',
      subject: 'Open one',
      openedAt: hoursAfter(T0, 1),
      shape: 'open',
    });
    await ticketLife(h.desk, {
      id: 'tk-2',
      customerId: 'cust-9',
      agentId: 'bob',
      subject: 'Done one',
      openedAt: hoursAfter(T0, 1),
    });
    await project();
  });

  afterAll(async () => {
    await h.close();
  });

  it('orders the queue by priority then waiting time, with the domain wait estimate', async () => {
    // Ann (capacity 1) is busy with chat-1 and Bob is offline: one available slot, none free.
    expect(await chatQueue(h.db)).toEqual([
      expect.objectContaining({ chatId: 'chat-3', position: 1, estimatedWaitMs: HANDLE_MS }),
      expect.objectContaining({ chatId: 'chat-2', position: 2, estimatedWaitMs: 2 * HANDLE_MS }),
      expect.objectContaining({ chatId: 'chat-0', position: 3, estimatedWaitMs: 3 * HANDLE_MS }),
    ]);
    await h.desk.agent(
      { type: 'SetAvailability', data: { agentId: 'bob', availability: 'available' } },
      agent('bob'),
      at(20),
    );
    await project();
    expect((await chatQueue(h.db)).map((q) => q.estimatedWaitMs)).toEqual([0, 0, HANDLE_MS]);
    expect(await queueEntry(h.db, 'chat-1')).toBeNull();
  });

  it('keeps chat sessions and transcripts, hiding internal messages from customers', async () => {
    const staff = await getChat(h.db, 'chat-1', { includeInternal: true });
    const forCustomer = await getChat(h.db, 'chat-1', { includeInternal: false });
    expect(staff?.chat).toMatchObject({ status: 'active', assigneeId: 'ann', messageCount: 2 });
    expect(staff?.messages.map((m) => m.messageId)).toEqual(['m1', 'm2']);
    expect(forCustomer?.messages.map((m) => m.messageId)).toEqual(['m1']);
    expect((await listChats(h.db, { status: ['waiting'] })).map((c) => c.chatId)).toEqual([
      'chat-0',
      'chat-2',
      'chat-3',
    ]);
  });

  it("tracks presence, capacities and the workload each agent's ledger holds", async () => {
    expect(await getAgent(h.db, 'ann')).toMatchObject({
      availability: 'available',
      capacity: 1,
      ticketCapacity: null,
      activeChats: 1,
      activeTickets: 0,
      workload: 1,
    });
    // tk-2 was resolved, so only tk-1 counts.
    expect(await getAgent(h.db, 'bob')).toMatchObject({ capacity: 2, activeChats: 0, activeTickets: 1 });
    await h.desk.chat({ type: 'CloseChat', data: { chatId: 'chat-1' } }, agent('ann'), at(30));
    await project();
    // The chat's end frees nothing by itself: the slot is the ledger's, given back by the router.
    expect(await getAgent(h.db, 'ann')).toMatchObject({ activeChats: 1 });
    await h.desk.release('ann', [annChat], at(31));
    await h.desk.agent({ type: 'SetTicketCapacity', data: { agentId: 'bob', ticketCapacity: 5 } }, SUPERVISOR, at(32));
    await h.desk.agent({ type: 'ChangeTier', data: { agentId: 'bob', tier: 2 } }, SUPERVISOR, at(32));
    await project();
    expect(await getAgent(h.db, 'ann')).toMatchObject({ activeChats: 0, workload: 0 });
    expect(await getAgent(h.db, 'bob')).toMatchObject({ ticketCapacity: 5, tier: 2 });
    expect((await listAgents(h.db, { availability: ['available'] })).map((a) => a.agentId)).toEqual(['ann', 'bob']);
  });
  it('learns the handle time of the estimate from the chats agents handled last', async () => {
    // chat-1 took Ann 20 minutes; five more take Bob 2, 3, 4, 5 and 60 minutes: the median is 4.5.
    for (const [i, minutes] of [2, 3, 4, 5, 60].entries()) {
      const chatId = `handled-${i}`;
      await h.desk.chat(
        { type: 'StartChat', data: { chatId, customerId: `cust-h${i}` } },
        customer(`cust-h${i}`),
        at(40),
      );
      await h.desk.chat({ type: 'AssignChat', data: { chatId, agentId: 'bob' } }, SUPERVISOR, at(41));
      await h.desk.chat({ type: 'CloseChat', data: { chatId } }, SUPERVISOR, at(41 + minutes));
    }
    // A chat the inactivity timeout closed is no handling: it does not count.
    await h.desk.chat(
      { type: 'StartChat', data: { chatId: 'idle', customerId: 'cust-idle' } },
      customer('cust-idle'),
      at(40),
    );
    await h.desk.chat({ type: 'AssignChat', data: { chatId: 'idle', agentId: 'bob' } }, SUPERVISOR, at(41));
    await h.desk.chat({ type: 'TimeoutChat', data: { chatId: 'idle' } }, SYSTEM, at(200));
    // Ann and Bob have three free slots; two medium chats join three waiting ones: the fourth and
    // fifth in the queue (by priority, the low chat-0 last) wait one wave.
    for (const chatId of ['late-1', 'late-2'])
      await h.desk.chat({ type: 'StartChat', data: { chatId, customerId: chatId } }, customer(chatId), at(300));
    await project();
    const queue = await chatQueue(h.db);
    expect(queue.map((entry) => [entry.chatId, entry.estimatedWaitMs])).toEqual([
      ['chat-3', 0],
      ['chat-2', 0],
      ['late-1', 0],
      ['late-2', 4.5 * MINUTE_MS],
      ['chat-0', 4.5 * MINUTE_MS],
    ]);
  });
});
