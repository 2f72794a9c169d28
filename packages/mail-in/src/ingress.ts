/**
 * What every ingress (SMTP, IMAP, a provider's webhook) hands over: the message exactly as it
 * arrived, and where it came from. An ingress acknowledges a message to its sender (SMTP's 250,
 * IMAP's move to the processed folder, the webhook's 200) only once {@link MailSink.record}
 * resolved: from then on the engine owns it, and nothing that happens next can lose it.
 */
export interface ReceivedMail {
  /** The raw RFC 5322 message, headers and body, byte for byte. */
  readonly raw: Buffer;
  readonly source: MailSource;
  /** The engine's mailbox address it was received for (a configured mailbox, in any case). */
  readonly mailbox: string;
  /** The SMTP envelope, when the ingress saw one (IMAP and most webhooks do not). */
  readonly envelope?: { readonly from?: string; readonly to: readonly string[] };
  /** The connecting client, when the ingress saw one (SMTP): what SPF checks the sender against. */
  readonly client?: { readonly ip: string; readonly helo?: string };
  readonly receivedAt: Date;
}

/** The doors mail comes in by. */
export type MailSource = 'smtp' | 'imap' | 'webhook';

/** How a record went: the message's key, and whether it had been recorded before (a redelivery). */
export interface Recorded {
  readonly key: string;
  readonly duplicate: boolean;
}

/** Where ingresses put what they receive. */
export interface MailSink {
  /** Records the message once, raw (a repeat is a duplicate, recorded nowhere twice). */
  record(mail: ReceivedMail): Promise<Recorded>;
}
