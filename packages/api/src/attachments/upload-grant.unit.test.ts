import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_GRANT_LENGTH, readUploadGrant, signUploadGrant, type UploadGrant } from './upload-grant.js';

const key = randomBytes(32);
const grant: UploadGrant = {
  attachmentId: '0b6f3c1e-7d3a-4c55-9a41-0f7c2e9a1b22',
  uploader: { id: 'cust-alice', role: 'customer' },
  fileName: 'Capture d’écran 2026-03-02.png',
  declaredType: 'image/png',
  expiresAt: new Date('2026-03-02T10:00:00.000Z'),
};

describe('upload grants', () => {
  it('reads back what was signed, in a token a URL path can carry', () => {
    const token = signUploadGrant(grant, key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(readUploadGrant(token, key)).toEqual(grant);
    expect(readUploadGrant(signUploadGrant({ ...grant, declaredType: null }, key), key)?.declaredType).toBeNull();
  });

  it('stays under the length the router lets through, for the longest grant there is', () => {
    const longest = '\u{1F4CE}'.repeat(128);
    const token = signUploadGrant(
      {
        attachmentId: longest,
        uploader: { id: longest, role: 'supervisor' },
        fileName: '\u{1F4CE}'.repeat(255),
        declaredType: 'x'.repeat(255),
        expiresAt: new Date(8.64e15),
      },
      key,
    );
    expect(token.length).toBeLessThan(MAX_UPLOAD_GRANT_LENGTH);
  });

  it('refuses a grant signed with another key, or altered in any way', () => {
    const token = signUploadGrant(grant, key);
    const [payload, signature] = token.split('.') as [string, string];
    expect(readUploadGrant(token, randomBytes(32))).toBeNull();
    // Another grant's payload under this one's signature: the uploader swapped for someone else.
    const other = signUploadGrant({ ...grant, uploader: { id: 'cust-bob', role: 'customer' } }, key);
    expect(readUploadGrant(`${other.split('.')[0]}.${signature}`, key)).toBeNull();
    expect(readUploadGrant(payload, key)).toBeNull();
    expect(readUploadGrant(`${payload}.`, key)).toBeNull();
    expect(readUploadGrant(`.${signature}`, key)).toBeNull();
    expect(readUploadGrant(`${payload}.${signature.slice(0, -2)}`, key)).toBeNull();
  });

  it('answers null, never throws, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (token) => {
        expect(readUploadGrant(token, key)).toBeNull();
      }),
    );
  });

  it('refuses a payload signed with the key that is not a grant', () => {
    const signedAs = (payload: string) => `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
    const encoded = (fields: unknown) => Buffer.from(JSON.stringify(fields)).toString('base64url');
    const grantAt = (expiresAt: number) => [1, 'a', 'b', 'customer', 'x.png', null, expiresAt];
    expect(readUploadGrant(signedAs(encoded(grantAt(8.64e15))), key)?.expiresAt.getTime()).toBe(8.64e15);
    for (const fields of [
      grantAt(8.64e15 + 1),
      grantAt(-1),
      [2, 'a', 'b', 'customer', 'x.png', null, 1],
      [1, 'a'],
      { a: 1 },
      'text',
      null,
    ])
      expect(readUploadGrant(signedAs(encoded(fields)), key)).toBeNull();
    expect(readUploadGrant(signedAs('not-json'), key)).toBeNull();
  });
});
