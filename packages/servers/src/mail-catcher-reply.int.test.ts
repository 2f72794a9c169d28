import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMailCatcher, startMailCatcher } from './mail-catcher.js';

// The catcher answers a caught mail by SMTP through a relay: here a second catcher stands in for
// the engine's ingress, and shows what a reply carries.
let relay: RunningMailCatcher;
let catcher: RunningMailCatcher;
beforeAll(async () => {
  relay = await startMailCatcher();
  catcher = await startMailCatcher({ replyVia: { host: '127.0.0.1', port: relay.smtpPort } });
});
afterAll(async () => {
  await catcher?.stop();
  await relay?.stop();
});

async function catchOne(headers: Record<string, string>, subject = 'Your ticket [#t-1]') {
  await nodemailer.createTransport({ host: '127.0.0.1', port: catcher.smtpPort, secure: false }).sendMail({
    from: 'Support <support@localhost>',
    to: 'Ada Lovelace <ada@example.test>',
    subject,
    text: 'Which invoice?',
    messageId: `<${Math.random().toString(36).slice(2)}@localhost>`,
    headers,
  });
  const [mail] = await catcher.waitFor((mails) => mails.some((caught) => caught.subject === subject));
  return mail!;
}

describe('replying from the mail catcher', () => {
  it('answers to Reply-To, as the recipient, in the thread', async () => {
    const mail = await catchOne({
      'Reply-To': 'support+cuabc@localhost',
      References: '<opened@localhost>',
    });
    expect(await (await fetch(catcher.url)).text()).toContain(`action="/api/messages/${mail.id}/reply"`);

    const answer = await fetch(`${catcher.url}/api/messages/${mail.id}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Invoice 1042, thanks.' }),
    });
    expect(answer.status).toBe(200);
    const sent = (await answer.json()) as { messageId: string; to: string };
    expect(sent.to).toBe('support+cuabc@localhost');
    const [reply] = await relay.waitFor((mails) => mails.length === 1);
    expect(reply).toMatchObject({
      messageId: sent.messageId,
      from: 'ada@example.test',
      to: ['support+cuabc@localhost'],
      subject: 'Re: Your ticket [#t-1]',
      text: 'Invoice 1042, thanks.\n',
      headers: { 'in-reply-to': mail.messageId, references: `<opened@localhost> ${mail.messageId}` },
    });
  });

  it('answers to From without Reply-To, from the page’s form, and keeps an existing Re:', async () => {
    const mail = await catchOne({}, 'Re: second');
    const page = await fetch(`${catcher.url}/api/messages/${mail.id}/reply`, {
      method: 'POST',
      body: new URLSearchParams({ text: 'Form reply', from: 'grace@example.test' }),
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Reply sent');
    const [reply] = await relay.waitFor((mails) => mails.some((caught) => caught.text.startsWith('Form reply')));
    expect(reply).toMatchObject({ from: 'grace@example.test', to: ['support@localhost'], subject: 'Re: second' });
  });

  it('refuses an empty reply, an unknown mail, and a form posted from another site', async () => {
    const mail = await catchOne({}, 'third');
    const post = (id: number, body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${catcher.url}/api/messages/${id}/reply`, { method: 'POST', body, headers });
    expect((await post(mail.id, new URLSearchParams({ text: ' ' }))).status).toBe(400);
    expect((await post(mail.id, '[1]', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post(9_999, new URLSearchParams({ text: 'x' }))).status).toBe(404);
    expect((await post(mail.id, new URLSearchParams({ text: 'x' }), { origin: 'https://evil.test' })).status).toBe(403);
    expect(relay.messages().filter((caught) => caught.subject === 'Re: third')).toEqual([]);
  });

  it('offers no form and takes no reply without a relay', async () => {
    const plain = await startMailCatcher();
    try {
      expect(await (await fetch(plain.url)).text()).not.toContain('Send reply');
      expect((await fetch(`${plain.url}/api/messages/1/reply`, { method: 'POST', body: 'text=x' })).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
