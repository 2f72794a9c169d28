import { parseStreamId } from '@support-engine/domain';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { defineSubscription } from '../graphql/secure.js';

const isHeldMailEvent = (event: RecordedEvent) => parseStreamId(event.streamId)?.category === 'heldmail';

/**
 * Each message held, accepted or discarded, told to staff and auditors: which one, the ticket it
 * names, and the token to read the lists (`heldMails`, `Ticket.heldMails`) after it.
 */
export const heldMailsChanged = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(isHeldMailEvent),
  (event) => {
    // Every held-mail event names both (MailHeld, HeldMailAccepted, HeldMailDiscarded, at version 1).
    const { heldMailId, ticketId } = event.data as { heldMailId: string; ticketId: string };
    return { heldMailId, ticketId, change: event.type, consistencyToken: encodeCheckpoint(event.checkpoint) };
  },
);
