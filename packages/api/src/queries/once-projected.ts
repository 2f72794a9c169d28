import { streamId } from '@support-engine/domain';
import type { ApiContext } from '../graphql/context.js';

/**
 * A ticket or chat as `read` finds it in its read model; when it finds none, though the log holds
 * the stream (opened a moment ago, its projection not there yet), read again once the read model
 * includes the stream's first event, within the consistency wait (`CONSISTENCY_TIMEOUT` past it). A
 * screen opened just after a ticket or chat began then shows it, rather than "not found" for good:
 * its subscription, started after the projection, would tell it nothing more. An id the log does
 * not hold costs one read of its stream's first event.
 */
export async function onceProjected<T>(
  kind: 'ticket' | 'chat',
  id: string,
  context: ApiContext,
  read: () => Promise<T | null>,
): Promise<T | null> {
  const found = await read();
  if (found !== null) return found;
  const { store, waiter } = context.services.deps;
  const [opening] = await store.readStream(streamId(kind, id), { toVersion: 1 });
  if (opening === undefined) return null;
  await waiter.waitFor(kind === 'ticket' ? 'tickets' : 'chats', opening.checkpoint, {
    timeoutMs: context.services.config.consistencyWaitMs,
  });
  return read();
}
