export { MissingToolError, ServerSetupError } from './errors.js';
export {
  type ImapServerOptions,
  imapServerExecutable,
  type RunningImapServer,
  startImapServer,
} from './imap-server.js';
export {
  type CaughtAttachment,
  type CaughtMail,
  type MailCatcherOptions,
  type RunningMailCatcher,
  startMailCatcher,
} from './mail-catcher.js';
export type { CatcherReply, ReplyRelay, SentReply } from './mail-catcher-reply.js';
export { claimPidFile, type Orphan, reapOrphan, removePidFile } from './pid-file.js';
export { portHolder } from './port-holder.js';
export { freePort } from './ports.js';
export { type RunningPostgres, type StartPostgresOptions, startPostgres } from './postgres.js';
export { type ProcessIdentity, processIdentity, type StopOutcome } from './processes.js';
export {
  type PushReceiverOptions,
  type PushSubscriptionJson,
  type ReceivedPush,
  type RunningPushReceiver,
  startPushReceiver,
} from './push-receiver.js';
export { PUSH_RECEIVER_CERTIFICATE } from './push-receiver-tls.js';
export { type RunningS3Server, type S3ServerOptions, s3ServerExecutable, startS3Server } from './s3-server.js';
export {
  type DevServerOptions,
  type RunningDevServer,
  startTemporalDevServer,
  startTemporalTestServer,
} from './temporal.js';
export {
  type RunningTemporalServer,
  startTemporalServer,
  TEMPORAL_SERVER_HOME,
  type TemporalServerOptions,
  temporalServerTools,
} from './temporal-server.js';
export { type TemporalTool, TOOLS_DIR, temporalExecutable } from './tools.js';
export {
  type ReceivedWebhookEvent,
  type ReceivedWebhookRequest,
  type RunningWebhookReceiver,
  startWebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookReceiverState,
  type WebhookRequestInfo,
  type WebhookResponse,
  type WebhookSecrets,
} from './webhook-receiver.js';
