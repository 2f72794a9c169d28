import { type AttachmentStorage, type AttachmentsTable, migrateAttachments } from '@support-engine/api';
import { createCommandBus } from '@support-engine/application';
import { createDomainEventRegistry } from '@support-engine/domain';
import {
  createMailboxDirectory,
  createMailProcessor,
  createMailSink,
  createSmtpIngress,
  engineMailHooks,
  listenWebhookIngress,
  type MailboxDirectory,
  type MailInConfig,
  type MailInTables,
  type MailSink,
  startImapFromEnv,
  type WebhookListener,
} from '@support-engine/mail-in';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';

/** The mail-in tables' handle (on the event store's pool). */
export type MailInDb = Parameters<typeof createMailSink>[0];

/** What a mail processor is given: the engine's databases, the recorded messages' table, their bytes, the settings. */
export interface MailProcessorContext {
  readonly databases: Databases;
  readonly db: MailInDb;
  readonly storage: AttachmentStorage;
  readonly config: MailInConfig;
  readonly logger: Logger;
  /** The mailboxes configured as data, as the log holds them now. */
  readonly directory: MailboxDirectory;
}

/** A running mail processor: told of each newly recorded message, and stopped after the ingress. */
export interface RunningMailProcessor {
  /** The ingress's fast path: the message recorded under `key` (its raw bytes when the ingress has them) may be processed now. */
  processNow(key: string, raw?: Buffer): void | Promise<void>;
  stop(): Promise<void>;
}

/** Starts the processing of recorded mail (threading it into tickets); the ingress records without one. */
export type MailProcessorFactory = (context: MailProcessorContext) => Promise<RunningMailProcessor>;

/** What {@link startMailIn} runs. */
export interface MailInServiceOptions {
  /** The engine's databases (the caller opens and closes them). */
  readonly databases: Databases;
  readonly storage: AttachmentStorage;
  readonly config: MailInConfig;
  readonly logger: Logger;
  readonly processor?: MailProcessorFactory;
  /** Where the IMAP accounts are read from (`MAIL_IN_IMAP_*`); no IMAP without accounts. */
  readonly imapEnv?: NodeJS.ProcessEnv;
}

/** The running SMTP ingress (and processor, when given). */
export interface RunningMailIn {
  /** The port it listens on (the configured one, or the one given for 0). */
  readonly port: number;
  /** The port providers' webhooks post to, when configured. */
  readonly webhookPort?: number;
  /** Stops taking mail, lets the messages in hand finish, then stops the processor. */
  stop(): Promise<void>;
}

/**
 * Starts the processor when one is given, then the SMTP ingress recording into the database
 * (migrated: `migrateAll`) and the attachment storage, telling the processor of each new message.
 */
export async function startMailIn(options: MailInServiceOptions): Promise<RunningMailIn> {
  const logger = options.logger.child({ component: 'mail-in' });
  // The event store's pool, seen through the mail-in tables (as deliveryDbOf sees the delivery ones).
  const db = options.databases.store.db.withTables<MailInTables>() as unknown as MailInDb;
  // The mailboxes configured as data (the admins' Mailboxes screen), beside the configuration's static list.
  const directory = createMailboxDirectory({ store: options.databases.store, registry: createDomainEventRegistry() });
  let processor: RunningMailProcessor | undefined;
  try {
    processor = await options.processor?.({
      databases: options.databases,
      db,
      storage: options.storage,
      config: options.config,
      logger,
      directory,
    });
    const running = processor;
    // The fast path's messages in hand: a stop waits for them before the processor and the pool go.
    const inHand = new Set<Promise<void>>();
    const track = (processing: void | Promise<void>) => {
      const settled = Promise.resolve(processing).finally(() => inHand.delete(settled));
      inHand.add(settled);
      return settled;
    };
    const sink = createMailSink(db, options.storage);
    const imap = startImapFromEnv({
      env: options.imapEnv ?? {},
      sink,
      logger,
      sizeLimit: options.config.sizeLimit,
      ...(running === undefined
        ? {}
        : { onNewMessage: (key: string, raw: Buffer) => void track(running.processNow(key, raw)) }),
    });
    const ingress = createSmtpIngress({
      sink,
      config: options.config,
      logger,
      isMailbox: directory.isMailbox,
      ...(running === undefined
        ? {}
        : { onRecorded: (key: string, raw: Buffer) => track(running.processNow(key, raw)) }),
    });
    const port = await ingress.listen().catch(async (error: unknown) => {
      await imap?.stop();
      throw error;
    });
    logger.info(
      { host: options.config.host, port, tls: options.config.tls !== null, mailboxes: options.config.mailboxes },
      'SMTP ingress listening',
    );
    const webhook = await startWebhookIngress(
      options,
      sink,
      logger,
      (key, raw) => running && track(running.processNow(key, raw)),
    );
    return {
      port,
      ...(webhook === undefined ? {} : { webhookPort: webhook.port }),
      async stop() {
        await Promise.all([ingress.close(), imap?.stop(), webhook?.close()]);
        await Promise.allSettled([...inHand]);
        await running?.stop();
      },
    };
  } catch (error) {
    await processor?.stop();
    throw error;
  }
}

/**
 * The engine's processing of recorded mail (`createMailProcessor`): threads each message into its
 * ticket or opens one, through the command bus on the engine's event store; held messages go to
 * the held-mail review and bounces to the customers whose addresses failed (`engineMailHooks`).
 * It runs its loop (messages recorded while it was down, retries) and takes the ingress's new
 * messages at once. Needs `MAIL_THREAD_KEY`.
 */
export const engineMailProcessor: MailProcessorFactory = async ({
  databases,
  db,
  storage,
  config,
  logger,
  directory,
}) => {
  if (config.threadKey === null)
    throw new ConfigError(
      'Invalid configuration:\n  ✖ MAIL_THREAD_KEY: is not set (the key delivery signs reply tokens with; mail cannot thread without it)',
    );
  // The files of a mail are catalogued beside the API's uploads: the catalog exists before the API ever ran.
  await migrateAttachments(databases.db.withTables<{ attachments: AttachmentsTable }>());
  const bus = createCommandBus(databases.store, databases.clock);
  const processor = createMailProcessor({
    db,
    storage,
    bus,
    threadKey: config.threadKey,
    // The mailboxes are the engine's own too: mail from them is its own, never a customer's.
    ownAddresses: [...config.ownAddresses, ...config.mailboxes],
    // Each message reads the mailboxes as they are then: an admin's change counts from the next one on.
    mailboxes: () => directory.snapshot(),
    leaseMs: config.processingLeaseMs,
    concurrency: config.processingConcurrency,
    logger: logger.child({ component: 'mail-processor' }),
    ...engineMailHooks(bus),
  });
  processor.start();
  return {
    async processNow(key, raw) {
      await processor.processNow(key, raw);
    },
    stop: () => processor.stop(),
  };
};

/**
 * Providers' inbound webhooks (`MAIL_IN_WEBHOOK_*`): the webhook ingress on a listener of its own
 * beside the SMTP one, recording into the same sink and waking the processor the same way.
 */
async function startWebhookIngress(
  options: MailInServiceOptions,
  sink: MailSink,
  logger: Logger,
  processNow: (key: string, raw: Buffer) => unknown,
): Promise<WebhookListener | undefined> {
  const settings = options.config.webhook;
  if (settings === null) return undefined;
  return listenWebhookIngress({
    host: options.config.host,
    port: settings.port,
    sink,
    secrets: [...settings.secrets],
    maxMessageBytes: options.config.sizeLimit,
    logger,
    // The bytes just recorded go with the key, as the other doors hand theirs: the processor reads nothing back.
    onRecorded: (recorded, mail) => {
      if (!recorded.duplicate) processNow(recorded.key, mail.raw);
    },
  });
}
