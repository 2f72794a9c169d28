import { z } from 'zod';
import type { ReceivedMail } from '../ingress.js';

/**
 * A message the sink refuses, having stored nothing: what the ingress passed on beside the bytes
 * (the mailbox, the envelope, the client) is not an address or a host name. The bytes themselves
 * are never refused: whatever they hold is recorded. Add codes, never rename.
 */
export class MailNotRecordable extends Error {
  override readonly name = 'MailNotRecordable';
  readonly code = 'MAIL_NOT_RECORDABLE';
}

/** Printable text without control characters (a NUL no database text holds, a line break that would forge a log line). */
const Plain = (max: number) =>
  z
    .string()
    .max(max)
    .refine(
      (value) => ![...value].some((character) => (character.codePointAt(0) ?? 0) < 0x20 || character === '\u007f'),
      {
        message: 'holds a control character',
      },
    );

/** An envelope sender may be empty: the null sender (`MAIL FROM:<>`) of bounces. */
const ReceivedMailFields = z.object({
  mailbox: Plain(320).pipe(z.string().min(3)),
  envelope: z.object({ from: Plain(320).optional(), to: z.array(Plain(320)).max(1000) }).optional(),
  client: z.object({ ip: Plain(64), helo: Plain(255).optional() }).optional(),
});

/** Refuses a received message whose mailbox, envelope or client are not plain text of an address's or host's length. */
export function checkReceivedMail(mail: ReceivedMail): void {
  const checked = ReceivedMailFields.safeParse(mail);
  if (!checked.success)
    throw new MailNotRecordable(`The message cannot be recorded: ${z.prettifyError(checked.error)}`);
}
