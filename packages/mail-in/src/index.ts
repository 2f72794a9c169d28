/**
 * Email into the engine. Each ingress (SMTP, IMAP, a provider's webhook) records what it receives
 * once, raw, through a {@link MailSink} before acknowledging it; processing then threads each
 * recorded message into its ticket, opens one, or records it as noise.
 */

export {
  DEFAULT_MAIL_SIZE_LIMIT,
  loadMailInConfig,
  type MailInConfig,
  MailInConfigError,
  type MailInTls,
} from './config.js';
export type { MailSink, MailSource, ReceivedMail, Recorded } from './ingress.js';
export { createSmtpIngress, type SmtpIngress, type SmtpIngressOptions } from './smtp/ingress.js';
export { eitherMailbox, type IsMailbox, mailboxList, mailboxOfRecipient } from './smtp/recipients.js';
export { SMTP_REFUSALS, type SmtpOutcome, type SmtpRefusalCode } from './smtp/refusals.js';
export { messageKey, rawMessageId } from './store/message-key.js';
export { createMailSink } from './store/record.js';
export { type MailInMessagesTable, type MailInTables, type MailState, migrateMailIn } from './store/schema.js';
