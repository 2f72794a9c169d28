import { type AttachmentStorage, type AttachmentsTable, migrateAttachments } from '@support-engine/api';
import { createCommandBus } from '@support-engine/application';
import {
  createMailProcessor,
  createMailSink,
  createSmtpIngress,
  engineMailHooks,
  type IsMailbox,
  type MailInConfig,
  type MailInTables,
  startImapFromEnv,
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
}

/** A running mail processor: told of each newly recorded message, and stopped after the ingress. */
export interface RunningMailProcessor {
  /** The ingress's fast path: the message recorded under `key` may be processed now. */
  processNow(key: string): void | Promise<void>;
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
  /** The mailboxes configured as data, beside the configuration's static list. */
  readonly isMailbox?: IsMailbox;
  readonly processor?: MailProcessorFactory;
  /** Where the IMAP accounts are read from (`MAIL_IN_IMAP_*`); no IMAP without accounts. */
  readonly imapEnv?: NodeJS.ProcessEnv;
}

/** The running SMTP ingress (and processor, when given). */
export interface RunningMailIn {
  /** The port it listens on (the configured one, or the one given for 0). */
  readonly port: number;
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
  let processor: RunningMailProcessor | undefined;
  try {
    processor = await options.processor?.({
      databases: options.databases,
      db,
      storage: options.storage,
      config: options.config,
      logger,
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
      ...(running === undefined ? {} : { onNewMessage: (key: string) => void track(running.processNow(key)) }),
    });
    const ingress = createSmtpIngress({
      sink,
      config: options.config,
      logger,
      ...(options.isMailbox === undefined ? {} : { isMailbox: options.isMailbox }),
      ...(running === undefined ? {} : { onRecorded: (key: string) => track(running.processNow(key)) }),
    });
    const port = await ingress.listen().catch(async (error: unknown) => {
      await imap?.stop();
      throw error;
    });
    logger.info(
      { host: options.config.host, port, tls: options.config.tls !== null, mailboxes: options.config.mailboxes },
      'SMTP ingress listening',
    );
    return {
      port,
      async stop() {
        await Promise.all([ingress.close(), imap?.stop()]);
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
export const engineMailProcessor: MailProcessorFactory = async ({ databases, db, storage, config, logger }) => {
  if (config.threadKey === null)
    throw new ConfigError(
      'Invalid configuration:\n  ✖ MAIL_THREAD_KEY: is not set (the key delivery signs reply tokens with; mail cannot thread without it)',
    );
  // The files of a mail are catalogued beside the API's uploads: the catalog exists before the API ever ran.
  await migrateAttachments(databases.db.withTables<{ attachments: AttachmentsTable }>());
  const bus = createCommandBus(databases.store, () => new Date());
  const processor = createMailProcessor({
    db,
    storage,
    bus,
    threadKey: config.threadKey,
    // The mailboxes are the engine's own too: mail from them is its own, never a customer's.
    ownAddresses: [...config.ownAddresses, ...config.mailboxes],
    logger: logger.child({ component: 'mail-processor' }),
    ...engineMailHooks(bus),
  });
  processor.start();
  return {
    async processNow(key) {
      await processor.processNow(key);
    },
    stop: () => processor.stop(),
  };
};
