import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { STAFF_VIEW_EVENT_TYPES } from '@support-engine/projections';
import { defineSubscription } from '../graphql/secure.js';

const VIEW_EVENTS: ReadonlySet<string> = new Set(STAFF_VIEW_EVENT_TYPES);

/**
 * Each change of a saved inbox view, anyone's, told to staff: a view a lead shared (or took back,
 * renamed or deleted) is in everyone's team list, and one's own views follow them to their other
 * browsers. Only the token to read the lists after it: whose view changed, or how, is not told.
 */
export const inboxViewsChanged = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events((event) => VIEW_EVENTS.has(event.type)),
  (event) => ({ consistencyToken: encodeCheckpoint(event.checkpoint) }),
);
