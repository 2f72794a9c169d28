import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { MailInConfig } from '../config.js';
import type { MailSink } from '../ingress.js';
import { eitherMailbox, type IsMailbox, mailboxList, mailboxOfRecipient } from './recipients.js';
import { SMTP_REFUSALS, type SmtpOutcome, type SmtpRefusalCode, smtpRefusal } from './refusals.js';

/** What {@link createSmtpIngress} needs. */
export interface SmtpIngressOptions {
  /** Where each accepted message is recorded, before the sender hears 250. */
  readonly sink: MailSink;
  readonly config: Pick<
    MailInConfig,
    'host' | 'port' | 'hostname' | 'sizeLimit' | 'maxRecipients' | 'maxClients' | 'tls' | 'mailboxes'
  >;
  /** The mailboxes configured as data, taken beside the configuration's static list. */
  readonly isMailbox?: IsMailbox;
  /**
   * Told each newly recorded message's key, with its raw bytes, once the sender has it
   * acknowledged (the processor's fast path, which then need not read the bytes back from the
   * storage; the processing loop finds the message anyway). Its failures are logged, never answered.
   */
  readonly onRecorded?: (key: string, raw: Buffer) => void | Promise<void>;
  readonly logger: Logger;
  /** When a message counts as received. */
  readonly clock?: () => Date;
}

/** The SMTP ingress, created, not yet listening. */
export interface SmtpIngress {
  /** Starts taking connections; resolves with the port (the configured one, or the one given for 0). */
  listen(): Promise<number>;
  /** Stops taking connections and closes those open (a message in DATA is not answered, so its sender retries). */
  close(): Promise<void>;
}

/**
 * The engine's SMTP door, as a mail exchanger (MX) receives mail: no authentication, recipients
 * limited to the engine's mailboxes (and their sub-addresses), at most `maxRecipients` per
 * message, messages up to `sizeLimit` bytes (announced by EHLO), STARTTLS when the configuration
 * holds a certificate. Each message is recorded once through the sink (for the first mailbox it
 * names, with the connecting client's IP and HELO), and only then answered 250: a crash before
 * loses nothing the sender does not still hold. A failed record answers 451, so the sender
 * retries. Every outcome is logged, with its refusal's stable code.
 */
export function createSmtpIngress(options: SmtpIngressOptions): SmtpIngress {
  const { sink, config, logger } = options;
  const isMailbox =
    options.isMailbox === undefined
      ? mailboxList(config.mailboxes)
      : eitherMailbox(config.mailboxes, options.isMailbox);
  const clock = options.clock ?? (() => new Date());
  // The mailbox a transaction's message is recorded for: its first recipient's (a new envelope per transaction).
  const mailboxOf = new WeakMap<object, string>();

  const report = (outcome: SmtpOutcome, session: SMTPServerSession) => {
    const fields = { outcome, client: session.remoteAddress, helo: session.hostNameAppearsAs || undefined };
    if (outcome.kind === 'recorded') logger.info(fields, outcome.duplicate ? 'mail received again' : 'mail recorded');
    else logger.warn(fields, 'mail refused');
  };
  const refuse = (
    code: SmtpRefusalCode,
    session: SMTPServerSession,
    details: { recipient?: string; size?: number } = {},
  ) => {
    report({ kind: 'refused', code, status: SMTP_REFUSALS[code].status, ...details }, session);
    return smtpRefusal(code);
  };

  const server = new SMTPServer({
    name: config.hostname,
    banner: 'support-engine mail ingress',
    authOptional: true,
    disabledCommands: config.tls === null ? ['AUTH', 'STARTTLS'] : ['AUTH'],
    ...(config.tls === null ? {} : { key: config.tls.key, cert: config.tls.cert }),
    size: config.sizeLimit,
    maxClients: config.maxClients,
    logger: false,
    closeTimeout: 1_000,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= config.maxRecipients) {
        return callback(refuse('TOO_MANY_RECIPIENTS', session, { recipient: address.address }));
      }
      mailboxOfRecipient(address.address, isMailbox).then(
        (mailbox) => {
          if (mailbox === undefined)
            return callback(refuse('MAILBOX_UNKNOWN', session, { recipient: address.address }));
          if (!mailboxOf.has(session.envelope)) mailboxOf.set(session.envelope, mailbox);
          callback();
        },
        (error: unknown) => {
          logger.error({ err: error, recipient: address.address }, 'mailbox check failed');
          callback(refuse('MAILBOX_CHECK_FAILED', session, { recipient: address.address }));
        },
      );
    },
    onData(stream, session, callback) {
      readMessage(stream, config.sizeLimit).then(
        async (raw) => {
          if (raw === null) return callback(refuse('MESSAGE_TOO_LARGE', session, { size: stream.byteLength }));
          const mailbox = mailboxOf.get(session.envelope)!;
          const from = session.envelope.mailFrom;
          let recorded: Awaited<ReturnType<MailSink['record']>>;
          try {
            recorded = await sink.record({
              raw,
              source: 'smtp',
              mailbox,
              envelope: {
                ...(from === false || from.address === '' ? {} : { from: from.address }),
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
              client: {
                ip: session.remoteAddress,
                ...(session.hostNameAppearsAs ? { helo: session.hostNameAppearsAs } : {}),
              },
              receivedAt: clock(),
            });
          } catch (error) {
            logger.error({ err: error }, 'recording a message failed');
            return callback(refuse('NOT_RECORDED', session, { size: raw.length }));
          }
          report(
            {
              kind: 'recorded',
              ...recorded,
              mailbox,
              size: raw.length,
              recipients: session.envelope.rcptTo.length,
            },
            session,
          );
          callback(null, `2.0.0 recorded as ${printable(recorded.key)}`);
          if (!recorded.duplicate && options.onRecorded) {
            Promise.resolve()
              .then(() => options.onRecorded?.(recorded.key, raw))
              .catch((error: unknown) => logger.error({ err: error, key: recorded.key }, 'onRecorded failed'));
          }
        },
        (error: Error) => {
          logger.warn({ err: error, client: session.remoteAddress }, 'reading a message failed');
          callback(error);
        },
      );
    },
  });
  // A client dropping its connection (or speaking nonsense) is its own business: logged, never a crash.
  server.on('error', (error) => logger.debug({ err: error }, 'smtp connection error'));

  return {
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.server.off('error', reject);
          resolve((server.server.address() as AddressInfo).port);
        });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The key as the reply may show it: the sender wrote the Message-ID in it, so anything but visible
 * ASCII is masked (no control character reaches the reply line) and a long one is cut.
 */
function printable(key: string): string {
  const visible = key.replace(/[^\x21-\x7e]/g, '?');
  return visible.length > 200 ? `${visible.slice(0, 200)}...` : visible;
}

/**
 * The message's bytes, or null when it went past `limit` (what follows the limit is read and
 * dropped, never held, so an oversized message costs no memory).
 */
function readMessage(stream: SMTPServerDataStream, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded || size > limit ? null : Buffer.concat(chunks)));
  });
}
