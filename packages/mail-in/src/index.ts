/**
 * Email into the engine. Each ingress (SMTP, IMAP, a provider's webhook) records what it receives
 * once, raw, through a {@link MailSink} before acknowledging it; processing then threads each
 * recorded message into its ticket, opens one, or records it as noise.
 */

export {
  type ImapAccount,
  type ImapConfig,
  ImapConfigError,
  type ImapTls,
  loadImapConfig,
} from './imap/config.js';
export { createImapIngress, type ImapIngress, type ImapIngressOptions } from './imap/ingress.js';
export type { MailSink, MailSource, ReceivedMail, Recorded } from './ingress.js';
export { messageKey, rawMessageId } from './store/message-key.js';
export { createMailSink } from './store/record.js';
export { type MailInMessagesTable, type MailInTables, type MailState, migrateMailIn } from './store/schema.js';
