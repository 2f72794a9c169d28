import { Id } from '@support-engine/domain';
import { fromTheEnd, hasMessage, MAX_MESSAGES } from '@support-engine/projections';
import { z } from 'zod';
import { ApiError } from '../errors/codes.js';
import type { ApiContext } from '../graphql/context.js';

const Count = z.int().min(1).max(MAX_MESSAGES).optional();

/**
 * The arguments of `Ticket.messages` and `Chat.messages`: a page from the start (`first`, then
 * `after` the last message read) or from the end (`last`, then `before` the oldest read), never both.
 */
export const MessagesArgs = z
  .object({ first: Count, after: Id.optional(), last: Count, before: Id.optional() })
  .refine((page) => !fromTheEnd(page) || (page.first === undefined && page.after === undefined), {
    path: ['last'],
    message: 'first and after read a thread from its start, last and before from its end: not both',
  });
/** A page of a thread, as {@link MessagesArgs} checked it. */
export type MessagePage = z.output<typeof MessagesArgs>;

/** The message id a page starts from (after or before it), if any, and which argument named it. */
function cursorOf(page: MessagePage): { readonly name: 'after' | 'before'; readonly id: string } | null {
  if (page.after !== undefined) return { name: 'after', id: page.after };
  if (page.before !== undefined) return { name: 'before', id: page.before };
  return null;
}

/**
 * `page` of `messages` (a whole thread as read, in order), in order. A cursor that is none of
 * them is refused: the caller's cursor is wrong.
 */
export function pageOf<T extends { readonly messageId: string }>(
  messages: readonly T[],
  page: MessagePage,
): readonly T[] {
  const cursor = cursorOf(page);
  const at = cursor === null ? -1 : messages.findIndex((message) => message.messageId === cursor.id);
  if (cursor !== null && at === -1) throw noSuchMessage(cursor);
  if (fromTheEnd(page)) {
    const end = cursor === null ? messages.length : at;
    return messages.slice(Math.max(0, end - (page.last ?? MAX_MESSAGES)), end);
  }
  return messages.slice(at + 1, at + 1 + (page.first ?? MAX_MESSAGES));
}

/**
 * A page of the thread `id` read from the read model, as it is; refused when it is empty because
 * its cursor is none of the messages the reader sees there (an empty page past the end is an answer).
 */
export async function checkedPage<T>(
  messages: readonly T[],
  page: MessagePage,
  thread: { readonly db: ApiContext['services']['deps']['db']; readonly kind: 'ticket' | 'chat'; readonly id: string },
  includeInternal: boolean,
): Promise<readonly T[]> {
  const cursor = cursorOf(page);
  if (
    cursor !== null &&
    messages.length === 0 &&
    !(await hasMessage(thread.db, thread.kind, thread.id, cursor.id, includeInternal))
  )
    throw noSuchMessage(cursor);
  return messages;
}

/** The cursor names no message the caller reads in this thread. */
function noSuchMessage(cursor: { readonly name: string; readonly id: string }): ApiError {
  const message = `No message "${cursor.id}" in this thread: ${cursor.name} takes the messageId of a message you read in it`;
  return new ApiError('BAD_USER_INPUT', message, { issues: [{ path: cursor.name, message }] });
}
