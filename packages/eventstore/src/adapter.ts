/**
 * What an adapter of the `EventStore` port is built from (`@support-engine/eventstore/adapter`):
 * the rules every store applies the same way, so each adapter only maps them onto its database.
 * The in-memory and PostgreSQL stores use them, and the EventStoreDB store in its own package.
 */
export { assertExpectedVersion } from './expected-version.js';
export { chainHash, type HashedEvent } from './hash-chain.js';
export { assertSameCommand, type RecordedCommand } from './idempotency.js';
export { type PollingSubscription, runPollingSubscription } from './subscription.js';
export {
  MAX_COMMAND_ID_LENGTH,
  MAX_EVENTS_PER_APPEND,
  type ValidAppend,
  type ValidEvent,
  validateAppend,
} from './validation.js';
