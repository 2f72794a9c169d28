import type { AttachmentStorage } from '@support-engine/api';
import { mailAddressKey } from '@support-engine/domain/inbound-mail';
import type { Kysely } from 'kysely';
import type { MailSink, ReceivedMail, Recorded } from '../ingress.js';
import { messageKey, rawStorageKey } from './message-key.js';
import { checkReceivedMail } from './refusal.js';
import type { MailInTables } from './schema.js';

/**
 * The sink every ingress records into: the raw bytes first, into the attachment storage under
 * their hash, then one row under the message's key. A crash between the two leaves a file no row
 * names, written again to the same key when the sender retries; a message already recorded
 * (redelivered after a lost acknowledgement, or seen again by IMAP) is a duplicate, and nothing
 * of it is kept twice: its bytes land on the file they already fill (the row is not looked for
 * first: a redelivery is rare, a lookup for every message is not). Any bytes are recorded; a
 * mailbox, envelope or client that is not plain text is refused (`MailNotRecordable`) before
 * anything is stored.
 */
export function createMailSink(db: Kysely<MailInTables>, storage: AttachmentStorage): MailSink {
  return {
    async record(mail: ReceivedMail): Promise<Recorded> {
      checkReceivedMail(mail);
      const { key, messageId, sha256 } = messageKey(mail.raw);
      const storageKey = rawStorageKey(sha256);
      await storage.write(storageKey, mail.raw);
      const inserted = await db
        .insertInto('mail_in_messages')
        .values({
          message_key: key,
          message_id: messageId ?? null,
          sha256,
          size: mail.raw.length,
          storage_key: storageKey,
          source: mail.source,
          mailbox: mailAddressKey(mail.mailbox),
          envelope_from: mail.envelope?.from ?? null,
          envelope_to: JSON.stringify(mail.envelope?.to ?? []) as unknown as string[],
          client_ip: mail.client?.ip ?? null,
          client_helo: mail.client?.helo ?? null,
          received_at: mail.receivedAt,
          state: 'pending',
        })
        .onConflict((conflict) => conflict.column('message_key').doNothing())
        .returning('storage_key')
        .executeTakeFirst();
      if (inserted) return { key, duplicate: false };
      // Recorded before (a redelivery), or meanwhile by another connection (two servers retrying at
      // once): its row names its own bytes; ours are only an orphan when they differ (the same
      // Message-ID, other content).
      const winner = await db
        .selectFrom('mail_in_messages')
        .select('storage_key')
        .where('message_key', '=', key)
        .executeTakeFirstOrThrow();
      if (winner.storage_key !== storageKey) await storage.remove(storageKey);
      return { key, duplicate: true };
    },
  };
}
