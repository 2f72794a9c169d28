import { createHash } from 'node:crypto';
import {
  type RunningMailCatcher,
  type RunningWebhookReceiver,
  startMailCatcher,
  startWebhookReceiver,
} from '@support-engine/servers';
import type { MailRecord, WebhookRecord } from './check/records.js';
import type { Random } from './random.js';

/** How often the receivers misbehave. */
export interface ReceiverFaults {
  /** Share of webhook requests answered 500. */
  readonly webhook500: number;
  /** Share of webhook requests held past the engine's webhook timeout before a 204. */
  readonly webhookHang: number;
  /** How long a held request waits. */
  readonly hangMs: number;
  /** Share of mail recipients refused (550). */
  readonly smtpRefusal: number;
}

/** The webhook receiver and SMTP sink of a chaos run, and their records for the checker. */
export interface ChaosReceivers {
  readonly webhookUrl: string;
  readonly smtpUrl: string;
  webhookRecords(): WebhookRecord[];
  mailRecords(): MailRecord[];
  stop(): Promise<void>;
}

/**
 * A webhook receiver that answers 500 or hangs now and then (else 204, unverified: the run checks
 * deliveries, not signatures) and an SMTP sink that refuses recipients now and then, both drawing
 * from the run's seeded `random`.
 */
export async function startChaosReceivers(random: Random, faults: ReceiverFaults): Promise<ChaosReceivers> {
  const webhooks: RunningWebhookReceiver = await startWebhookReceiver({
    secrets: () => undefined,
    respond: () => {
      const draw = random();
      if (draw < faults.webhook500) return { status: 500 };
      if (draw < faults.webhook500 + faults.webhookHang) return { status: 204, delayMs: faults.hangMs };
      return { status: 204 };
    },
  });
  const mail: RunningMailCatcher = await startMailCatcher({
    maxMessages: 1_000_000,
    refuse: () => random() < faults.smtpRefusal,
  });
  return {
    webhookUrl: webhooks.url,
    smtpUrl: `smtp://127.0.0.1:${mail.smtpPort}`,
    webhookRecords: () =>
      webhooks.requests().map((request) => ({
        path: request.path,
        webhookId: request.webhookId,
        bodySha256: createHash('sha256').update(request.body).digest('hex'),
        status: request.status,
      })),
    mailRecords: () =>
      mail.messages().map((caught) => ({
        to: caught.envelope.to,
        messageId: caught.messageId,
        notification: caught.headers['x-support-notification'] ?? null,
      })),
    async stop() {
      await webhooks.stop();
      await mail.stop();
    },
  };
}
