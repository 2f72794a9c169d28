import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createLocalAttachmentStorage } from '@support-engine/api';
import { createSlaConfigurationSource } from '@support-engine/application';
import { createDomainEventRegistry, streamId } from '@support-engine/domain';
import { createTicketDecider, TicketCommand } from '@support-engine/domain/ticket';
import { createCommandHandler, createSealer, generateSealKeyPem, readSealPrivateKey } from '@support-engine/eventstore';
import { rehashEvent, tamperWithEvents } from '@support-engine/eventstore-postgres/testing';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { type Databases, openDatabases } from '../services/databases.js';
import { testIo } from '../testing/io.fixture.js';
import { runAuditAttachments, runAuditSealsExport, runAuditVerify } from './audit.js';
import { runMigrate } from './migrate.js';
import { runRebuild } from './rebuild.js';
import { runLoadPresets } from './sla.js';

// The maintenance commands against a real database: migrate, rebuild (in place and beside the
// live tables, with its comparison) and audit verify (intact, then with a forged event).

const TICKETS = 3;
let env: NodeJS.ProcessEnv;
let databases: Databases;

beforeAll(async () => {
  env = { DATABASE_URL: await createTestDatabase('cli_maint') };
  expect(await runMigrate(testIo(env))).toBe(0);
  databases = openDatabases(env.DATABASE_URL!);
  const tickets = createCommandHandler({
    store: databases.store,
    decider: createTicketDecider(),
    registry: createDomainEventRegistry(),
  });
  for (let i = 1; i <= TICKETS; i++) {
    const data = { ticketId: `m-${i}`, customerId: 'c-1', subject: `Case ${i}`, description: 'Broken', channel: 'web' };
    await tickets.handle({
      streamId: streamId('ticket', `m-${i}`),
      command: TicketCommand.parse({ type: 'OpenTicket', data }),
      context: { now: new Date('2025-03-03T09:00:00Z'), actor: { id: 'c-1', role: 'customer' } },
      commandId: randomUUID(),
    });
  }
});

afterAll(async () => {
  await databases?.close();
});

describe('rebuild', () => {
  it('replays in place with a progress bar, then rebuilds beside the live tables and finds them equal', async () => {
    const inPlace = testIo(env);
    expect(await runRebuild({ projection: 'tickets', inPlace: true }, inPlace)).toBe(0);
    expect(inPlace.stdout.text()).toMatch(
      /\d+ events \d+ ev\/s\n {2}replayed \d+ events in [\d.]+ s \(\d+ events\/s\) into the live tables/,
    );
    const rows = await databases.db.selectFrom('tickets').select('ticket_id').execute();
    expect(rows).toHaveLength(TICKETS);

    const beside = testIo(env);
    expect(await runRebuild({ projection: 'tickets', inPlace: false }, beside)).toBe(0);
    expect(beside.stdout.text()).toMatch(/\[#{30}\] 100% (\d+)\/\1 events \d+ ev\/s\n/);
    expect(beside.stdout.text()).toContain('into schema rebuild_tickets\n  equal to the live tables');
  });

  it('reports live tables that differ from a replay, and exits 1', async () => {
    await databases.db.updateTable('tickets').set({ subject: 'Tampered' }).where('ticket_id', '=', 'm-1').execute();
    const io = testIo(env);
    expect(await runRebuild({ projection: 'tickets', inPlace: false }, io)).toBe(1);
    expect(io.stdout.text()).toContain('DIFFERS from the live tables in: tickets');
    // A difference may be an altered log: the advice is to verify it before replacing anything.
    expect(io.stdout.text()).toContain('check it with "audit verify" first');
  });

  it('says so when the live projection never ran, rather than blaming a running projector', async () => {
    const fresh = { DATABASE_URL: await createTestDatabase('cli_fresh') };
    expect(await runMigrate(testIo(fresh))).toBe(0);
    const io = testIo(fresh);
    expect(await runRebuild({ projection: 'chats', inPlace: false }, io)).toBe(0);
    expect(io.stdout.text()).toContain('not compared: the live projection has never run here');
  });

  it('refuses an unknown projection, naming the known ones', async () => {
    await expect(runRebuild({ projection: 'invoices', inPlace: false }, testIo(env))).rejects.toThrow(
      'Unknown projection "invoices"; choose one of: tickets, chats, agents, articles, staff, heldmails, mailboxes, widgets, metrics',
    );
  });

  it('rebuilds the read model ticketMetrics aggregates under the name metrics', async () => {
    const io = testIo(env);
    // The tickets row tampered with above still differs: the alias reaches the same tables.
    expect(await runRebuild({ projection: 'metrics', inPlace: false }, io)).toBe(1);
    expect(io.stdout.text()).toMatch(/^tickets:\n/);
    expect(io.stdout.text()).toContain('into schema rebuild_tickets');
  });

  it('stops a projection at an event altered outside the engine in one line, runs the others, and never empties live tables for it', async () => {
    const alter = (subject: unknown) =>
      tamperWithEvents(
        databases.store,
        sql`update events set data = jsonb_set(data, '{subject}', ${JSON.stringify(subject)}::jsonb) where stream_id = 'ticket-m-3' and stream_version = 1`,
      );
    await alter(42);
    try {
      const beside = testIo(env);
      expect(await runRebuild({ inPlace: false }, beside)).toBe(1);
      const text = beside.stdout.text();
      expect(text).toMatch(
        /STOPPED: Projection "tickets" stopped at ticket-m-3@1 \(TicketOpened v\d+, .*\): malformed data: data\.subject: .*\n/,
      );
      expect(text).toContain('run "support-engine audit verify" to find what was altered');
      // The projections after it still ran.
      expect(text).toMatch(/chats:\n.*agents:\n.*articles:\n/s);
      expect(beside.stderr.text()).toBe('');

      const before = await databases.db
        .selectFrom('tickets')
        .select(['ticket_id', 'subject'])
        .orderBy('ticket_id')
        .execute();
      const inPlace = testIo(env);
      expect(await runRebuild({ projection: 'tickets', inPlace: true }, inPlace)).toBe(1);
      expect(inPlace.stdout.text()).toContain('the live tables were left as they were');
      expect(inPlace.stdout.text()).not.toContain('into the live tables');
      expect(
        await databases.db.selectFrom('tickets').select(['ticket_id', 'subject']).orderBy('ticket_id').execute(),
      ).toEqual(before);
    } finally {
      await alter('Case 3');
    }
  });
});

describe('audit verify', () => {
  it('passes an intact log, then prints the first altered event of a forged stream and exits 1', async () => {
    const intact = testIo(env);
    expect(await runAuditVerify({}, intact)).toBe(0);
    expect(intact.stdout.text()).toBe(
      'History intact: the hash chain of every stream verifies.\n' +
        `No seals configured (SEAL_FILE): ${TICKETS} event(s) checked by the hash chain only.\n`,
    );

    await tamperWithEvents(
      databases.store,
      sql`update events set data = jsonb_set(data, '{subject}', '"Forged"') where stream_id = 'ticket-m-2'`,
    );
    const all = testIo(env);
    expect(await runAuditVerify({}, all)).toBe(1);
    expect(all.stdout.text()).toMatch(
      /History ALTERED in 1 stream\(s\)[^\n]*\n {2}ticket-m-2 v1 at global position \d+: altered \(TicketOpened, recorded /,
    );
    expect(all.stdout.text()).toMatch(/it was edited\n {4}expected hash \S+\n {4}stored hash {3}\S+/);

    const other = testIo(env);
    expect(await runAuditVerify({ stream: 'ticket-m-3' }, other)).toBe(0);
    expect(other.stdout.text()).toContain('stream ticket-m-3 verifies');
  });

  it('with seals, names a deleted last event, counts what is not yet sealed, and exports the seal file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-seals-'));
    const sealed = { ...env, SEAL_FILE: join(dir, 'seals.jsonl'), SEAL_KEY_FILE: join(dir, 'key.pem') };
    await writeFile(sealed.SEAL_KEY_FILE, generateSealKeyPem());
    // A seal file that is missing or empty while the log holds events: nothing sealed, a failure.
    for (const file of [join(dir, 'no-such-file.jsonl'), join(dir, 'empty.jsonl')]) {
      if (file.endsWith('empty.jsonl')) await writeFile(file, '');
      const lost = testIo({ ...sealed, SEAL_FILE: file });
      expect(await runAuditVerify({ stream: 'ticket-m-1' }, lost)).toBe(1);
      expect(lost.stdout.text()).toMatch(
        /^Seals MISSING: SEAL_FILE \S+ (does not exist|holds no seal), so none of the \d+ event\(s\)/,
      );
    }
    const privateKey = await readSealPrivateKey(sealed.SEAL_KEY_FILE);
    await createSealer({ store: databases.store, file: sealed.SEAL_FILE, privateKey }).sealOnce();
    await databases.store.append('cli-late', [{ type: 'noted', data: {} }], { expectedVersion: 'no_stream' });

    // Read with another key, no line verifies: said so, and the intact chain still said to verify.
    const otherKey = join(dir, 'other.pem');
    await writeFile(otherKey, generateSealKeyPem());
    const wrongKey = testIo({ ...sealed, SEAL_KEY_FILE: otherKey });
    expect(await runAuditVerify({ stream: 'ticket-m-1' }, wrongKey)).toBe(1);
    expect(wrongKey.stdout.text()).toMatch(
      /^Seals UNVERIFIED: no line of SEAL_FILE \S+ verifies \(\d+ bad line\(s\); line 1: /,
    );
    expect(wrongKey.stdout.text()).toContain('The hash chain of stream ticket-m-1 verifies.');

    const before = testIo(sealed);
    expect(await runAuditVerify({ stream: 'ticket-m-1' }, before)).toBe(0);
    expect(before.stdout.text()).toMatch(/the hash chain and the seals of stream ticket-m-1 verify/);
    expect(before.stdout.text()).toMatch(/^0 event\(s\) not yet sealed \(last seal \S+\)/m);
    const everything = testIo(sealed);
    await runAuditVerify({}, everything);
    expect(everything.stdout.text()).toMatch(/^1 event\(s\) not yet sealed/m);

    // The log's last event, sealed as its head and as its stream's, then edited: one entry, both reasons.
    await createSealer({ store: databases.store, file: sealed.SEAL_FILE, privateKey }).sealOnce();
    // Its hash recomputed, so that only the seals tell.
    await tamperWithEvents(
      databases.store,
      sql`update events set data = '{"edited": true}' where stream_id = 'cli-late'`,
      rehashEvent('cli-late', 1),
    );
    const head = testIo(sealed);
    expect(await runAuditVerify({}, head)).toBe(1);
    const entry = head.stdout.text().match(/^ {2}cli-late v1 [^\n]*\n((?: {4}[^\n]*\n)*)/m);
    expect(head.stdout.text().match(/^ {2}cli-late v1 /gm)).toHaveLength(1);
    expect(entry?.[1]?.match(/^ {4}(?!expected hash|stored hash)/gm)?.length).toBeGreaterThanOrEqual(2);

    await tamperWithEvents(databases.store, sql`delete from events where stream_id = 'ticket-m-1'`);
    const after = testIo(sealed);
    expect(await runAuditVerify({ stream: 'ticket-m-1' }, after)).toBe(1);
    expect(after.stdout.text()).toMatch(
      / {2}ticket-m-1 v1 at global position \d+: truncated\n {4}deleted with the stream's tail/,
    );

    const exported = testIo(sealed);
    expect(await runAuditSealsExport({}, exported)).toBe(0);
    expect(exported.stdout.text()).toBe(await readFile(sealed.SEAL_FILE, 'utf8'));
    const publicKey = testIo(sealed);
    expect(await runAuditSealsExport({ publicKey: true }, publicKey)).toBe(0);
    expect(publicKey.stdout.text()).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    // An edited seal line is a finding, counted as a line of the seal file, not as a stream.
    const seals = await readFile(sealed.SEAL_FILE, 'utf8');
    const edited = join(dir, 'edited.jsonl');
    // Its last line: no line after it to break in turn.
    const sealLines = seals.trimEnd().split('\n');
    const last = sealLines
      .at(-1)!
      .replace(/"hash":"(.)/, (_match, first: string) => `"hash":"${first === '0' ? '1' : '0'}`);
    await writeFile(edited, `${[...sealLines.slice(0, -1), last].join('\n')}\n`);
    const tampered = testIo({ ...sealed, SEAL_FILE: edited });
    expect(await runAuditVerify({}, tampered)).toBe(1);
    const report = tampered.stdout.text();
    const streams = [...new Set([...report.matchAll(/^ {2}(\S+) v\d+/gm)].map(([, stream]) => stream))];
    expect(streams).toContain('ticket-m-1');
    // The seal file's line by its number, without the hash lines an event has.
    expect(report).toMatch(/^ {2}seal file line \d+: bad_seal\n {4}line \d+ of \S+: .+\n(?! {4}expected hash)/m);
    expect(report).toMatch(
      new RegExp(`^History ALTERED in ${streams.length} stream\\(s\\) and 1 line\\(s\\) of the seal file \\(`, 'm'),
    );
  });

  it('names a stream that does not exist in one line (an operator error, no stack trace)', async () => {
    const missing = runAuditVerify({ stream: 'ticket-nope' }, testIo(env));
    await expect(missing).rejects.toBeInstanceOf(CliError);
    await expect(missing).rejects.toThrow(/^No stream "ticket-nope" in the event log: nothing to verify\.$/);
  });

  it('names a missing or unreadable public key file in one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-keys-'));
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a key\n');
    for (const [file, why] of [
      [join(dir, 'absent.pem'), 'no such file'],
      [garbage, 'not a PEM Ed25519 key'],
    ] as const) {
      const keyed = { ...env, SEAL_FILE: join(dir, 'seals.jsonl'), SEAL_PUBLIC_KEY_FILE: file };
      const refused = runAuditVerify({}, testIo(keyed));
      await expect(refused).rejects.toBeInstanceOf(CliError);
      await expect(refused).rejects.toThrow(`SEAL_PUBLIC_KEY_FILE ${file}: ${why}`);
    }
  });
});

// Last: it appends to the log whose size the audit tests count.
describe('sla presets', () => {
  it('loads the three presets in one command, then writes nothing when run again', async () => {
    const first = testIo(env);
    expect(
      await runLoadPresets({ presets: ['standard', 'premium', 'categories'], defaultPreset: 'standard' }, first),
    ).toBe(0);
    expect(first.stdout.text()).toMatch(/^SLA presets standard, premium, categories: \d+ changes recorded/);
    // Each change on its line: what an admin's own entity under a preset's id would lose is named.
    expect(first.stdout.text()).toMatch(/^ {2}policy premium saved \(version 1\)$/m);
    expect(first.stdout.text()).toMatch(/^ {2}category billing saved \(version 1\)$/m);
    expect(first.stdout.text()).toMatch(/^ {2}calendar 24-7 saved \(version 1\)$/m);
    expect(first.stdout.text()).toMatch(/^ {2}default policy set to standard$/m);
    const config = await createSlaConfigurationSource(databases.store, createDomainEventRegistry()).current();
    expect(Object.keys(config.policies).sort()).toEqual(['premium', 'standard', 'support-categories']);
    expect(config.defaultPolicyId).toBe('standard');
    const again = testIo(env);
    expect(await runLoadPresets({ presets: ['standard', 'premium', 'categories'] }, again)).toBe(0);
    expect(again.stdout.text()).toContain('already loaded as shipped; nothing written.');
  });
});

// Last: its events add to the log the tests above count.
describe('audit attachments', () => {
  it('reads back each file the log names, and names one altered and one gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-files-'));
    const storage = await createLocalAttachmentStorage(dir);
    const files = { kept: 'The invoice, as sent.', altered: 'A screenshot.', gone: 'A log file.' };
    const attachments = [];
    for (const [name, text] of Object.entries(files)) {
      const attachmentId = randomUUID();
      await storage.write(attachmentId, Readable.from([Buffer.from(text)]));
      const sha256 = createHash('sha256').update(text).digest('hex');
      attachments.push({ attachmentId, fileName: `${name}.txt`, contentType: 'text/plain', size: text.length, sha256 });
    }
    // Where messages carry them: nested too, as a chat's first message does.
    await databases.store.append(
      'cli-files',
      [
        { type: 'sent', data: { attachments: attachments.slice(0, 2) } },
        { type: 'started', data: { firstMessage: { body: 'see log', attachments: attachments.slice(2) } } },
      ],
      { expectedVersion: 'no_stream' },
    );
    const fileEnv = { ...env, ATTACHMENT_DIR: dir };
    const intact = testIo(fileEnv);
    expect(await runAuditAttachments(intact)).toBe(0);
    expect(intact.stdout.text()).toContain('Attachments intact: the 3 file(s) the log names');

    await storage.write(attachments[1]!.attachmentId, Readable.from([Buffer.from('Something else.')]));
    await storage.remove(attachments[2]!.attachmentId);
    const audited = testIo(fileEnv);
    expect(await runAuditAttachments(audited)).toBe(1);
    const out = audited.stdout.text();
    expect(out).toContain('Attachments ALTERED or MISSING: 2 of the 3 file(s)');
    expect(out).toContain(`${attachments[1]!.attachmentId}: altered\n    recorded sha256 ${attachments[1]!.sha256}`);
    expect(out).toContain(`${attachments[2]!.attachmentId}: missing`);
    expect(out).not.toContain(attachments[0]!.attachmentId);
  });
});
