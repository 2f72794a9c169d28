import { type Actor, isDomainError, MINUTE_MS } from '@support-engine/domain';
import type { HandOverCommand } from '@support-engine/domain/agent';
import type { ChatCommand } from '@support-engine/domain/chat';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelDb } from '../database.js';
import { migrateReadModels } from '../migrations.js';
import type { Projection } from '../projection.js';
import { catchUp } from '../projector.js';
import type { ReadModelTables } from '../schema.js';
import { projectionContentHash, tableContentHash } from '../table-hash.js';
import { agent, createHarness, customer, type Harness, SUPERVISOR, T0 } from '../testing/harness.fixture.js';
import { createAgentsProjection } from './agents/projection.js';
import { createChatsProjection } from './chats/projection.js';

// The chats and agents read models fold each batch in memory: whatever the batch size, the tables
// must come out the same. Random chat and agent histories go through the real deciders into the
// store; each batch size has its own schema, caught up after every history (so batches also end
// where histories do), and all of them must hash alike.

const BATCH_SIZES = [1, 2, 3, 4, 5, 7, 1000] as const;
const AGENTS = 3;
const CHATS = 4;

type Step =
  | { kind: 'wait'; minutes: number }
  | { kind: 'availability'; agent: number; availability: 'available' | 'busy' | 'break' | 'offline' }
  | { kind: 'capacity'; agent: number; capacity: number }
  | { kind: 'profile'; agent: number; change: 'ticketCapacity' | 'skills' | 'tier' | 'rating' }
  | { kind: 'start'; chat: number; priority: 'low' | 'medium' | 'high' | 'urgent' }
  | { kind: 'message'; chat: number; fromAgent: boolean; internal: boolean }
  | { kind: 'accept'; chat: number; agent: number }
  | { kind: 'transfer'; chat: number; agent: number }
  | { kind: 'close'; chat: number }
  | { kind: 'rate'; chat: number; score: number }
  | { kind: 'convert'; chat: number }
  | { kind: 'release'; agent: number };

const agentIndex = fc.integer({ min: 0, max: AGENTS - 1 });
const chatIndex = fc.integer({ min: 0, max: CHATS - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 30 }) }),
  fc.record({
    kind: fc.constant('availability' as const),
    agent: agentIndex,
    availability: fc.constantFrom('available' as const, 'busy' as const, 'break' as const, 'offline' as const),
  }),
  fc.record({ kind: fc.constant('capacity' as const), agent: agentIndex, capacity: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('profile' as const),
    agent: agentIndex,
    change: fc.constantFrom('ticketCapacity' as const, 'skills' as const, 'tier' as const, 'rating' as const),
  }),
  fc.record({
    kind: fc.constant('start' as const),
    chat: chatIndex,
    priority: fc.constantFrom('low' as const, 'medium' as const, 'high' as const, 'urgent' as const),
  }),
  fc.record({
    kind: fc.constant('message' as const),
    chat: chatIndex,
    fromAgent: fc.boolean(),
    internal: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('accept' as const), chat: chatIndex, agent: agentIndex }),
  fc.record({ kind: fc.constant('transfer' as const), chat: chatIndex, agent: agentIndex }),
  fc.record({ kind: fc.constant('close' as const), chat: chatIndex }),
  fc.record({ kind: fc.constant('rate' as const), chat: chatIndex, score: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('convert' as const), chat: chatIndex }),
  fc.record({ kind: fc.constant('release' as const), agent: agentIndex }),
);

let h: Harness;
const targets: { batchSize: number; db: Kysely<ReadModelTables> }[] = [];
const projections: Projection[] = [createChatsProjection(), createAgentsProjection()];
let run = 0;

beforeAll(async () => {
  h = await createHarness();
  for (const batchSize of BATCH_SIZES) {
    const schema = `batch_${batchSize}`;
    await h.db.schema.createSchema(schema).execute();
    const db = createReadModelDb(h.connectionString, { schema, maxConnections: 1 });
    await migrateReadModels(db);
    targets.push({ batchSize, db });
  }
});

afterAll(async () => {
  for (const { db } of targets) await db.destroy();
  await h?.close();
});

/**
 * Plays one history; refusals (a move the lifecycle forbids) are part of random histories. Staff
 * start the chats, as customers may only while the chat desk is open.
 */
async function play(steps: readonly Step[]): Promise<void> {
  run++;
  let now = T0.getTime() + run * 1_000 * MINUTE_MS;
  const agentId = (i: number) => `p${run}-a${i}`;
  const chatId = (i: number) => `p${run}-c${i}`;
  const customerOf = (i: number) => customer(`p${run}-cust${i}`);
  const reservations = new Map<string, string[]>();
  let messages = 0;
  const attempt = async (action: (at: Date) => Promise<unknown>) => {
    try {
      await action(new Date(now));
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
    now += MINUTE_MS;
  };
  const chat = (command: ChatCommand, actor: Actor) => attempt((at) => h.desk.chat(command, actor, at));
  const handOver = (a: number, c: number, mode: 'accepted' | 'transferred', command: HandOverCommand, actor: Actor) =>
    attempt(async (at) => {
      const reservation = await h.desk.handOver(agentId(a), { kind: 'chat', id: chatId(c) }, mode, command, actor, at);
      reservations.set(agentId(a), [...(reservations.get(agentId(a)) ?? []), reservation]);
    });
  // Every history begins with its team available and its chats waiting, so the random steps
  // mostly land (accepting, transferring, closing) rather than being refused.
  for (let a = 0; a < AGENTS; a++) {
    const id = agentId(a);
    await attempt((at) =>
      h.desk.agent({ type: 'RegisterAgent', data: { agentId: id, name: `A${a}`, capacity: 2 } }, SUPERVISOR, at),
    );
    await attempt((at) =>
      h.desk.agent({ type: 'SetAvailability', data: { agentId: id, availability: 'available' } }, agent(id), at),
    );
  }
  for (let c = 0; c < CHATS; c++) {
    await chat(
      {
        type: 'StartChat',
        data: {
          chatId: chatId(c),
          customerId: customerOf(c).id,
          priority: (['low', 'urgent', 'medium', 'high'] as const)[c],
        },
      },
      SUPERVISOR,
    );
  }
  // One chat is always taken up, so every history has a hold that ends (at the latest, below).
  await handOver(0, 0, 'accepted', { type: 'AcceptChat', data: { chatId: chatId(0) } }, agent(agentId(0)));
  for (const s of steps) {
    switch (s.kind) {
      case 'wait':
        now += s.minutes * MINUTE_MS;
        break;
      case 'availability':
        await attempt((at) =>
          h.desk.agent(
            { type: 'SetAvailability', data: { agentId: agentId(s.agent), availability: s.availability } },
            agent(agentId(s.agent)),
            at,
          ),
        );
        break;
      case 'capacity':
        await attempt((at) =>
          h.desk.agent(
            { type: 'SetCapacity', data: { agentId: agentId(s.agent), capacity: s.capacity } },
            SUPERVISOR,
            at,
          ),
        );
        break;
      case 'profile': {
        const id = agentId(s.agent);
        await attempt((at) =>
          h.desk.agent(
            s.change === 'ticketCapacity'
              ? { type: 'SetTicketCapacity', data: { agentId: id, ticketCapacity: 4 } }
              : s.change === 'skills'
                ? { type: 'UpdateSkills', data: { agentId: id, skills: ['billing'], languages: ['fr'] } }
                : s.change === 'tier'
                  ? { type: 'ChangeTier', data: { agentId: id, tier: 2 } }
                  : { type: 'RatePerformance', data: { agentId: id, rating: 7 } },
            SUPERVISOR,
            at,
          ),
        );
        break;
      }
      case 'start':
        await chat(
          {
            type: 'StartChat',
            data: { chatId: chatId(s.chat), customerId: customerOf(s.chat).id, priority: s.priority },
          },
          SUPERVISOR,
        );
        break;
      case 'message':
        await chat(
          {
            type: 'SendChatMessage',
            data: { chatId: chatId(s.chat), messageId: `m${++messages}`, body: 'Hello', internal: s.internal },
          },
          s.fromAgent ? SUPERVISOR : customerOf(s.chat),
        );
        break;
      case 'accept':
        await handOver(
          s.agent,
          s.chat,
          'accepted',
          { type: 'AcceptChat', data: { chatId: chatId(s.chat) } },
          agent(agentId(s.agent)),
        );
        break;
      case 'transfer':
        await handOver(
          s.agent,
          s.chat,
          'transferred',
          { type: 'TransferChat', data: { chatId: chatId(s.chat), toAgentId: agentId(s.agent), reason: 'skills' } },
          SUPERVISOR,
        );
        break;
      case 'close':
        await chat({ type: 'CloseChat', data: { chatId: chatId(s.chat) } }, SUPERVISOR);
        break;
      case 'rate':
        await chat({ type: 'RateChat', data: { chatId: chatId(s.chat), score: s.score } }, customerOf(s.chat));
        break;
      case 'convert':
        await chat(
          { type: 'ConvertChatToTicket', data: { chatId: chatId(s.chat), ticketId: `t-${chatId(s.chat)}` } },
          SUPERVISOR,
        );
        break;
      case 'release': {
        const held = reservations.get(agentId(s.agent)) ?? [];
        reservations.delete(agentId(s.agent));
        if (held.length > 0) await attempt((at) => h.desk.release(agentId(s.agent), held, at));
        break;
      }
    }
  }
  // The chat taken up first ends (if it has not): its hold is ended, whatever the random steps did.
  await chat({ type: 'CloseChat', data: { chatId: chatId(0) } }, SUPERVISOR);
}

describe('chats and agents read models, folded in batches', () => {
  it('come out the same whatever the batch size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        await play(steps);
        for (const { batchSize, db } of targets) {
          for (const projection of projections) await catchUp({ store: h.store, db, projection, batchSize });
        }
        for (const projection of projections) {
          const hashes = await Promise.all(
            targets.map(async ({ batchSize }) => ({
              batchSize,
              tables: await projectionContentHash(h.db, projection, `batch_${batchSize}`),
            })),
          );
          for (const { batchSize, tables } of hashes) {
            expect({ batchSize, tables }).toEqual({ batchSize, tables: hashes.at(-1)!.tables });
          }
        }
      }),
      { numRuns: 25 },
    );
    // The histories reached every table (transfers, closes, the queue), so the hashes compared something.
    const reached = await Promise.all(
      projections
        .flatMap((projection) => projection.tables)
        .map(async (table) => ({
          table,
          rows: (await tableContentHash(h.db, table, 'batch_1000')).rows,
        })),
    );
    const holds = await targets.at(-1)!.db.selectFrom('chat_holds').select('held_until').execute();
    expect(reached.filter((t) => t.rows === 0)).toEqual([]);
    expect(holds.some((hold) => hold.held_until !== null)).toBe(true);
  });
});
