import { parseStreamId } from '@support-engine/domain';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { defineSubscription } from '../graphql/secure.js';

const isTicketEvent = (event: RecordedEvent) => parseStreamId(event.streamId)?.category === 'ticket';

/**
 * Each change of any ticket, told to staff (who may read every ticket): which one, and the token
 * to read lists and counts after it. A notice rather than the counts themselves, so the server
 * computes nothing per subscriber; the client reads what it shows again, as often as it likes.
 */
export const ticketsChanged = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(isTicketEvent),
  (event) => ({
    ticketId: parseStreamId(event.streamId)?.id ?? event.streamId,
    consistencyToken: encodeCheckpoint(event.checkpoint),
  }),
);
