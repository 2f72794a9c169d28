import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSealer, type Sealer } from '@support-engine/eventstore';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedStore } from './fixture.fixture.js';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';
import { rehashEvent, tamperWithEvents } from './testing.js';

// Tamper evidence against a database superuser: the append-only trigger is disabled as they
// could, then history is deleted or rewritten (with the unkeyed hashes recomputed forward).
// The hash chain alone misses some of it; the chain plus the signed seals names every case.

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

interface Fixture {
  store: PostgresEventStore;
  /** The same database verified by the hash chain alone. */
  chainOnly: PostgresEventStore;
  sealer: Sealer;
  file: string;
}

async function fixture(): Promise<Fixture> {
  const file = join(await mkdtemp(join(tmpdir(), 'seals-')), 'seals.jsonl');
  const { store, connectionString } = await createMigratedStore({ seals: { file, publicKey } });
  const chainOnly = createPostgresEventStore({ connectionString });
  return { store, chainOnly, file, sealer: createSealer({ store, file, privateKey }) };
}

async function appendThree(store: PostgresEventStore, streamId: string) {
  await store.append(streamId, [{ type: 'opened', data: { n: 1 } }], { expectedVersion: 'no_stream' });
  await store.append(streamId, [{ type: 'noted', data: { text: 'second' } }], { expectedVersion: 1 });
  await store.append(streamId, [{ type: 'closed', data: { n: 3 } }], { expectedVersion: 2 });
  return store.readStream(streamId);
}

describe('seals of the event log (real PostgreSQL)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(async () => {
    await f.chainOnly.close();
    await f.store.close();
  });

  it('verifies an untouched history and reports events appended after the last seal as not yet sealed', async () => {
    await appendThree(f.store, 'intact');
    expect(await f.sealer.sealOnce()).toEqual({ streams: 1, events: 3, resealed: [] });
    expect(await f.store.verifyStream('intact')).toMatchObject({ ok: true, unsealedEvents: 0 });

    await f.store.append('intact', [{ type: 'noted', data: { text: 'after the seal' } }], { expectedVersion: 3 });
    const verified = await f.store.verifyStream('intact');
    expect(verified).toMatchObject({ ok: true, unsealedEvents: 1 });
    expect(verified.lastSealedAt).toBeInstanceOf(Date);
    expect(await f.store.verifyAllStreams()).toMatchObject({ ok: true, unsealedEvents: 1 });

    expect(await f.sealer.sealOnce()).toEqual({ streams: 1, events: 1, resealed: [] });
    expect(await f.store.verifyStream('intact')).toMatchObject({ ok: true, unsealedEvents: 0 });
  });

  it('seals a long backlog in bounded sets that verify alike, and still names a deleted last event', async () => {
    const own = await fixture();
    try {
      const sealer = createSealer({ store: own.store, file: own.file, privateKey, batchSize: 1, maxEventsPerSeal: 2 });
      for (const stream of ['backlog-1', 'backlog-2']) await appendThree(own.store, stream);
      expect(await sealer.sealOnce()).toMatchObject({ events: 6 });
      const lines = (await readFile(own.file, 'utf8')).trim().split('\n');
      expect(lines.filter((line) => line.includes('"kind":"log"'))).toHaveLength(3);
      expect(await own.store.verifyStream('backlog-1')).toMatchObject({ ok: true, unsealedEvents: 0 });
      await tamperWithEvents(own.store, sql`delete from events where stream_id = 'backlog-2' and stream_version = 3`);
      expect(await own.store.verifyStream('backlog-2')).toMatchObject({ ok: false });
    } finally {
      await own.chainOnly.close();
      await own.store.close();
    }
  });

  it('never seals a second hash for a version it sealed, and says which versions were rewritten', async () => {
    // Its own file: a second sealer on it (a restart) must be the file's only writer.
    const own = await fixture();
    try {
      await appendThree(own.store, 'rewritten');
      await own.sealer.sealOnce();
      // The sealed last event deleted, and another appended in its place.
      await tamperWithEvents(own.store, sql`delete from events where stream_id = 'rewritten' and stream_version = 3`);
      await own.store.append('rewritten', [{ type: 'closed', data: { n: 'other' } }], { expectedVersion: 2 });
      await own.store.append('rewritten', [{ type: 'noted', data: { text: 'later' } }], { expectedVersion: 3 });
      expect(await own.sealer.sealOnce()).toEqual({
        streams: 1,
        events: 1,
        resealed: [{ streamId: 'rewritten', version: 3 }],
      });
      const sealedVersions = (await readFile(own.file, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { seal: { kind: string; streamId?: string; events?: [number][] } })
        .flatMap(({ seal }) => (seal.kind === 'stream' && seal.streamId === 'rewritten' ? seal.events! : []))
        .map(([version]) => version);
      expect(sealedVersions).toEqual([1, 2, 3, 4]);
      // A sealer started afresh on the file (a restart) knows what was sealed before.
      await tamperWithEvents(own.store, sql`delete from events where stream_id = 'rewritten' and stream_version = 4`);
      await own.store.append('rewritten', [{ type: 'noted', data: { text: 'again' } }], { expectedVersion: 3 });
      expect(await createSealer({ store: own.store, file: own.file, privateKey }).sealOnce()).toMatchObject({
        resealed: [{ streamId: 'rewritten', version: 4 }],
      });
      expect(await own.store.verifyStream('rewritten')).toMatchObject({ ok: false, firstBadVersion: 3 });
    } finally {
      await own.chainOnly.close();
      await own.store.close();
    }
  });

  it("(a) names a stream's deleted last event as truncated, which the chain alone misses", async () => {
    const events = await appendThree(f.store, 'tail');
    await f.sealer.sealOnce();
    await tamperWithEvents(f.store, sql`delete from events where stream_id = 'tail' and stream_version = 3`);

    expect(await f.chainOnly.verifyStream('tail')).toMatchObject({ ok: true });
    expect(await f.store.verifyStream('tail')).toMatchObject({
      ok: false,
      streamId: 'tail',
      firstBadVersion: 3,
      globalPosition: events[2]!.checkpoint.globalPosition,
      problem: 'truncated',
      expected: events[2]!.hash,
      actual: '(none)',
    });
  });

  it('(b) names an event edited with the unkeyed hashes recomputed forward, which the chain alone misses', async () => {
    const events = await appendThree(f.store, 'rehashed');
    await f.sealer.sealOnce();
    await tamperWithEvents(
      f.store,
      sql`update events set data = '{"text":"forged"}' where stream_id = 'rehashed' and stream_version = 2`,
      rehashEvent('rehashed', 2),
      rehashEvent('rehashed', 3),
    );

    expect(await f.chainOnly.verifyStream('rehashed')).toMatchObject({ ok: true });
    const result = await f.store.verifyStream('rehashed');
    expect(result).toMatchObject({
      ok: false,
      firstBadVersion: 2,
      globalPosition: events[1]!.checkpoint.globalPosition,
      problem: 'altered',
      expected: events[1]!.hash,
    });
    expect(result.ok === false && result.actual).not.toBe(events[1]!.hash);
  });

  it('(c) names an event deleted in the middle as missing', async () => {
    const events = await appendThree(f.store, 'middle');
    await f.sealer.sealOnce();
    await tamperWithEvents(f.store, sql`delete from events where stream_id = 'middle' and stream_version = 2`);

    expect(await f.store.verifyStream('middle')).toMatchObject({
      ok: false,
      firstBadVersion: 2,
      globalPosition: events[1]!.checkpoint.globalPosition,
      problem: 'missing',
    });
    const all = await f.store.verifyAllStreams();
    expect(all.ok === false && all.breaks.map((b) => [b.streamId, b.firstBadVersion, b.problem])).toEqual([
      ['middle', 2, 'missing'],
      ['rehashed', 2, 'altered'],
      ['tail', 3, 'truncated'],
    ]);
  });

  it('reports a forged or removed line of the seal file', async () => {
    const lines = (await readFile(f.file, 'utf8')).trimEnd().split('\n');
    const forged = lines[0]!.replace('"intact"', '"elsewhere"');
    await writeFile(f.file, `${[forged, ...lines.slice(2)].join('\n')}\n`);

    const all = await f.store.verifyAllStreams();
    expect(all.ok === false && all.breaks.slice(0, 2).map((b) => [b.streamId, b.firstBadVersion, b.problem])).toEqual([
      ['(seal file)', 1, 'bad_seal'],
      ['(seal file)', 2, 'bad_seal'],
    ]);
    expect(all.ok === false && all.breaks[1]!.detail).toMatch(/does not follow the line before it/);
  });
});

describe("(d) truncating the whole log's tail", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(async () => {
    await f.chainOnly.close();
    await f.store.close();
  });

  it("is named: the log's sealed head and each stream's sealed tail", async () => {
    await appendThree(f.store, 'one');
    const two = await appendThree(f.store, 'two');
    await f.sealer.sealOnce();
    const cut = (await f.store.readStream('one'))[2]!.checkpoint.globalPosition;
    await tamperWithEvents(f.store, sql`delete from events where global_position > ${String(cut)}::bigint`);

    expect(await f.chainOnly.verifyAllStreams()).toMatchObject({ ok: true });
    const all = await f.store.verifyAllStreams();
    expect(all.ok).toBe(false);
    const breaks = all.ok ? [] : all.breaks;
    expect(breaks[0]).toMatchObject({
      streamId: 'two',
      firstBadVersion: 3,
      globalPosition: two[2]!.checkpoint.globalPosition,
      problem: 'truncated',
    });
    expect(breaks[0]!.detail).toMatch(/the log's tail was deleted: the log ends at global position/);
    expect(breaks.slice(1).map((b) => [b.streamId, b.firstBadVersion, b.problem])).toEqual([['two', 1, 'truncated']]);
  });
});
