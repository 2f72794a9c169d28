import type { CommandBus } from '@support-engine/application';
import { recordBounce, recordSoftBounce } from './bounces/record-bounce.js';
import { holdMail } from './held/hold.js';
import type { MailProcessorOptions } from './process/processor.js';

/**
 * What the processor's hooks do in the engine: a held message waits in the held-mail review for
 * staff to accept or discard it; a hard bounce marks the failed addresses' customers undeliverable, so
 * they are told in-app from then on; a soft bounce is counted on the customer, enough of them
 * making a hard one. Both write under ids derived from the message's key, so a
 * message processed again after a crash writes nothing twice.
 */
export function engineMailHooks(
  bus: CommandBus,
): Required<Pick<MailProcessorOptions, 'onHold' | 'onBounce' | 'onSoftBounce'>> {
  return {
    async onHold(held) {
      await holdMail(bus, {
        ticketId: held.ticketId,
        reason: held.because,
        content: {
          body: held.body,
          ...(held.attachments.length === 0 ? {} : { attachments: [...held.attachments] }),
          mail: held.mail,
          subject: held.subject,
          from: held.from,
          receivedAt: held.receivedAt.toISOString(),
        },
      });
    },
    async onBounce(failedRecipients, mail) {
      await recordBounce(bus, failedRecipients, { mailKey: mail.mailKey, reason: mail.reason });
    },
    async onSoftBounce(delayed, mail) {
      // Each with its own status: the customer's record says why their mail failed.
      for (const { address, reason } of delayed)
        await recordSoftBounce(bus, [address], { mailKey: mail.mailKey, reason });
    },
  };
}
