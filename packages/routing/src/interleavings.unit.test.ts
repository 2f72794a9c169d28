import { createHandOvers, createWorkHandlers } from '@support-engine/application';
import { type Actor, createDomainEventRegistry, isDomainError } from '@support-engine/domain';
import type { AgentCommand } from '@support-engine/domain/agent';
import { createMemoryEventStore, type EventStore, isConcurrencyError } from '@support-engine/eventstore';
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { wrapStore } from '../../application/src/testing/wrap-store.fixture.js';
import { createMemoryBoardStore } from './board-store.js';
import { createRouterCycles } from './cycle.js';
import { checkLedgers, type LedgerCheck } from './testing/ledger-check.fixture.js';

// A model test of the capacity invariant: random operations (accepts, assignments, transfers,
// closes, capacity and presence changes, hand-overs that crash half-way, router cycles) run
// concurrently, and fast-check's scheduler decides the order in which every store call
// completes. Whatever the interleaving, no agent ever holds more chats than their capacity, and
// once the router has settled, every chat has exactly one owner (whose ledger holds it) or none.

const AGENTS = ['a1', 'a2', 'a3'] as const;
const CHATS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'] as const;
const SUPERVISOR: Actor = { id: 'sue', role: 'supervisor' };
const SYSTEM: Actor = { id: 'ops', role: 'system' };
const agent = (id: string): Actor => ({ id, role: 'agent' });
const SETTLE_AFTER_MS = 1_000;

type Operation =
  | { kind: 'accept'; agent: string; chat: string }
  | { kind: 'assign'; agent: string; chat: string }
  | { kind: 'transfer'; agent: string; chat: string }
  | { kind: 'requeue'; chat: string }
  | { kind: 'close'; chat: string }
  | { kind: 'capacity'; agent: string; capacity: number }
  | { kind: 'presence'; agent: string; availability: 'available' | 'busy' | 'offline' }
  | { kind: 'crashedAccept'; agent: string; chat: string }
  | { kind: 'route' };

const anAgent = fc.constantFrom(...AGENTS);
const aChat = fc.constantFrom(...CHATS);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('accept' as const), agent: anAgent, chat: aChat }),
  fc.record({ kind: fc.constant('assign' as const), agent: anAgent, chat: aChat }),
  fc.record({ kind: fc.constant('transfer' as const), agent: anAgent, chat: aChat }),
  fc.record({ kind: fc.constant('requeue' as const), chat: aChat }),
  fc.record({ kind: fc.constant('close' as const), chat: aChat }),
  fc.record({ kind: fc.constant('capacity' as const), agent: anAgent, capacity: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('presence' as const),
    agent: anAgent,
    availability: fc.constantFrom('available', 'busy', 'offline' as const),
  }),
  fc.record({ kind: fc.constant('crashedAccept' as const), agent: anAgent, chat: aChat }),
  fc.constant({ kind: 'route' as const }),
);

/** The store with every call's completion handed to the scheduler. */
function scheduled(store: EventStore, s: fc.Scheduler): EventStore {
  return wrapStore(store, {
    append: s.scheduleFunction(store.append.bind(store)),
    readStream: s.scheduleFunction(store.readStream.bind(store)),
    readAll: s.scheduleFunction(store.readAll.bind(store)),
  });
}

async function world(s: fc.Scheduler) {
  let nowMs = Date.parse('2026-01-05T09:00:00.000Z');
  const clock = () => new Date(nowMs);
  const raw = createMemoryEventStore({ clock });
  const registry = createDomainEventRegistry();
  // Setup runs unscheduled: the team and the chats exist before the operations race.
  const setup = createWorkHandlers(raw, registry);
  let n = 0;
  const seed = (streamId: string, command: AgentCommand, actor: Actor) =>
    setup.agent.handle({ streamId, command, commandId: `seed-${++n}`, context: { now: clock(), actor } });
  for (const id of AGENTS) {
    await seed(`agent-${id}`, { type: 'RegisterAgent', data: { agentId: id, name: id, capacity: 2 } }, SUPERVISOR);
    await seed(`agent-${id}`, { type: 'SetAvailability', data: { agentId: id, availability: 'available' } }, agent(id));
  }
  for (const chatId of CHATS) {
    await setup.chat.handle({
      streamId: `chat-${chatId}`,
      command: { type: 'StartChat', data: { chatId, customerId: `cust-${chatId}` } },
      commandId: `seed-${++n}`,
      context: { now: clock(), actor: { id: `cust-${chatId}`, role: 'customer' } },
    });
  }
  const store = scheduled(raw, s);
  const handlers = createWorkHandlers(store, registry);
  const handOvers = createHandOvers({ store, registry, handlers, clock });
  const cycles = createRouterCycles({
    store,
    boards: createMemoryBoardStore(),
    registry,
    handlers,
    handOvers,
    config: { mode: 'auto', batchSize: 20, concurrency: 3, maxDecisions: 10, settleAfterMs: SETTLE_AFTER_MS },
    logger: pino({ level: 'silent' }),
    clock,
  });
  return { raw, handlers, handOvers, cycles, clock, advance: (ms: number) => (nowMs += ms) };
}

type World = Awaited<ReturnType<typeof world>>;

async function perform(w: World, op: Operation, index: number): Promise<void> {
  const commandId = `op-${index}`;
  const chat = { kind: 'chat' as const, id: 'chat' in op ? op.chat : '' };
  switch (op.kind) {
    case 'accept':
      await w.handOvers.handOver({
        agentId: op.agent,
        item: chat,
        mode: 'accepted',
        command: { type: 'AcceptChat', data: { chatId: op.chat } },
        actor: agent(op.agent),
        commandId,
      });
      return;
    case 'assign':
      await w.handOvers.handOver({
        agentId: op.agent,
        item: chat,
        mode: 'assigned',
        command: { type: 'AssignChat', data: { chatId: op.chat, agentId: op.agent } },
        actor: SUPERVISOR,
        commandId,
      });
      return;
    case 'transfer':
      await w.handOvers.handOver({
        agentId: op.agent,
        item: chat,
        mode: 'transferred',
        command: { type: 'TransferChat', data: { chatId: op.chat, toAgentId: op.agent, reason: 'rebalance' } },
        actor: SUPERVISOR,
        commandId,
      });
      return;
    case 'crashedAccept': {
      // The first half of a hand-over, and then the process died: only the router can finish it.
      const itemVersion = (await w.raw.readStream(`chat-${op.chat}`)).length;
      await w.handlers.agent.handle({
        streamId: `agent-${op.agent}`,
        command: {
          type: 'ReserveWork',
          data: {
            agentId: op.agent,
            reservationId: `${commandId}@${itemVersion}`,
            item: chat,
            itemVersion,
            mode: 'accepted',
            handOver: { commandId, command: { type: 'AcceptChat', data: { chatId: op.chat } } },
          },
        },
        commandId: `reserve:${commandId}@${itemVersion}`,
        context: { now: w.clock(), actor: agent(op.agent) },
      });
      return;
    }
    case 'requeue':
      await w.handlers.chat.handle({
        streamId: `chat-${op.chat}`,
        command: { type: 'TransferChatToQueue', data: { chatId: op.chat, category: 'billing', reason: 'rebalance' } },
        commandId,
        context: { now: w.clock(), actor: SUPERVISOR },
      });
      return;
    case 'close':
      await w.handlers.chat.handle({
        streamId: `chat-${op.chat}`,
        command: { type: 'CloseChat', data: { chatId: op.chat } },
        commandId,
        context: { now: w.clock(), actor: SYSTEM },
      });
      return;
    case 'capacity':
      await w.handlers.agent.handle({
        streamId: `agent-${op.agent}`,
        command: { type: 'SetCapacity', data: { agentId: op.agent, capacity: op.capacity } },
        commandId,
        context: { now: w.clock(), actor: SUPERVISOR },
      });
      return;
    case 'presence':
      await w.handlers.agent.handle({
        streamId: `agent-${op.agent}`,
        command: { type: 'SetAvailability', data: { agentId: op.agent, availability: op.availability } },
        commandId,
        context: { now: w.clock(), actor: SUPERVISOR },
      });
      return;
    case 'route':
      await w.cycles.next();
      return;
  }
}

/**
 * Lets the scheduler release store calls until `work` settles. A command handler that lost a
 * race backs off on a real timer before its next (scheduled) call, which `waitIdle` cannot see.
 */
async function pump(s: fc.Scheduler, work: Promise<unknown>): Promise<void> {
  let settled = false;
  void work.finally(() => {
    settled = true;
  });
  while (!settled) {
    await s.waitIdle();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Refusals and lost races are outcomes of the model; anything else is a bug. */
async function expected(run: Promise<void>): Promise<void> {
  try {
    await run;
  } catch (error) {
    if (!isDomainError(error) && !isConcurrencyError(error)) throw error;
  }
}

describe('capacity under random interleavings', () => {
  it('is never exceeded, and every chat ends with exactly one owner or in the queue', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(operation, { minLength: 5, maxLength: 30 }), async (s, ops) => {
        const w = await world(s);
        const running = Promise.all(ops.map((op, i) => expected(perform(w, op, i))));
        await pump(s, running);
        await running;
        // Quiesce: past the settle delay, the router finishes or cancels every unfinished hand-over.
        w.advance(SETTLE_AFTER_MS * 2);
        for (let round = 0; round < 20; round++) {
          const cycle = w.cycles.next();
          await pump(s, cycle);
          const done = await cycle;
          if (done.events === 0 && done.routed === 0) break;
        }
        const check: LedgerCheck = await checkLedgers(w.raw);
        expect(check.overCapacity).toEqual([]);
        expect(check.mismatches).toEqual([]);
        expect(check.leftOpen).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
