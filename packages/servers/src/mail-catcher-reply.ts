import nodemailer from 'nodemailer';

/** Where the catcher's replies are sent: an SMTP server (the engine's ingress, in `dev`). */
export interface ReplyRelay {
  readonly host: string;
  readonly port: number;
}

/** What a reply is built from: a caught mail's addresses, subject and thread headers. */
export interface RepliedMail {
  /** With its angle brackets, or `null` when the mail has none. */
  readonly messageId: string | null;
  readonly from: string;
  readonly to: readonly string[];
  readonly envelope: { readonly to: readonly string[] };
  readonly subject: string;
  /** Header name (lower case) → value. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A reply written on the catcher's page (or posted to its JSON API). */
export interface CatcherReply {
  readonly text: string;
  /** Who answers; the caught mail's first recipient (the person it was sent to) by default. */
  readonly from?: string;
}

/** A reply that went out: its Message-ID and where it went. */
export interface SentReply {
  readonly messageId: string;
  readonly to: string;
  /** The relay's answer to the message (`250 ...`). */
  readonly response: string;
}

/**
 * Answers `mail` the way a mail client does: to its `Reply-To` (else its `From`), from the person
 * it was sent to, `Re:` before its subject, `In-Reply-To` its Message-ID and `References` its
 * thread, by SMTP through `relay` (no TLS: a local server). Rejects with the relay's refusal.
 */
export async function sendCatcherReply(mail: RepliedMail, reply: CatcherReply, relay: ReplyRelay): Promise<SentReply> {
  const to = mail.headers['reply-to'] || mail.from;
  const from = reply.from || mail.to[0] || mail.envelope.to[0];
  if (!from) throw new Error('the mail names no recipient to answer as; give one');
  const references = [mail.headers.references, mail.messageId].filter(Boolean).join(' ');
  const transport = nodemailer.createTransport({ host: relay.host, port: relay.port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({
      from,
      to,
      subject: /^re:/i.test(mail.subject) ? mail.subject : `Re: ${mail.subject}`,
      text: reply.text,
      ...(mail.messageId === null ? {} : { inReplyTo: mail.messageId }),
      ...(references === '' ? {} : { references }),
    });
    return { messageId: info.messageId, to, response: info.response };
  } finally {
    transport.close();
  }
}
