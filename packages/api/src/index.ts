/**
 * The support engine's GraphQL API: fastify + graphql-yoga, JWT authentication, one
 * authorization table, stable error codes. Start it with {@link createApiServer}.
 */

export {
  type AttachmentsTable,
  catalogStoredFile,
  MAIL_IN_UPLOADER,
  migrateAttachments,
  readableAttachment,
} from './attachments/catalog.js';
export {
  AttachmentStoreConfig,
  AttachmentStoreConfigError,
  loadAttachmentStoreConfig,
  openAttachmentStorage,
} from './attachments/config.js';
export {
  type AttachmentFinding,
  type AttachmentVerification,
  verifyStoredAttachments,
} from './attachments/integrity.js';
export { createLocalAttachmentStorage } from './attachments/local-storage.js';
export { type ReceivedBytes, receiveAttachment } from './attachments/receive.js';
export { createS3AttachmentStorage, type S3StorageOptions } from './attachments/s3-storage.js';
export type { AttachmentStorage } from './attachments/storage.js';
export { type CustomerRule, OPERATIONS, type Operation, type OperationPolicy, POLICY } from './auth/policy.js';
export { type Authenticator, createAuthenticator, mintToken, type Principal } from './auth/tokens.js';
export {
  API_CONFIG_DEFAULTS,
  ApiConfig,
  ApiConfigError,
  AuthConfig,
  defaultApiConfig,
  loadApiConfig,
} from './config.js';
export { createProjectionWaiter, type ProjectionWaiter, type ReadModel } from './consistency.js';
export type { ApiDeps, DeliveryAccess, SlaLookup, SlaSettings } from './deps.js';
export { DESK_PATH, DEV_TOKEN_PATH, SIGN_IN_OPTIONS_PATH } from './desk/routes.js';
export { API_ERROR_CODES } from './errors/codes.js';
export { errorBody } from './errors/http.js';
export { printApiSchema } from './graphql/schema.js';
export { FORWARDED_HEADERS, HELP_CENTER_PATH, type HelpCenterHandler } from './help-center-mount/routes.js';
export { type ApiMetrics, type CommandObserver, createApiMetrics } from './metrics.js';
export { type ApiServer, createApiServer, GRAPHQL_PATH } from './server.js';
