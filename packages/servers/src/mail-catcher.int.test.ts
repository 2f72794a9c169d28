import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMailCatcher, startMailCatcher } from './mail-catcher.js';

let catcher: RunningMailCatcher;
beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => catcher.stop());

function transport() {
  return nodemailer.createTransport({ host: '127.0.0.1', port: catcher.smtpPort, secure: false });
}

describe('mail catcher', () => {
  it('listens on the ephemeral ports it reports', () => {
    expect(catcher.smtpPort).toBeGreaterThan(0);
    expect(catcher.httpPort).toBeGreaterThan(0);
    expect(catcher.url).toBe(`http://127.0.0.1:${catcher.httpPort}`);
  });

  it('keeps a mail once when it is sent twice with the same Message-ID, counting the repeat', async () => {
    await fetch(`${catcher.url}/api/messages`, { method: 'DELETE' });
    const mail = {
      from: 'support@example.test',
      to: 'alice@example.test',
      bcc: 'audit@example.test',
      subject: 'Your ticket is resolved',
      text: 'Resolved.',
      html: '<p>Resolved.</p>',
      messageId: '<delivery-1@support.example.test>',
      headers: { 'X-Ticket': 't-1' },
    };
    await transport().sendMail(mail);
    await transport().sendMail(mail);
    await transport().sendMail({ ...mail, messageId: '<delivery-2@support.example.test>', subject: 'Second' });

    const messages = await catcher.waitFor((kept) => kept.length === 2);
    expect(catcher.duplicates()).toBe(1);
    expect(messages.map((kept) => kept.subject)).toEqual(['Second', 'Your ticket is resolved']);
    expect(messages[1]).toMatchObject({
      messageId: '<delivery-1@support.example.test>',
      from: 'support@example.test',
      to: ['alice@example.test'],
      envelope: { from: 'support@example.test', to: ['alice@example.test', 'audit@example.test'] },
      text: 'Resolved.',
      html: '<p>Resolved.</p>',
      headers: { 'x-ticket': 't-1' },
    });

    const api = (await (await fetch(`${catcher.url}/api/messages`)).json()) as {
      messages: { messageId: string }[];
      duplicates: number;
    };
    expect(api.duplicates).toBe(1);
    expect(api.messages.map((kept) => kept.messageId)).toEqual([
      '<delivery-2@support.example.test>',
      '<delivery-1@support.example.test>',
    ]);
  });

  it('answers each mail only after delayMs when asked to be slow, keeping it at once', async () => {
    const slow = await startMailCatcher({ delayMs: 400 });
    try {
      const sending = nodemailer
        .createTransport({ host: '127.0.0.1', port: slow.smtpPort, secure: false })
        .sendMail({ from: 'support@example.test', to: 'bo@example.test', subject: 'Slow', text: 'Later.' });
      const started = performance.now();
      await slow.waitFor((kept) => kept.length === 1);
      const keptAfter = performance.now() - started;
      await sending;
      expect(performance.now() - started).toBeGreaterThanOrEqual(400);
      expect(keptAfter).toBeLessThan(400);
    } finally {
      await slow.stop();
    }
  });

  it('refuses with 550 the recipients refuse names, keeping nothing, and takes them again once it no longer does', async () => {
    const full = new Set(['full@example.test']);
    const refusing = await startMailCatcher({ refuse: (address) => full.has(address) });
    try {
      const send = () =>
        nodemailer
          .createTransport({ host: '127.0.0.1', port: refusing.smtpPort, secure: false })
          .sendMail({ from: 'support@example.test', to: 'full@example.test', subject: 'Full', text: 'x' });
      await expect(send()).rejects.toMatchObject({ responseCode: 550 });
      expect(refusing.messages()).toEqual([]);
      full.clear();
      await send();
      expect(refusing.messages().map((kept) => kept.to)).toEqual([['full@example.test']]);
    } finally {
      await refusing.stop();
    }
  });

  it('escapes every value on its page and shows the HTML part only in a sandboxed frame', async () => {
    await fetch(`${catcher.url}/api/messages`, { method: 'DELETE' });
    await transport().sendMail({
      from: '"<b>Mallory</b>" <mallory@example.test>',
      to: 'bob@example.test',
      subject: '<script>alert(1)</script>',
      text: 'a & b <img src=x onerror=alert(2)>',
      html: '<p onclick="steal()">"quoted" & <script>alert(3)</script></p>',
    });
    await catcher.waitFor((kept) => kept.length === 1);

    const response = await fetch(catcher.url);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>Mallory');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('a &amp; b &lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain(
      '<iframe sandbox="" title="HTML part" srcdoc="&lt;p onclick=&quot;steal()&quot;&gt;&quot;quoted&quot; &amp; &lt;script&gt;alert(3)&lt;/script&gt;&lt;/p&gt;"></iframe>',
    );
  });

  it('forgets everything on DELETE and answers 404 elsewhere', async () => {
    await transport().sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'x', text: 'x' });
    await catcher.waitFor((kept) => kept.length > 0);
    expect((await fetch(`${catcher.url}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(catcher.messages()).toEqual([]);
    expect(catcher.duplicates()).toBe(0);
    expect((await fetch(`${catcher.url}/nowhere`)).status).toBe(404);
  });

  it('keeps only the newest maxMessages mails', async () => {
    const small = await startMailCatcher({ maxMessages: 2 });
    try {
      const sender = nodemailer.createTransport({ host: '127.0.0.1', port: small.smtpPort, secure: false });
      for (const subject of ['one', 'two', 'three'])
        await sender.sendMail({ from: 'a@example.test', to: 'b@example.test', subject, text: subject });
      expect(small.messages().map((kept) => kept.subject)).toEqual(['three', 'two']);
    } finally {
      await small.stop();
    }
  });
});
