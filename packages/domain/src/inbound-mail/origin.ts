import { z } from 'zod';
import { Id } from '../shared/actor.js';

/** One verdict of sender authentication, as RFC 8601's Authentication-Results spell them. */
export const MailAuthResult = z.enum([
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'policy',
  'temperror',
  'permerror',
]);
export type MailAuthResult = z.infer<typeof MailAuthResult>;

/**
 * What the engine verified about who sent a message: SPF for the envelope sender's host, DKIM
 * signatures (pass when one aligned with the From domain verified), and DMARC for the From domain.
 */
export const MailAuthentication = z
  .object({ spf: MailAuthResult, dkim: MailAuthResult, dmarc: MailAuthResult })
  .strict();
export type MailAuthentication = z.infer<typeof MailAuthentication>;

/** The most of a mail's whole text an event carries (the raw message keeps all of it). */
export const MAIL_FULL_TEXT_MAX = 100_000;

/** Most inline images one mail places in its text. */
export const MAX_INLINE_IMAGES = 50;

/**
 * Where one of a message's images goes in its text: the span of the body its stand-in holds
 * (`[alt text]`, as a reader without images sees it), drawn there by a reader who shows images.
 * Offsets count UTF-16 code units, as JavaScript strings do.
 */
export const InlineImage = z
  .object({ attachmentId: Id, start: z.int().nonnegative(), end: z.int().positive() })
  .strict()
  .refine((image) => image.start < image.end, { message: 'an inline image spans some text', path: ['end'] });
export type InlineImage = z.infer<typeof InlineImage>;

/**
 * Where a ticket message that came by mail came from, recorded on its event: the message it was
 * (its Message-ID, and the key the raw message is kept under, to show it whole), the sender and
 * the mailbox it was written to, and what was verified of the sender.
 */
export const MailOrigin = z
  .object({
    /** The Message-ID, without angle brackets; absent when the message had none. */
    messageId: z.string().min(1).max(998).optional(),
    /** The key the raw message is recorded under (`mid:…` or `sha256:…`). */
    mailKey: z.string().min(1).max(1100),
    /** The raw message kept as a staff-only attachment (its id): the whole message, to read or download. */
    original: Id,
    /** The `From` address. */
    from: z.string().min(3).max(320),
    /** The engine's mailbox it was sent to. */
    mailbox: z.string().min(3).max(320),
    authentication: MailAuthentication,
    /**
     * The message's whole text, when the message body shows only what the customer wrote this
     * time (quoted earlier messages or a signature left out); absent when the body is all of it.
     */
    fullText: z.string().max(MAIL_FULL_TEXT_MAX).optional(),
    /**
     * The images its HTML showed inside the text (`cid:` parts), each where it first goes in the
     * body (an image once), in the order of the text, none overlapping; absent when it placed none.
     * See `inlineImagesFit`.
     */
    inline: z
      .array(InlineImage)
      .min(1)
      .max(MAX_INLINE_IMAGES)
      .refine(
        (images) => images.every((image, n) => n === 0 || images[n - 1]!.end <= image.start),
        'inline images go in the order of the text, none overlapping',
      )
      .refine(
        (images) => new Set(images.map((image) => image.attachmentId)).size === images.length,
        'an inline image is placed once',
      )
      .optional(),
  })
  .strict();
export type MailOrigin = z.infer<typeof MailOrigin>;

/** What can be said of a mail's sender: verified, failed verification, or neither. */
export type SenderVerdict = 'verified' | 'failed' | 'unverified';

/**
 * Whether a mail's sender is who its `From` says: verified when DMARC passed for the From domain
 * (an SPF or DKIM pass aligned with it), failed when DMARC failed (it may be a forgery, and is
 * never threaded into a ticket unreviewed), unverified otherwise (the domain publishes no DMARC
 * policy, or the check could not conclude). SPF or DKIM alone prove nothing of the From address.
 */
export function senderVerdict(authentication: MailAuthentication): SenderVerdict {
  if (authentication.dmarc === 'pass') return 'verified';
  return authentication.dmarc === 'fail' ? 'failed' : 'unverified';
}
