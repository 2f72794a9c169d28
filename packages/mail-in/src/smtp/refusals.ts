/**
 * Every refusal of the SMTP ingress: a stable code, the SMTP status it answers with (4xx: the
 * sender keeps the message and tries again; 5xx: it gives up and tells its user) and the
 * enhanced status code (RFC 3463) that goes first in the reply's text.
 */
export const SMTP_REFUSALS = {
  /** `RCPT TO` names no mailbox of the engine (nor a sub-address of one). */
  MAILBOX_UNKNOWN: { status: 550, enhanced: '5.1.1', text: 'no such mailbox here' },
  /** The mailboxes could not be read (their configuration's store is down). */
  MAILBOX_CHECK_FAILED: { status: 451, enhanced: '4.3.0', text: 'cannot check the mailbox now, try again later' },
  /** One recipient more than a message may name: the sender sends the message again for the rest. */
  TOO_MANY_RECIPIENTS: { status: 452, enhanced: '4.5.3', text: 'too many recipients, send again for the rest' },
  /** The message is larger than the size limit (announced by EHLO as SIZE). */
  MESSAGE_TOO_LARGE: { status: 552, enhanced: '5.3.4', text: 'message exceeds the size limit' },
  /** Recording the message failed: nothing is kept, the sender retries later. */
  NOT_RECORDED: { status: 451, enhanced: '4.3.0', text: 'could not record the message, try again later' },
} as const;

/** The code of a refusal of the SMTP ingress. */
export type SmtpRefusalCode = keyof typeof SMTP_REFUSALS;

/** The error smtp-server answers a command with: the refusal's status and text. */
export function smtpRefusal(code: SmtpRefusalCode): Error & { responseCode: number } {
  const refusal = SMTP_REFUSALS[code];
  return Object.assign(new Error(`${refusal.enhanced} ${refusal.text}`), { responseCode: refusal.status });
}

/** What became of one command or message, as the ingress logs it. */
export type SmtpOutcome =
  | {
      readonly kind: 'recorded';
      readonly key: string;
      /** Recorded before (a sender's retry after a lost 250): nothing new was kept. */
      readonly duplicate: boolean;
      readonly mailbox: string;
      readonly size: number;
      readonly recipients: number;
    }
  | {
      readonly kind: 'refused';
      readonly code: SmtpRefusalCode;
      readonly status: number;
      /** The recipient refused, for `RCPT TO` refusals. */
      readonly recipient?: string;
      readonly size?: number;
    };
