import { z } from 'zod';
import { MessageAttachments } from '../attachment/values.js';
import { MailOrigin } from '../inbound-mail/origin.js';
import { StorableText } from '../shared/text.js';
import { Instant } from '../shared/time.js';
import { MESSAGE_CONTENT, MessageText } from '../ticket/values.js';

/**
 * Why a message that names a ticket was held rather than added to it: its sender's domain failed
 * DMARC (the `From` could be forged), or the reply token it answered was issued to another address.
 */
export const HeldMailReason = z.enum(['dmarc-failed', 'token-for-another-sender']);
export type HeldMailReason = z.infer<typeof HeldMailReason>;

/** A staff member's note on a decision: optional, at most 2,000 characters once trimmed. */
export const HeldMailNote = StorableText.pipe(z.string().trim().min(1).max(2_000));

/**
 * A held message as the ticket would record it on acceptance (`CustomerReply`: its text and files,
 * its `MailOrigin`), with what a reviewer reads first: its subject, sender and when it arrived.
 */
export const HeldMailContent = z
  .object({
    body: StorableText.pipe(MessageText).default(''),
    attachments: MessageAttachments.optional(),
    mail: MailOrigin,
    /** The `Subject` header as received (the empty string when it had none). */
    subject: StorableText.pipe(z.string().max(998)),
    /** The `From` header as received: a display name and address. */
    from: StorableText.pipe(z.string().trim().min(3).max(998)),
    receivedAt: Instant,
  })
  .strict()
  .refine((content) => MESSAGE_CONTENT[0]({ data: content }), { message: MESSAGE_CONTENT[1].message, path: ['body'] });
export type HeldMailContent = z.infer<typeof HeldMailContent>;
