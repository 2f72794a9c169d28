import { mailAddressKey, subAddressTag } from '@support-engine/domain/inbound-mail';

/**
 * Whether an address (the key of one, in lower case) is one of the engine's mailboxes: the
 * mailboxes configured as data, or the static list of the configuration.
 */
export type IsMailbox = (address: string) => boolean | Promise<boolean>;

/** {@link IsMailbox} over a fixed list of addresses (the configuration's fallback). */
export function mailboxList(addresses: readonly string[]): IsMailbox {
  const keys = new Set(addresses.map(mailAddressKey));
  return (address) => keys.has(address);
}

/**
 * The mailboxes configured as data (`configured`) and the configuration's static list together:
 * an address either holds is a mailbox. The list is asked first (no I/O), so the static
 * mailboxes keep working while the data's store is unreachable.
 */
export function eitherMailbox(list: readonly string[], configured: IsMailbox): IsMailbox {
  const listed = mailboxList(list);
  return async (address) => (await listed(address)) || configured(address);
}

/**
 * The mailbox a recipient address reaches, or undefined when it reaches none: the address itself
 * when it is a mailbox, else the mailbox it is a sub-address of (`support+tag@example.com` reaches
 * `support@example.com`, where the engine's reply tokens travel).
 */
export async function mailboxOfRecipient(address: string, isMailbox: IsMailbox): Promise<string | undefined> {
  const key = mailAddressKey(address);
  if (await isMailbox(key)) return key;
  const at = key.lastIndexOf('@');
  const plus = key.indexOf('+');
  if (at < 0 || plus < 0 || plus > at) return undefined;
  const base = `${key.slice(0, plus)}${key.slice(at)}`;
  return subAddressTag(address, base) !== undefined && (await isMailbox(base)) ? base : undefined;
}
