import type { MailOrigin } from '@support-engine/domain/inbound-mail';
import { DOWNLOAD_PATH } from '../attachments/service.js';
import type { ApiContext } from '../graphql/context.js';
import { forCustomer } from './tickets.js';

/**
 * `TicketMessage.mail`: the mail a message came as, for staff only (a customer learns nothing of
 * what was verified about a sender, nor reaches the raw original); null when it came otherwise.
 */
export function messageMail(
  parent: { readonly mail?: MailOrigin | null },
  _args: unknown,
  context: ApiContext,
): MailOrigin | null {
  return forCustomer(context) ? null : (parent.mail ?? null);
}

/** The `MessageMail` type's fields that are not the recorded ones. */
export const MESSAGE_MAIL_FIELDS = {
  originalUrl: (mail: MailOrigin) => `${DOWNLOAD_PATH}${mail.original}`,
};
