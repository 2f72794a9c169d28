import { createHmac, timingSafeEqual } from 'node:crypto';

// The two marks the engine puts on a mail so that the answer finds its ticket again:
// - a reply token, the tag of the Reply-To sub-address (`support+<token>@…`). A mailbox's local
//   part holds at most 64 octets, and some systems lower-case it, so the token is short and in
//   lower-case base32: who it is for (c: the customer, s: a staff member), the ticket (a UUID in
//   16 bytes, or a short id as it is), and 80 bits of HMAC over both and the person it was issued to.
// - the Message-ID of each mail the engine sends about a ticket, which names the ticket and is
//   signed the same way, so `In-Reply-To`/`References` point back to it with no table to consult.

/** Who a reply token was issued to: the ticket's customer, or a staff member (their alert). */
export type ReplyTokenKind = 'customer' | 'staff';

/** A reply token as read from an address, before its signature is checked against a person. */
export interface ReplyTokenClaim {
  readonly kind: ReplyTokenKind;
  readonly ticketId: string;
  readonly signature: Buffer;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_BYTES = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Short ids that travel as they are; longer ones get no token (the Message-ID still threads). */
const MAX_RAW_ID_BYTES = 15;
const KINDS: Record<ReplyTokenKind, string> = { customer: 'c', staff: 's' };

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.toLowerCase()) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const mac = (key: Buffer, parts: readonly string[]) =>
  createHmac('sha256', key).update(JSON.stringify(parts)).digest().subarray(0, MAC_BYTES);

const sameMac = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * The reply token for `personId` (the ticket's customer, or a staff member) on `ticketId`, or
 * undefined when the ticket's id is too long to fit a mailbox's local part (its mails still
 * thread by Message-ID).
 */
export function replyToken(kind: ReplyTokenKind, ticketId: string, personId: string, key: Buffer): string | undefined {
  const signature = base32(mac(key, ['reply', kind, ticketId, personId]));
  if (UUID.test(ticketId))
    return `${KINDS[kind]}u${base32(Buffer.from(ticketId.replaceAll('-', ''), 'hex'))}${signature}`;
  const raw = Buffer.from(ticketId, 'utf8');
  if (raw.length === 0 || raw.length > MAX_RAW_ID_BYTES) return undefined;
  return `${KINDS[kind]}r${base32(Buffer.from([raw.length]))}${base32(raw)}${signature}`;
}

/** The ticket and kind a token names, its signature not yet checked; undefined when it is no token of ours. */
export function readReplyToken(token: string): ReplyTokenClaim | undefined {
  const text = token.toLowerCase();
  const kind = (Object.keys(KINDS) as ReplyTokenKind[]).find((name) => KINDS[name] === text[0]);
  const signatureChars = Math.ceil((MAC_BYTES * 8) / 5);
  if (kind === undefined || text.length <= 2 + signatureChars) return undefined;
  const signature = unbase32(text.slice(-signatureChars));
  const body = text.slice(2, -signatureChars);
  if (!signature || base32(signature) !== text.slice(-signatureChars)) return undefined;
  if (text[1] === 'u') {
    const bytes = unbase32(body);
    // Canonical only: base32's spare bits must be zero, so one token has one spelling.
    if (bytes?.length !== 16 || base32(bytes) !== body) return undefined;
    const hex = bytes.toString('hex');
    const ticketId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { kind, ticketId, signature };
  }
  if (text[1] === 'r') {
    const length = unbase32(body.slice(0, 2))?.[0];
    const bytes = unbase32(body.slice(2));
    if (length === undefined || length === 0 || !bytes || bytes.length !== length) return undefined;
    if (base32(Buffer.from([length])) !== body.slice(0, 2) || base32(bytes) !== body.slice(2)) return undefined;
    return { kind, ticketId: bytes.toString('utf8'), signature };
  }
  return undefined;
}

/** Whether `claim` was issued by this deployment to `personId` (its signature, under `key`). */
export function replyTokenIsFor(claim: ReplyTokenClaim, personId: string, key: Buffer): boolean {
  return sameMac(claim.signature, mac(key, ['reply', claim.kind, claim.ticketId, personId]));
}

/**
 * The Message-ID (without angle brackets) of a mail the engine sends about `ticketId`: unique per
 * `unique` (a delivery's id), naming the ticket, signed so that a made-up one names nothing.
 */
export function ticketMessageId(ticketId: string, unique: string, domain: string, key: Buffer): string {
  const id = Buffer.from(ticketId, 'utf8').toString('base64url');
  const once = base32(createHmac('sha256', key).update(`once:${unique}`).digest().subarray(0, 10));
  const signature = base32(mac(key, ['message', ticketId, once]));
  return `t.${id}.${once}.${signature}@${domain}`;
}

/** The ticket a Message-ID the engine minted names, or undefined for any other Message-ID. */
export function ticketOfMessageId(messageId: string, key: Buffer): string | undefined {
  const match = /^<?t\.([A-Za-z0-9_-]+)\.([a-z2-7]+)\.([a-z2-7]+)@[^>]+>?$/.exec(messageId.trim());
  if (!match) return undefined;
  const [, id = '', once = '', signature = ''] = match;
  const ticketId = Buffer.from(id, 'base64url').toString('utf8');
  const given = unbase32(signature);
  return given && sameMac(given, mac(key, ['message', ticketId, once])) ? ticketId : undefined;
}
