/**
 * Child process of the crash test (not a test file): runs every built-in projection's projector
 * against the database in argv[2], printing a line per committed batch, until SIGTERM.
 * Run with `node --conditions=@support-engine/source --import tsx`.
 */
import { createPostgresEventStore } from '@support-engine/eventstore-postgres';
import { createReadModelDb } from '../database.js';
import { runProjector } from '../projector.js';
import { createProjections } from '../read-models/index.js';

const connectionString = process.argv[2]!;
const store = createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
const db = createReadModelDb(connectionString);
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());

await Promise.all(
  createProjections().map((projection) =>
    runProjector(
      {
        store,
        db,
        connectionString,
        projection,
        batchSize: 7,
        pollIntervalMs: 50,
        lockRetryMs: 50,
        onBatch: ({ checkpoint }) => console.log(`batch ${projection.name} ${checkpoint.globalPosition}`),
      },
      stop.signal,
    ),
  ),
);
await db.destroy();
await store.close();
