import { DomainError } from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from './command-handler.js';
import { ConcurrencyError } from './errors.js';
import { context, counterDecider, counterRegistry, increment, interceptAppend } from './handler-fixtures.test.js';
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

  it('reloads and decides again after a concurrency conflict', async () => {
    const memory = createMemoryEventStore();
    let interfered = false;
    // Another writer slips an event in between this handler's read and its first append.
    const racy = interceptAppend(memory, async (streamId, events, options) => {
      if (!interfered) {
        interfered = true;
        await memory.append(streamId, [{ type: 'incremented', data: { by: 2 }, schemaVersion: 2 }], {
          expectedVersion: 'any',
        });
      }
      return memory.append(streamId, events, options);
    });
    const { handler } = setup(racy);

    const result = await handler.handle({ streamId: 'c', command: increment(), context, commandId: 'x' });
    expect(result).toMatchObject({ streamVersion: 2, duplicate: false });

    const error = await handler
      .handle({ streamId: 'c', command: increment(), context, commandId: 'y' })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', details: { count: 3 } });
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
