import { freePort, type RunningImapServer, startImapServer } from '@support-engine/servers';
import { createTestCertificate } from '@support-engine/servers/testing';
import { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import { type Logger, pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MailSink, Recorded } from '../ingress.js';
import { createMailSink } from '../store/record.js';
import type { MailInTables } from '../store/schema.js';
import { createMailDb, plainMessage } from '../testing/mail-db.fixture.js';
import type { ImapAccount } from './config.js';
import { createImapIngress, type ImapIngress } from './ingress.js';
import { startTestRelay, type TestRelay } from './relay.fixture.js';
import { startImapFromEnv } from './start.js';

const USER = 'support@support.test';
const PASSWORD = 'imap-test-password';
const logger = pino({ level: 'silent' });
// Short waits between reconnections, so a test sees the retry soon; the code path is the real one.
const backoff = { initialMs: 50, maxMs: 200 };

let db: Kysely<MailInTables>;
let sink: MailSink;
beforeAll(async () => {
  const mailDb = await createMailDb('mail_imap');
  db = mailDb.db;
  sink = createMailSink(db, mailDb.storage);
});
afterAll(async () => db?.destroy());

// What each test started, stopped after it whatever happened.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function imapServer(tls?: { cert: Buffer; key: Buffer }): Promise<RunningImapServer> {
  const server = await startImapServer({ username: USER, password: PASSWORD, ...(tls === undefined ? {} : { tls }) });
  cleanups.push(() => server.stop());
  return server;
}

function account(at: { host: string; port: number }, overrides: Partial<ImapAccount> = {}): ImapAccount {
  return {
    name: 'support',
    host: at.host,
    port: at.port,
    tls: 'none',
    user: USER,
    password: PASSWORD,
    mailbox: 'INBOX',
    processedFolder: 'Processed',
    address: 'Support@Support.test',
    ...overrides,
  };
}

function ingress(
  at: { host: string; port: number },
  options: {
    sink?: MailSink;
    onRecorded?: (r: Recorded) => void;
    accounts?: ImapAccount[];
    logger?: Logger;
    sizeLimit?: number;
    idleRestartMs?: number;
    socketTimeoutMs?: number;
  } = {},
): ImapIngress {
  const started = createImapIngress({
    sink: options.sink ?? sink,
    accounts: options.accounts ?? [account(at)],
    logger: options.logger ?? logger,
    ...(options.sizeLimit === undefined ? {} : { sizeLimit: options.sizeLimit }),
    ...(options.idleRestartMs === undefined ? {} : { idleRestartMs: options.idleRestartMs }),
    ...(options.socketTimeoutMs === undefined ? {} : { socketTimeoutMs: options.socketTimeoutMs }),
    onRecorded: options.onRecorded,
    backoff,
  });
  started.start();
  cleanups.push(() => started.stop());
  return started;
}

/** The test's own mail client: how a customer's mail lands in the mailbox, and how the test looks into it. */
async function mailbox(server: RunningImapServer) {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: USER, pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  cleanups.push(() => client.logout().catch(() => client.close()));
  return {
    append: (raw: Buffer) => client.append('INBOX', raw),
    /** How many messages each folder holds (0 for a folder that does not exist). */
    async count(folder: string): Promise<number> {
      const folders = await client.list();
      if (!folders.some((entry) => entry.path === folder)) return 0;
      const status = await client.status(folder, { messages: true });
      if (status === false) throw new Error(`no STATUS for ${folder}`);
      return status.messages ?? 0;
    },
  };
}

async function rows(messageId: string) {
  return db.selectFrom('mail_in_messages').selectAll().where('message_id', '=', messageId).execute();
}

const WAIT = { timeout: 15_000, interval: 50 };

describe('the IMAP ingress', () => {
  it('records every message already in the mailbox, then moves each to the processed folder it creates', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    await box.append(plainMessage({ messageId: 'before-1@customer.test' }));
    await box.append(plainMessage({ messageId: 'before-2@customer.test', subject: 'Another one' }));
    expect(await box.count('Processed')).toBe(0);

    ingress(server);

    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(2), WAIT);
    expect(await box.count('INBOX')).toBe(0);
    for (const id of ['before-1@customer.test', 'before-2@customer.test']) {
      const recorded = await rows(id);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({ source: 'imap', mailbox: 'support@support.test', state: 'pending' });
    }
  });

  it('takes a message that arrives while it runs, told by IDLE', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    const recorded: Recorded[] = [];
    await box.append(plainMessage({ messageId: 'first-pass@customer.test' }));
    ingress(server, { onRecorded: (r) => void recorded.push(r) });
    // Moved by the first pass over the mailbox; the ingress idles from then on, and polls nothing.
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(1), WAIT);

    await box.append(plainMessage({ messageId: 'while-running@customer.test' }));

    await vi.waitFor(async () => expect(await rows('while-running@customer.test')).toHaveLength(1), WAIT);
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(2), WAIT);
    expect(await box.count('INBOX')).toBe(0);
    expect(recorded.map((r) => r.key)).toEqual(['mid:first-pass@customer.test', 'mid:while-running@customer.test']);
  });

  it('leaves a message it could not record in the mailbox, and records it on a later try', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    await box.append(plainMessage({ messageId: 'sink-down@customer.test' }));
    let down = true;
    let attempts = 0;
    const flaky: MailSink = {
      async record(mail) {
        attempts++;
        if (down) throw new Error('database unreachable');
        return sink.record(mail);
      },
    };
    const relay = await startTestRelay(server);
    cleanups.push(() => relay.stop());
    ingress(relay, { sink: flaky });

    // Two attempts: the first failed and its session ended, and the next one failed too.
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(2), WAIT);
    expect(await box.count('INBOX')).toBe(1);
    expect(await box.count('Processed')).toBe(0);
    expect(await rows('sink-down@customer.test')).toHaveLength(0);

    down = false;
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(1), WAIT);
    expect(await box.count('INBOX')).toBe(0);
    expect(await rows('sink-down@customer.test')).toHaveLength(1);
    // Each failed session's connection was closed, not left behind.
    await vi.waitFor(() => expect(relay.open()).toBe(1), WAIT);
    expect(relay.accepted()).toBeGreaterThanOrEqual(3);
  });

  it('after a crash between recording and moving, records the message as a duplicate and moves it: one row', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    await box.append(plainMessage({ messageId: 'crash@customer.test' }));
    const seen: Recorded[] = [];
    const crashing = ingress(server, {
      onRecorded: (r) => {
        seen.push(r);
        throw new Error('the process died here');
      },
    });
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(1), WAIT);
    await crashing.stop();
    expect(await box.count('INBOX')).toBe(1);
    expect(await rows('crash@customer.test')).toHaveLength(1);

    const restarted: Recorded[] = [];
    ingress(server, { onRecorded: (r) => void restarted.push(r) });
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(1), WAIT);
    expect(await box.count('INBOX')).toBe(0);
    expect(seen[0]).toEqual({ key: 'mid:crash@customer.test', duplicate: false });
    expect(restarted).toEqual([{ key: 'mid:crash@customer.test', duplicate: true }]);
    expect(await rows('crash@customer.test')).toHaveLength(1);
  });

  it('reconnects after its connection is cut, and takes what arrived meanwhile', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    const proxy: TestRelay = await startTestRelay(server);
    cleanups.push(() => proxy.stop());
    ingress(proxy);
    await box.append(plainMessage({ messageId: 'before-cut@customer.test' }));
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(1), WAIT);
    expect(proxy.accepted()).toBe(1);

    proxy.drop();
    await box.append(plainMessage({ messageId: 'after-cut@customer.test' }));

    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(2), WAIT);
    expect(await rows('after-cut@customer.test')).toHaveLength(1);
    expect(proxy.accepted()).toBe(2);
  });

  it('stops cleanly: logged out, no reconnection, mail arriving afterwards stays in the mailbox', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    const proxy = await startTestRelay(server);
    cleanups.push(() => proxy.stop());
    const running = ingress(proxy);
    await box.append(plainMessage({ messageId: 'before-stop@customer.test' }));
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(1), WAIT);

    await running.stop();
    await box.append(plainMessage({ messageId: 'after-stop@customer.test' }));
    // A round trip on the test's own connection: the server has the message in INBOX and no one took it.
    expect(await box.count('INBOX')).toBe(1);
    expect(proxy.accepted()).toBe(1);
    expect(await rows('after-stop@customer.test')).toHaveLength(0);
  });

  it('reads each account on its own connection, each for its own engine address', async () => {
    const [support, sales] = [await imapServer(), await imapServer()];
    const [supportBox, salesBox] = [await mailbox(support), await mailbox(sales)];
    await supportBox.append(plainMessage({ messageId: 'to-support@customer.test' }));
    await salesBox.append(plainMessage({ messageId: 'to-sales@customer.test' }));
    ingress(support, {
      accounts: [account(support), account(sales, { name: 'sales', address: 'sales@support.test' })],
    });
    await vi.waitFor(async () => expect(await salesBox.count('Processed')).toBe(1), WAIT);
    await vi.waitFor(async () => expect(await supportBox.count('Processed')).toBe(1), WAIT);
    expect((await rows('to-support@customer.test'))[0]?.mailbox).toBe('support@support.test');
    expect((await rows('to-sales@customer.test'))[0]?.mailbox).toBe('sales@support.test');
  });

  it('logs in over STARTTLS, trusting the account’s CA, and gives no password to a server without it', async () => {
    const certificate = await createTestCertificate();
    const secured = await imapServer(certificate);
    const securedBox = await mailbox(secured);
    await securedBox.append(plainMessage({ messageId: 'over-tls@customer.test' }));
    ingress(secured, { accounts: [account(secured, { tls: 'starttls', ca: certificate.cert })] });
    await vi.waitFor(async () => expect(await securedBox.count('Processed')).toBe(1), WAIT);
    expect(await rows('over-tls@customer.test')).toHaveLength(1);

    const plain = await imapServer();
    const plainBox = await mailbox(plain);
    await plainBox.append(plainMessage({ messageId: 'no-tls@customer.test' }));
    const lines: string[] = [];
    const watched = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    ingress(plain, { accounts: [account(plain, { tls: 'starttls', ca: certificate.cert })], logger: watched });
    // The session ends before login, for want of STARTTLS, and is retried (to no avail).
    const ended = () => lines.filter((line) => line.includes('IMAP session ended') && line.includes('STARTTLS'));
    await vi.waitFor(() => expect(ended().length).toBeGreaterThanOrEqual(1), WAIT);
    expect(await plainBox.count('INBOX')).toBe(1);
    expect(await rows('no-tls@customer.test')).toHaveLength(0);
  });

  it('keeps trying a server it cannot reach, and stops when told', async () => {
    const nobody = { host: '127.0.0.1', port: await freePort() };
    const lines: string[] = [];
    const watched = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const unreachable = ingress(nobody, { logger: watched });
    const retries = () => lines.filter((line) => line.includes('IMAP session ended')).map((line) => JSON.parse(line));
    await vi.waitFor(() => expect(retries().length).toBeGreaterThanOrEqual(3), WAIT);
    // Each wait doubles, up to the maximum.
    expect(
      retries()
        .slice(0, 3)
        .map((entry) => entry.retryInMs),
    ).toEqual([50, 100, 200]);
    await unreachable.stop();
  });

  it('leaves a message over the size limit in the mailbox, logged, and takes the others', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    await box.append(plainMessage({ messageId: 'too-large@customer.test', body: 'x'.repeat(4_000) }));
    await box.append(plainMessage({ messageId: 'small@customer.test' }));
    const lines: string[] = [];
    const watched = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    ingress(server, { logger: watched, sizeLimit: 2_000 });

    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(1), WAIT);
    expect(await rows('small@customer.test')).toHaveLength(1);
    expect(await rows('too-large@customer.test')).toHaveLength(0);
    expect(await box.count('INBOX')).toBe(1);
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.code === 'IMAP_MESSAGE_TOO_LARGE');
    expect(logged).toMatchObject({ sizeLimit: 2_000, size: expect.any(Number) });
    expect(logged.size).toBeGreaterThan(4_000);
  });

  it('keeps a quiet connection alive by starting IDLE again, and hears new mail on it', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    const proxy = await startTestRelay(server);
    cleanups.push(() => proxy.stop());
    // Scaled down from 4 and 5 minutes: IDLE restarted well inside the socket's inactivity timeout.
    ingress(proxy, { idleRestartMs: 100, socketTimeoutMs: 400 });
    const restarts = () =>
      proxy
        .sent()
        .split('\r\n')
        .filter((line) => line === 'DONE').length;
    // Quiet for several socket timeouts, IDLE ended and started again each time.
    await vi.waitFor(() => expect(restarts()).toBeGreaterThanOrEqual(12), WAIT);

    await box.append(plainMessage({ messageId: 'after-quiet@customer.test' }));
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(1), WAIT);
    // The same connection throughout: none was taken for dead.
    expect(proxy.accepted()).toBe(1);
  });

  it('moves by COPY, \\Deleted and EXPUNGE on a server without MOVE', async () => {
    const server = await imapServer();
    const box = await mailbox(server);
    await box.append(plainMessage({ messageId: 'no-move@customer.test' }));
    // IMAP4rev2 includes MOVE: both hidden, the server looks like a plain IMAP4rev1 one.
    const proxy = await startTestRelay(server, { hide: ['MOVE', 'IMAP4rev2'] });
    cleanups.push(() => proxy.stop());
    ingress(proxy);

    // Copied first, expunged after: both steps done.
    await vi.waitFor(
      async () => expect([await box.count('Processed'), await box.count('INBOX')]).toEqual([1, 0]),
      WAIT,
    );
    expect(await rows('no-move@customer.test')).toHaveLength(1);
    expect(proxy.sent()).toMatch(/UID COPY/);
    expect(proxy.sent()).not.toMatch(/UID MOVE/);
  });

  it('runs from the environment: nothing without accounts, the configured ones otherwise', async () => {
    expect(startImapFromEnv({ env: {}, sink, logger })).toBeUndefined();
    const server = await imapServer();
    const box = await mailbox(server);
    await box.append(plainMessage({ messageId: 'from-env@customer.test' }));
    await box.append(plainMessage({ messageId: 'from-env@customer.test', body: 'the same, again' }));
    const told: string[] = [];
    const running = startImapFromEnv({
      env: {
        MAIL_IN_IMAP_ACCOUNTS: 'support',
        MAIL_IN_IMAP_SUPPORT_HOST: server.host,
        MAIL_IN_IMAP_SUPPORT_PORT: String(server.port),
        MAIL_IN_IMAP_SUPPORT_TLS: 'none',
        MAIL_IN_IMAP_SUPPORT_USER: USER,
        MAIL_IN_IMAP_SUPPORT_PASSWORD: PASSWORD,
        MAIL_IN_IMAP_SUPPORT_ADDRESS: 'support@support.test',
      },
      sink,
      logger,
      onNewMessage: (key) => void told.push(key),
    });
    expect(running).toBeDefined();
    cleanups.push(() => running?.stop() ?? Promise.resolve());
    await vi.waitFor(async () => expect(await box.count('Processed')).toBe(2), WAIT);
    // The second copy was a duplicate: recorded once, told once.
    expect(told).toEqual(['mid:from-env@customer.test']);
    expect(await rows('from-env@customer.test')).toHaveLength(1);
  });
});
