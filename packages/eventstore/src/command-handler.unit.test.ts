import { type CommandContext, DomainError } from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import {
  type CounterCommand,
  type CounterState,
  context,
  counterDecider,
  counterRegistry,
  increment,
  interceptAppend,
} from './command-handler.fixture.js';
import { createCommandHandler } from './command-handler.js';
import { ConcurrencyError, IdempotencyKeyReusedError } from './errors.js';
import { createMemoryEventStore } from './memory/memory-event-store.js';
import type { EventStore } from './port.js';

function setup(store: EventStore = createMemoryEventStore(), max = 3) {
  const handler = createCommandHandler({
    store,
    decider: counterDecider(max),
    registry: counterRegistry(),
    backoffMs: 0,
  });
  return { store, handler };
}

/** `store`, where another writer slips an event in between a handler's read and its first append on each stream. */
function racingOnce(store: EventStore): EventStore {
  const raced = new Set<string>();
  return interceptAppend(store, async (streamId, events, options) => {
    if (!raced.has(streamId)) {
      raced.add(streamId);
      await store.append(streamId, [{ type: 'incremented', data: { by: 2 }, schemaVersion: 2 }], {
        expectedVersion: 'any',
      });
    }
    return store.append(streamId, events, options);
  });
}

describe('command handler', () => {
  it('loads, decides and appends, stamping actor, role and command id on the metadata', async () => {
    const { store, handler } = setup();
    await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'cmd-1' });
    const result = await handler.handle({
      streamId: 'c',
      command: increment(2),
      context,
      commandId: 'cmd-2',
      metadata: { correlationId: 'corr-1', actorId: 'spoofed' },
    });

    expect(result).toMatchObject({
      events: [{ type: 'incremented', data: { by: 2 } }],
      streamVersion: 2,
      duplicate: false,
    });
    const stored = await store.readStream('c');
    expect(result.checkpoint).toEqual(stored[1]?.checkpoint);
    expect(stored[1]).toMatchObject({
      schemaVersion: 2,
      metadata: { actorId: 'agent-7', actorRole: 'agent', commandId: 'cmd-2', correlationId: 'corr-1' },
    });
  });

  it('lets a domain error through unchanged and writes nothing', async () => {
    const { store, handler } = setup();
    const error = await handler
      .handle({ streamId: 'c', command: increment(4), context, commandId: 'too-much' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', details: { count: 0 } });
    expect(await store.readStream('c')).toEqual([]);
  });

  it('returns the original outcome for a repeated command id, even when deciding again would now fail', async () => {
    const { store, handler } = setup();
    const first = await handler.handle({ streamId: 'c', command: increment(3), context, commandId: 'once' });
    const again = await handler.handle({ streamId: 'c', command: increment(3), context, commandId: 'once' });

    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream('c')).toHaveLength(1);
  });

  it('refuses a command id reused on another stream: IDEMPOTENCY_KEY_REUSED, the other stream unchanged', async () => {
    const { store, handler } = setup();
    await handler.handle({ streamId: 'a', command: increment(), context, commandId: 'key' });
    await handler.handle({ streamId: 'b', command: increment(), context, commandId: 'b-1' });

    const reused = handler.handle({ streamId: 'b', command: increment(), context, commandId: 'key' });
    await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { commandId: 'key' } });
    expect(await store.readStream('b')).toHaveLength(1);
  });

  it('refuses a command id reused for another command on the same stream; the same command repeats its outcome', async () => {
    const { store, handler } = setup();
    const first = await handler.handle({ streamId: 'c', command: increment(1), context, commandId: 'key' });

    await expect(
      handler.handle({ streamId: 'c', command: increment(2), context, commandId: 'key' }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // Later, and from another actor (ids derived from a cause are issued by whoever finds it first).
    const later = { now: new Date(context.now.getTime() + 60_000), actor: { id: 'router', role: 'system' as const } };
    expect(await handler.handle({ streamId: 'c', command: increment(1), context: later, commandId: 'key' })).toEqual({
      ...first,
      duplicate: true,
    });
    expect(await store.readStream('c')).toHaveLength(1);
  });

  it('writes nothing and reports the current version when the decider decides nothing', async () => {
    const { store, handler } = setup();
    const opened = await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'a' });
    const touched = await handler.handle({
      streamId: 'c',
      command: { type: 'touch', data: {} },
      context,
      commandId: 'b',
    });
    expect(touched).toEqual({ events: [], streamVersion: 1, checkpoint: opened.checkpoint, duplicate: false });
    expect(await store.readStream('c')).toHaveLength(1);
  });

  it('decides an exact-version request only against that version, once, and still answers a repeat', async () => {
    const { store, handler } = setup();
    await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'a' });
    const stale = await handler
      .handle({ streamId: 'c', command: increment(), context, commandId: 'b', expectedVersion: 0 })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(stale).toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    expect(await store.readStream('c')).toHaveLength(1);
    const exact = await handler.handle({
      streamId: 'c',
      command: increment(),
      context,
      commandId: 'b',
      expectedVersion: 1,
    });
    expect(exact).toMatchObject({ streamVersion: 2, duplicate: false });
    // The command landed at version 1 -> 2; repeating it (with its now stale version) returns that outcome.
    const repeat = await handler.handle({
      streamId: 'c',
      command: increment(),
      context,
      commandId: 'b',
      expectedVersion: 1,
    });
    expect(repeat).toMatchObject({ streamVersion: 2, duplicate: true });
  });

  it('decides against the history the caller read, without reading the stream again', async () => {
    const memory = createMemoryEventStore();
    const { handler } = setup(memory);
    await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'a' });
    const history = await memory.readStream('c');
    let reads = 0;
    const counted: EventStore = {
      ...interceptAppend(memory, memory.append.bind(memory)),
      readStream: (...args) => {
        reads++;
        return memory.readStream(...args);
      },
    };
    const { handler: counting } = setup(counted);
    const result = await counting.handle({
      streamId: 'c',
      command: increment(),
      context,
      commandId: 'b',
      expectedVersion: 1,
      history,
    });
    expect(result).toMatchObject({ streamVersion: 2, duplicate: false });
    expect(reads).toBe(0);
    // A history the stream has moved past is refused at the append.
    const stale = await counting
      .handle({ streamId: 'c', command: increment(), context, commandId: 'c', expectedVersion: 1, history })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
  });

  it('reloads and decides again after a concurrency conflict', async () => {
    const { handler } = setup(racingOnce(createMemoryEventStore()));

    const result = await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'x' });
    expect(result).toMatchObject({ streamVersion: 2, duplicate: false });

    const error = await handler
      .handle({ streamId: 'c', command: increment(), context, commandId: 'y' })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', details: { count: 3 } });
  });

  it('reads the instant of each decision from the request clock, after the stream is read', async () => {
    const memory = createMemoryEventStore();
    const instants: Date[] = [];
    const decider = counterDecider(10);
    const stamping = createCommandHandler({
      store: racingOnce(memory),
      decider: {
        ...decider,
        decide: (command: CounterCommand, state: CounterState, at: CommandContext) => {
          instants.push(at.now);
          return decider.decide(command, state, at);
        },
      },
      registry: counterRegistry(),
      backoffMs: 0,
    });
    let tick = 0;
    const clock = () => new Date(Date.UTC(2025, 2, 1, 10, 0, ++tick));

    await stamping.handle({ streamId: 'c', command: increment(), context, commandId: 'x', clock });
    // Decided twice (the first append lost to another writer), each time at the clock's instant then.
    expect(instants.map((at) => at.toISOString())).toEqual(['2025-03-01T10:00:01.000Z', '2025-03-01T10:00:02.000Z']);
    // Without a clock, the context's instant.
    await stamping.handle({ streamId: 'd', command: increment(), context, commandId: 'y' });
    expect(instants.slice(2)).toEqual([context.now, context.now]);
  });

  it('surfaces the conflict after the last attempt', async () => {
    const memory = createMemoryEventStore();
    let appends = 0;
    const alwaysConflicting = interceptAppend(memory, async (streamId, _events, options) => {
      appends++;
      throw new ConcurrencyError(streamId, options.expectedVersion, 99);
    });
    const handler = createCommandHandler({
      store: alwaysConflicting,
      decider: counterDecider(3),
      registry: counterRegistry(),
      maxAttempts: 4,
      backoffMs: 1,
    });

    await expect(
      handler.handle({ streamId: 'c', command: increment(), context, commandId: 'x' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(appends).toBe(4);
  });

  it('upcasts stored events of an older schema version before evolving', async () => {
    const { store, handler } = setup();
    await store.append('c', [{ type: 'incremented', data: { amount: 2 }, schemaVersion: 1 }], { expectedVersion: 0 });
    const error = await handler
      .handle({ streamId: 'c', command: increment(2), context, commandId: 'x' })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', details: { count: 2 } });
  });

  it.each([
    ['an unknown event type', { type: 'mystery', data: {} }, 'UNKNOWN_EVENT_TYPE'],
    [
      'a newer schema version',
      { type: 'incremented', data: { by: 1 }, schemaVersion: 3 },
      'UNSUPPORTED_SCHEMA_VERSION',
    ],
  ])('fails loudly on %s in the stream and writes nothing', async (_what, stored, code) => {
    const { store, handler } = setup();
    await store.append('c', [stored], { expectedVersion: 0 });
    await expect(
      handler.handle({ streamId: 'c', command: increment(), context, commandId: 'x' }),
    ).rejects.toMatchObject({
      code,
    });
    expect(await store.readStream('c')).toHaveLength(1);
  });
});

/** A memory store that counts the handler's reads and appends. */
function countingStore(store: EventStore = createMemoryEventStore()) {
  const calls = { reads: 0, appends: 0, conflicts: 0 };
  const counted: EventStore = {
    ...interceptAppend(store, (...args) => {
      calls.appends++;
      return store.append(...args).catch((error: unknown) => {
        if (error instanceof ConcurrencyError) calls.conflicts++;
        throw error;
      });
    }),
    readStream: (...args) => {
      calls.reads++;
      return store.readStream(...args);
    },
  };
  return { store: counted, calls };
}

function cachedHandler(store: EventStore, maxStreams = 10, max = 3, maxAttempts = 5) {
  return createCommandHandler({
    store,
    decider: counterDecider(max),
    registry: counterRegistry(),
    backoffMs: 0,
    maxAttempts,
    cache: { maxStreams },
  });
}

describe('command handler with a state cache', () => {
  it('decides a recently seen stream from the cache: one append, no read', async () => {
    const { store, calls } = countingStore();
    const handler = cachedHandler(store);
    await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'a' });
    expect(calls).toMatchObject({ reads: 1, appends: 1 });

    const result = await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'b' });
    expect(calls).toMatchObject({ reads: 1, appends: 2 });
    expect(result).toMatchObject({ events: [{ type: 'incremented', data: { by: 1 } }], streamVersion: 2 });
    expect(result.checkpoint).toEqual((await store.readStream('c'))[1]?.checkpoint);
    // The cached state is the folded one: the decider refuses once the counter is full.
    await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'c' });
    await expect(
      handler.handle({ streamId: 'c', command: increment(), context, commandId: 'd' }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { count: 3 } });
  });

  it('refuses a command id reused on another cached stream, writing nothing', async () => {
    const { store } = countingStore();
    const handler = cachedHandler(store);
    await handler.handle({ streamId: 'a', command: increment(), context, commandId: 'key' });
    await handler.handle({ streamId: 'b', command: increment(), context, commandId: 'b-1' });

    await expect(
      handler.handle({ streamId: 'b', command: increment(), context, commandId: 'key' }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await store.readStream('b')).toHaveLength(1);
  });

  it('evicts the least recently used stream beyond maxStreams', async () => {
    const { store, calls } = countingStore();
    const handler = cachedHandler(store, 2, 10);
    let n = 0;
    const handle = (streamId: string) =>
      handler.handle({ streamId, command: increment(), context, commandId: `cmd-${++n}` });

    await handle('a');
    await handle('b');
    await handle('a'); // hit: 'a' becomes the most recently used
    expect(calls.reads).toBe(2);
    await handle('c'); // miss: evicts 'b', the least recently used
    expect(calls.reads).toBe(3);
    await handle('a');
    await handle('c');
    expect(calls.reads).toBe(3);
    await handle('b'); // evicted: read again
    expect(calls.reads).toBe(4);
    expect((await store.readStream('a')).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
  });

  it('recovers from a stale cache: the conflict evicts, reloads and decides on the fresh state', async () => {
    const memory = createMemoryEventStore();
    const first = countingStore(memory);
    const mine = cachedHandler(first.store, 10, 3, 1);
    const theirs = cachedHandler(memory, 10, 3);

    await mine.handle({ streamId: 'c', command: increment(), context, commandId: 'a' });
    await theirs.handle({ streamId: 'c', command: increment(), context, commandId: 'b' }); // mine is stale now
    // One attempt is allowed, yet the stale entry's conflict does not use it up.
    const result = await mine.handle({ streamId: 'c', command: increment(), context, commandId: 'c' });
    expect(result).toMatchObject({ streamVersion: 3, duplicate: false });
    expect(first.calls).toMatchObject({ reads: 2, appends: 3, conflicts: 1 });

    // Decided on the fresh state (count 3), not on the stale one (count 1).
    await theirs.handle({ streamId: 'c', command: { type: 'touch', data: {} }, context, commandId: 'd' });
    await expect(mine.handle({ streamId: 'c', command: increment(), context, commandId: 'e' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { count: 3 },
    });
    expect((await memory.readStream('c')).map((e) => e.metadata.commandId)).toEqual(['a', 'b', 'c']);
  });

  it('returns the original outcome for a retried command when the cached state makes the decider refuse', async () => {
    const { store, calls } = countingStore();
    const handler = cachedHandler(store);
    const first = await handler.handle({ streamId: 'c', command: increment(3), context, commandId: 'once' });
    const again = await handler.handle({ streamId: 'c', command: increment(3), context, commandId: 'once' });

    expect(again).toEqual({ ...first, duplicate: true });
    expect(calls.appends).toBe(1);
    expect(await store.readStream('c')).toHaveLength(1);
  });

  it('returns the original outcome for a retried command the cached state would accept again', async () => {
    const { store } = countingStore();
    const handler = cachedHandler(store, 10, 10);
    const first = await handler.handle({ streamId: 'c', command: increment(2), context, commandId: 'once' });
    const again = await handler.handle({ streamId: 'c', command: increment(2), context, commandId: 'once' });

    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream('c')).toHaveLength(1);
  });

  it('returns the original outcome for a command another handler ran, even with a stale cache', async () => {
    const memory = createMemoryEventStore();
    const mine = cachedHandler(memory, 10, 10);
    const theirs = cachedHandler(memory, 10, 10);
    await mine.handle({ streamId: 'c', command: increment(), context, commandId: 'a' });
    const original = await theirs.handle({ streamId: 'c', command: increment(), context, commandId: 'b' });
    await theirs.handle({ streamId: 'c', command: increment(), context, commandId: 'c' });

    expect(await mine.handle({ streamId: 'c', command: increment(), context, commandId: 'b' })).toEqual({
      ...original,
      duplicate: true,
    });
    expect((await memory.readStream('c')).map((e) => e.metadata.commandId)).toEqual(['a', 'b', 'c']);
  });

  it('reads the stream when the cached decision is empty, reporting the current version', async () => {
    const memory = createMemoryEventStore();
    const mine = cachedHandler(memory);
    await mine.handle({ streamId: 'c', command: increment(), context, commandId: 'a' });
    const latest = await cachedHandler(memory).handle({ streamId: 'c', command: increment(), context, commandId: 'b' });
    const touched = await mine.handle({ streamId: 'c', command: { type: 'touch', data: {} }, context, commandId: 't' });
    expect(touched).toEqual({ events: [], streamVersion: 2, checkpoint: latest.checkpoint, duplicate: false });
  });

  it('refuses a maxStreams that is not a positive integer', () => {
    for (const maxStreams of [0, -1, 1.5, Number.NaN]) {
      expect(() => cachedHandler(createMemoryEventStore(), maxStreams)).toThrow(RangeError);
    }
  });
});

describe('command handler with commands that start their stream', () => {
  /** A handler taking every increment to start its stream (the counter's max at 3). */
  const starting = (store: EventStore, cache = true) =>
    createCommandHandler({
      store,
      decider: counterDecider(3),
      registry: counterRegistry(),
      backoffMs: 0,
      startsStream: (command: CounterCommand) => command.type === 'increment',
      ...(cache ? { cache: { maxStreams: 10 } } : {}),
    });

  it('decides a new stream without reading it: one append, no read', async () => {
    const { store, calls } = countingStore();
    const result = await starting(store).handle({ streamId: 'n', command: increment(2), context, commandId: 'a' });
    expect(calls).toMatchObject({ reads: 0, appends: 1, conflicts: 0 });
    expect(result).toMatchObject({ streamVersion: 1, events: [{ type: 'incremented', data: { by: 2 } }] });
    expect((await store.readStream('n')).map((event) => event.data)).toEqual([{ by: 2 }]);
  });

  it('decides against the stream as read when it exists: the append to an empty stream conflicts first', async () => {
    const { store, calls } = countingStore();
    await starting(store).handle({ streamId: 'e', command: increment(2), context, commandId: 'a' });
    // Another process (its own handler, no cache of this stream) finds the stream there.
    const other = starting(store, false);
    const result = await other.handle({ streamId: 'e', command: increment(), context, commandId: 'b' });
    expect(result).toMatchObject({ streamVersion: 2 });
    expect(calls).toMatchObject({ reads: 1, appends: 3, conflicts: 1 });
    // The refusal comes from the stream as it is, not from the initial state the command was first decided on.
    await expect(
      starting(store, false).handle({ streamId: 'e', command: increment(), context, commandId: 'c' }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { count: 3 } });
    expect(await store.readStream('e')).toHaveLength(2);
  });

  it('answers a repeated command with its first outcome, writing nothing twice', async () => {
    const { store } = countingStore();
    const first = await starting(store).handle({ streamId: 'r', command: increment(), context, commandId: 'a' });
    const again = await starting(store, false).handle({ streamId: 'r', command: increment(), context, commandId: 'a' });
    expect(again).toMatchObject({ streamVersion: 1, events: first.events, checkpoint: first.checkpoint });
    expect(await store.readStream('r')).toHaveLength(1);
  });
});
