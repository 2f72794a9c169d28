import { createHash } from 'node:crypto';
import { pipeline, Readable, Transform } from 'node:stream';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { MailDkim } from '../config.js';
import type { ChannelSender, SendResult } from '../dispatcher.js';
import type { ClaimedDelivery } from '../outbox.js';
import { renderEmail } from './email-render.js';
import { type MailThreading, MessagePayload, readPayload } from './message.js';

/**
 * Where a mail's attachments are read from: the attachment storage (an `AttachmentStorage` of the
 * API fits), keyed by attachment id.
 */
export interface AttachmentSource {
  read(key: string): Promise<{ readonly body: Readable; readonly size: number } | null>;
}

/** What marks a mail as written by a machine (RFC 3834; Exchange's own), so that no auto-responder answers it. */
export const AUTOMATIC_MAIL_HEADERS: Readonly<Record<string, string>> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

/** How email is sent. */
export interface EmailSenderOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:port`. */
  readonly smtpUrl: string;
  /** The `From` of every notification. */
  readonly from: string;
  /** The domain part of `Message-ID`s. */
  readonly messageIdDomain: string;
  readonly timeoutMs: number;
  /** SMTP connections kept open at once. */
  readonly maxConnections: number;
  /** Signs every mail with this key; none: unsigned (the relay may sign). */
  readonly dkim?: MailDkim | null;
  /** Where the files a mail carries are read; none: a mail's files are listed by name only (planned so). */
  readonly attachments?: AttachmentSource | null;
}

/**
 * Sends notification emails over SMTP (nodemailer, pooled connections), HTML and text. Each
 * carries a `Message-ID` derived from its delivery id: the same on every attempt, so a mail
 * store that deduplicates on it (as most do) keeps one copy even when an attempt's outcome was
 * lost to a crash. The mails about one ticket, chat or suggestion to one recipient name the same
 * thread ({@link threadIdFor}) in `In-Reply-To` and `References`, so mail clients group them;
 * a mail planned into a ticket's email conversation (its `mail`) carries that conversation's
 * Message-ID, thread, sender, `Reply-To` and files instead. Every mail a machine wrote says so
 * ({@link AUTOMATIC_MAIL_HEADERS}). A 5xx answer is permanent (dead-lettered); anything else,
 * a file the storage cannot give included, is tried again.
 */
export function createEmailSender(options: EmailSenderOptions): ChannelSender {
  const url = new URL(options.smtpUrl);
  const user = decodeURIComponent(url.username);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    pool: true,
    maxConnections: options.maxConnections,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
  const sender = displayName(options.from);
  return {
    channel: 'email',
    maxInFlight: options.maxConnections,
    async send(delivery: ClaimedDelivery): Promise<SendResult> {
      const read = readPayload(MessagePayload, delivery.payload);
      if (!read.ok) return read.failure;
      const { subject, text, html } = renderEmail(read.value);
      const mail = read.value.mail;
      try {
        const attachments = await attachmentsOf(mail, options.attachments ?? null);
        try {
          await transport.sendMail({
            from: mail?.from ? { name: sender, address: mail.from } : options.from,
            to: delivery.recipient,
            ...(mail?.replyTo ? { replyTo: mail.replyTo } : {}),
            subject,
            text,
            html,
            ...threadHeaders(read.value, delivery, options.messageIdDomain),
            ...(attachments.length === 0 ? {} : { attachments }),
            headers: {
              'X-Support-Notification': delivery.messageId,
              ...(mail?.automatic === false ? {} : AUTOMATIC_MAIL_HEADERS),
            },
          });
        } finally {
          // A send that failed before reading every file leaves nothing open.
          closeStreams(attachments);
        }
        return { ok: true, statusCode: 250 };
      } catch (error) {
        const { responseCode, message: reason } = error as { responseCode?: number; message: string };
        return {
          ok: false,
          outcome: 'failed',
          statusCode: responseCode ?? null,
          error: reason,
          permanent: responseCode !== undefined && responseCode >= 500,
        };
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * The `Message-ID`, `In-Reply-To` and `References` of a mail: its conversation's when it was
 * planned into one (`mail.messageId`), else the delivery's own id in its notification thread.
 */
function threadHeaders(
  message: MessagePayload,
  delivery: ClaimedDelivery,
  domain: string,
): Pick<Mail.Options, 'messageId' | 'inReplyTo' | 'references'> {
  const mail = message.mail;
  if (mail?.messageId) {
    const references = mail.references.map(bracketed);
    const last = references.at(-1);
    return {
      messageId: bracketed(mail.messageId),
      ...(last === undefined ? {} : { inReplyTo: last, references }),
    };
  }
  const thread = threadIdFor(message, delivery.recipient, domain);
  return {
    messageId: messageIdFor(delivery.deliveryId, domain),
    ...(thread === null ? {} : { inReplyTo: thread, references: [thread] }),
  };
}

/**
 * The files a mail carries, streamed from the storage into the mail as it is sent (never held
 * whole in memory), each checked against the SHA-256 its message recorded as it passes. Throws
 * (the send is tried again, then dead-lettered where operators see it) when there is no storage
 * to read from or a file is missing; a file whose bytes changed fails its stream at its end,
 * before the message's final dot, so the server drops the mail: a reply never leaves without its
 * files, nor with others.
 */
async function attachmentsOf(mail: MailThreading | null, source: AttachmentSource | null): Promise<Mail.Attachment[]> {
  if (mail === null || mail.attachments.length === 0) return [];
  if (source === null) throw new Error('this mail carries files but the sender has no attachment storage');
  const files: Mail.Attachment[] = [];
  try {
    for (const file of mail.attachments) {
      const stored = await source.read(file.attachmentId);
      if (stored === null) throw new Error(`attachment ${file.attachmentId} is not in the attachment storage`);
      files.push({
        filename: file.fileName,
        contentType: file.contentType,
        content: checkedStream(stored.body, file.sha256, file.attachmentId),
      });
    }
  } catch (error) {
    closeStreams(files);
    throw error;
  }
  return files;
}

/** `body` passed through, failing at its end when its bytes are not those of `sha256`. */
function checkedStream(body: Readable, sha256: string, attachmentId: string): Readable {
  const hash = createHash('sha256');
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      done(hash.digest('hex') === sha256 ? null : new Error(`attachment ${attachmentId} does not match its SHA-256`));
    },
  });
  // An error of the storage's stream fails the checked one too; the callback only keeps it from being unhandled.
  return pipeline(body, checked, () => {});
}

/** Releases what the files' streams read from, whether or not the mail consumed them. */
function closeStreams(files: readonly Mail.Attachment[]): void {
  for (const { content } of files) if (content instanceof Readable) content.destroy();
}

const bracketed = (id: string) => (id.startsWith('<') ? id : `<${id}>`);

/** The display name of a `Name <address>` sender (the deployment's), for mail sent from a mailbox of its. */
function displayName(from: string): string {
  return /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(from)?.[1]?.trim() ?? '';
}

/** The `Message-ID` of a delivery: stable across attempts, valid in any mail header. */
export function messageIdFor(deliveryId: string, domain: string): string {
  return `<${hashed(deliveryId)}@${domain}>`;
}

/**
 * The thread a mail belongs to: one id per ticket (or chat, or suggestion) and recipient, the
 * same for every mail about it, never a mail's own id. Null for a mail about none of them.
 */
export function threadIdFor(
  about: Pick<MessagePayload, 'ticketId' | 'chatId' | 'suggestionId'>,
  recipient: string,
  domain: string,
): string | null {
  const [kind, id] =
    (
      [
        ['ticket', about.ticketId],
        ['chat', about.chatId],
        ['suggestion', about.suggestionId],
      ] as const
    ).find(([, value]) => value !== null) ?? [];
  return id == null ? null : `<thread-${hashed(`${kind}:${id}\n${recipient.toLowerCase()}`)}@${domain}>`;
}

const hashed = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);
