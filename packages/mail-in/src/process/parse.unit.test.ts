import { describe, expect, it } from 'vitest';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { messageBody, ticketSubject } from './body.js';
import { messageIds, parseMail } from './parse.js';

describe('reading a received message', () => {
  it('gives the sender, every recipient, the Message-IDs without brackets, and the language', async () => {
    const parsed = await parseMail(
      plainMessage({
        from: '"Bob, Customer" <Bob@Customer.test>',
        to: 'Team: support+abc@support.test, other@support.test;',
        messageId: 'm1@customer.test',
        headers: {
          Cc: 'ann@customer.test',
          'In-Reply-To': '<a@x.test>',
          References: '<r1@x.test>\r\n <r2@x.test>',
          'Content-Language': 'fr-FR, en',
        },
      }),
    );
    expect(parsed.from).toEqual({ address: 'Bob@Customer.test', name: 'Bob, Customer' });
    expect(parsed.recipients).toEqual(['support+abc@support.test', 'other@support.test', 'ann@customer.test']);
    expect(parsed).toMatchObject({
      messageId: 'm1@customer.test',
      inReplyTo: ['a@x.test'],
      references: ['r1@x.test', 'r2@x.test'],
      language: 'fr-FR',
    });
    expect(parsed.headers['content-language']).toEqual(['fr-FR, en']);
  });

  it('reads Message-IDs with or without brackets, dropping empty ones', () => {
    expect(messageIds('<a@x> <b@y>')).toEqual(['a@x', 'b@y']);
    expect(messageIds('a@x b@y')).toEqual(['a@x', 'b@y']);
    expect(messageIds('  ')).toEqual([]);
    expect(messageIds(undefined)).toEqual([]);
  });
});

describe('the text a message adds to its ticket', () => {
  it('is the plain text, else the HTML as text, cut to what a message holds', async () => {
    expect(messageBody(await parseMail(plainMessage({ body: 'Hello\r\n\r\nBob' })))).toBe('Hello\n\nBob');
    const html = Buffer.from(
      [
        'From: bob@customer.test',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><style>p{}</style></head><body><p>Hello &amp; welcome</p><p>Line<br>two</p><script>x()</script></body></html>',
      ].join('\r\n'),
    );
    expect(messageBody(await parseMail(html))).toBe('Hello & welcome\n\nLine\ntwo');
    const long = messageBody(await parseMail(plainMessage({ body: 'x'.repeat(30_000) })));
    expect(long).toHaveLength(20_000);
  });

  it('gives a ticket a subject on one line, or says it had none', async () => {
    expect(ticketSubject(await parseMail(plainMessage({ subject: '  Export\tbroken ' })))).toBe('Export broken');
    expect(ticketSubject(await parseMail(plainMessage({ subject: '' })))).toBe('(no subject)');
  });
});
