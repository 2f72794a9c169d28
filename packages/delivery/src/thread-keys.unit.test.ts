import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReplyToken, replyToken, replyTokenIsFor, ticketMessageId, ticketOfMessageId } from './thread-keys.js';

const KEY = Buffer.from('a key of thirty-two bytes, fixed.');
const OTHER_KEY = Buffer.from('another key, of thirty-two bytes');
const ticketIds = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 15 }).filter((id) => Buffer.byteLength(id) <= 15),
);

describe('reply tokens', () => {
  it('fit a mailbox local part, in lower case, and read back to their ticket for the person they were issued to', () => {
    fc.assert(
      fc.property(
        ticketIds,
        fc.string({ minLength: 1 }),
        fc.constantFrom('customer', 'staff' as const),
        (ticketId, person, kind) => {
          const token = replyToken(kind, ticketId, person, KEY);
          expect(token).toBeDefined();
          expect(`support+${token}`.length).toBeLessThanOrEqual(64);
          expect(token).toMatch(/^[a-z2-7]+$/);
          // A system that upper-cases the local part does not break it.
          const claim = readReplyToken(token!.toUpperCase());
          expect(claim).toMatchObject({ kind, ticketId });
          expect(replyTokenIsFor(claim!, person, KEY)).toBe(true);
          expect(replyTokenIsFor(claim!, `${person}x`, KEY)).toBe(false);
          expect(replyTokenIsFor(claim!, person, OTHER_KEY)).toBe(false);
        },
      ),
    );
  });

  it('is refused once any character changes', () => {
    const token = replyToken('customer', '0b5f2d4e-9c1a-4e7b-8f3d-2a6c9e1b7d40', 'customer-1', KEY)!;
    for (let index = 0; index < token.length; index += 1) {
      const changed = `${token.slice(0, index)}${token[index] === 'a' ? 'b' : 'a'}${token.slice(index + 1)}`;
      const claim = readReplyToken(changed);
      expect(claim === undefined || !replyTokenIsFor(claim, 'customer-1', KEY)).toBe(true);
    }
  });

  it('is not made for an id too long for a local part', () => {
    expect(replyToken('customer', 'a-ticket-id-of-many-bytes', 'customer-1', KEY)).toBeUndefined();
    expect(readReplyToken('hello')).toBeUndefined();
  });
});

describe('ticket Message-IDs', () => {
  it('name their ticket under this key only, each one unique', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 128 }), fc.string(), fc.string(), (ticketId, one, two) => {
        const id = ticketMessageId(ticketId, one, 'support.test', KEY);
        expect(ticketOfMessageId(id, KEY)).toBe(ticketId);
        expect(ticketOfMessageId(`<${id}>`, KEY)).toBe(ticketId);
        expect(ticketOfMessageId(id, OTHER_KEY)).toBeUndefined();
        if (one !== two) expect(ticketMessageId(ticketId, two, 'support.test', KEY)).not.toBe(id);
      }),
    );
    expect(ticketOfMessageId('CAF=abc@mail.gmail.com', KEY)).toBeUndefined();
  });
});
