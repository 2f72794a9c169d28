import { describe, expect, it } from 'vitest';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { messageKey, rawMessageId } from './message-key.js';

describe('the key a message is recorded under', () => {
  it('is its Message-ID, brackets off, whatever the header name’s case and folding', () => {
    expect(rawMessageId(plainMessage({ messageId: 'abc@mail.test' }))).toBe('abc@mail.test');
    const folded = Buffer.from('Subject: x\r\nmessage-ID:\r\n  <folded@mail.test>\r\n\r\nbody\r\n');
    expect(rawMessageId(folded)).toBe('folded@mail.test');
    expect(messageKey(folded).key).toBe('mid:folded@mail.test');
  });

  it('is the hash of the bytes when there is no Message-ID, or it is empty, or only in the body', () => {
    const none = plainMessage({ body: 'Message-ID: <in-body@mail.test>' });
    expect(rawMessageId(none)).toBeUndefined();
    expect(messageKey(none).key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rawMessageId(Buffer.from('Message-ID: <>\r\n\r\n'))).toBeUndefined();
    expect(messageKey(none).key).not.toBe(messageKey(plainMessage({ body: 'other' })).key);
  });

  it('is the hash of the bytes when the Message-ID holds a control character (a NUL no database text can hold)', () => {
    for (const id of ['nul\u0000byte@mail.test', 'bell\u0007@mail.test', 'tab\tinside@mail.test']) {
      const raw = Buffer.from(`Message-ID: <${id}>\r\nSubject: x\r\n\r\nbody\r\n`, 'latin1');
      expect(rawMessageId(raw)).toBeUndefined();
      expect(messageKey(raw).key).toMatch(/^sha256:/);
    }
  });
});
