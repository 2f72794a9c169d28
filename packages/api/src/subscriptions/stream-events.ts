import type { RecordedEvent } from '@support-engine/eventstore';
import { z } from 'zod';
import type { ApiContext } from '../graphql/context.js';
import { badInput, parseInput } from '../validation.js';
import { keeping, MAX_BACKLOG, precededBy } from './iterator.js';

/** A subscription's `afterVersion`: a version the caller read the ticket or chat at. */
const Since = z.object({ afterVersion: z.int().min(0).nullish() });

/**
 * One stream's events for a subscriber, those `keep` lets through: with `afterVersion` (the
 * version the caller read the ticket or chat at), the events after it first (the last
 * {@link MAX_BACKLOG} at most), then each new one, each once; without it, the new ones (and those
 * the read models lack yet). It listens first, then reads the stream, so an event committed between
 * the caller's read and this subscription's start is told too. `keep` sees the events in stream
 * order, once each, so it may keep state. A version the stream never had is `BAD_USER_INPUT`: it
 * would silence every change up to it. `noun` names the stream's aggregate in that refusal.
 */
export async function streamEventsAfter(
  context: ApiContext,
  stream: string,
  afterVersion: unknown,
  keep: (event: RecordedEvent) => boolean,
  noun: string,
): Promise<AsyncIterableIterator<RecordedEvent>> {
  const since = parseInput(Since, { afterVersion }).afterVersion;
  const after = since ?? 0;
  // The feed's catch-up starts where the read models stand, which may be before the caller's read.
  const live = context.services.feed.events((event) => event.streamId === stream && event.streamVersion > after);
  let missed: RecordedEvent[] = [];
  try {
    if (since !== undefined && since !== null) missed = await missedEvents(context, stream, since, noun);
  } catch (error) {
    await live.return?.();
    throw error;
  }
  return keeping(
    precededBy(missed.slice(-MAX_BACKLOG), live, (event, last) => event.streamVersion > last.streamVersion),
    keep,
  );
}

/**
 * The stream's events after `version`, refusing a version the stream never had: one read, from
 * `version` itself, whose first event proves the version exists.
 */
async function missedEvents(context: ApiContext, stream: string, version: number, noun: string) {
  if (version === 0) return context.services.deps.store.readStream(stream);
  const [at, ...missed] = await context.services.deps.store.readStream(stream, { fromVersion: version });
  if (at?.streamVersion !== version)
    throw badInput([{ path: 'afterVersion', message: `The ${noun} has no version ${version} yet` }]);
  return missed;
}
