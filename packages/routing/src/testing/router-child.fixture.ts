/**
 * Test support (not a test file): a router process for the kill test. It runs the real router
 * on the database it is given; with a number N, it SIGKILLs itself right after its Nth
 * reservation is appended: the moment between the two halves of a hand-over.
 *
 *   node --conditions=@support-engine/source --import tsx router-child.fixture.ts <connection string> [N]
 */
import { createHandOvers, createWorkHandlers } from '@support-engine/application';
import { createDomainEventRegistry } from '@support-engine/domain';
import { createPostgresEventStore } from '@support-engine/eventstore-postgres';
import { pino } from 'pino';
import { wrapStore } from '../../../application/src/testing/wrap-store.fixture.js';
import { createRouter } from '../router.js';
import { TEST_ROUTER } from './router-settings.fixture.js';

const [connectionString, killAfter] = process.argv.slice(2);
if (!connectionString) throw new Error('usage: router-child <connection string> [kill after N reservations]');

const store = createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
let reservations = 0;
// The hand-overs append through this store: the Nth ReserveWork that lands ends the process.
const dying = wrapStore(store, {
  async append(streamId, events, options) {
    const result = await store.append(streamId, events, options);
    const reserved = events.some((event) => event.type === 'AgentWorkReserved');
    if (reserved && !result.duplicate && killAfter !== undefined && ++reservations === Number(killAfter)) {
      process.stdout.write(`killed after reservation in ${streamId}\n`);
      process.kill(process.pid, 'SIGKILL');
    }
    return result;
  },
});
const registry = createDomainEventRegistry();
const handlers = createWorkHandlers(dying, registry);
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
await createRouter({
  store,
  connectionString,
  registry,
  handlers,
  handOvers: createHandOvers({ store: dying, registry, handlers, clock: () => new Date() }),
  config: TEST_ROUTER,
  logger: pino({ level: 'silent' }),
  onCycle: (cycle) => process.stdout.write(`cycle ${cycle.events} ${cycle.routed}\n`),
}).run(stop.signal);
await store.close();
