import { listMailboxes, type MailboxView } from '@support-engine/projections';
import type { Principal } from '../auth/tokens.js';
import { ApiError } from '../errors/codes.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';

/**
 * The configured mailboxes by address (the `mailboxes` read model): the active ones for staff,
 * the inactive ones too when an admin asks (`includeInactive`; anyone else is FORBIDDEN).
 */
export const mailboxes = defineQuery<{ includeInactive?: boolean | null }>(
  'mailboxes',
  async ({ includeInactive }, context, principal) => {
    if (includeInactive && !mayReadInactive(principal))
      throw new ApiError('FORBIDDEN', 'Only admins list the inactive mailboxes');
    return mailboxesFor(context, includeInactive === true);
  },
);

/** The mailboxes as the read model holds them now. */
export function mailboxesFor(context: ApiContext, includeInactive: boolean): Promise<MailboxView[]> {
  return listMailboxes(context.services.deps.db, { includeInactive });
}

function mayReadInactive(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'system';
}
