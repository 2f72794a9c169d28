import type { Principal } from '../auth/tokens.js';
import { ApiError } from '../errors/codes.js';
import type { ApiContext } from '../graphql/context.js';

/**
 * Refuses (`NOT_FOUND`) a staff subscription to a chat or a ticket that does not exist, with the
 * error a customer gets from the ownership rule: otherwise a mistyped id would wait in silence for
 * ever. Reads the event store, so one started a moment ago exists even before the read models have
 * it. Customers are left to the ownership rule, which has answered already.
 */
export async function requireExisting(
  kind: 'chat' | 'ticket',
  id: string,
  context: ApiContext,
  principal: Principal,
): Promise<void> {
  if (principal.role === 'customer') return;
  if ((await context.services.owners.ownerOf(kind, id)) === null) {
    throw new ApiError('NOT_FOUND', `No ${kind} "${id}"`);
  }
}
