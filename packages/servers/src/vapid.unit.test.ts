import { describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { VapidError, verifyVapid } from './vapid.js';

const AUDIENCE = 'https://127.0.0.1:8443';
// web-push itself refuses an expiration more than a day from the real clock.
const NOW = Math.floor(Date.now() / 1000);
const keys = webpush.generateVAPIDKeys();

function authorization(audience = AUDIENCE, expiration = NOW + 3600): string {
  const headers = webpush.getVapidHeaders(
    audience,
    'mailto:ops@example.test',
    keys.publicKey,
    keys.privateKey,
    'aes128gcm',
    expiration,
  );
  return headers.Authorization;
}

function refusal(header: string | undefined, now = NOW): { status: number; message: string } | undefined {
  try {
    verifyVapid(header, AUDIENCE, now);
    return undefined;
  } catch (error) {
    if (!(error instanceof VapidError)) throw error;
    return { status: error.status, message: error.message };
  }
}

describe('verifyVapid', () => {
  it('accepts the header web-push builds and names the key and contact', () => {
    expect(verifyVapid(authorization(), AUDIENCE, NOW)).toEqual({
      publicKey: keys.publicKey,
      subject: 'mailto:ops@example.test',
      expiresAt: NOW + 3600,
    });
  });

  it('answers 401 without a vapid header and 403 for a token for another origin or out of date', () => {
    expect(refusal(undefined)?.status).toBe(401);
    expect(refusal('Bearer abc')?.status).toBe(401);
    expect(refusal('vapid t=abc')?.status).toBe(401);
    expect(refusal(authorization('https://push.example.test'))).toEqual({
      status: 403,
      message: `the token's aud must be ${AUDIENCE}`,
    });
    expect(refusal(authorization(AUDIENCE, NOW - 1))?.message).toBe('the token has expired');
    expect(refusal(authorization(), NOW - 2 * 24 * 3600)?.message).toBe('the token is valid for more than 24 h');
    expect(refusal(authorization().replace(/k=.*/, 'k=AAAA'))?.message).toBe(
      'k is not an uncompressed P-256 public key',
    );
  });
});
