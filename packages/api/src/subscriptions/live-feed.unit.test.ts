import { type Checkpoint, createMemoryEventStore, type EventStore, START } from '@support-engine/eventstore';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CATCH_UP_LIMIT, LiveFeed, RECENT_LIMIT, RECENT_MS } from './live-feed.js';

// The shared feed as a subscriber sees it: the last seconds' changes and what the read models did
// not hold when it subscribed come first, then what comes live, each event once and in order.

const silent = pino({ level: 'silent' });
const feeds: LiveFeed[] = [];
afterEach(() => {
  vi.useRealTimers();
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
    expect(await take(first, 1)).toEqual(['Projected']);

    // Appended while the read models were behind and the shared subscription had not told it yet.
    await append(store, 'ticket-1', 'PriorityChanged');
    await append(store, 'ticket-2', 'Elsewhere');
    const second = feed.events((event) => event.streamId === 'ticket-1');
    const recent = feed.events((event) => event.streamId === 'ticket-1', { recent: true });
    await append(store, 'ticket-1', 'Tagged');

    // Not "Projected": the read models hold it, so a read shows it.
    expect(await take(second, 2)).toEqual(['PriorityChanged', 'Tagged']);
    // Asked for, the recent changes too (a read may have missed them), each once, then the live one.
    expect(await take(recent, 4)).toEqual(['Opened', 'Projected', 'PriorityChanged', 'Tagged']);
    expect(await take(first, 2)).toEqual(['PriorityChanged', 'Tagged']);
  });

  it('tells a subscriber asking for the recent changes of one projected when it came, which its earlier read could not show', async () => {
    const { store, readModels, feed } = await runningFeed();
    // The client read now: the ticket is not in the read models yet.
    const opened = await append(store, 'ticket-7', 'Opened');
    const watcher = feed.events((event) => event.streamId === 'ticket-7');
    expect(await take(watcher, 1)).toEqual(['Opened']);
    // The projections apply it, then the client's subscriptions arrive.
    readModels.at = opened.checkpoint;
    const late = feed.events((event) => event.streamId === 'ticket-7', { recent: true });
    const plain = feed.events((event) => event.streamId === 'ticket-7');
    await append(store, 'ticket-7', 'Replied');
    expect(await take(late, 2)).toEqual(['Opened', 'Replied']);
    // Not asked for: from where the read models stand on.
    expect(await take(plain, 1)).toEqual(['Replied']);
  });

  it(`tells again only the changes of the last ${RECENT_MS / 1000} s, at most ${RECENT_LIMIT}`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { store, readModels, feed } = await runningFeed();
    const watcher = feed.events((event) => event.streamId !== 'ticket-0');
    for (let n = 0; n < RECENT_LIMIT + 20; n++) await append(store, 'ticket-1', `Old${n}`);
    await take(watcher, RECENT_LIMIT + 20);
    vi.setSystemTime(Date.now() + RECENT_MS + 1);
    readModels.at = (await append(store, 'ticket-2', 'Recent')).checkpoint;
    await take(watcher, 1);

    const late = feed.events((event) => event.streamId !== 'ticket-0', { recent: true });
    await append(store, 'ticket-3', 'Live');
    expect(await take(late, 2)).toEqual(['Recent', 'Live']);

    // Within the time, the count bounds what is told again.
    for (let n = 0; n < RECENT_LIMIT + 20; n++) await append(store, 'ticket-4', `New${n}`);
    await take(watcher, RECENT_LIMIT + 21);
    readModels.at = (await append(store, 'ticket-5', 'Last')).checkpoint;
    await take(watcher, 1);
    const later = feed.events((event) => event.streamId !== 'ticket-0', { recent: true });
    await append(store, 'ticket-6', 'Live');
    // The last RECENT_LIMIT delivered: all but the first 21 "New" ones, and "Last"; then the live one.
    const kept = Array.from({ length: RECENT_LIMIT - 1 }, (_, n) => `New${n + 21}`);
    expect(await take(later, RECENT_LIMIT + 1)).toEqual([...kept, 'Last', 'Live']);
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
