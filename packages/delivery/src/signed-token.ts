import { createHmac, timingSafeEqual } from 'node:crypto';

// A value the engine hands out and takes back later (an upload URL, an address confirmation
// link): `<payload>.<HMAC-SHA256 of it>`, both base64url, so it is safe in a URL path or query.

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest();

/**
 * `fields` (JSON) signed with `key`. Each use has a key of its own (the attachments' URL key,
 * `EMAIL_CONFIRMATION_KEY`), so a token handed out for one is never taken by another.
 */
export function signToken(fields: readonly unknown[], key: Buffer): string {
  const payload = encode(JSON.stringify(fields));
  return `${payload}.${encode(mac(key, payload))}`;
}

/**
 * The fields a token carries when `key` signed it, else `null` (made up, altered, cut short, or
 * signed with another key). Checking the fields' shape and any expiry is the caller's part.
 */
export function readToken(token: string, key: Buffer): unknown {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, payload);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
