import { describe, expect, it } from 'vitest';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { chooseMailbox, headerRecipients } from './mailbox.js';
import { looksLikeMessage } from './payload.js';

describe('the mailbox a posted message is for', () => {
  it('reads the To and Cc headers’ addresses, folded, encoded or in groups', () => {
    const raw = plainMessage({
      to: '=?UTF-8?Q?Support_=C3=A9quipe?= <Support@Support.test>,\r\n Team: a@x.test, b@x.test;',
      headers: { Cc: 'c@x.test', Bcc: 'hidden@x.test' },
    });
    expect(headerRecipients(raw)).toEqual(['Support@Support.test', 'a@x.test', 'b@x.test', 'c@x.test']);
  });

  it('is the first of the secret’s mailboxes a recipient names, sub-addressed or in another case', () => {
    const mailboxes = ['sales@support.test', 'support@support.test'];
    const choose = (addresses: string[], fromEnvelope = true) => chooseMailbox(mailboxes, { addresses, fromEnvelope });
    expect(choose(['SUPPORT+token@Support.test'])).toBe('support@support.test');
    expect(choose(['other@x.test', 'sales@support.test'])).toBe('sales@support.test');
    expect(() => choose(['other@x.test'])).toThrow(expect.objectContaining({ code: 'UNKNOWN_MAILBOX' }));
    expect(() => choose(['other@x.test'], false)).toThrow(expect.objectContaining({ code: 'UNKNOWN_MAILBOX' }));
    // A blind copy names no mailbox in its headers: a secret for one mailbox takes it.
    expect(chooseMailbox(['support@support.test'], { addresses: ['other@x.test'], fromEnvelope: false })).toBe(
      'support@support.test',
    );
    expect(() => chooseMailbox(['support@support.test'], { addresses: ['other@x.test'], fromEnvelope: true })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_MAILBOX' }),
    );
  });
});

describe('what reads as a message', () => {
  it('has a header field before its first empty line, whatever its line ends', () => {
    expect(looksLikeMessage(plainMessage({}))).toBe(true);
    expect(looksLikeMessage(Buffer.from('Subject: x\rFrom: a@b\r\rbody'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('X-Broken line\nSubject: still a message\n\nbody'))).toBe(true);
    for (const text of ['', '{"raw": 1}', '<html><body>Subject: no</body></html>', '\r\n\r\nSubject: after the body'])
      expect({ text, is: looksLikeMessage(Buffer.from(text)) }).toEqual({ text, is: false });
  });
});
