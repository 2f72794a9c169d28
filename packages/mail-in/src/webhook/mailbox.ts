import { mailAddressKey, subAddressTag } from '@support-engine/domain/inbound-mail';
import { addressParser } from 'postal-mime';
import { rawHeaderValues } from '../store/message-key.js';
import { WebhookRefusal } from './refusal.js';

/** The addresses of a raw message's `To` and `Cc` headers (group members included). */
export function headerRecipients(raw: Buffer): string[] {
  return ['to', 'cc'].flatMap((name) =>
    rawHeaderValues(raw, name).flatMap((value) =>
      addressParser(value, { flatten: true }).flatMap((mailbox) => (mailbox.address ? [mailbox.address] : [])),
    ),
  );
}

/**
 * Which of the mailboxes a secret stands for a message is for: the first one among its
 * recipients (the mailbox itself, or a sub-address of it: `support+<token>@…`). The envelope's
 * recipients are the provider's word: when they name none of the mailboxes, the provider routes
 * another address's mail here, and it is refused (`UNKNOWN_MAILBOX`) rather than filed under the
 * wrong mailbox. Without an envelope the `To` and `Cc` headers are read; they need not name the
 * mailbox (a blind copy, a list), so a secret that stands for one mailbox takes the message.
 */
export function chooseMailbox(
  mailboxes: readonly string[],
  recipients: { readonly addresses: readonly string[]; readonly fromEnvelope: boolean },
): string {
  const named = mailboxes.find((mailbox) =>
    recipients.addresses.some(
      (address) => mailAddressKey(address) === mailAddressKey(mailbox) || subAddressTag(address, mailbox) !== undefined,
    ),
  );
  if (named !== undefined) return named;
  const [only] = mailboxes;
  if (!recipients.fromEnvelope && mailboxes.length === 1 && only !== undefined) return only;
  throw new WebhookRefusal('UNKNOWN_MAILBOX', 'The message is for none of the mailboxes this secret stands for');
}
