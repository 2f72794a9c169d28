import { createDispatcher, createEmailSender, type DeliveryDb } from '@support-engine/delivery';
import { type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { pino } from 'pino';

/** Test helper (not a test file): the outbox's mail sent for real, to a mail catcher. */
export interface MailDispatch {
  /** The SMTP receiver the mail reaches. */
  readonly mail: RunningMailCatcher;
  /** Stops the dispatcher, then the receiver. */
  stop(): Promise<void>;
}

/**
 * A real SMTP receiver and the delivery service's dispatcher sending the mail deliveries of `db`
 * to it (polling every 50 ms, retrying after a second), as a deployment's delivery service does.
 */
export async function startMailDispatch(db: DeliveryDb): Promise<MailDispatch> {
  const mail = await startMailCatcher();
  const sender = createEmailSender({
    smtpUrl: `smtp://127.0.0.1:${mail.smtpPort}`,
    from: 'Support <support@example.test>',
    messageIdDomain: 'example.test',
    timeoutMs: 5_000,
    maxConnections: 2,
  });
  const stopping = new AbortController();
  const running = createDispatcher({
    db,
    sender,
    retry: { baseMs: 1_000, capMs: 1_000, giveUpAfterMs: 60_000 },
    logger: pino({ level: 'silent' }),
    concurrency: 2,
    perRecipient: 1,
    leaseMs: 10_000,
    pollIntervalMs: 50,
  })
    .run(stopping.signal)
    .finally(() => sender.close?.());
  return {
    mail,
    async stop() {
      stopping.abort();
      await running;
      await mail.stop();
    },
  };
}
