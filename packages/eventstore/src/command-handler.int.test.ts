import { isDomainError } from '@support-engine/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandHandler, type HandleResult } from './command-handler.js';
import { isConcurrencyError } from './errors.js';
import {
  type CounterEvent,
  context,
  counterDecider,
  counterRegistry,
  increment,
  interceptAppend,
} from './handler-fixtures.test.js';
import { createMigratedStore } from './postgres/fixture.test.js';
import type { PostgresEventStore } from './postgres/postgres-event-store.js';

const MAX = 6;

describe('command handler under concurrency (real PostgreSQL)', () => {
  let store: PostgresEventStore;

  beforeAll(async () => {
    ({ store } = await createMigratedStore({ maxConnections: 12 }));
  });
  afterAll(async () => {
    await store.close();
  });

  it('loses no update, duplicates no version, and retries or surfaces every conflict', async () => {
    let conflicts = 0;
    const counting = interceptAppend(store, (...args) =>
      store.append(...args).catch((error: unknown) => {
        if (isConcurrencyError(error)) conflicts++;
        throw error;
      }),
    );
    const handler = createCommandHandler({
      store: counting,
      decider: counterDecider(MAX),
      registry: counterRegistry(),
    });
    let run = 0;

    // Each command targets one of three streams; repeated ids model a client retrying a command.
    const command = fc.record({ stream: fc.integer({ min: 0, max: 2 }), id: fc.integer({ min: 0, max: 9 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 16 }), async (commands) => {
        const prefix = `prop-${++run}`;
        const streamOf = (stream: number) => `${prefix}-s${stream}`;
        // The command id fixes the stream, as a retried command always targets the same one.
        const commandIdOf = (c: { stream: number; id: number }) => `${prefix}-s${c.stream}-c${c.id}`;

        const outcomes = await Promise.allSettled(
          commands.map((c) =>
            handler.handle({ streamId: streamOf(c.stream), command: increment(), context, commandId: commandIdOf(c) }),
          ),
        );

        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(isConcurrencyError(outcome.reason) || isDomainError(outcome.reason)).toBe(true);
          }
        }
        for (const stream of [0, 1, 2]) {
          const mine = commands.map((c, i) => ({ c, outcome: outcomes[i]! })).filter(({ c }) => c.stream === stream);
          const events = await store.readStream(streamOf(stream));
          const fulfilled = mine
            .map(({ outcome }) => outcome)
            .filter((o): o is PromiseFulfilledResult<HandleResult<CounterEvent>> => o.status === 'fulfilled')
            .map((o) => o.value);
          const written = new Set(events.map((e) => e.metadata.commandId));

          // No duplicate version, no gap.
          expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
          // No command wrote twice, and every accepted command is in the stream.
          expect(written.size).toBe(events.length);
          for (const { c, outcome } of mine) {
            if (outcome.status === 'fulfilled') expect(written.has(commandIdOf(c))).toBe(true);
          }
          // No lost update: the folded count is the number of distinct accepted commands.
          const accepted = new Set(
            mine.filter(({ outcome }) => outcome.status === 'fulfilled').map(({ c }) => commandIdOf(c)),
          );
          expect(events.length).toBe(accepted.size);
          expect(events.length).toBeLessThanOrEqual(MAX);
          // A refusal by the decider only happens once the counter is full.
          if (mine.some(({ outcome }) => outcome.status === 'rejected' && isDomainError(outcome.reason))) {
            expect(events.length).toBe(MAX);
          }
          // Results of the same command agree on its version, whether first run or duplicate.
          for (const result of fulfilled) {
            expect(events[result.streamVersion - 1]?.checkpoint).toEqual(result.checkpoint);
          }
        }
      }),
      { numRuns: 25 },
    );
    // The runs really raced: without conflicts the property would prove nothing about retries.
    expect(conflicts).toBeGreaterThan(0);
  });
});
