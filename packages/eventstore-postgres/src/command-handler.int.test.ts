import { AsyncLocalStorage } from 'node:async_hooks';
import { isDomainError } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';
import {
  type CommandHandler,
  createCommandHandler,
  type HandleResult,
  isConcurrencyError,
} from '@support-engine/eventstore';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CounterCommand,
  type CounterEvent,
  context,
  counterDecider,
  counterRegistry,
  increment,
  interceptAppend,
} from '../../eventstore/src/command-handler.fixture.js';
import { createMigratedStore } from './fixture.fixture.js';
import type { PostgresEventStore } from './postgres-event-store.js';

const MAX = 6;

type Handler = CommandHandler<CounterCommand, CounterEvent>;

describe('command handler under concurrency (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  let run = 0;

  beforeAll(async () => {
    ({ store } = await createMigratedStore({ maxConnections: 12 }));
  });
  afterAll(async () => {
    await store.close();
  });

  /** Reads made on behalf of the command being handled (see `handle` in the cache test). */
  const readsOfCommand = new AsyncLocalStorage<{ reads: number }>();

  /** The store, counting conflicts and reads. */
  function instrumented() {
    const calls = { conflicts: 0 };
    const counting: EventStore = {
      ...interceptAppend(store, (...args) =>
        store.append(...args).catch((error: unknown) => {
          if (isConcurrencyError(error)) calls.conflicts++;
          throw error;
        }),
      ),
      readStream: (...args) => {
        const command = readsOfCommand.getStore();
        if (command) command.reads++;
        return store.readStream(...args);
      },
    };
    return { counting, calls };
  }

  /**
   * Each command targets one of three streams through one of the handlers; repeated ids model a
   * client retrying a command. Commands run in waves: all of a wave race, the next wave starts
   * once it settled (so caches are warm, and stale where another handler wrote since).
   */
  async function assertNoLostUpdate(
    handlers: readonly Handler[],
    { max, ids, numRuns }: { max: number; ids: number; numRuns: number },
  ): Promise<void> {
    const command = fc.record({
      stream: fc.integer({ min: 0, max: 2 }),
      id: fc.integer({ min: 0, max: ids - 1 }),
      handler: fc.integer({ min: 0, max: handlers.length - 1 }),
      wave: fc.integer({ min: 0, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 16 }), async (commands) => {
        const prefix = `prop-${++run}`;
        const streamOf = (stream: number) => `${prefix}-s${stream}`;
        // The command id fixes the stream, as a retried command always targets the same one.
        const commandIdOf = (c: { stream: number; id: number }) => `${prefix}-s${c.stream}-c${c.id}`;

        const outcomes: PromiseSettledResult<HandleResult<CounterEvent>>[] = [];
        for (const wave of [0, 1, 2]) {
          const inWave = commands.map((c, i) => ({ c, i })).filter(({ c }) => c.wave === wave);
          const settled = await Promise.allSettled(
            inWave.map(({ c }) =>
              handlers[c.handler]!.handle({
                streamId: streamOf(c.stream),
                command: increment(),
                context,
                commandId: commandIdOf(c),
              }),
            ),
          );
          inWave.forEach(({ i }, j) => {
            outcomes[i] = settled[j]!;
          });
        }

        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(isConcurrencyError(outcome.reason) || isDomainError(outcome.reason)).toBe(true);
          }
        }
        for (const stream of [0, 1, 2]) {
          const mine = commands.map((c, i) => ({ c, outcome: outcomes[i]! })).filter(({ c }) => c.stream === stream);
          const events = await store.readStream(streamOf(stream));
          const fulfilled = mine.flatMap(({ c, outcome }) =>
            outcome.status === 'fulfilled' ? [{ id: commandIdOf(c), result: outcome.value }] : [],
          );
          const written = new Set(events.map((e) => e.metadata.commandId));

          // No duplicate version, no gap.
          expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
          // No command wrote twice, and every accepted command is in the stream.
          expect(written.size).toBe(events.length);
          for (const { id } of fulfilled) expect(written.has(id)).toBe(true);
          // No lost update: the folded count is the number of distinct accepted commands.
          expect(events.length).toBe(new Set(fulfilled.map(({ id }) => id)).size);
          expect(events.length).toBeLessThanOrEqual(max);
          // A refusal by the decider only happens once the counter is full, and never to a
          // command whose original run was accepted (a retry gets the original result).
          for (const { c, outcome } of mine) {
            if (outcome.status === 'rejected' && isDomainError(outcome.reason)) {
              expect(events.length).toBe(max);
              expect(written.has(commandIdOf(c))).toBe(false);
            }
          }
          // Every result of a command, first run or duplicate, is the one it wrote: same version,
          // checkpoint and events; only one of them is not a duplicate.
          for (const { id, result } of fulfilled) {
            const event = events[result.streamVersion - 1];
            expect(event?.metadata.commandId).toBe(id);
            expect(event?.checkpoint).toEqual(result.checkpoint);
            expect(result.events).toEqual([{ type: 'incremented', data: { by: 1 } }]);
          }
          for (const id of written) {
            expect(fulfilled.filter((f) => f.id === id && !f.result.duplicate).length).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns },
    );
  }

  it('loses no update, duplicates no version, and retries or surfaces every conflict', async () => {
    const { counting, calls } = instrumented();
    const handler = createCommandHandler({
      store: counting,
      decider: counterDecider(MAX),
      registry: counterRegistry(),
    });
    await assertNoLostUpdate([handler], { max: MAX, ids: 10, numRuns: 25 });
    // The runs really raced: without conflicts the property would prove nothing about retries.
    expect(calls.conflicts).toBeGreaterThan(0);
  });

  it('gets a dozen writers racing on one stream all through with its default attempts', async () => {
    const WRITERS = 12;
    const { counting, calls } = instrumented();
    const handler = createCommandHandler({
      store: counting,
      decider: counterDecider(100),
      registry: counterRegistry(),
    });
    const streamId = `crowd-${++run}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        handler.handle({ streamId, command: increment(), context, commandId: `${streamId}-c${i}` }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect((await store.readStream(streamId)).map((e) => e.streamVersion)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 1),
    );
    expect(calls.conflicts).toBeGreaterThan(0);
  });

  it('keeps those guarantees with state caches, when several handlers with their own caches race', async () => {
    const { counting, calls } = instrumented();
    // A small cache also evicts: each run uses three new streams.
    const handlers = [2, 3, 100].map((maxStreams) =>
      createCommandHandler({
        store: counting,
        decider: counterDecider(3),
        registry: counterRegistry(),
        cache: { maxStreams },
      }),
    );
    // Commands written from a cached state alone, without reading the stream.
    let fromCache = 0;
    const counted = handlers.map(
      (handler): Handler => ({
        handle: (request) => {
          const command = { reads: 0 };
          return readsOfCommand.run(command, async () => {
            const result = await handler.handle(request);
            if (command.reads === 0 && !result.duplicate && result.events.length > 0) fromCache++;
            return result;
          });
        },
      }),
    );
    // A lower maximum and fewer ids fill the counters, so retries also meet states the decider refuses.
    await assertNoLostUpdate(counted, { max: 3, ids: 5, numRuns: 40 });
    // Caches really served commands, and stale ones really conflicted.
    expect(fromCache).toBeGreaterThan(0);
    expect(calls.conflicts).toBeGreaterThan(0);
  });
});
