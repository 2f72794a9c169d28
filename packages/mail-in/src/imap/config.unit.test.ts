import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImapConfigError, loadImapConfig } from './config.js';

const SUPPORT = {
  MAIL_IN_IMAP_ACCOUNTS: 'support',
  MAIL_IN_IMAP_SUPPORT_HOST: 'imap.example.com',
  MAIL_IN_IMAP_SUPPORT_USER: 'support@example.com',
  MAIL_IN_IMAP_SUPPORT_PASSWORD: 'secret',
  MAIL_IN_IMAP_SUPPORT_ADDRESS: 'Support@Example.com',
};

function problems(env: NodeJS.ProcessEnv): { variable: string; message: string }[] {
  try {
    loadImapConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ImapConfigError);
    expect((error as ImapConfigError).code).toBe('IMAP_CONFIG_INVALID');
    return [...(error as ImapConfigError).problems];
  }
  throw new Error('expected the configuration to be refused');
}

describe('IMAP configuration', () => {
  it('has no accounts when none is listed (no IMAP)', () => {
    expect(loadImapConfig({})).toEqual({ accounts: [] });
    expect(loadImapConfig({ MAIL_IN_IMAP_ACCOUNTS: '' })).toEqual({ accounts: [] });
  });

  it('reads an account with the defaults: implicit TLS on 993, INBOX into Processed', () => {
    expect(loadImapConfig(SUPPORT).accounts).toEqual([
      {
        name: 'support',
        host: 'imap.example.com',
        port: 993,
        tls: 'implicit',
        user: 'support@example.com',
        password: 'secret',
        mailbox: 'INBOX',
        processedFolder: 'Processed',
        address: 'support@example.com',
      },
    ]);
  });

  it('reads several accounts, each with its own settings, and a password from a file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'imap-config-'));
    const passwordFile = join(folder, 'sales-password');
    await writeFile(passwordFile, 'from-a-file\n');
    const caFile = join(folder, 'ca.pem');
    await writeFile(caFile, '-----BEGIN CERTIFICATE-----\n');
    const { accounts } = loadImapConfig({
      ...SUPPORT,
      MAIL_IN_IMAP_ACCOUNTS: 'support, Sales',
      MAIL_IN_IMAP_SALES_HOST: 'mail.example.org',
      MAIL_IN_IMAP_SALES_TLS: 'starttls',
      MAIL_IN_IMAP_SALES_USER: 'sales',
      MAIL_IN_IMAP_SALES_PASSWORD_FILE: passwordFile,
      MAIL_IN_IMAP_SALES_CA_FILE: caFile,
      MAIL_IN_IMAP_SALES_MAILBOX: 'Support requests',
      MAIL_IN_IMAP_SALES_PROCESSED_FOLDER: 'Archive',
      MAIL_IN_IMAP_SALES_ADDRESS: 'sales@example.org',
    });
    expect(accounts.map((a) => a.name)).toEqual(['support', 'sales']);
    expect(accounts[1]).toMatchObject({
      port: 143,
      tls: 'starttls',
      password: 'from-a-file',
      ca: Buffer.from('-----BEGIN CERTIFICATE-----\n'),
      mailbox: 'Support requests',
      processedFolder: 'Archive',
    });
  });

  it('refuses what it cannot use, naming each variable', () => {
    expect(problems({ MAIL_IN_IMAP_ACCOUNTS: 'support' }).map((p) => p.variable)).toEqual(
      expect.arrayContaining([
        'MAIL_IN_IMAP_SUPPORT_HOST',
        'MAIL_IN_IMAP_SUPPORT_USER',
        'MAIL_IN_IMAP_SUPPORT_ADDRESS',
      ]),
    );
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_PASSWORD: undefined })).toEqual([
      { variable: 'MAIL_IN_IMAP_SUPPORT_PASSWORD', message: 'set PASSWORD or PASSWORD_FILE (one of them)' },
    ]);
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_PASSWORD_FILE: '/x' })).toEqual([
      { variable: 'MAIL_IN_IMAP_SUPPORT_PASSWORD', message: 'set PASSWORD or PASSWORD_FILE (one of them)' },
    ]);
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_PORT: '99999' })[0]?.variable).toBe('MAIL_IN_IMAP_SUPPORT_PORT');
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_ADDRESS: 'not an address' })[0]?.variable).toBe(
      'MAIL_IN_IMAP_SUPPORT_ADDRESS',
    );
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_PROCESSED_FOLDER: 'INBOX' })[0]?.variable).toBe(
      'MAIL_IN_IMAP_SUPPORT_PROCESSED_FOLDER',
    );
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_MAILBOX: 'IN\r\nBOX' })[0]?.variable).toBe(
      'MAIL_IN_IMAP_SUPPORT_MAILBOX',
    );
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_ACCOUNTS: 'support,support' })[0]?.message).toMatch(/twice/);
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_ACCOUNTS: 'sup-port' })[0]?.variable).toBe('MAIL_IN_IMAP_ACCOUNTS');
    expect(
      problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_PASSWORD: undefined, MAIL_IN_IMAP_SUPPORT_PASSWORD_FILE: '/nope' })[0]
        ?.variable,
    ).toBe('MAIL_IN_IMAP_SUPPORT_PASSWORD_FILE');
  });

  it('sends a password in clear text only to a server on this machine', () => {
    expect(problems({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_TLS: 'none' })[0]?.variable).toBe('MAIL_IN_IMAP_SUPPORT_TLS');
    expect(
      loadImapConfig({ ...SUPPORT, MAIL_IN_IMAP_SUPPORT_TLS: 'none', MAIL_IN_IMAP_SUPPORT_HOST: '127.0.0.1' })
        .accounts[0],
    ).toMatchObject({ tls: 'none', port: 143 });
    expect(
      problems({
        ...SUPPORT,
        MAIL_IN_IMAP_SUPPORT_TLS: 'none',
        MAIL_IN_IMAP_SUPPORT_HOST: 'localhost',
        MAIL_IN_IMAP_SUPPORT_CA_FILE: '/ca.pem',
      })[0]?.variable,
    ).toBe('MAIL_IN_IMAP_SUPPORT_CA_FILE');
  });
});
