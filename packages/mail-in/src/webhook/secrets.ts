import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { WebhookRefusal } from './refusal.js';

/** A signed request older or newer than this (seconds) is refused: a replay, or a clock far off. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const PATH_SECRET = /^[A-Za-z0-9_-]{32,100}$/; // 100: fastify's default longest path parameter
const SIGNING_SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

/**
 * How a provider proves a post is for a mailbox: a secret path segment
 * (`/mail/inbound/<pathSecret>`, 32 to 100 URL-safe characters), or a Standard Webhooks
 * signature with `signingSecret` (`whsec_` and base64, 24 bytes or more), or either. Several
 * mailboxes may share one secret (one provider route for all of them): the envelope then says
 * which one a message is for.
 */
export const WebhookMailboxSecret = z
  .object({
    mailbox: z
      .string()
      .min(3)
      .max(320)
      .regex(/^[^\s@<>\p{Cc}]+@[^\s@<>\p{Cc}]+$/u, 'expected a mailbox address (local@domain)'),
    pathSecret: z.string().regex(PATH_SECRET, 'expected 32 to 100 characters of A-Z, a-z, 0-9, _ and -').optional(),
    signingSecret: z
      .string()
      .regex(SIGNING_SECRET, 'expected whsec_ and the base64 of 24 bytes or more')
      .refine((secret) => signingKey(secret).length >= 24, 'expected whsec_ and the base64 of 24 bytes or more')
      .optional(),
  })
  .strict()
  .refine((entry) => entry.pathSecret !== undefined || entry.signingSecret !== undefined, {
    message: 'a mailbox needs a pathSecret, a signingSecret, or both',
  });
export type WebhookMailboxSecret = z.infer<typeof WebhookMailboxSecret>;

/** The HMAC key a `whsec_` secret stands for. */
function signingKey(secret: string): Buffer {
  return Buffer.from(secret.slice('whsec_'.length), 'base64');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The mailboxes whose path secret is `segment`. Every secret is compared, each in constant time
 * (over digests, so neither the secrets' lengths nor their first differing character show in the
 * time taken).
 */
export function mailboxesByPathSecret(secrets: readonly WebhookMailboxSecret[], segment: string): string[] {
  const given = digest(segment);
  return secrets
    .filter((entry) => entry.pathSecret !== undefined && timingSafeEqual(digest(entry.pathSecret), given))
    .map((entry) => entry.mailbox);
}

/** A request's headers (names in lower case), which a signed post's Standard Webhooks headers are among. */
export type SignatureHeaders = Readonly<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value);

/**
 * The mailboxes whose signing secret signed `body`, the Standard Webhooks way: `webhook-signature`
 * holds one or more space-separated `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.`
 * followed by the body's bytes, as they came (a message need not be UTF-8). Refuses a post
 * without the headers or without a matching signature (`UNAUTHENTICATED`), and one whose
 * timestamp is more than {@link SIGNATURE_TOLERANCE_SECONDS} from `now` (`SIGNATURE_EXPIRED`:
 * within the window, a replay is only a duplicate, recorded once).
 */
export function mailboxesBySignature(
  secrets: readonly WebhookMailboxSecret[],
  headers: SignatureHeaders,
  body: Buffer,
  now: Date,
): string[] {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signatures = single(headers['webhook-signature']);
  if (id === undefined || timestamp === undefined || signatures === undefined || !/^\d{1,12}$/.test(timestamp))
    throw new WebhookRefusal(
      'UNAUTHENTICATED',
      'A signed post carries webhook-id, webhook-timestamp (seconds) and webhook-signature',
    );
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS)
    throw new WebhookRefusal('SIGNATURE_EXPIRED', 'The signature’s timestamp is more than five minutes off');
  const given = signatures
    .split(' ')
    .filter((signature) => signature.startsWith('v1,'))
    .map((signature) => Buffer.from(signature.slice(3), 'base64'));
  const mailboxes = secrets
    .filter((entry) => {
      if (entry.signingSecret === undefined) return false;
      const expected = createHmac('sha256', signingKey(entry.signingSecret))
        .update(`${id}.${timestamp}.`)
        .update(body)
        .digest();
      return given.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected));
    })
    .map((entry) => entry.mailbox);
  if (mailboxes.length === 0)
    throw new WebhookRefusal('UNAUTHENTICATED', 'No mailbox’s signing secret signed this post');
  return mailboxes;
}
