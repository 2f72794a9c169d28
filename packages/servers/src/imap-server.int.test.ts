import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningImapServer, startImapServer } from './imap-server.js';
import { createTestCertificate } from './test-certificate.js';

// No skip when imapmemserver is missing: startImapServer throws a MissingToolError naming
// `npm run setup:imap`, which fails every test here.
let server: RunningImapServer;
beforeAll(async () => {
  server = await startImapServer({ username: 'support@support.test', password: 'secret' });
});
afterAll(() => server?.stop());

/** A bare IMAP conversation: sends a tagged command, resolves with every line up to its tagged answer. */
function conversation(socket: Socket): (command: string) => Promise<string[]> {
  let buffered = '';
  let waiting: { tag: string; resolve: (lines: string[]) => void } | undefined;
  let lines: string[] = [];
  socket.on('data', (chunk: Buffer) => {
    buffered += String(chunk);
    for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      lines.push(line);
      if (waiting && line.startsWith(`${waiting.tag} `)) {
        waiting.resolve(lines);
        waiting = undefined;
        lines = [];
      }
    }
  });
  let next = 0;
  return (command) =>
    new Promise((resolve) => {
      const tag = `a${++next}`;
      waiting = { tag, resolve };
      socket.write(`${tag} ${command}\r\n`);
    });
}

describe('IMAP server (imapmemserver)', () => {
  it('logs its user in, offers IDLE and MOVE, and has the usual folders', async () => {
    expect(server.port).toBeGreaterThan(0);
    const socket = connect(server.port, server.host);
    try {
      const send = conversation(socket);
      expect((await send('LOGIN "support@support.test" "wrong"')).at(-1)).toMatch(/^a1 NO/);
      expect((await send('LOGIN "support@support.test" "secret"')).at(-1)).toMatch(/^a2 OK/);
      const capabilities = (await send('CAPABILITY')).join('\n');
      // IMAP4rev2 (RFC 9051) includes IDLE, MOVE and UIDPLUS.
      expect(capabilities).toMatch(/\bIMAP4rev2\b/);
      const folders = (await send('LIST "" "*"')).join('\n');
      for (const folder of ['INBOX', 'Archive', 'Trash']) expect(folders).toContain(folder);
    } finally {
      socket.destroy();
    }
  });

  it('offers STARTTLS when given a certificate, and not without', async () => {
    const secured = await startImapServer({ username: 'u', password: 'p', tls: await createTestCertificate() });
    try {
      const capabilities = async (at: RunningImapServer) => {
        const socket = connect(at.port, at.host);
        try {
          return (await conversation(socket)('CAPABILITY')).join('\n');
        } finally {
          socket.destroy();
        }
      };
      expect(await capabilities(secured)).toMatch(/\bSTARTTLS\b/);
      expect(await capabilities(server)).not.toMatch(/STARTTLS/);
    } finally {
      await secured.stop();
    }
  });

  it('stops, and answers no more', async () => {
    const other = await startImapServer({ username: 'u', password: 'p' });
    await other.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(other.port, other.host);
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
