import { parseStreamId } from '@support-engine/domain';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { defineSubscription } from '../graphql/secure.js';

/**
 * Each change of the knowledge base's category tree (a category added, renamed, moved or
 * deleted), told to staff: the categories screen's cue to read `kbCategories` again, which folds
 * the tree from the log and so already holds the change.
 */
export const kbCategoriesChanged = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events((event) => parseStreamId(event.streamId)?.category === 'kbcategory'),
  (event) => ({ consistencyToken: encodeCheckpoint(event.checkpoint) }),
);
