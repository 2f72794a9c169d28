import { z } from 'zod';
import { WebhookRefusal } from './refusal.js';

/** What a provider's post carries: the raw message, and the envelope when the provider gives it. */
export interface WebhookPayload {
  readonly raw: Buffer;
  readonly envelope?: { readonly from?: string; readonly to: readonly string[] };
}

/** The form fields providers put the raw message in: SendGrid's raw mode, Mailgun's MIME route, others. */
export const RAW_MESSAGE_FIELDS = ['email', 'body-mime', 'raw', 'message'] as const;

/** Most recipients an envelope may name (RFC 5321's least a server must take, and what they commonly take). */
const MAX_ENVELOPE_RECIPIENTS = 100;

const Address = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^\s@<>,\p{Cc}]+@[^\s@<>,\p{Cc}]+$/u, 'expected an address (local@domain)');
const Recipients = z
  .union([Address.transform((address) => [address]), z.array(Address)])
  .pipe(z.array(z.string()).min(1).max(MAX_ENVELOPE_RECIPIENTS));
/** The sender may be empty: the null sender (`MAIL FROM:<>`) of bounces, which must come in too. */
const Envelope = z.object({ from: z.union([z.literal(''), Address]).optional(), to: Recipients });

const Base64 = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.base64('expected the raw message, base64'));

/** A JSON post: the raw message base64 in `raw`, the envelope beside it when known. */
const JsonPost = z.object({ raw: Base64, envelope: Envelope.optional() });

/** SendGrid's `envelope` field: JSON of `{ to: [...], from }`. */
const SendGridEnvelope = z
  .string()
  .transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'expected JSON' });
      return z.NEVER;
    }
  })
  .pipe(Envelope);

/** Media types whose body is the raw message itself. */
const RAW_TYPES = new Set(['', 'message/rfc822', 'text/plain', 'application/octet-stream']);
const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);

/**
 * Reads the raw message and its envelope out of a provider's post, by its content type: the body
 * itself (`message/rfc822`, `text/plain`, `application/octet-stream`), a form (multipart or
 * URL-encoded) with the message in one of {@link RAW_MESSAGE_FIELDS} as a field or a file and
 * the envelope as SendGrid (`envelope`, JSON) or Mailgun (`recipient`, comma-separated, and
 * `sender`) send it, or JSON `{ raw: <base64>, envelope?: { from?, to } }`. Refuses what holds
 * no message (`NOT_A_MESSAGE`) or does not parse (`BAD_USER_INPUT`). A form's text field is
 * kept as its UTF-8 bytes; a message in a file part, or base64 in JSON, is kept byte for byte.
 */
export async function readWebhookPayload(contentType: string | undefined, body: Buffer): Promise<WebhookPayload> {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (RAW_TYPES.has(media)) return { raw: body };
  if (FORM_TYPES.has(media)) return readForm(contentType ?? '', body);
  if (media === 'application/json') return readJson(body);
  throw new WebhookRefusal(
    'NOT_A_MESSAGE',
    `A ${media} body holds no message: post it raw (message/rfc822), as a form, or as JSON`,
  );
}

async function readForm(contentType: string, body: Buffer): Promise<WebhookPayload> {
  let form: FormData;
  try {
    // The platform's own form reader (undici's), for both encodings; the body is already bounded.
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new WebhookRefusal('BAD_USER_INPUT', 'The form does not parse');
  }
  const field = RAW_MESSAGE_FIELDS.map((name) => form.get(name)).find((value) => value !== null);
  if (field === undefined || field === null)
    throw new WebhookRefusal('NOT_A_MESSAGE', `The form has no message field (${RAW_MESSAGE_FIELDS.join(', ')})`);
  const raw = typeof field === 'string' ? Buffer.from(field, 'utf8') : Buffer.from(await field.arrayBuffer());
  return { raw, ...formEnvelope(form) };
}

function formEnvelope(form: FormData): Pick<WebhookPayload, 'envelope'> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const sendGrid = text('envelope');
  if (sendGrid !== undefined) return { envelope: parsed(SendGridEnvelope, sendGrid) };
  const recipient = text('recipient');
  if (recipient === undefined) return {};
  const sender = text('sender');
  return {
    envelope: parsed(Envelope, {
      to: recipient.split(',').map((address) => address.trim()),
      ...(sender === undefined || sender === '' ? {} : { from: sender }),
    }),
  };
}

function readJson(body: Buffer): WebhookPayload {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new WebhookRefusal('BAD_USER_INPUT', 'The JSON body does not parse');
  }
  const post = JsonPost.safeParse(value);
  if (!post.success && post.error.issues.some((issue) => issue.path[0] === 'raw'))
    throw new WebhookRefusal('NOT_A_MESSAGE', 'The JSON body has no message: expected the raw message base64 in "raw"');
  const { raw, envelope } = parsed(JsonPost, value);
  return { raw: Buffer.from(raw, 'base64'), ...(envelope === undefined ? {} : { envelope }) };
}

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new WebhookRefusal('BAD_USER_INPUT', `The envelope is malformed: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Bytes of a message's start searched for a header field. */
const HEAD_PROBE = 64 * 1024;

/**
 * Whether `raw` reads as a mail message at all: a header field (`Name: value`) before its first
 * empty line. Malformed messages pass (they are recorded, and processing decides); a page of
 * HTML, a JSON document or nothing are not messages.
 */
export function looksLikeMessage(raw: Buffer): boolean {
  const head = raw.subarray(0, HEAD_PROBE).toString('latin1');
  const end = head.search(/\r?\n\r?\n|\r\r/);
  const block = end < 0 ? head : head.slice(0, end);
  // Field names as mail software writes them (RFC 5322 allows more; no real header uses it).
  return block.split(/\r\n|\r|\n/).some((line) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,75}[ \t]*:/.test(line));
}
