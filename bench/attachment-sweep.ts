/**
 * The sweep of abandoned uploads: how long `Attachments.sweep()` (the API runs it hourly) takes to
 * remove N stored files no message named for more than three days (10,000 by default, 1 KiB each,
 * in the local folder storage): their rows deleted in one statement, then each file removed.
 * Baseline, in the same run on as many files: a plain `delete` of every row and an `rm` of each
 * file, one after the other. Subjects alternate over `BENCH_ROUNDS` rounds (3 by default);
 * medians and their ratio are printed.
 *
 *   node --conditions=@support-engine/source --import tsx bench/attachment-sweep.ts   # BENCH_UPLOADS=1000 for a short run
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ATTACHMENT_LIMITS, DEFAULT_ATTACHMENT_QUOTA } from '@support-engine/domain/attachment';
import { createReadModelDb } from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import { sql } from 'kysely';
import { type AttachmentsTable, migrateAttachments } from '../packages/api/src/attachments/catalog.js';
import { createLocalAttachmentStorage } from '../packages/api/src/attachments/local-storage.js';
import { ABANDONED_AFTER_MS, createAttachments } from '../packages/api/src/attachments/service.js';
import { alternately, fromEnv, median } from './lib/measure.js';

const uploads = fromEnv('BENCH_UPLOADS', 10_000);
const rounds = fromEnv('BENCH_ROUNDS', 3);
const BYTES = randomBytes(1024);

const server = await startPostgres();
const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-'));
try {
  const connectionString = await server.createDatabase('sweep_bench');
  const db = createReadModelDb(connectionString).withTables<{ attachments: AttachmentsTable }>();
  const urlKey = await migrateAttachments(db);
  const storage = await createLocalAttachmentStorage(dir);
  const now = new Date();
  const service = createAttachments({
    db,
    storage,
    limits: DEFAULT_ATTACHMENT_LIMITS,
    quota: DEFAULT_ATTACHMENT_QUOTA,
    clock: () => now,
    uploadTtlMs: 3_600_000,
    urlKey,
  });
  /** N stored files, unattached, uploaded a day longer ago than the sweep waits; answers their ids. */
  const abandon = async (round: number): Promise<string[]> => {
    const storedAt = new Date(now.getTime() - ABANDONED_AFTER_MS - 24 * 3_600_000);
    const { rows } = await sql<{ id: string }>`
      insert into attachments (attachment_id, uploader_id, uploader_role, file_name, status, content_type, size,
        sha256, created_at, expires_at, stored_at)
      select gen_random_uuid()::text, 'cust-' || (n % 100), 'customer', 'shot.png', 'stored', 'image/png', 1024,
        ${`round-${round}`}, ${storedAt}, ${storedAt}, ${storedAt}
      from generate_series(1, ${uploads}) as n
      returning attachment_id as id`.execute(db);
    const ids = rows.map((row) => row.id);
    for (const id of ids) {
      await mkdir(join(dir, id.slice(0, 2)), { recursive: true });
      await writeFile(join(dir, id.slice(0, 2), id), BYTES);
    }
    return ids;
  };
  const sweepSeconds: number[] = [];
  const plainSeconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await alternately(
      round,
      async () => {
        await abandon(round);
        const started = performance.now();
        const swept = await service.sweep();
        sweepSeconds.push((performance.now() - started) / 1000);
        if (swept !== uploads) throw new Error(`swept ${swept} of ${uploads}`);
        console.log(`  sweep round ${round + 1}: ${sweepSeconds.at(-1)!.toFixed(2)} s`);
      },
      async () => {
        const ids = await abandon(round);
        const started = performance.now();
        await sql`delete from attachments where attached_at is null`.execute(db);
        for (const id of ids) await rm(join(dir, id.slice(0, 2), id), { force: true });
        plainSeconds.push((performance.now() - started) / 1000);
        console.log(`  plain round ${round + 1}: ${plainSeconds.at(-1)!.toFixed(2)} s`);
      },
    );
  }
  const [swept, plain] = [median(sweepSeconds), median(plainSeconds)];
  const rate = (seconds: number) => `${Math.round(uploads / seconds).toLocaleString('en-US')} files/s`;
  console.log(`sweep: ${uploads} abandoned uploads in ${swept.toFixed(2)} s (${rate(swept)})`);
  console.log(`plain: ${plain.toFixed(2)} s (${rate(plain)})`);
  console.log(`ratio: ${(plain / swept).toFixed(2)}x the plain removal's rate`);
  await db.destroy();
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
