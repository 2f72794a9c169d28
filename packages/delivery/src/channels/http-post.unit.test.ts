import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { postWithDeadline } from './http-post.js';
import { headerSafeId } from './webhook.js';

describe('a POST refused before any request', () => {
  it('is a permanent refusal, and its deadline never fires afterwards', async () => {
    // Node refuses a header holding a line break or a character outside Latin-1 as it builds the request.
    for (const value of ['a\nb', 'evt_ticket-emoji-🚀_1']) {
      const result = await postWithDeadline(new URL('http://127.0.0.1:9/hook'), '{}', { 'x-id': value }, undefined, 20);
      expect(result).toMatchObject({ ok: false, outcome: 'refused', statusCode: null, permanent: true });
    }
    // A deadline left armed would throw here, past the send, and fail the run as an unhandled error.
    await sleep(60);
  });
});

describe('the webhook-id header', () => {
  it('keeps printable ASCII and percent-encodes the rest, % included, as UTF-8', () => {
    expect(headerSafeId('evt_ticket-t-1_3')).toBe('evt_ticket-t-1_3');
    expect(headerSafeId('evt_ticket-latin-tïcket_1')).toBe('evt_ticket-latin-t%C3%AFcket_1');
    expect(headerSafeId('evt_ticket-emoji-🚀_1')).toBe('evt_ticket-emoji-%F0%9F%9A%80_1');
    expect(headerSafeId('evt_ticket-a b%_1')).toBe('evt_ticket-a%20b%25_1');
    // Two ids never share a header: the encoded form of one is not the other's.
    expect(headerSafeId('evt_ticket-%C3%AF_1')).not.toBe(headerSafeId('evt_ticket-ï_1'));
  });
});
