import { parseStreamId, streamId } from '@support-engine/domain';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { customerThreads } from '@support-engine/projections';
import { defineSubscription } from '../graphql/secure.js';

/** The schema's `CustomerUpdate`. */
export interface CustomerUpdateDto {
  readonly customerId: string;
  readonly kind: string;
  readonly id: string;
  readonly type: string;
  readonly consistencyToken: string;
}

// The events that start a ticket or a chat of a customer: their streams join the customer's.
const OPENINGS: ReadonlySet<string> = new Set(['TicketOpened', 'ChatStarted']);

/**
 * Each change of what the desk's customer card shows of one customer (staff only): their profile
 * (their `customer` stream), and any change of their tickets and chats, those they had when the
 * subscription started and those they open while it lasts. Only what changed is said (the
 * stream and the event's type, with a consistency token): the card reads again what it shows.
 */
export const customerUpdated = defineSubscription<{ customerId: string }, { event: RecordedEvent; customerId: string }>(
  async (args, context) => {
    const { customerId } = args;
    const profile = streamId('customer', customerId);
    const streams = new Set<string>();
    const events = context.services.feed.events((event) => {
      if (event.streamId === profile || streams.has(event.streamId)) return true;
      if (!OPENINGS.has(event.type) || event.data.customerId !== customerId) return false;
      streams.add(event.streamId);
      return true;
    });
    // Started before the customer's threads are read: none of their changes in between is lost.
    const threads = await customerThreads(context.services.deps.db, customerId);
    for (const id of threads.tickets) streams.add(streamId('ticket', id));
    for (const id of threads.chats) streams.add(streamId('chat', id));
    return (async function* () {
      for await (const event of events) yield { event, customerId };
    })();
  },
  ({ event, customerId }): CustomerUpdateDto => {
    const stream = parseStreamId(event.streamId);
    return {
      customerId,
      kind: stream?.category ?? event.streamId,
      id: stream?.id ?? event.streamId,
      type: event.type,
      consistencyToken: encodeCheckpoint(event.checkpoint),
    };
  },
);
