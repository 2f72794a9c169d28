import type { MailboxDefinition } from './commands.js';

/** One configured mailbox at its latest version. */
export interface Mailbox {
  /** Its address, as its key: trimmed, lower case. */
  readonly address: string;
  readonly version: number;
  readonly definition: MailboxDefinition;
}

/**
 * The deployment's mailboxes (stream `mailboxes-default`), by address: one stream, so an address
 * is configured once, and the last version of every address ever configured (kept after a
 * removal, so a mailbox added again goes on from there).
 */
export interface MailboxConfiguration {
  readonly mailboxes: Readonly<Record<string, Mailbox>>;
  readonly lastVersions: Readonly<Record<string, number>>;
}

/** The configuration before any event: no mailbox. */
export const EMPTY_MAILBOX_CONFIGURATION: MailboxConfiguration = { mailboxes: {}, lastVersions: {} };
