import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailInTables } from '../store/schema.js';
import { createMailDb, plainMessage } from '../testing/mail-db.fixture.js';
import { type RawSmtp, rawSmtp } from '../testing/smtp-client.fixture.js';

// The ingress is a process of its own, SIGKILLed in the middle of a message and between its
// record and its 250: the sender, which has no 250, sends again, and the message is recorded once.

const CHILD = fileURLToPath(new URL('../testing/ingress-child.fixture.ts', import.meta.url));

let db: Kysely<MailInTables>;
let connectionString: string;
let folder: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ({ db, connectionString, folder } = await createMailDb('mail_kill'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(async () => db?.destroy());

/** A running ingress process, its port, and a promise of the first log line with `msg`. */
async function startIngress(env: NodeJS.ProcessEnv = {}) {
  const child = spawn(
    process.execPath,
    ['--conditions=@support-engine/source', '--import', 'tsx', CHILD, connectionString, folder],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        MAIL_IN_HOST: '127.0.0.1',
        MAIL_IN_PORT: '0',
        MAIL_IN_HOSTNAME: 'mx.support.test',
        MAIL_IN_MAILBOXES: 'support@support.test',
        ...env,
      },
    },
  );
  children.push(child);
  const lines: Array<{ msg: string; port?: number }> = [];
  const waiters: Array<() => void> = [];
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const complete = (pending + chunk).split('\n');
    pending = complete.pop()!;
    for (const line of complete) lines.push(JSON.parse(line) as { msg: string; port?: number });
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = async (msg: string) => {
    for (;;) {
      const found = lines.find((entry) => entry.msg === msg);
      if (found) return found;
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exited]);
      if (child.exitCode !== null) throw new Error(`the ingress exited (${child.exitCode}) before "${msg}"`);
    }
  };
  const { port } = await line('listening');
  return {
    port: port!,
    line,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Opens a transaction for the support mailbox and starts DATA. */
async function beginData(port: number): Promise<RawSmtp> {
  const session = await rawSmtp(port);
  await session.command('EHLO client.customer.test');
  expect(await session.command('MAIL FROM:<bob@customer.test>')).toMatch(/^250/);
  expect(await session.command('RCPT TO:<support@support.test>')).toMatch(/^250/);
  expect(await session.command('DATA')).toMatch(/^354/);
  return session;
}

/** Sends the whole message on a new connection; resolves with the reply to its final dot. */
async function send(port: number, raw: Buffer): Promise<string> {
  const session = await beginData(port);
  session.write(raw);
  const answer = await session.command('.');
  await session.command('QUIT');
  return answer;
}

const rows = (messageId: string) =>
  db.selectFrom('mail_in_messages').select(['message_key', 'state']).where('message_id', '=', messageId).execute();

describe('the SMTP ingress killed', () => {
  it('in the middle of DATA keeps nothing; the retry is recorded once', async () => {
    const raw = plainMessage({ messageId: 'mid-data@customer.test', body: 'line\r\n'.repeat(2_000) });
    const first = await startIngress();
    const session = await beginData(first.port);
    session.write(raw.subarray(0, raw.length / 2));
    // In DATA the server answers nothing before the final dot: the kill lands with the half in
    // flight or read, and either way the message is the sender's still.
    await first.kill();
    await session.closed;
    expect(await rows('mid-data@customer.test')).toEqual([]);

    const second = await startIngress();
    expect(await send(second.port, raw)).toMatch(/^250 /);
    expect(await send(second.port, raw)).toMatch(/^250 /);
    expect(await rows('mid-data@customer.test')).toEqual([
      { message_key: 'mid:mid-data@customer.test', state: 'pending' },
    ]);
    await second.kill();
  });

  it('after the record but before the 250: the sender sends again, and it is recorded once', async () => {
    const raw = plainMessage({ messageId: 'before-250@customer.test' });
    const holding = await startIngress({ KILL_TEST_HOLD_AFTER_RECORD: '1' });
    const session = await beginData(holding.port);
    session.write(raw);
    const answer = session.command('.').catch((error: Error) => error.message);
    await holding.line('recorded, holding the answer');
    await holding.kill();
    // No 250 reached the sender: for it, the message is not delivered.
    expect(await answer).toBe('connection closed before a reply');
    expect(await rows('before-250@customer.test')).toHaveLength(1);

    const restarted = await startIngress();
    expect(await send(restarted.port, raw)).toMatch(/^250 2\.0\.0 recorded as mid:before-250@customer\.test/);
    expect(await restarted.line('mail received again')).toMatchObject({ outcome: { duplicate: true } });
    expect(await rows('before-250@customer.test')).toHaveLength(1);
    await restarted.kill();
  });
});
