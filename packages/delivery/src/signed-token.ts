import { createHmac, timingSafeEqual } from 'node:crypto';

// A value the engine hands out and takes back later (an upload URL, an address confirmation
// link): `<payload>.<HMAC-SHA256 of it>`, both base64url, so it is safe in a URL path or query.

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const mac = (key: Buffer, purpose: string, payload: string) =>
  createHmac('sha256', key).update(`${purpose}\n${payload}`).digest();

/**
 * `fields` (JSON) signed with `key` for `purpose`: a token signed for one purpose is never read
 * as another's, even under one key.
 */
export function signToken(fields: readonly unknown[], key: Buffer, purpose: string): string {
  const payload = encode(JSON.stringify(fields));
  return `${payload}.${encode(mac(key, purpose, payload))}`;
}

/**
 * The fields a token carries when `key` signed it for `purpose`, else `null` (made up, altered,
 * cut short, or signed with another key or for another purpose). Checking the fields' shape and
 * any expiry is the caller's part.
 */
export function readToken(token: string, key: Buffer, purpose: string): unknown {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, purpose, payload);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
