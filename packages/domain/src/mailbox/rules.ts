import { mailAddressKey } from '../inbound-mail/addresses.js';
import { DomainError, fieldIssues } from '../shared/errors.js';
import type { SlaConfiguration } from '../sla-config/state.js';
import type { Mailbox, MailboxConfiguration } from './state.js';

// The rules of the mailbox configuration (docs/email.md#mailboxes), each a pure function.

/** The local part and the domain of an address key; no domain when it has no `@`. */
function splitKey(key: string): { local: string; domain: string | undefined } {
  const at = key.lastIndexOf('@');
  return at < 0 ? { local: key, domain: undefined } : { local: key.slice(0, at), domain: key.slice(at + 1) };
}

/** Whether `address` is a sub-address (`local+tag@domain`): the form replies to a mailbox take. */
export function isSubAddress(address: string): boolean {
  return splitKey(mailAddressKey(address)).local.includes('+');
}

/**
 * Refuses a sub-address as a mailbox (`MAILBOX_SUB_ADDRESS`): `support+tag@` already reaches
 * `support@` (the engine's reply tokens live there), so it cannot be a mailbox of its own.
 */
export function requirePlainAddress(address: string): void {
  if (!isSubAddress(address)) return;
  throw new DomainError('MAILBOX_SUB_ADDRESS', `${address} is a sub-address: configure the mailbox without "+tag"`, {
    address,
    ...fieldIssues(['address', 'a mailbox address has no "+tag"']),
  });
}

/** Refuses adding a mailbox whose address is configured already (`MAILBOX_ADDRESS_TAKEN`). */
export function requireAddressFree(configuration: MailboxConfiguration, address: string): void {
  if (configuration.mailboxes[mailAddressKey(address)] === undefined) return;
  throw new DomainError('MAILBOX_ADDRESS_TAKEN', `The mailbox ${address} is configured already`, {
    address,
    ...fieldIssues(['address', 'this address is configured already']),
  });
}

/**
 * Refuses a category the SLA configuration does not know (`MAILBOX_CATEGORY_UNKNOWN`): a mailbox
 * opens its tickets in one of the team's categories, never in a name mistyped once.
 */
export function requireKnownCategory(category: string | null, sla: SlaConfiguration | undefined): void {
  if (category === null || sla?.categories[category] !== undefined) return;
  throw new DomainError('MAILBOX_CATEGORY_UNKNOWN', `There is no ticket category ${category}`, {
    category,
    ...fieldIssues(['definition.category', 'not a category of the SLA configuration']),
  });
}

/**
 * The key of the mailbox `recipient` would be: its own key, or, for a sub-address
 * (`support+token@example.com`), the key of the address without the tag; undefined without a domain.
 */
export function mailboxKeyOf(recipient: string): string | undefined {
  const { local, domain } = splitKey(mailAddressKey(recipient));
  if (domain === undefined || domain === '') return undefined;
  const plus = local.indexOf('+');
  return `${plus < 0 ? local : local.slice(0, plus)}@${domain}`;
}

/**
 * The active mailbox mail sent to `recipient` is for: the one with its address (whatever its
 * case), or the one it is a sub-address of (`support+token@example.com` is for
 * `support@example.com`); undefined for any other address and for an inactive mailbox.
 */
export function mailboxFor(configuration: MailboxConfiguration, recipient: string): Mailbox | undefined {
  const key = mailboxKeyOf(recipient);
  const mailbox = key === undefined ? undefined : configuration.mailboxes[key];
  return mailbox?.definition.active ? mailbox : undefined;
}

/**
 * The engine's own addresses: every configured mailbox's, inactive ones included (mail from
 * them is the engine's own, or a forgery of it, and never becomes a ticket: the loop check).
 */
export function ownMailboxAddresses(configuration: MailboxConfiguration): string[] {
  return Object.keys(configuration.mailboxes).sort();
}

/** Whether `address` (or the mailbox it is a sub-address of) is one of the engine's own. */
export function isOwnMailboxAddress(configuration: MailboxConfiguration, address: string): boolean {
  const key = mailboxKeyOf(address);
  return key !== undefined && configuration.mailboxes[key] !== undefined;
}
