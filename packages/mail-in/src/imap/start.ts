import type { Logger } from 'pino';
import type { MailSink } from '../ingress.js';
import { loadImapConfig } from './config.js';
import { createImapIngress, type ImapIngress } from './ingress.js';

/** Options of {@link startImapFromEnv}. */
export interface StartImapOptions {
  /** Where `MAIL_IN_IMAP_*` are read from. */
  readonly env: NodeJS.ProcessEnv;
  readonly sink: MailSink;
  readonly logger: Logger;
  /**
   * Told of each newly recorded message (not of a duplicate) with the bytes just recorded, e.g.
   * the processor's fast path (`processNow(key, raw)`), which then reads nothing back from the storage.
   */
  readonly onNewMessage?: (key: string, raw: Buffer) => void;
  /** Largest message taken, in bytes (the SMTP ingress's limit, so both doors take the same mail). */
  readonly sizeLimit?: number;
}

/**
 * What `support-engine mail-in` runs for IMAP: the accounts `MAIL_IN_IMAP_*` configure (see
 * `loadImapConfig`, which throws an `ImapConfigError` naming each bad variable), read by a started
 * {@link ImapIngress}; `undefined` when no account is configured. Stop it with `stop()`.
 */
export function startImapFromEnv(options: StartImapOptions): ImapIngress | undefined {
  const { accounts } = loadImapConfig(options.env);
  if (accounts.length === 0) return undefined;
  const notify = options.onNewMessage;
  const ingress = createImapIngress({
    sink: options.sink,
    accounts,
    logger: options.logger,
    ...(options.sizeLimit === undefined ? {} : { sizeLimit: options.sizeLimit }),
    // Not awaited: the move out of the mailbox waits for the record only, never for processing.
    ...(notify === undefined
      ? {}
      : {
          onRecorded: (recorded, mail) => {
            if (!recorded.duplicate) notify(recorded.key, mail.raw);
          },
        }),
  });
  ingress.start();
  options.logger.info(
    { accounts: accounts.map(({ name, host, port, mailbox, address }) => ({ name, host, port, mailbox, address })) },
    'IMAP ingress started',
  );
  return ingress;
}
