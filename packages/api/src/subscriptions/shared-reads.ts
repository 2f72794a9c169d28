import type { RecordedEvent } from '@support-engine/eventstore';

/** The reads made after each event of a live feed, by what they read. */
const reads = new WeakMap<RecordedEvent, Map<string, Promise<unknown>>>();

/**
 * `read()` made once per event and `key`, however many subscribers ask: a server's live feed hands
 * every subscriber the very same event object, so identical subscriptions share one read (its
 * wait for the read models included) per update instead of one each. `key` must name all the read
 * depends on beyond the event: what it reads and for which scope (a customer's view is not
 * staff's). The reads go with the event once no subscriber holds it any more.
 */
export function readOnce<T>(event: RecordedEvent, key: string, read: () => Promise<T>): Promise<T> {
  let ofEvent = reads.get(event);
  if (ofEvent === undefined) {
    ofEvent = new Map();
    reads.set(event, ofEvent);
  }
  let shared = ofEvent.get(key) as Promise<T> | undefined;
  if (shared === undefined) {
    shared = read();
    ofEvent.set(key, shared);
  }
  return shared;
}
