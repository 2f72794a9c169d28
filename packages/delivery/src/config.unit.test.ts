import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadDeliveryConfig } from './config.js';

const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadDeliveryConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  }
};

describe('delivery configuration', () => {
  it('turns each channel on by its own variables, and nothing but the inbox without them', () => {
    const none = loadDeliveryConfig({});
    expect(none).toMatchObject({ enabled: true, email: null, webhooks: null, push: null, allowPrivateWebhooks: false });
    const all = loadDeliveryConfig({
      SMTP_URL: 'smtp://mail.internal:2525',
      MAIL_FROM: 'Help <help@acme.example>',
      WEBHOOK_SECRET_KEY: 'ab'.repeat(32),
      VAPID_SUBJECT: 'mailto:ops@acme.example',
      VAPID_PUBLIC_KEY: 'pub',
      VAPID_PRIVATE_KEY: 'priv',
    });
    expect(all.email).toMatchObject({ smtpUrl: 'smtp://mail.internal:2525', messageIdDomain: 'acme.example' });
    expect(all.webhooks?.secretKey).toHaveLength(32);
    expect(all.push?.vapid).toEqual({ subject: 'mailto:ops@acme.example', publicKey: 'pub', privateKey: 'priv' });
  });

  it('reads where the help center shows an article, which must name the article', () => {
    expect(loadDeliveryConfig({}).helpCenterArticleUrl).toBeNull();
    const url = 'https://help.acme.example/{locale}/articles/{articleId}';
    expect(loadDeliveryConfig({ HELP_CENTER_ARTICLE_URL: url }).helpCenterArticleUrl).toBe(url);
    expect(problems({ HELP_CENTER_ARTICLE_URL: 'https://help.acme.example/articles' })).toEqual([
      expect.stringMatching(/^HELP_CENTER_ARTICLE_URL: expected \{articleId\} in it/),
    ]);
    expect(problems({ HELP_CENTER_ARTICLE_URL: 'ftp://help/{articleId}' })).toEqual([
      'HELP_CENTER_ARTICLE_URL: expected an http(s) URL',
    ]);
  });

  it('reads the mail thread key, and DKIM signing as all three SMTP_DKIM_* or none, with a real key', () => {
    const smtp = { SMTP_URL: 'smtp://mail.internal:2525' };
    expect(loadDeliveryConfig(smtp)).toMatchObject({ mailThreadKey: null, email: { dkim: null } });
    expect(loadDeliveryConfig({ ...smtp, MAIL_THREAD_KEY: 'cd'.repeat(32) }).mailThreadKey).toHaveLength(32);
    expect(problems({ MAIL_THREAD_KEY: 'short' })).toEqual([
      'MAIL_THREAD_KEY: expected at least 32 bytes, as hex or base64',
    ]);
    expect(problems({ ...smtp, SMTP_DKIM_DOMAIN: 'acme.example' })).toEqual([
      'SMTP_DKIM_DOMAIN: set all three SMTP_DKIM_* or none',
    ]);
    const notAKey = join(mkdtempSync(join(tmpdir(), 'dkim-')), 'dkim.pem');
    writeFileSync(notAKey, 'not a key');
    expect(
      problems({
        ...smtp,
        SMTP_DKIM_DOMAIN: 'acme.example',
        SMTP_DKIM_SELECTOR: 's1',
        SMTP_DKIM_PRIVATE_KEY_FILE: notAKey,
      }),
    ).toEqual([`SMTP_DKIM_PRIVATE_KEY_FILE: ${notAKey} holds no PEM private key`]);
  });

  it('names every bad variable', () => {
    expect(
      problems({
        SMTP_URL: 'http://mail',
        WEBHOOK_SECRET_KEY: 'short',
        VAPID_PUBLIC_KEY: 'only-one',
        DELIVERY_LEASE_MS: '5000',
      }),
    ).toEqual([
      'SMTP_URL: expected smtp://host:port or smtps://user:password@host:port',
      'WEBHOOK_SECRET_KEY: expected at least 32 bytes, as hex or base64',
      'VAPID_SUBJECT: set all three VAPID_* or none',
      'DELIVERY_LEASE_MS: must exceed the longest send timeout (10000 ms), or a slow send would be sent twice',
    ]);
  });

  it('weighs the lease against the timeouts of the channels that are on only', () => {
    const env = { SMTP_URL: 'smtp://mail.internal:2525', PUSH_TIMEOUT_MS: '30000', DELIVERY_LEASE_MS: '20000' };
    expect(loadDeliveryConfig(env).leaseMs).toBe(20_000);
    expect(
      problems({
        ...env,
        VAPID_SUBJECT: 'mailto:ops@acme.example',
        VAPID_PUBLIC_KEY: 'pub',
        VAPID_PRIVATE_KEY: 'priv',
      }),
    ).toEqual([
      'DELIVERY_LEASE_MS: must exceed the longest send timeout (30000 ms), or a slow send would be sent twice',
    ]);
  });

  it('reads template overrides from a file and refuses a placeholder the template does not get', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({ fr: { 'ticket.resolved': { title: 'Résolu !', body: "C'est fini : {subject}" } } }),
    );
    expect(loadDeliveryConfig({ NOTIFICATION_TEMPLATES_FILE: good }).templates).toEqual({
      fr: { 'ticket.resolved': { title: 'Résolu !', body: "C'est fini : {subject}" } },
    });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ en: { 'ticket.resolved': { body: 'Paid {amount}' } } }));
    expect(problems({ NOTIFICATION_TEMPLATES_FILE: bad })[0]).toMatch(
      /^NOTIFICATION_TEMPLATES_FILE\.en\.ticket\.resolved/,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "fr": ');
    expect(problems({ NOTIFICATION_TEMPLATES_FILE: broken })[0]).toMatch(
      /^NOTIFICATION_TEMPLATES_FILE: cannot read .*broken\.json/,
    );
    expect(problems({ NOTIFICATION_TEMPLATES_FILE: join(dir, 'missing.json') })[0]).toMatch(/cannot read .*ENOENT/);
  });

  it('reads how addresses are confirmed: the key and the page together, the window in hours', () => {
    expect(loadDeliveryConfig({}).emailConfirmation).toBeNull();
    const url = 'https://support.acme.example/confirm-email?token={token}';
    const confirmation = loadDeliveryConfig({
      EMAIL_CONFIRMATION_KEY: 'cd'.repeat(32),
      EMAIL_CONFIRMATION_URL: url,
    }).emailConfirmation;
    expect(confirmation).toMatchObject({ url, validityMs: 24 * 3_600_000 });
    expect(confirmation?.key).toHaveLength(32);
    expect(problems({ EMAIL_CONFIRMATION_KEY: 'cd'.repeat(32) })).toEqual([
      'EMAIL_CONFIRMATION_KEY: set both EMAIL_CONFIRMATION_KEY and EMAIL_CONFIRMATION_URL or neither',
    ]);
    expect(
      problems({
        EMAIL_CONFIRMATION_URL: 'https://support.acme.example/confirm',
        EMAIL_CONFIRMATION_KEY: 'cd'.repeat(32),
      }),
    ).toEqual([expect.stringMatching(/^EMAIL_CONFIRMATION_URL: expected \{token\} in it/)]);
    expect(problems({ EMAIL_CONFIRMATION_HOURS: '0' })).toHaveLength(1);
    expect(problems({ EMAIL_CONFIRMATION_KEY: 'cd'.repeat(8), EMAIL_CONFIRMATION_URL: url })).toEqual([
      'EMAIL_CONFIRMATION_KEY: expected at least 32 bytes, as hex or base64',
    ]);
  });
});
