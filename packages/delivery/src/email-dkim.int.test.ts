import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailSender } from './channels/email.js';
import { loadDeliveryConfig } from './config.js';

// DKIM signing configured as a deployment does (SMTP_DKIM_*), on a real SMTP server.

describe('DKIM-signed mail', () => {
  let mail: RunningMailCatcher;
  beforeAll(async () => {
    mail = await startMailCatcher();
  });
  afterAll(async () => mail?.stop());

  it('signs every mail for the configured domain and selector, and still marks a notification automatic', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = join(mkdtempSync(join(tmpdir(), 'dkim-')), 'dkim.pem');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const config = loadDeliveryConfig({
      SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
      MAIL_FROM: 'Help <help@acme.test>',
      SMTP_DKIM_DOMAIN: 'acme.test',
      SMTP_DKIM_SELECTOR: 'mail2026',
      SMTP_DKIM_PRIVATE_KEY_FILE: file,
    });
    const sender = createEmailSender(config.email!);
    const result = await sender.send({
      deliveryId: 'notification:ticket-k1:1:email:customer:c1',
      channel: 'email',
      recipient: 'c1@customer.test',
      messageId: 'notification:ticket-k1:1',
      topic: 'ticket.opened',
      payload: {
        title: 'Support ticket: Received',
        text: "Your ticket 'Keys' is received",
        kind: 'info',
        locale: 'en',
        ticketId: 'k1',
        template: 'ticket.opened',
      },
      person: { kind: 'customer', id: 'c1' },
      attempt: 1,
      firstAttemptAt: new Date(),
      createdAt: new Date(),
    });
    await sender.close?.();
    expect(result).toEqual({ ok: true, statusCode: 250 });
    const [caught] = await mail.waitFor((all) => all.length === 1);
    expect(caught?.headers['dkim-signature']).toMatch(/(^|;\s*)d=acme\.test;/);
    expect(caught?.headers['dkim-signature']).toMatch(/(^|;\s*)s=mail2026;/);
    expect(caught?.headers['auto-submitted']).toBe('auto-generated');
  });
});
