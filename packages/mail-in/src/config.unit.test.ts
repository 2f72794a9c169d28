import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAIL_SIZE_LIMIT, loadMailInConfig, MailInConfigError } from './config.js';

const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadMailInConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof MailInConfigError)) throw error;
    return error.problems.map((problem) => problem.variable);
  }
};

describe('mail-in configuration', () => {
  it('has defaults for an MX on port 25, and reads each variable', () => {
    expect(loadMailInConfig({ MAIL_IN_HOSTNAME: 'mx.example.com' })).toEqual({
      host: '0.0.0.0',
      port: 25,
      hostname: 'mx.example.com',
      sizeLimit: DEFAULT_MAIL_SIZE_LIMIT,
      maxRecipients: 50,
      maxClients: 200,
      tls: null,
      mailboxes: [],
      ownAddresses: [],
      threadKey: null,
      processingLeaseMs: 60_000,
      processingConcurrency: 32,
      webhook: null,
    });
    const config = loadMailInConfig({
      MAIL_IN_HOST: '127.0.0.1',
      MAIL_IN_PORT: '2525',
      MAIL_IN_SIZE_LIMIT: '1048576',
      MAIL_IN_MAX_RECIPIENTS: '10',
      MAIL_IN_MAILBOXES: ' Support@Example.com, billing@example.com ,',
      MAIL_OWN_ADDRESSES: 'noreply@example.com',
      MAIL_THREAD_KEY: 'ab'.repeat(32),
      MAIL_IN_TLS_CERT_FILE: '',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 2525,
      sizeLimit: 1_048_576,
      maxRecipients: 10,
      mailboxes: ['support@example.com', 'billing@example.com'],
      ownAddresses: ['noreply@example.com'],
      threadKey: Buffer.alloc(32, 0xab),
    });
  });

  it('names every variable it refuses', () => {
    expect(
      problems({
        MAIL_IN_PORT: '70000',
        MAIL_IN_SIZE_LIMIT: '10k',
        MAIL_IN_MAX_RECIPIENTS: '0',
        MAIL_IN_MAILBOXES: 'support@example.com, not an address',
        MAIL_THREAD_KEY: 'abcd',
        MAIL_IN_TLS_KEY_FILE: '/etc/key.pem',
      }),
    ).toEqual([
      'MAIL_IN_PORT',
      'MAIL_IN_SIZE_LIMIT',
      'MAIL_IN_MAX_RECIPIENTS',
      'MAIL_IN_MAILBOXES',
      'MAIL_THREAD_KEY',
      'MAIL_IN_TLS_CERT_FILE',
    ]);
  });

  it('reads the processing lease and concurrency and the webhook secrets file, and refuses a webhook half set or a bad file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mail-in-webhook-'));
    const secrets = join(folder, 'secrets.json');
    writeFileSync(secrets, JSON.stringify([{ mailbox: 'help@example.com', pathSecret: 'p'.repeat(40) }]));
    expect(
      loadMailInConfig({
        MAIL_IN_PROCESSING_LEASE_SECONDS: '5',
        MAIL_IN_PROCESSING_CONCURRENCY: '8',
        MAIL_IN_WEBHOOK_PORT: '8026',
        MAIL_IN_WEBHOOK_SECRETS_FILE: secrets,
      }),
    ).toMatchObject({
      processingLeaseMs: 5_000,
      processingConcurrency: 8,
      webhook: { port: 8026, secrets: [{ mailbox: 'help@example.com', pathSecret: 'p'.repeat(40) }] },
    });
    expect(problems({ MAIL_IN_WEBHOOK_PORT: '8026' })).toEqual(['MAIL_IN_WEBHOOK_PORT']);
    expect(problems({ MAIL_IN_PROCESSING_LEASE_SECONDS: '0' })).toEqual(['MAIL_IN_PROCESSING_LEASE_SECONDS']);
    expect(problems({ MAIL_IN_PROCESSING_CONCURRENCY: '0' })).toEqual(['MAIL_IN_PROCESSING_CONCURRENCY']);
    writeFileSync(secrets, JSON.stringify([{ mailbox: 'help@example.com' }]));
    expect(problems({ MAIL_IN_WEBHOOK_PORT: '8026', MAIL_IN_WEBHOOK_SECRETS_FILE: secrets })).toEqual([
      'MAIL_IN_WEBHOOK_SECRETS_FILE',
    ]);
  });

  it('reads the certificate and key at start, and refuses files that are no PEM', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mail-in-config-'));
    const cert = join(folder, 'cert.pem');
    const key = join(folder, 'key.pem');
    writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n');
    const tls = loadMailInConfig({ MAIL_IN_TLS_CERT_FILE: cert, MAIL_IN_TLS_KEY_FILE: key }).tls;
    expect(tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(problems({ MAIL_IN_TLS_CERT_FILE: key, MAIL_IN_TLS_KEY_FILE: key })).toEqual(['MAIL_IN_TLS_CERT_FILE']);
    expect(() =>
      loadMailInConfig({ MAIL_IN_TLS_CERT_FILE: join(folder, 'none.pem'), MAIL_IN_TLS_KEY_FILE: key }),
    ).toThrow(/MAIL_IN_TLS_CERT_FILE: cannot read .*none\.pem/);
  });
});
