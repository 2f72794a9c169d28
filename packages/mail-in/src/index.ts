/**
 * Email into the engine. Each ingress (SMTP, IMAP, a provider's webhook) records what it receives
 * once, raw, through a {@link MailSink} before acknowledging it; processing then threads each
 * recorded message into its ticket, opens one, or records it as noise.
 */

export { MAIL_IN_ACTOR } from './actor.js';
export { type BounceOutcome, type BounceReport, recordBounce, recordSoftBounce } from './bounces/record-bounce.js';
export {
  DEFAULT_MAIL_SIZE_LIMIT,
  loadMailInConfig,
  type MailInConfig,
  MailInConfigError,
  type MailInTls,
} from './config.js';
export { htmlToText } from './content/html-to-text.js';
export { type InlineImages, type InlinePart, inlineImages } from './content/inline-images.js';
export { type MessageContent, messageContent } from './content/message-content.js';
export { type VisibleText, visibleText } from './content/visible-text.js';
export { engineMailHooks } from './engine-hooks.js';
export { heldMailIdOf, holdCommandIdOf, holdMail, type MailToHold } from './held/hold.js';
export {
  type ImapAccount,
  type ImapConfig,
  ImapConfigError,
  type ImapTls,
  loadImapConfig,
} from './imap/config.js';
export { createImapIngress, type ImapIngress, type ImapIngressOptions } from './imap/ingress.js';
export { type StartImapOptions, startImapFromEnv } from './imap/start.js';
export type { MailSink, MailSource, ReceivedMail, Recorded } from './ingress.js';
export {
  createMailboxDirectory,
  type MailboxDirectory,
  type MailboxDirectoryOptions,
  type MailboxEntry,
  type MailboxSnapshot,
} from './mailboxes/directory.js';
export type { DroppedPart } from './process/attachments.js';
export type { MailDnsResolver } from './process/authenticate.js';
export { messageBody } from './process/body.js';
export type { MailboxSettings } from './process/decide-mail.js';
export type { BouncedMail, HeldMail, HeldReason, MailOutcome, MailRefusal } from './process/outcome.js';
export type { MailPart, MailPerson, ParsedMail } from './process/parse.js';
export {
  createMailProcessor,
  type MailProcessor,
  type MailProcessorOptions,
  type Processed,
} from './process/processor.js';
export { type StaffByEmail, staffFromDirectory } from './process/staff.js';
export { createSmtpIngress, type SmtpIngress, type SmtpIngressOptions } from './smtp/ingress.js';
export { eitherMailbox, type IsMailbox, mailboxList, mailboxOfRecipient } from './smtp/recipients.js';
export { SMTP_REFUSALS, type SmtpOutcome, type SmtpRefusalCode } from './smtp/refusals.js';
export { messageKey, rawMessageId } from './store/message-key.js';
export { createMailSink } from './store/record.js';
export { MailNotRecordable } from './store/refusal.js';
export { type MailInMessagesTable, type MailInTables, type MailState, migrateMailIn } from './store/schema.js';
export {
  createWebhookIngress,
  DEFAULT_WEBHOOK_MAX_MESSAGE_BYTES,
  WEBHOOK_INGRESS_PATH,
  type WebhookIngressOptions,
  WebhookIngressSettings,
} from './webhook/ingress.js';
export { listenWebhookIngress, type WebhookListener } from './webhook/listen.js';
export { WEBHOOK_REFUSALS, WebhookRefusal, type WebhookRefusalCode } from './webhook/refusal.js';
export { SIGNATURE_TOLERANCE_SECONDS, WebhookMailboxSecret } from './webhook/secrets.js';
