import type { RecordedEvent } from '@support-engine/eventstore';
import { START } from '@support-engine/eventstore';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigratedStore } from './fixture.fixture.js';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';

describe('PostgreSQL subscription wake-ups', () => {
  const open: PostgresEventStore[] = [];
  let controller = new AbortController();
  afterEach(async () => {
    controller.abort();
    controller = new AbortController();
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  /** Subscribes from the start and resolves with the first event delivered. */
  function firstDelivery(store: PostgresEventStore, signal: AbortSignal): Promise<RecordedEvent> {
    return new Promise((resolve, reject) => {
      store.subscribe(START, resolve, { signal }).catch(reject);
    });
  }

  async function measure(options: { listen: boolean; pollIntervalMs: number }) {
    const { store: subscriber, connectionString } = await createMigratedStore(options);
    // A separate store (own pool) plays another process that appends.
    const writer = createPostgresEventStore({ connectionString });
    open.push(subscriber, writer);
    const delivered = firstDelivery(subscriber, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the subscriber is now caught up and asleep
    const started = Date.now();
    await writer.append('wake', [{ type: 'ping', data: {} }], { expectedVersion: 'any' });
    const event = await delivered;
    return { event, latencyMs: Date.now() - started };
  }

  it('wakes a sleeping subscriber through LISTEN/NOTIFY long before its next poll', async () => {
    const { event, latencyMs } = await measure({ listen: true, pollIntervalMs: 60_000 });
    expect(event.type).toBe('ping');
    expect(latencyMs).toBeLessThan(2_000);
  });

  it('still delivers by polling when no notification arrives', async () => {
    const { event, latencyMs } = await measure({ listen: false, pollIntervalMs: 150 });
    expect(event.type).toBe('ping');
    expect(latencyMs).toBeLessThan(5_000);
  });
});
