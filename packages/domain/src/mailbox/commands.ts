import { z } from 'zod';
import { defineCommand } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { LanguageTag, TicketPriority } from '../shared/values.js';
import { Category } from '../ticket/values.js';

// A local part of dot-separated atoms, at a host name: a single label too (`support@localhost`, the
// development deployment's own), which the usual email checks refuse.
const ADDRESS_SHAPE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * A mailbox's address as an admin gives it: a valid address, stored as its key (trimmed, lower
 * case). Sub-addresses (`support+tag@`) are refused by {@link requirePlainAddress}: they are the
 * replies' form of a mailbox, not mailboxes of their own.
 */
export const MailboxAddress = z
  .string()
  .trim()
  .max(254)
  .transform((address) => address.toLowerCase())
  .pipe(z.string().regex(ADDRESS_SHAPE, 'expected an email address such as support@example.com'));

/** What a mailbox gives the tickets mailed to it; `null` leaves the engine's default. */
export const MailboxDefinition = z
  .object({
    /** How the team calls it (shown in the desk). */
    name: z.string().trim().min(1).max(200),
    /** The category (its id in the SLA configuration) of the tickets it opens. */
    category: Category.nullable().default(null),
    /** The language of a customer it makes known, unless their message says otherwise. */
    language: LanguageTag.nullable().default(null),
    /** The priority of the tickets it opens. */
    priority: TicketPriority.nullable().default(null),
    /** An inactive mailbox keeps its configuration but receives nothing: its mail is refused. */
    active: z.boolean().default(true),
  })
  .strict();
export type MailboxDefinition = z.infer<typeof MailboxDefinition>;

/**
 * Adds a mailbox or replaces its definition (its address is its key). `adding` says the admin
 * means a new one: refused when the address is configured already, so one admin's form never
 * overwrites another's mailbox.
 */
export const ConfigureMailbox = defineCommand('ConfigureMailbox', {
  address: MailboxAddress,
  definition: MailboxDefinition,
  adding: z.boolean().default(false),
});

/** Removes a mailbox: its address stops receiving (and stops being one of the engine's own). */
export const RemoveMailbox = defineCommand('RemoveMailbox', { address: MailboxAddress });

/** Every command of the mailbox configuration stream. */
export const MailboxCommand = z.discriminatedUnion('type', [ConfigureMailbox, RemoveMailbox]);
/** A mailbox configuration command as callers write it. */
export type MailboxCommand = z.input<typeof MailboxCommand>;

/** The command, checked: `VALIDATION_FAILED` naming each bad field otherwise. */
export function parseMailboxCommand(input: unknown): z.infer<typeof MailboxCommand> {
  return parseOrThrow(MailboxCommand, input, 'mailbox command');
}
