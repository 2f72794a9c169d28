import { createDomainEventRegistry } from '@support-engine/domain';
import { MESSAGE_RETRY, WEBHOOK_RETRY } from '@support-engine/domain/notification';
import { Waker } from '@support-engine/eventstore';
import { NotificationListener, type PostgresEventStore, waking } from '@support-engine/eventstore-postgres';
import type { Logger } from 'pino';
import { type AttachmentSource, createEmailSender } from './channels/email.js';
import { createPushSender } from './channels/push.js';
import { createWebhookSender } from './channels/webhook.js';
import type { DeliveryConfig } from './config.js';
import { type ChannelSender, createDispatcher, type Dispatcher } from './dispatcher.js';
import { streamEndpoints } from './endpoints.js';
import { goneRecipients } from './gone.js';
import { createNotifier } from './notifier.js';
import { type AttemptResult, DELIVERY_DUE_CHANNEL, type DeliveryDb } from './outbox.js';
import { type DeliveryChannel, migrateDelivery } from './schema.js';

/** What the delivery service needs. */
export interface DeliveryServiceOptions {
  readonly store: PostgresEventStore;
  /** The same database as the store's, typed for the delivery tables. */
  readonly db: DeliveryDb;
  readonly connectionString: string;
  readonly config: DeliveryConfig;
  readonly logger: Logger;
  /**
   * The attachment storage, which the files of an agent's reply mailed into its email conversation
   * are read from; none: they are listed by name, to download from the ticket.
   */
  readonly attachments?: AttachmentSource;
  /** Told each set of attempts a channel's dispatcher recorded (the process's metrics count them). */
  readonly onSettled?: (channel: DeliveryChannel, results: readonly AttemptResult[]) => void;
}

/**
 * The notifier and one dispatcher per configured channel, in this process. The notifier runs in
 * one process per database (the others stand by); dispatchers run in every process and share
 * the outbox, each claiming its own rows, woken by the notifier's announcements wherever it runs.
 */
export async function runDeliveryService(options: DeliveryServiceOptions, signal: AbortSignal): Promise<void> {
  const { config, db, logger } = options;
  await migrateDelivery(db);
  const waker = new Waker();
  // The notifier may run in another process, and redelivery in the API: their announcements
  // wake this process's dispatchers at once instead of at their next poll.
  const announcements = new NotificationListener(
    options.connectionString,
    waking(waker),
    config.pollIntervalMs,
    DELIVERY_DUE_CHANNEL,
  );
  await announcements.start();
  const senders: ChannelSender[] = [];
  const gone = goneRecipients(options.store, logger.child({ part: 'gone' }));
  if (config.email) senders.push(createEmailSender({ ...config.email, attachments: options.attachments ?? null }));
  if (config.push) senders.push(createPushSender({ ...config.push, onGone: gone.pushSubscription }));
  if (config.webhooks) {
    senders.push(
      createWebhookSender({
        endpoints: streamEndpoints(options.store, config.webhooks.secretKey),
        timeoutMs: config.webhooks.timeoutMs,
        allowPrivate: config.webhooks.allowPrivate,
        onGone: gone.webhookEndpoint,
      }),
    );
  }
  const dispatchers: Dispatcher[] = senders.map((sender) =>
    createDispatcher({
      db,
      sender,
      retry: sender.channel === 'webhook' ? WEBHOOK_RETRY : MESSAGE_RETRY,
      logger: logger.child({ channel: sender.channel }),
      concurrency: config.concurrency,
      perRecipient: config.perRecipient,
      leaseMs: config.leaseMs,
      pollIntervalMs: config.pollIntervalMs,
      waker,
      ...(options.onSettled ? { onSettled: (results) => options.onSettled?.(sender.channel, results) } : {}),
    }),
  );
  const notifier = createNotifier({
    store: options.store,
    db,
    connectionString: options.connectionString,
    registry: createDomainEventRegistry(),
    logger: logger.child({ part: 'notifier' }),
    name: config.name,
    batchSize: config.batchSize,
    pollIntervalMs: config.pollIntervalMs * 4,
    plan: {
      email: config.email !== null,
      push: config.push !== null,
      templates: config.templates,
      helpCenterArticleUrl: config.helpCenterArticleUrl,
      emailConfirmation: config.emailConfirmation,
      mailThreads:
        config.email && config.mailThreadKey
          ? {
              key: config.mailThreadKey,
              mailbox: senderAddress(config.email.from),
              attachFiles: options.attachments !== undefined,
            }
          : null,
    },
    dispatchers: waker,
  });
  logger.info({ channels: ['web', ...senders.map((s) => s.channel)] }, 'delivery started');
  try {
    await Promise.all([notifier.run(signal), ...dispatchers.map((d) => d.run(signal))]);
  } finally {
    await announcements.close();
    for (const sender of senders) await sender.close?.();
  }
}

/** The address of a `Name <address>` sender (or the sender itself when it is a bare address). */
function senderAddress(from: string): string {
  return (/<([^>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}
