import { isDomainError } from '@support-engine/domain';
import { isConcurrencyError } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createFloor, type Floor, SUPERVISOR } from './testing/floor.fixture.js';
import { checkLedgers } from './testing/ledger-check.fixture.js';

// The capacity invariant on real PostgreSQL: 8 agents race for 40 chats by accepting them
// while the router assigns them automatically, agents' capacities and presence change under
// them, and chats close as they go; round after round. No agent ever holds more chats than their
// capacity, and when the floor is quiet every chat has exactly one owner, or none.

const AGENTS = Array.from({ length: 8 }, (_, i) => `racer-${i}`);
const CHATS_PER_ROUND = 40;
const ROUNDS = 6;

const shuffled = <T>(items: readonly T[]) =>
  items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

/** Refusals and lost races are the point of the test; anything else fails it. */
async function tolerated(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isDomainError(error) && !isConcurrencyError(error)) throw error;
  }
}

describe('capacity under concurrent accepts and automatic assignment', () => {
  let floor: Floor;
  const stop = new AbortController();
  let router: Promise<void>;

  beforeAll(async () => {
    floor = await createFloor();
    await floor.staff(AGENTS, 3);
    router = floor.runRouter(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await router;
    await floor?.close();
  });

  it('is never exceeded, round after round, and every chat ends with one owner or none', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const chats = Array.from({ length: CHATS_PER_ROUND }, (_, i) => `r${round}-c${i}`);
      await Promise.all(chats.map((chatId) => floor.startChat(chatId)));
      // Every agent tries to accept every chat, in its own random order, all at once.
      const accepts = AGENTS.flatMap((agentId) =>
        shuffled(chats).map((chatId) =>
          tolerated(
            floor.handOvers.handOver({
              agentId,
              item: { kind: 'chat', id: chatId },
              mode: 'accepted',
              command: { type: 'AcceptChat', data: { chatId } },
              actor: agent(agentId),
              commandId: floor.nextId('accept'),
            }),
          ),
        ),
      );
      // Meanwhile supervisors move capacities and presence, and customers leave.
      const churn = AGENTS.map(async (agentId, i) => {
        await tolerated(
          floor.handlers.agent.handle({
            streamId: `agent-${agentId}`,
            command: { type: 'SetCapacity', data: { agentId, capacity: 2 + ((round + i) % 3) } },
            commandId: floor.nextId('capacity'),
            context: { now: new Date(), actor: SUPERVISOR },
          }),
        );
        if ((round + i) % 4 === 0) {
          await tolerated(
            floor.handlers.agent.handle({
              streamId: `agent-${agentId}`,
              command: { type: 'SetAvailability', data: { agentId, availability: round % 2 ? 'available' : 'busy' } },
              commandId: floor.nextId('presence'),
              context: { now: new Date(), actor: SUPERVISOR },
            }),
          );
        }
      });
      const leaving = shuffled(chats)
        .slice(0, 15)
        .map((chatId) => tolerated(floor.closeChat(chatId)));
      await Promise.all([...accepts, ...churn, ...leaving]);
      // Everyone back at work before the next round, so the router drains what is left.
      for (const agentId of AGENTS) {
        await tolerated(
          floor.handlers.agent.handle({
            streamId: `agent-${agentId}`,
            command: { type: 'SetAvailability', data: { agentId, availability: 'available' } },
            commandId: floor.nextId('back'),
            context: { now: new Date(), actor: SUPERVISOR },
          }),
        );
      }
      await Promise.all(chats.map((chatId) => tolerated(floor.closeChat(chatId))));
    }
    // Quiet floor: once the router has read everything and settled, the ledgers match the chats.
    await expect
      .poll(async () => (await checkLedgers(floor.store)).leftOpen, { timeout: 30_000, interval: 200 })
      .toEqual([]);
    const check = await checkLedgers(floor.store);
    expect(check.overCapacity).toEqual([]);
    expect(check.mismatches).toEqual([]);
    // The race was real: agents' accepts and the router's assignments both landed.
    const log = await floor.store.readAll({ transactionId: 0n, globalPosition: 0n }, { limit: 1_000_000 });
    const assigned = log.filter((e) => e.type === 'ChatAssigned').map((e) => e.data.mode);
    expect(assigned.filter((mode) => mode === 'accepted').length).toBeGreaterThan(5);
    expect(assigned.filter((mode) => mode === 'routed').length).toBeGreaterThan(5);
    expect(log.some((e) => e.type === 'AgentWorkReleased' && e.data.cause === 'cancelled')).toBe(true);
  }, 300_000);
});
