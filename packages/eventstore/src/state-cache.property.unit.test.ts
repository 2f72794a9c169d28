import { isDomainError } from '@support-engine/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CounterCommand, context, counterDecider, counterRegistry } from './command-handler.fixture.js';
import { type CommandHandler, createCommandHandler } from './command-handler.js';
import { EventStoreError } from './errors.js';
import { createMemoryEventStore } from './memory/memory-event-store.js';
import type { EventStore } from './port.js';

const MAX = 6;
const STREAMS = ['s-1', 's-2'];

const handlerOn = (store: EventStore, maxStreams?: number) =>
  createCommandHandler({
    store,
    decider: counterDecider(MAX),
    registry: counterRegistry(),
    backoffMs: 0,
    ...(maxStreams !== undefined && { cache: { maxStreams } }),
  });

/** One command, sent through one of the handlers, under a new command id or one used before. */
const stepArb = fc.record({
  handler: fc.nat({ max: 2 }),
  stream: fc.constantFrom(...STREAMS),
  command: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.integer({ min: 1, max: 3 }).map((by): CounterCommand => ({ type: 'increment', data: { by } })),
    },
    { weight: 1, arbitrary: fc.constant<CounterCommand>({ type: 'touch', data: {} }) },
  ),
  /** `null`: a new id; otherwise the id of an earlier step (modulo their number): a retry or a reused key. */
  reuse: fc.option(fc.nat(), { freq: 3 }),
});

/** What a handler answered: the result, or the refusal's code. */
async function outcome(
  handler: CommandHandler<CounterCommand, unknown>,
  request: Parameters<typeof handler.handle>[0],
) {
  try {
    const { events, streamVersion, duplicate } = await handler.handle(request);
    return { events, streamVersion, duplicate };
  } catch (error) {
    if (isDomainError(error) || error instanceof EventStoreError) return { refused: error.code };
    throw error;
  }
}

describe('the command handler state cache', () => {
  it('never changes a decision: handlers with stale caches answer and write what a handler without one does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        async (steps, maxStreams) => {
          // Three handlers with their own caches share one store (three processes), so each one's
          // entries go stale whenever another writes; the reference reads its own store every time.
          const shared = createMemoryEventStore();
          const cached = [0, 1, 2].map(() => handlerOn(shared, maxStreams));
          const referenceStore = createMemoryEventStore();
          const reference = handlerOn(referenceStore);
          const ids: string[] = [];
          for (const [n, step] of steps.entries()) {
            const commandId = step.reuse === null || ids.length === 0 ? `cmd-${n}` : ids[step.reuse % ids.length]!;
            ids.push(commandId);
            const request = { streamId: step.stream, command: step.command, context, commandId };
            const expected = await outcome(reference, request);
            expect(await outcome(cached[step.handler]!, request), `step ${n}`).toEqual(expected);
          }
          for (const stream of STREAMS) {
            const written = (store: EventStore) =>
              store
                .readStream(stream)
                .then((events) => events.map((e) => [e.streamVersion, e.data, e.metadata.commandId]));
            expect(await written(shared)).toEqual(await written(referenceStore));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
