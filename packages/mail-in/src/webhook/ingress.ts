import { errorBody } from '@support-engine/api';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { MailSink, ReceivedMail, Recorded } from '../ingress.js';
import { MailNotRecordable } from '../store/refusal.js';
import { chooseMailbox, headerRecipients } from './mailbox.js';
import { looksLikeMessage, readWebhookPayload } from './payload.js';
import { WebhookRefusal, type WebhookRefusalCode } from './refusal.js';
import { mailboxesByPathSecret, mailboxesBySignature, WebhookMailboxSecret } from './secrets.js';

/** Where providers post: `<path>/<secret>` with a secret path, `<path>` itself when they sign. */
export const WEBHOOK_INGRESS_PATH = '/mail/inbound';

/** The largest message taken by default: 25 MiB, what mail servers commonly carry. */
export const DEFAULT_WEBHOOK_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** The webhook ingress's settings, checked when it is created. */
export const WebhookIngressSettings = z
  .object({
    secrets: z.array(WebhookMailboxSecret).min(1),
    maxMessageBytes: z
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(DEFAULT_WEBHOOK_MAX_MESSAGE_BYTES),
  })
  .strict();
export type WebhookIngressSettings = z.input<typeof WebhookIngressSettings>;

/** What the webhook ingress needs. */
export interface WebhookIngressOptions extends WebhookIngressSettings {
  readonly sink: MailSink;
  readonly logger: Logger;
  /** Told of each message once recorded (a new one or a duplicate), e.g. to wake the processor; its failure is logged, never answered. */
  readonly onRecorded?: (recorded: Recorded, mail: ReceivedMail) => void | Promise<void>;
  /** The time a message is received at and signatures are checked against. */
  readonly clock?: () => Date;
}

/**
 * The ingress for providers' inbound webhooks, as a fastify plugin (register it on the mail-in
 * process's server, or any other): `POST /mail/inbound/<pathSecret>` (or `…/mime`, for Mailgun), or `POST /mail/inbound`
 * signed the Standard Webhooks way, with the raw message as the body, in a form field or base64
 * in JSON (see {@link readWebhookPayload}). It answers 200 `{ key, duplicate }` only once
 * {@link MailSink.record} resolved; a refusal is a 4xx with a stable code (see
 * {@link WebhookRefusal}) in the API's error shape, and a failure to record is 503, so the
 * provider posts again (a repeat is a duplicate, recorded once). A wrong path secret is refused
 * before the body is read. The plugin is encapsulated: its body parsing and error answers apply
 * to its own routes only.
 */
export function createWebhookIngress(options: WebhookIngressOptions): FastifyPluginAsync {
  const settings = WebhookIngressSettings.safeParse({
    secrets: options.secrets,
    maxMessageBytes: options.maxMessageBytes,
  });
  if (!settings.success) throw new Error(`Invalid webhook ingress settings: ${z.prettifyError(settings.error)}`);
  const { secrets, maxMessageBytes } = settings.data;
  const { sink, logger } = options;
  const clock = options.clock ?? (() => new Date());
  // Base64 in JSON is a third larger than the message; forms add their boundaries and fields.
  const bodyLimit = Math.ceil((maxMessageBytes * 4) / 3) + 64 * 1024;
  const pathMailboxes = new WeakMap<FastifyRequest, string[]>();

  async function receive(request: FastifyRequest, reply: FastifyReply, mailboxes: readonly string[]) {
    const payload = await readWebhookPayload(request.headers['content-type'], bodyOf(request));
    if (payload.raw.length > maxMessageBytes)
      throw new WebhookRefusal('PAYLOAD_TOO_LARGE', `The message is larger than ${maxMessageBytes} bytes`);
    if (!looksLikeMessage(payload.raw)) throw new WebhookRefusal('NOT_A_MESSAGE', 'The body is not a mail message');
    const mailbox = chooseMailbox(mailboxes, {
      addresses: payload.envelope?.to ?? headerRecipients(payload.raw),
      fromEnvelope: payload.envelope !== undefined,
    });
    const mail: ReceivedMail = {
      raw: payload.raw,
      source: 'webhook',
      mailbox,
      ...(payload.envelope === undefined ? {} : { envelope: payload.envelope }),
      receivedAt: clock(),
    };
    let recorded: Recorded;
    try {
      recorded = await sink.record(mail);
    } catch (error) {
      if (error instanceof MailNotRecordable) throw new WebhookRefusal('BAD_USER_INPUT', error.message);
      logger.error({ err: error, mailbox }, 'a webhook message could not be recorded');
      return refuse(
        reply,
        new WebhookRefusal('SERVICE_UNAVAILABLE', 'The message could not be recorded; post it again'),
      );
    }
    try {
      await options.onRecorded?.(recorded, mail);
    } catch (error) {
      logger.error({ err: error, key: recorded.key }, 'onRecorded failed after a webhook message was recorded');
    }
    return reply.status(200).send({ key: recorded.key, duplicate: recorded.duplicate });
  }

  return async (app) => {
    // Every body, whatever its type, arrives as bytes: the message is kept as it came.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof WebhookRefusal) {
        // Refusals are the provider's or an attacker's doing: worth seeing, not an error here.
        logger.info({ code: error.code, ip: request.ip }, 'webhook post refused');
        return refuse(reply, error);
      }
      const status = error.statusCode ?? 500;
      if (status === 413) return refuse(reply, new WebhookRefusal('PAYLOAD_TOO_LARGE', error.message));
      if (status >= 400 && status < 500) return refuse(reply, new WebhookRefusal('BAD_USER_INPUT', error.message));
      logger.error({ err: error }, 'unexpected webhook ingress error');
      return refuse(reply, new WebhookRefusal('SERVICE_UNAVAILABLE', 'The message could not be taken; post it again'));
    });

    const bySecretPath = {
      onRequest: async (request: FastifyRequest<{ Params: { secret: string } }>, reply: FastifyReply) => {
        const mailboxes = mailboxesByPathSecret(secrets, request.params.secret);
        if (mailboxes.length === 0) {
          logger.info({ code: 'UNAUTHENTICATED', ip: request.ip }, 'webhook post refused');
          return refuse(reply, new WebhookRefusal('UNAUTHENTICATED', 'No mailbox has this secret path'));
        }
        pathMailboxes.set(request, mailboxes);
      },
    };
    const receiveBySecretPath = (request: FastifyRequest, reply: FastifyReply) =>
      receive(request, reply, pathMailboxes.get(request) ?? []);
    app.post(`${WEBHOOK_INGRESS_PATH}/:secret`, bySecretPath, receiveBySecretPath);
    // Mailgun posts the raw MIME (`body-mime`) only to a URL ending in `mime`.
    app.post(`${WEBHOOK_INGRESS_PATH}/:secret/mime`, bySecretPath, receiveBySecretPath);
    app.post(WEBHOOK_INGRESS_PATH, (request, reply) =>
      receive(request, reply, mailboxesBySignature(secrets, request.headers, bodyOf(request), clock())),
    );
  };
}

/** The bytes posted (none when the request had no body). */
const bodyOf = (request: FastifyRequest): Buffer => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));

function refuse(reply: FastifyReply, refusal: WebhookRefusal) {
  const code: WebhookRefusalCode = refusal.code;
  if (code === 'SERVICE_UNAVAILABLE') void reply.header('retry-after', '60');
  return reply.status(refusal.status).send(errorBody(code, refusal.message));
}
