/**
 * Test support (not a test file): an SLA re-planner process for the kill test. It runs the real
 * re-planner on the database it is given; with a number N, it SIGKILLs itself right after the
 * Nth `TicketSlaPolicyApplied` it appends lands: mid-sweep, its checkpoint not yet saved.
 *
 *   node --conditions=@support-engine/source --import tsx replanner-child.fixture.ts <connection string> [N]
 */
import { createDomainEventRegistry } from '@support-engine/domain';
import { createPostgresEventStore } from '@support-engine/eventstore-postgres';
import { pino } from 'pino';
import { createSlaReplanner } from '../sla-replanner.js';

const [connectionString, killAfter] = process.argv.slice(2);
if (!connectionString) throw new Error('usage: replanner-child <connection string> [kill after N re-plans]');

const store = createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
const append = store.append.bind(store);
let replanned = 0;
// The re-planner's handler appends through this store: the Nth re-plan that lands ends the process.
store.append = async (streamId, events, options) => {
  const result = await append(streamId, events, options);
  const applied = events.some((event) => event.type === 'TicketSlaPolicyApplied');
  if (applied && !result.duplicate && killAfter !== undefined && ++replanned === Number(killAfter)) {
    process.stdout.write(`killed after re-plan of ${streamId}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  return result;
};
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
await createSlaReplanner({
  store,
  connectionString,
  registry: createDomainEventRegistry(),
  logger: pino({ level: 'silent' }),
  pollIntervalMs: 50,
  batchSize: 50,
  concurrency: 4,
}).run(stop.signal);
await store.close();
