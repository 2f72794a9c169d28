import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { CannedReplyDefinition } from './commands.js';

/** A canned reply was created or replaced; `ownerId` is who may use a personal one (null: shared). */
export const CannedReplySaved = defineEvent('CannedReplySaved', {
  cannedReplyId: Id,
  version: z.int().positive(),
  definition: CannedReplyDefinition,
  ownerId: Id.nullable(),
});

/** A canned reply was removed. */
export const CannedReplyDeleted = defineEvent('CannedReplyDeleted', { cannedReplyId: Id });

/** Every event of the canned-reply library. */
export const CannedReplyEvent = z.discriminatedUnion('type', [CannedReplySaved, CannedReplyDeleted]);
export type CannedReplyEvent = z.infer<typeof CannedReplyEvent>;

/** The names of every canned-reply event type. */
export const CANNED_REPLY_EVENT_TYPES: readonly CannedReplyEvent['type'][] = CannedReplyEvent.options.map(
  (o) => o.shape.type.value,
);
