import { type Actor, createDomainEventRegistry, fold, isDomainError } from '@support-engine/domain';
import { type AgentState, agentDecider } from '@support-engine/domain/agent';
import type { PendingHandOver } from '@support-engine/domain/routing';
import { createMemoryEventStore, type EventStore } from '@support-engine/eventstore';
import { describe, expect, it } from 'vitest';
import { createHandOvers } from './hand-over.js';
import { createWorkHandlers } from './handlers.js';
import { wrapStore } from './testing/wrap-store.fixture.js';

const NOW = new Date('2026-01-05T09:00:00.000Z');
const SUPERVISOR: Actor = { id: 'sue', role: 'supervisor' };
const ADA: Actor = { id: 'ada', role: 'agent' };

async function setup(wrap: (store: EventStore) => EventStore = (store) => store) {
  const raw = createMemoryEventStore({ clock: () => NOW });
  const store = wrap(raw);
  const registry = createDomainEventRegistry();
  const handlers = createWorkHandlers(store, registry);
  const handOvers = createHandOvers({ store, registry, handlers, clock: () => NOW });
  let n = 0;
  const run = (promise: Promise<unknown>) => promise.then(() => undefined);
  const context = (actor: Actor) => ({ now: NOW, actor });
  await run(
    handlers.agent.handle({
      streamId: 'agent-ada',
      command: { type: 'RegisterAgent', data: { agentId: 'ada', name: 'Ada', capacity: 1 } },
      commandId: `c${++n}`,
      context: context(SUPERVISOR),
    }),
  );
  await run(
    handlers.agent.handle({
      streamId: 'agent-ada',
      command: { type: 'SetAvailability', data: { agentId: 'ada', availability: 'available' } },
      commandId: `c${++n}`,
      context: context(ADA),
    }),
  );
  for (const chatId of ['c1', 'c2']) {
    await run(
      handlers.chat.handle({
        streamId: `chat-${chatId}`,
        command: { type: 'StartChat', data: { chatId, customerId: 'carl' } },
        commandId: `c${++n}`,
        context: context({ id: 'carl', role: 'customer' }),
      }),
    );
  }
  const ledger = async () =>
    fold(
      agentDecider,
      (await raw.readStream('agent-ada')).map((e) => registry.upcast(e) as never),
    ) as AgentState & { holdings?: { reservationId: string }[] };
  const accept = (chatId: string, commandId: string) =>
    handOvers.handOver({
      agentId: 'ada',
      item: { kind: 'chat', id: chatId },
      mode: 'accepted',
      command: { type: 'AcceptChat', data: { chatId } },
      actor: ADA,
      commandId,
    });
  return { raw, handlers, handOvers, ledger, accept, registry };
}

const codeOf = (error: unknown) => (isDomainError(error) ? error.code : String(error));

describe('a hand-over', () => {
  it('reserves the slot, then records the agent on the item, under the command id asked', async () => {
    const { raw, accept, ledger } = await setup();
    const result = await accept('c1', 'accept-1');
    expect(result).toMatchObject({ streamVersion: 2, duplicate: false, events: [{ type: 'ChatAssigned' }] });
    const assigned = (await raw.readStream('chat-c1'))[1];
    expect(assigned?.metadata.commandId).toBe('accept-1');
    expect((await ledger()).holdings).toMatchObject([
      { reservationId: 'accept-1@1', item: { kind: 'chat', id: 'c1' } },
    ]);
  });

  it('answers a repeat with the first outcome and writes nothing more', async () => {
    const { raw, accept } = await setup();
    const first = await accept('c1', 'accept-1');
    const again = await accept('c1', 'accept-1');
    expect(again).toMatchObject({ streamVersion: first.streamVersion, duplicate: true });
    expect(await raw.readStream('agent-ada')).toHaveLength(3);
  });

  it('refuses without writing when the item refuses (before any slot is taken) or the agent is full', async () => {
    const { raw, accept } = await setup();
    await accept('c1', 'accept-1');
    const before = (await raw.readAll({ transactionId: 0n, globalPosition: 0n }, { limit: 100 })).length;
    expect(codeOf(await accept('c1', 'again').catch((e) => e))).toBe('ALREADY_ASSIGNED');
    expect(codeOf(await accept('c2', 'full').catch((e) => e))).toBe('CHAT_CAPACITY_REACHED');
    const after = (await raw.readAll({ transactionId: 0n, globalPosition: 0n }, { limit: 100 })).length;
    expect(after).toBe(before);
  });

  it('is NOT_FOUND for an agent who does not exist, writing nothing', async () => {
    const { raw, handOvers } = await setup();
    const error = await handOvers
      .handOver({
        agentId: 'ghost',
        item: { kind: 'chat', id: 'c1' },
        mode: 'assigned',
        command: { type: 'AssignChat', data: { chatId: 'c1', agentId: 'ghost' } },
        actor: SUPERVISOR,
        commandId: 'assign-ghost',
      })
      .catch((e) => e);
    expect(codeOf(error)).toBe('NOT_FOUND');
    expect(await raw.readStream('agent-ghost')).toEqual([]);
    expect(await raw.readStream('chat-c1')).toHaveLength(1);
  });

  it('gives the slot back and decides again when the item moves between the two halves', async () => {
    let interfered = false;
    const { raw, accept, ledger, handlers } = await setup((store) =>
      wrapStore(store, {
        async append(streamId, events, options) {
          const result = await store.append(streamId, events, options);
          // Right after the reservation, the customer writes: the chat is no longer at the version decided on.
          if (!interfered && events[0]?.type === 'AgentWorkReserved') {
            interfered = true;
            await handlers.chat.handle({
              streamId: 'chat-c1',
              command: { type: 'SendChatMessage', data: { chatId: 'c1', messageId: 'm1', body: 'still there?' } },
              commandId: 'customer-writes',
              context: { now: NOW, actor: { id: 'carl', role: 'customer' } },
            });
          }
          return result;
        },
      }),
    );
    const result = await accept('c1', 'accept-1');
    expect(result.streamVersion).toBe(3);
    const agentEvents = (await raw.readStream('agent-ada')).map((e) => [e.type, e.data.reservationId ?? e.data.cause]);
    expect(agentEvents.slice(2)).toEqual([
      ['AgentWorkReserved', 'accept-1@1'],
      ['AgentWorkReleased', 'cancelled'],
      ['AgentWorkReserved', 'accept-1@2'],
    ]);
    expect((await ledger()).holdings).toMatchObject([{ reservationId: 'accept-1@2' }]);
  });
});

describe('settling an unfinished hand-over', () => {
  /** The first half only: the process that reserved stopped before the item recorded anything. */
  async function halfDone(commandId = 'crashed') {
    const world = await setup();
    await world.handlers.agent.handle({
      streamId: 'agent-ada',
      command: {
        type: 'ReserveWork',
        data: {
          agentId: 'ada',
          reservationId: `${commandId}@1`,
          item: { kind: 'chat', id: 'c1' },
          itemVersion: 1,
          mode: 'accepted',
          handOver: { commandId, command: { type: 'AcceptChat', data: { chatId: 'c1' } } },
        },
      },
      commandId: `reserve:${commandId}@1`,
      context: { now: NOW, actor: ADA },
    });
    const pending: PendingHandOver = {
      reservationId: `${commandId}@1`,
      agentId: 'ada',
      item: { kind: 'chat', id: 'c1', tier: 1 },
      itemVersion: 1,
      reservedAt: NOW.toISOString(),
      handOver: { commandId, command: { type: 'AcceptChat', data: { chatId: 'c1' } } },
      actor: ADA,
    };
    return { ...world, pending };
  }

  it('finishes it when the item is as it was, on behalf of whoever asked', async () => {
    const { raw, handOvers, pending } = await halfDone();
    expect(await handOvers.settle(pending, NOW)).toBe('completed');
    const [, assigned] = await raw.readStream('chat-c1');
    expect(assigned).toMatchObject({ type: 'ChatAssigned', data: { agentId: 'ada', actor: ADA } });
    expect(await handOvers.settle(pending, NOW)).toBe('completed');
  });

  it('cancels it when the item moved on, giving the slot back', async () => {
    const { handOvers, pending, ledger, handlers } = await halfDone();
    await handlers.chat.handle({
      streamId: 'chat-c1',
      command: { type: 'CloseChat', data: { chatId: 'c1' } },
      commandId: 'closed',
      context: { now: NOW, actor: { id: 'carl', role: 'customer' } },
    });
    expect(await handOvers.settle(pending, NOW)).toBe('cancelled');
    expect((await ledger()).holdings).toEqual([]);
  });
});

describe("a chat start (the customer's open chats as the ledger)", () => {
  const DORA: Actor = { id: 'dora', role: 'customer' };
  const start = (chatId: string) => ({
    type: 'StartChat' as const,
    data: { chatId, customerId: 'dora', priority: 'medium' as const },
  });
  const slots = async (raw: EventStore) =>
    (await raw.readStream('customer-dora')).map((e) => [e.type, e.data.chatId, e.data.cause]);

  it('takes a slot, then starts the chat under the command id asked; a second start is CHAT_ALREADY_OPEN', async () => {
    const { raw, handOvers } = await setup();
    const result = await handOvers.startChat({ command: start('d1'), limit: 1, actor: DORA, commandId: 'start-1' });
    expect(result).toMatchObject({ streamVersion: 1, events: [{ type: 'ChatStarted' }] });
    expect((await raw.readStream('chat-d1'))[0]?.metadata.commandId).toBe('start-1');
    const refused = await handOvers
      .startChat({ command: start('d2'), limit: 1, actor: DORA, commandId: 'start-2' })
      .catch((e) => e);
    expect(codeOf(refused)).toBe('CHAT_ALREADY_OPEN');
    expect(await raw.readStream('chat-d2')).toEqual([]);
    const again = await handOvers.startChat({ command: start('d1'), limit: 1, actor: DORA, commandId: 'start-1' });
    expect(again).toMatchObject({ streamVersion: 1, duplicate: true });
    expect(await slots(raw)).toEqual([['CustomerChatSlotReserved', 'd1', undefined]]);
  });

  it('refuses a chat id already taken before any slot is taken', async () => {
    const { raw, handOvers } = await setup();
    const taken = await handOvers
      .startChat({ command: start('c1'), limit: 1, actor: DORA, commandId: 'mine' })
      .catch((e) => e);
    expect(codeOf(taken)).toBe('ALREADY_EXISTS');
    expect(await slots(raw)).toEqual([]);
  });

  it('gives the slot back when the chat id is taken between the two halves', async () => {
    let interfered = false;
    const { raw, handOvers, handlers } = await setup((store) =>
      wrapStore(store, {
        async append(streamId, events, options) {
          const result = await store.append(streamId, events, options);
          if (!interfered && events[0]?.type === 'CustomerChatSlotReserved') {
            interfered = true;
            await handlers.chat.handle({
              streamId: 'chat-d1',
              command: { type: 'StartChat', data: { chatId: 'd1', customerId: 'someone' } },
              commandId: 'staff-start',
              context: { now: NOW, actor: SUPERVISOR },
            });
          }
          return result;
        },
      }),
    );
    const error = await handOvers
      .startChat({ command: start('d1'), limit: 1, actor: DORA, commandId: 'late' })
      .catch((e) => e);
    expect(codeOf(error)).toBe('ALREADY_EXISTS');
    expect(await slots(raw)).toEqual([
      ['CustomerChatSlotReserved', 'd1', undefined],
      ['CustomerChatSlotReleased', 'd1', 'cancelled'],
    ]);
  });

  it('is settled like a hand-over: started when the chat stream is still empty, else cancelled', async () => {
    const { raw, handOvers, handlers } = await setup();
    const reserve = async (chatId: string, commandId: string) => {
      const handOver = { commandId, command: start(chatId) };
      await handlers.customer.handle({
        streamId: 'customer-dora',
        command: {
          type: 'ReserveChatSlot',
          data: { customerId: 'dora', chatId, reservationId: `${commandId}@0`, limit: 0, handOver },
        },
        commandId: `reserve:${commandId}@0`,
        context: { now: NOW, actor: DORA },
      });
      const pending: PendingHandOver = {
        ledger: 'customer',
        reservationId: `${commandId}@0`,
        customerId: 'dora',
        item: { kind: 'chat', id: chatId, tier: 1 },
        itemVersion: 0,
        reservedAt: NOW.toISOString(),
        handOver,
        actor: DORA,
      };
      return pending;
    };
    const orphan = await reserve('d1', 'crashed-1');
    expect(await handOvers.settle(orphan, NOW)).toBe('completed');
    expect(await raw.readStream('chat-d1')).toMatchObject([{ type: 'ChatStarted', data: { actor: DORA } }]);
    const lost = await reserve('c1', 'crashed-2');
    expect(await handOvers.settle(lost, NOW)).toBe('cancelled');
    expect(await slots(raw)).toEqual([
      ['CustomerChatSlotReserved', 'd1', undefined],
      ['CustomerChatSlotReserved', 'c1', undefined],
      ['CustomerChatSlotReleased', 'c1', 'cancelled'],
    ]);
  });
});
