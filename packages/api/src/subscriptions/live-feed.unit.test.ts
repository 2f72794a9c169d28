import { type Checkpoint, createMemoryEventStore, type EventStore, START } from '@support-engine/eventstore';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CATCH_UP_LIMIT, LiveFeed } from './live-feed.js';

// The shared feed as a subscriber sees it: what the read models did not hold when it subscribed
// comes first, from the log, then what comes live, each event once and in order.

const silent = pino({ level: 'silent' });
const feeds: LiveFeed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.close();
});

/** A feed over `store` whose read models stand at whatever `readModels.at` says. */
function feedOver(store: EventStore, readModels: { at: Checkpoint }) {
  const feed = new LiveFeed(store, async () => readModels.at, silent);
  feeds.push(feed);
  return feed;
}

const append = (store: EventStore, stream: string, type: string) =>
  store.append(stream, [{ type, data: {} }], { expectedVersion: 'any' });

/** A feed already running (one subscriber has had its first event), its read models at `START`. */
async function runningFeed() {
  const store = createMemoryEventStore();
  const readModels = { at: START };
  const feed = feedOver(store, readModels);
  const warmUp = feed.events(() => true);
  await append(store, 'ticket-0', 'Start');
  await take(warmUp, 1);
  return { store, readModels, feed };
}

/** The types of the next `count` events `events` yields. */
async function take(events: AsyncIterator<{ type: string }>, count: number): Promise<string[]> {
  const types: string[] = [];
  while (types.length < count) {
    const next = await events.next();
    if (next.done) break;
    types.push(next.value.type);
  }
  return types;
}

describe('LiveFeed', () => {
  it('tells a subscriber joining a running feed of the changes the read models do not hold yet, then the live ones', async () => {
    const store = createMemoryEventStore();
    const readModels = { at: START };
    const feed = feedOver(store, readModels);
    const first = feed.events((event) => event.streamId === 'ticket-1');
    await append(store, 'ticket-1', 'Opened');
    expect(await take(first, 1)).toEqual(['Opened']);
    readModels.at = (await append(store, 'ticket-1', 'Projected')).checkpoint;

    // Appended while the read models were behind, before the second subscriber came.
    await append(store, 'ticket-1', 'PriorityChanged');
    await append(store, 'ticket-2', 'Elsewhere');
    expect(await take(first, 2)).toEqual(['Projected', 'PriorityChanged']);
    const second = feed.events((event) => event.streamId === 'ticket-1');
    await append(store, 'ticket-1', 'Tagged');

    // Not "Projected": the read models hold it, so a read shows it.
    expect(await take(second, 2)).toEqual(['PriorityChanged', 'Tagged']);
    expect(await take(first, 1)).toEqual(['Tagged']);
  });

  it('tells each event once and in order while appends race the subscription', async () => {
    const { store, readModels, feed } = await runningFeed();
    readModels.at = (await append(store, 'ticket-0', 'Held')).checkpoint;

    const writes = Array.from({ length: 60 }, (_, n) => append(store, 'ticket-1', `E${n}`));
    const subscriber = feed.events((event) => event.streamId === 'ticket-1');
    await Promise.all(writes);
    expect(await take(subscriber, 60)).toEqual(Array.from({ length: 60 }, (_, n) => `E${n}`));
  });

  it('hands a stateful filter the events in log order, once each', async () => {
    const { store, feed } = await runningFeed();
    await append(store, 'ticket-9', 'Opened');
    // A filter that follows a stream from its opening on: it must see the opening first.
    const followed = new Set<string>();
    const seen: string[] = [];
    const subscriber = feed.events((event) => {
      seen.push(`${event.streamId} ${event.type}`);
      if (event.type === 'Opened') followed.add(event.streamId);
      return followed.has(event.streamId);
    });
    await append(store, 'ticket-9', 'Replied');
    expect(await take(subscriber, 2)).toEqual(['Opened', 'Replied']);
    expect(seen).toEqual(['ticket-0 Start', 'ticket-9 Opened', 'ticket-9 Replied']);
  });

  it('reads no more than its limit when the read models are far behind, and goes on live', async () => {
    const { store, feed } = await runningFeed();
    for (let n = 0; n < CATCH_UP_LIMIT + 50; n++) await append(store, 'ticket-1', `E${n}`);
    const subscriber = feed.events((event) => event.streamId !== 'ticket-0');
    await append(store, 'ticket-2', 'Live');
    const told: string[] = [];
    for (let next = await subscriber.next(); !next.done; next = await subscriber.next()) {
      told.push(next.value.type);
      if (next.value.type === 'Live') break;
    }
    // The first events it could read, never an event twice, then the live one.
    expect(told.at(-1)).toBe('Live');
    expect(told.slice(0, 3)).toEqual(['E0', 'E1', 'E2']);
    expect(new Set(told).size).toBe(told.length);
    expect(told.length).toBeLessThanOrEqual(CATCH_UP_LIMIT + 50 + 1);
  });
});
