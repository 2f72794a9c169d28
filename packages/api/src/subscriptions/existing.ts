import type { Principal } from '../auth/tokens.js';
import { ApiError } from '../errors/codes.js';
import type { ApiContext } from '../graphql/context.js';

/**
 * Refuses (`NOT_FOUND`) a staff subscription to a chat that does not exist, with the error a
 * customer gets from the ownership rule: otherwise a mistyped id would wait in silence for ever.
 * Reads the event store, so a chat started a moment ago exists even before the read models have
 * it. Customers are left to the ownership rule, which has answered already.
 */
export async function requireChat(chatId: string, context: ApiContext, principal: Principal): Promise<void> {
  if (principal.role === 'customer') return;
  if ((await context.services.owners.ownerOf('chat', chatId)) === null) {
    throw new ApiError('NOT_FOUND', `No chat "${chatId}"`);
  }
}
