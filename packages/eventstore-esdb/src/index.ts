export { createEventStoreDBEventStore, type EventStoreDBEventStoreOptions } from './eventstoredb-event-store.js';
