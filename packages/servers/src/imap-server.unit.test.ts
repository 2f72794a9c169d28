import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingToolError } from './errors.js';
import { imapServerExecutable } from './imap-server.js';

describe('where the IMAP server is run from', () => {
  it('takes IMAP_SERVER_PATH first, then the copy setup:imap built, and says how to get one otherwise', async () => {
    const tools = await mkdtemp(join(tmpdir(), 'imap-tools-'));
    expect(() => imapServerExecutable({}, tools)).toThrow(MissingToolError);
    expect(() => imapServerExecutable({}, tools)).toThrow(/npm run setup:imap/);

    const built = join(tools, 'imap', 'bin', 'imapmemserver');
    await mkdir(join(tools, 'imap', 'bin'), { recursive: true });
    await writeFile(built, '');
    expect(imapServerExecutable({}, tools)).toBe(built);

    const elsewhere = join(tools, 'my-imapmemserver');
    await writeFile(elsewhere, '');
    expect(imapServerExecutable({ IMAP_SERVER_PATH: elsewhere }, tools)).toBe(elsewhere);
    expect(() => imapServerExecutable({ IMAP_SERVER_PATH: join(tools, 'nope') }, tools)).toThrow(
      /IMAP_SERVER_PATH=.*does not exist/,
    );
  });
});
