import { emailAddressKey } from '../shared/email-address.js';

/**
 * The key an address is known by (`emailAddressKey`): trimmed, without angle brackets, composed,
 * in lower case, an IDN domain in its ASCII form. A customer writing as `Bob@Example.com` is the
 * customer known as `bob@example.com`, and `hans@bücher.de` the one known as `hans@xn--bcher-kva.de`.
 */
export function mailAddressKey(address: string): string {
  return emailAddressKey(address);
}

/**
 * The tag of a sub-address (`support+TAG@example.com`) of one of the engine's mailboxes, or
 * undefined when `address` is not a tagged form of `mailbox`. The engine's replies carry a reply
 * token there, so the answer to a reply finds its ticket whatever the client did to the headers.
 */
export function subAddressTag(address: string, mailbox: string): string | undefined {
  const [local, domain] = splitAddress(mailAddressKey(address));
  const [boxLocal, boxDomain] = splitAddress(mailAddressKey(mailbox));
  if (domain === undefined || domain !== boxDomain || !local.startsWith(`${boxLocal}+`)) return undefined;
  // The tag keeps its case: tokens are case-sensitive; read it from the address as written.
  const written = address
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  const tag = written.slice(boxLocal.length + 1, written.lastIndexOf('@'));
  return tag.length > 0 ? tag : undefined;
}

/** The address `mailbox` tagged with `tag` (`support+TAG@example.com`). */
export function subAddress(mailbox: string, tag: string): string {
  const [local, domain] = splitAddress(mailAddressKey(mailbox));
  return `${local}+${tag}@${domain ?? ''}`;
}

function splitAddress(address: string): [string, string | undefined] {
  const at = address.lastIndexOf('@');
  return at < 0 ? [address, undefined] : [address.slice(0, at), address.slice(at + 1)];
}
