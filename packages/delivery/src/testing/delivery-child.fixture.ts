/**
 * Test support (not a test file): a delivery process for the kill test. It runs the real
 * delivery service (notifier and dispatchers) on the database it is given, configured from the
 * environment like a deployment, logging at debug level as JSON lines on stdout so the parent
 * can kill it right after a claim. SIGTERM stops it cleanly.
 *
 *   node --conditions=@support-engine/source --import tsx delivery-child.fixture.ts <connection string>
 */
import { createPostgresEventStore } from '@support-engine/eventstore-postgres';
import { pino } from 'pino';
import { loadDeliveryConfig } from '../config.js';
import { deliveryDbOf } from '../outbox.js';
import { runDeliveryService } from '../service.js';

const [connectionString] = process.argv.slice(2);
if (!connectionString) throw new Error('usage: delivery-child <connection string>');

const store = createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
// Synchronous, so a claim's line is out before the parent's SIGKILL can land.
const logger = pino({ level: 'debug' }, pino.destination({ dest: 1, sync: true }));
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
await runDeliveryService(
  { store, db: deliveryDbOf(store.db), connectionString, config: loadDeliveryConfig(process.env), logger },
  stop.signal,
);
await store.close();
