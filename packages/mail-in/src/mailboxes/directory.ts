import { createFoldedStream } from '@support-engine/application';
import { type EventSchemaRegistry, streamId, type TicketPriority } from '@support-engine/domain';
import {
  EMPTY_MAILBOX_CONFIGURATION,
  evolveMailboxes,
  isOwnMailboxAddress,
  MAILBOX_CONFIGURATION_ID,
  type MailboxConfiguration,
  type MailboxEvent,
  mailboxFor,
  ownMailboxAddresses,
} from '@support-engine/domain/mailbox';
import type { EventStore } from '@support-engine/eventstore';

/** What a mailbox gives the mail sent to it; a field left out leaves the engine's default. */
export interface MailboxEntry {
  /** The mailbox's own address (a sub-address's mailbox: `support@…` for `support+tag@…`). */
  readonly address: string;
  readonly category?: string;
  readonly language?: string;
  readonly priority?: TicketPriority;
}

/** The mailboxes as the log held them at one moment, asked without waiting (one message's decision). */
export interface MailboxSnapshot {
  findMailbox(address: string): MailboxEntry | undefined;
  readonly ownAddresses: readonly string[];
}

/**
 * The engine's mailboxes as the log holds them now, for the mail-in processes (which SMTP
 * recipients to accept, what a new ticket's category, language and priority are, and which
 * senders are the engine itself). Each call first reads the configuration events recorded since
 * the last one (one short query), so an admin's change counts from the next message on.
 */
export interface MailboxDirectory {
  /** The active mailbox mail to `address` (or to its sub-address) is for; undefined for none. */
  findMailbox(address: string): Promise<MailboxEntry | undefined>;
  /** Whether mail to `address` reaches an active mailbox. */
  isMailbox(address: string): Promise<boolean>;
  /** Every configured mailbox's address, inactive ones included: mail from them is the engine's own. */
  ownAddresses(): Promise<string[]>;
  /** Whether `address` (or the mailbox it is a sub-address of) is one of the engine's own. */
  isOwnAddress(address: string): Promise<boolean>;
  /**
   * The mailboxes as the log holds them now, to ask several times without a query each: what a
   * processor deciding one message takes (`findMailbox`, `ownAddresses`).
   */
  snapshot(): Promise<MailboxSnapshot>;
}

/** What the directory reads: the event store, and the registry that upcasts its events. */
export interface MailboxDirectoryOptions {
  readonly store: EventStore;
  readonly registry: EventSchemaRegistry;
}

/**
 * The mailbox directory over the log: it folds the mailbox configuration stream
 * (`mailboxes-default`) with the domain's rules, never a read model (which may lag a change).
 */
export function createMailboxDirectory(options: MailboxDirectoryOptions): MailboxDirectory {
  const configuration = createFoldedStream<MailboxConfiguration, MailboxEvent>(
    options.store,
    options.registry,
    streamId('mailboxes', MAILBOX_CONFIGURATION_ID),
    EMPTY_MAILBOX_CONFIGURATION,
    evolveMailboxes,
  );
  return {
    findMailbox: async (address) => entryFor(await configuration.current(), address),
    isMailbox: async (address) => mailboxFor(await configuration.current(), address) !== undefined,
    ownAddresses: async () => ownMailboxAddresses(await configuration.current()),
    isOwnAddress: async (address) => isOwnMailboxAddress(await configuration.current(), address),
    async snapshot() {
      const now = await configuration.current();
      return { findMailbox: (address) => entryFor(now, address), ownAddresses: ownMailboxAddresses(now) };
    },
  };
}

/** The active mailbox `address` is for, as the processes take it: its defaults left out. */
function entryFor(configuration: MailboxConfiguration, address: string): MailboxEntry | undefined {
  const mailbox = mailboxFor(configuration, address);
  if (mailbox === undefined) return undefined;
  const { category, language, priority } = mailbox.definition;
  return {
    address: mailbox.address,
    ...(category === null ? {} : { category }),
    ...(language === null ? {} : { language }),
    ...(priority === null ? {} : { priority }),
  };
}
