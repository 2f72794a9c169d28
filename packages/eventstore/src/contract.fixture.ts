/**
 * The EventStore contract: one suite that every adapter runs (memory, PostgreSQL, EventStoreDB),
 * so they cannot drift apart. It shares one store per adapter and gives every test its own
 * stream ids, which also lets it run against a long-lived EventStoreDB server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Checkpoint, compareCheckpoints, START } from './checkpoint.js';
import { ConcurrencyError, IdempotencyKeyReusedError, InvalidAppendError } from './errors.js';
import type { EventStore, ExpectedVersion, NewEvent, RecordedEvent } from './port.js';
import { MAX_EVENTS_PER_APPEND } from './validation.js';

/** Builds the store under test; `clock` must be its source of `recordedAt`. */
export type EventStoreFactory = (clock: () => Date) => Promise<EventStore>;

const T0 = new Date('2025-03-01T09:00:00.000Z');

function event(type: string, data: Record<string, unknown> = {}): NewEvent {
  return { type, data };
}

/** Registers the contract tests for one adapter. */
export function eventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let now = T0;
    const run = randomUUID().slice(0, 8);
    let streams = 0;
    const newStream = () => `contract-${run}-${++streams}`;

    beforeAll(async () => {
      store = await factory(() => now);
    });
    afterAll(async () => {
      await store?.close();
    });

    /** Pages through readAll after `after` until `count` events of this run arrived (readAll may lag). */
    async function readAllOfRun(after: Checkpoint, count: number, limit = 2): Promise<RecordedEvent[]> {
      const seen: RecordedEvent[] = [];
      let checkpoint = after;
      const deadline = Date.now() + 10_000;
      while (seen.filter((e) => e.streamId.startsWith(`contract-${run}-`)).length < count) {
        if (Date.now() > deadline) throw new Error(`readAll returned only ${seen.length} events`);
        const page = await store.readAll(checkpoint, { limit });
        expect(page.length).toBeLessThanOrEqual(limit);
        if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push(...page);
        checkpoint = page.at(-1)?.checkpoint ?? checkpoint;
      }
      return seen.filter((e) => e.streamId.startsWith(`contract-${run}-`));
    }

    describe('append and readStream', () => {
      it('records events with 1-based versions, defaults, metadata, time, checkpoints and a hash chain', async () => {
        const stream = newStream();
        now = new Date('2025-03-01T10:00:00.000Z');
        const result = await store.append(
          stream,
          [
            { type: 'opened', data: { title: 'Printer', tags: ['hw'], nested: { n: 1.5, ok: true, none: null } } },
            { type: 'noted', data: { text: 'ünïcødé ✓' }, schemaVersion: 2, metadata: { actorId: 'a-1', extra: [1] } },
          ],
          { expectedVersion: 'no_stream' },
        );
        const events = await store.readStream(stream);

        expect(result.streamVersion).toBe(2);
        expect(result.duplicate).toBe(false);
        expect(events.map((e) => [e.streamId, e.streamVersion, e.type, e.schemaVersion])).toEqual([
          [stream, 1, 'opened', 1],
          [stream, 2, 'noted', 2],
        ]);
        expect(events[0]?.data).toEqual({ title: 'Printer', tags: ['hw'], nested: { n: 1.5, ok: true, none: null } });
        expect(events[1]?.data).toEqual({ text: 'ünïcødé ✓' });
        expect(events[0]?.metadata).toEqual({});
        expect(events[1]?.metadata).toEqual({ actorId: 'a-1', extra: [1] });
        expect(events.map((e) => e.recordedAt.toISOString())).toEqual([now.toISOString(), now.toISOString()]);
        expect(compareCheckpoints(events[0]!.checkpoint, events[1]!.checkpoint)).toBeLessThan(0);
        expect(result.checkpoint).toEqual(events[1]?.checkpoint);
        expect(events[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(events[1]?.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(events[0]?.hash).not.toBe(events[1]?.hash);
      });

      it('drops undefined data properties like JSON does', async () => {
        const stream = newStream();
        await store.append(stream, [event('e', { kept: 1, dropped: undefined })], { expectedVersion: 'any' });
        const [recorded] = await store.readStream(stream);
        expect(recorded?.data).toStrictEqual({ kept: 1 });
      });

      it('continues the version sequence across appends', async () => {
        const stream = newStream();
        await store.append(stream, [event('a')], { expectedVersion: 'no_stream' });
        const second = await store.append(stream, [event('b'), event('c')], { expectedVersion: 1 });
        expect(second.streamVersion).toBe(3);
        expect((await store.readStream(stream)).map((e) => `${e.streamVersion}:${e.type}`)).toEqual([
          '1:a',
          '2:b',
          '3:c',
        ]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(newStream())).toEqual([]);
      });
    });

    describe('expected version', () => {
      async function streamAt(version: number): Promise<string> {
        const stream = newStream();
        if (version > 0) {
          const events = Array.from({ length: version }, (_, i) => event(`e${i + 1}`));
          await store.append(stream, events, { expectedVersion: 'no_stream' });
        }
        return stream;
      }

      async function expectConflict(stream: string, expectedVersion: ExpectedVersion, actual: number) {
        const before = await store.readStream(stream);
        const error = await store.append(stream, [event('refused')], { expectedVersion }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion, actualVersion: actual });
        expect(await store.readStream(stream)).toEqual(before);
      }

      it('no_stream: accepts a new stream, refuses an existing one', async () => {
        expect(
          (await store.append(await streamAt(0), [event('x')], { expectedVersion: 'no_stream' })).streamVersion,
        ).toBe(1);
        await expectConflict(await streamAt(2), 'no_stream', 2);
      });

      it('stream_exists: refuses a new stream, accepts an existing one', async () => {
        await expectConflict(await streamAt(0), 'stream_exists', 0);
        const result = await store.append(await streamAt(1), [event('x')], { expectedVersion: 'stream_exists' });
        expect(result.streamVersion).toBe(2);
      });

      it('exact version: accepts the current version (0 for a new stream), refuses others', async () => {
        expect((await store.append(await streamAt(0), [event('x')], { expectedVersion: 0 })).streamVersion).toBe(1);
        expect((await store.append(await streamAt(3), [event('x')], { expectedVersion: 3 })).streamVersion).toBe(4);
        await expectConflict(await streamAt(3), 2, 3);
        await expectConflict(await streamAt(3), 4, 3);
        await expectConflict(await streamAt(0), 1, 0);
      });

      it('any: accepts new and existing streams', async () => {
        expect((await store.append(await streamAt(0), [event('x')], { expectedVersion: 'any' })).streamVersion).toBe(1);
        expect((await store.append(await streamAt(2), [event('x')], { expectedVersion: 'any' })).streamVersion).toBe(3);
      });

      it('lets exactly one of several racing appends at the same version win, writing nothing for the others', async () => {
        const stream = await streamAt(1);
        const attempts = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => store.append(stream, [event(`racer${i}`)], { expectedVersion: 1 })),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const failure of lost) expect(failure.reason).toBeInstanceOf(ConcurrencyError);
        expect((await store.readStream(stream)).map((e) => e.streamVersion)).toEqual([1, 2]);
      });
    });

    describe('idempotent command ids', () => {
      it('returns the original result for a repeated command id and writes nothing, even with a stale version', async () => {
        const stream = newStream();
        const commandId = `cmd-${randomUUID()}`;
        const first = await store.append(stream, [event('a'), event('b')], { expectedVersion: 'no_stream', commandId });
        const again = await store.append(stream, [event('a'), event('b')], { expectedVersion: 'no_stream', commandId });

        expect(first.duplicate).toBe(false);
        expect(again).toEqual({ ...first, duplicate: true });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses a command id reused on another stream with IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
        const stream = newStream();
        const other = newStream();
        const commandId = `cmd-${randomUUID()}`;
        await store.append(stream, [event('a')], { expectedVersion: 'no_stream', commandId });

        const reused = store.append(other, [event('z')], { expectedVersion: 'any', commandId });
        await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
        await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { commandId } });
        expect(await store.readStream(other)).toEqual([]);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('compares the command digest: the same digest is a duplicate, another one is refused', async () => {
        const stream = newStream();
        const commandId = `cmd-${randomUUID()}`;
        const options = { expectedVersion: 'no_stream' as const, commandId, commandDigest: 'digest-1' };
        const first = await store.append(stream, [event('a')], options);

        expect(await store.append(stream, [event('a')], options)).toEqual({ ...first, duplicate: true });
        await expect(
          store.append(stream, [event('a')], { ...options, expectedVersion: 'any', commandDigest: 'digest-2' }),
        ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('treats different command ids as different commands', async () => {
        const stream = newStream();
        await store.append(stream, [event('a')], { expectedVersion: 'any', commandId: `cmd-${randomUUID()}` });
        const second = await store.append(stream, [event('a')], {
          expectedVersion: 'any',
          commandId: `cmd-${randomUUID()}`,
        });
        expect(second).toMatchObject({ streamVersion: 2, duplicate: false });
      });
    });

    describe('invalid appends', () => {
      const cases: { what: string; streamId?: string; events: unknown[] }[] = [
        { what: 'an empty batch', events: [] },
        { what: 'an empty stream id', streamId: '', events: [event('a')] },
        { what: 'a 201-character stream id', streamId: 'x'.repeat(201), events: [event('a')] },
        { what: 'an empty type', events: [{ type: '', data: {} }] },
        { what: 'a 201-character type', events: [{ type: 't'.repeat(201), data: {} }] },
        { what: 'array data', events: [{ type: 'a', data: [1] }] },
        { what: 'a Date in data', events: [{ type: 'a', data: { at: new Date() } }] },
        { what: 'a bigint in data', events: [{ type: 'a', data: { n: 1n } }] },
        { what: 'NaN in data', events: [{ type: 'a', data: { n: Number.NaN } }] },
        { what: 'a function in metadata', events: [{ type: 'a', data: {}, metadata: { f: () => 1 } }] },
        { what: 'a non-string actor id', events: [{ type: 'a', data: {}, metadata: { actorId: 7 } }] },
        { what: 'schema version 0', events: [{ type: 'a', data: {}, schemaVersion: 0 }] },
        { what: 'too many events', events: Array.from({ length: MAX_EVENTS_PER_APPEND + 1 }, () => event('a')) },
      ];
      for (const { what, streamId, events } of cases) {
        it(`refuses ${what} with INVALID_APPEND and writes nothing`, async () => {
          const stream = streamId ?? newStream();
          const error = await store.append(stream, events as NewEvent[], { expectedVersion: 'any' }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect(error).toMatchObject({ code: 'INVALID_APPEND' });
          if (streamId === undefined) expect(await store.readStream(stream)).toEqual([]);
        });
      }

      it('refuses a negative expected version', async () => {
        await expect(store.append(newStream(), [event('a')], { expectedVersion: -1 })).rejects.toMatchObject({
          code: 'INVALID_APPEND',
        });
      });
    });

    describe('readStream ranges', () => {
      it('reads from and to a version, inclusive', async () => {
        const stream = newStream();
        await store.append(
          stream,
          [1, 2, 3, 4, 5].map((i) => event(`e${i}`)),
          { expectedVersion: 'no_stream' },
        );
        const versions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((e) => e.streamVersion);
        expect(await versions({ fromVersion: 2 })).toEqual([2, 3, 4, 5]);
        expect(await versions({ toVersion: 3 })).toEqual([1, 2, 3]);
        expect(await versions({ fromVersion: 2, toVersion: 4 })).toEqual([2, 3, 4]);
        expect(await versions({ fromVersion: 6 })).toEqual([]);
        // Bounds past any version a stream can reach (a client's page cursor) read as such, not as a fault.
        expect(await versions({ fromVersion: 2 ** 31 })).toEqual([]);
        expect(await versions({ fromVersion: 4, toVersion: 2 ** 40 })).toEqual([4, 5]);
      });

      it('reads the stream as of an instant (events recorded at or before it)', async () => {
        const stream = newStream();
        now = new Date('2025-03-02T08:00:00.000Z');
        await store.append(stream, [event('first')], { expectedVersion: 'no_stream' });
        now = new Date('2025-03-02T09:00:00.000Z');
        await store.append(stream, [event('second')], { expectedVersion: 1 });
        now = new Date('2025-03-02T10:00:00.000Z');
        await store.append(stream, [event('third')], { expectedVersion: 2 });

        const asOf = async (iso: string) =>
          (await store.readStream(stream, { asOf: new Date(iso) })).map((e) => e.type);
        expect(await asOf('2025-03-02T07:59:59.999Z')).toEqual([]);
        expect(await asOf('2025-03-02T08:00:00.000Z')).toEqual(['first']);
        expect(await asOf('2025-03-02T09:30:00.000Z')).toEqual(['first', 'second']);
        expect(await asOf('2025-03-03T00:00:00.000Z')).toEqual(['first', 'second', 'third']);
      });
    });

    describe('readAll', () => {
      it('returns every event after a checkpoint, in append order, in batches of at most `limit`', async () => {
        const marker = await store.append(newStream(), [event('marker')], { expectedVersion: 'any' });
        const [s1, s2, s3] = [newStream(), newStream(), newStream()];
        await store.append(s1, [event('1a'), event('1b')], { expectedVersion: 'no_stream' });
        await store.append(s2, [event('2a')], { expectedVersion: 'no_stream' });
        await store.append(s1, [event('1c')], { expectedVersion: 2 });
        await store.append(s3, [event('3a'), event('3b'), event('3c')], { expectedVersion: 'no_stream' });

        const events = await readAllOfRun(marker.checkpoint, 7);
        expect(events.map((e) => e.type)).toEqual(['1a', '1b', '2a', '1c', '3a', '3b', '3c']);
        for (let i = 1; i < events.length; i++) {
          expect(compareCheckpoints(events[i - 1]!.checkpoint, events[i]!.checkpoint)).toBeLessThan(0);
        }
        const [fromMiddle] = await store.readAll(events[3]!.checkpoint, { limit: 1 });
        expect(fromMiddle?.type).toBe('3a');
      });

      it('starts at the beginning of the log from START', async () => {
        const marker = await store.append(newStream(), [event('marker')], { expectedVersion: 'any' });
        const [first] = await store.readAll(START, { limit: 1 });
        expect(first).toBeDefined();
        expect(compareCheckpoints(first!.checkpoint, marker.checkpoint)).toBeLessThanOrEqual(0);
      });
    });

    describe('hasReached', () => {
      it("has reached every checkpoint an append answered, and not one past the log's end", async () => {
        const { checkpoint } = await store.append(newStream(), [event('reached')], { expectedVersion: 'any' });
        expect(await store.hasReached(START)).toBe(true);
        expect(await store.hasReached(checkpoint)).toBe(true);
        const beyond = { transactionId: checkpoint.transactionId + 1_000_000_000n, globalPosition: 1n };
        expect(await store.hasReached(beyond)).toBe(false);
        // Past anything a position or a transaction id can hold: still an answer, not an error.
        expect(await store.hasReached({ transactionId: 2n ** 70n, globalPosition: 2n ** 70n })).toBe(false);
      });
    });

    describe('subscribe', () => {
      it('delivers the backlog, then live events, in order, and stops on abort', async () => {
        const marker = await store.append(newStream(), [event('marker')], { expectedVersion: 'any' });
        const stream = newStream();
        await store.append(stream, [event('past1'), event('past2')], { expectedVersion: 'no_stream' });

        const received: RecordedEvent[] = [];
        const controller = new AbortController();
        let arrived = () => {};
        const subscription = store.subscribe(
          marker.checkpoint,
          async (e) => {
            if (!e.streamId.startsWith(`contract-${run}-`)) return;
            received.push(e);
            arrived();
          },
          { signal: controller.signal },
        );
        const waitFor = (count: number) =>
          new Promise<void>((resolve, reject) => {
            const timeout = setTimeout(() => reject(new Error(`only ${received.length} of ${count} events`)), 10_000);
            arrived = () => {
              if (received.length >= count) resolve(clearTimeout(timeout));
            };
            arrived();
          });

        await waitFor(2);
        await store.append(stream, [event('live1')], { expectedVersion: 2 });
        await store.append(newStream(), [event('live2')], { expectedVersion: 'no_stream' });
        await waitFor(4);
        controller.abort();
        await subscription;
        await store.append(stream, [event('after-abort')], { expectedVersion: 3 });
        await new Promise((resolve) => setTimeout(resolve, 100));

        expect(received.map((e) => e.type)).toEqual(['past1', 'past2', 'live1', 'live2']);
      });

      it('rejects when the handler throws', async () => {
        const marker = await store.append(newStream(), [event('marker')], { expectedVersion: 'any' });
        await store.append(newStream(), [event('boom')], { expectedVersion: 'no_stream' });
        const controller = new AbortController();
        const subscription = store.subscribe(
          marker.checkpoint,
          (e) => {
            if (e.type === 'boom') throw new Error('handler failed');
          },
          { signal: controller.signal },
        );
        await expect(subscription).rejects.toThrow('handler failed');
        controller.abort();
      });
    });
  });
}
