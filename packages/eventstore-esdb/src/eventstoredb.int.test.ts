import { describe } from 'vitest';
// The port's contract suite, from the port's package (test support is not published).
import { eventStoreContract } from '../../eventstore/src/contract.fixture.js';
import { createEventStoreDBEventStore } from './eventstoredb-event-store.js';

const url = process.env.EVENTSTOREDB_URL;

if (!url) {
  console.log(
    'EventStoreDB contract tests skipped: set EVENTSTOREDB_URL to run them (no server can run on this machine)',
  );
}

// The only skip in the project: no EventStoreDB server can run on these machines.
describe.skipIf(!url)('EventStoreDB adapter', () => {
  eventStoreContract('EventStoreDB', async (clock) => createEventStoreDBEventStore({ connectionString: url!, clock }));
});
