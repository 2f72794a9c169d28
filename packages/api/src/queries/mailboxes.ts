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

/**
 * The `Mailbox` type's fields the read model does not hold: where its mail is delivered, the SMTP
 * ingress's public address as the deployment names it (`MAIL_IN_PUBLIC_ADDRESS`), or null. Read
 * wherever a mailbox is (the `mailboxes` query, staff; its subscription, admins).
 */
export const MAILBOX_FIELDS = {
  smtpServer: (_mailbox: MailboxView, _args: unknown, context: ApiContext) => context.services.config.mailInAddress,
};

function mayReadInactive(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'system';
}
