import type { RecordedEvent } from '@support-engine/eventstore';
import type { ApiContext } from '../graphql/context.js';
import type { PushIterator } from './iterator.js';

/**
 * The request extension a client sets to be told, first, of the changes of the last seconds
 * (`{"extensions": {"recentChanges": true}}` beside the subscription's query): for a screen that
 * subscribes and reads at once, and merges what it is told by id or version.
 */
export const RECENT_CHANGES_EXTENSION = 'recentChanges';

/** Whether a request's extensions ask for the recent changes (see {@link RECENT_CHANGES_EXTENSION}). */
export function asksForRecentChanges(extensions: unknown): boolean {
  return (
    typeof extensions === 'object' &&
    extensions !== null &&
    (extensions as Record<string, unknown>)[RECENT_CHANGES_EXTENSION] === true
  );
}

/** The live feed's events passing `filter`, as the subscription's request asked for them. */
export function liveEvents(
  context: ApiContext,
  filter: (event: RecordedEvent) => boolean,
): PushIterator<RecordedEvent> {
  return context.services.feed.events(filter, { recent: context.recentChanges });
}
