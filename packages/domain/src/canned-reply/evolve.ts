import type { CannedReplyEvent } from './events.js';
import type { CannedReplyLibrary } from './state.js';

/** Applies one event to the library. */
export function evolveCannedReplies(library: CannedReplyLibrary, event: CannedReplyEvent): CannedReplyLibrary {
  switch (event.type) {
    case 'CannedReplySaved': {
      const { cannedReplyId, version, definition, ownerId } = event.data;
      return {
        replies: { ...library.replies, [cannedReplyId]: { cannedReplyId, version, definition, ownerId } },
        lastVersions: { ...library.lastVersions, [cannedReplyId]: version },
      };
    }
    case 'CannedReplyDeleted': {
      const { [event.data.cannedReplyId]: _gone, ...replies } = library.replies;
      return { ...library, replies };
    }
  }
}
