export {
  type AttachmentSource,
  AUTOMATIC_MAIL_HEADERS,
  createEmailSender,
  type EmailSenderOptions,
  messageIdFor,
} from './channels/email.js';
export { renderEmail } from './channels/email-render.js';
export { MailThreading, MessagePayload } from './channels/message.js';
export {
  createPushSender,
  generateVapidKeys,
  type PushSenderOptions,
  topicFor,
  type VapidKeys,
} from './channels/push.js';
export { createWebhookSender, type EndpointLookup, type EndpointTarget } from './channels/webhook.js';
export { type DeliveryConfig, type EmailConfirmationConfig, loadDeliveryConfig, type MailDkim } from './config.js';
export {
  type AttemptView,
  type DeliveryFilter,
  type DeliveryView,
  listNotificationDeliveries,
  listWebhookDeliveries,
  type NotificationDeliveryChannel,
  type NotificationDeliveryFilter,
  type NotificationDeliveryView,
  queueWebhookTest,
  redeliverNotification,
  redeliverWebhook,
  WEBHOOK_TEST_EVENT,
} from './delivery-log.js';
export type { EndpointEntry } from './directory.js';
export {
  type ChannelSender,
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  type SendResult,
} from './dispatcher.js';
export {
  type EmailConfirmation,
  emailConfirmationLink,
  readEmailConfirmation,
  signEmailConfirmation,
} from './email-confirmation.js';
export { currentEndpointIds } from './endpoint-directory.js';
export { streamEndpoints } from './endpoints.js';
export { DeliveryError, type DeliveryErrorCode } from './errors.js';
export { domainOf, type MailThreadOptions } from './mail-thread.js';
export { createNotifier, type Notifier, NotifierCheckpointConflictError, type NotifierOptions } from './notifier.js';
export {
  type AttemptResult,
  type ChannelBacklog,
  type DeliveryDb,
  type DeliveryPerson,
  deliveryDbOf,
  enqueue,
  type NewDelivery,
  pendingBacklog,
} from './outbox.js';
export {
  type AttemptOutcome,
  type DeliveryChannel,
  type DeliveryPersonKind,
  type DeliveryStatus,
  type DeliveryTables,
  migrateDelivery,
} from './schema.js';
export { webhookSecret } from './secrets.js';
export { type DeliveryServiceOptions, runDeliveryService } from './service.js';
export { readToken, signToken } from './signed-token.js';
export { AddressNotAllowedError, assertDeliverableUrl } from './ssrf.js';
export {
  type ReplyTokenClaim,
  type ReplyTokenKind,
  readReplyToken,
  replyToken,
  replyTokenIsFor,
  ticketMessageId,
  ticketOfMessageId,
} from './thread-keys.js';
