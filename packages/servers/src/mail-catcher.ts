import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml, fields, htmlPage } from './html.js';
import {
  BodyTooLargeError,
  header,
  listen,
  listenHttp,
  readBody,
  sendHtml,
  sendJson,
  sendText,
} from './http-service.js';
import { type ReplyRelay, type SentReply, sendCatcherReply } from './mail-catcher-reply.js';
import { Waiter } from './waiter.js';

/** One mail the catcher received, as its JSON API shows it. */
export interface CaughtMail {
  /** Arrival number, from 1. */
  readonly id: number;
  /** The `Message-ID` header with its angle brackets, or `null` when the mail has none. */
  readonly messageId: string | null;
  /** The `From:` header as text. */
  readonly from: string;
  /** The `To:` header's addresses. */
  readonly to: readonly string[];
  /** Who the SMTP session named (`MAIL FROM`, `RCPT TO`), which `Bcc` recipients only appear in. */
  readonly envelope: { readonly from: string | null; readonly to: readonly string[] };
  readonly subject: string;
  readonly text: string;
  /** The HTML part, or `null` for a text-only mail. */
  readonly html: string | null;
  /** The files it carries: name, media type, size in bytes and SHA-256 (hex) of the content. */
  readonly attachments: readonly CaughtAttachment[];
  /** Header name (lower case) → value, the first occurrence of each. */
  readonly headers: Readonly<Record<string, string>>;
  /** When the catcher received it (ISO 8601). */
  readonly receivedAt: string;
}

/** A file a caught mail carries, as its MIME part names it. */
export interface CaughtAttachment {
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

/** Options of {@link startMailCatcher}. */
export interface MailCatcherOptions {
  /** SMTP port; 0 (the default) for an ephemeral one. */
  readonly smtpPort?: number;
  /** Port of the web page and JSON API; 0 (the default) for an ephemeral one. */
  readonly httpPort?: number;
  readonly host?: string;
  /** How many mails are kept; the oldest go first. */
  readonly maxMessages?: number;
  /** Waits this long before answering each mail (it is kept at once), to play a slow mail server. */
  readonly delayMs?: number;
  /**
   * Answers `550` to `RCPT TO` for each recipient address it holds true for (asked at every
   * mail), to play a mailbox that is gone or full: the sender's mail is refused, nothing is kept.
   */
  readonly refuse?: (address: string) => boolean;
  /**
   * Where replies written on the page go (the engine's SMTP ingress): each mail gets a Reply form,
   * and `POST /api/messages/<id>/reply` answers it. Unset: no replies.
   */
  readonly replyVia?: ReplyRelay;
}

/** A running mail catcher. */
export interface RunningMailCatcher {
  readonly smtpPort: number;
  readonly httpPort: number;
  /** The web page; the JSON API is under `/api/messages`. */
  readonly url: string;
  /** The kept mails, newest first. */
  messages(): readonly CaughtMail[];
  /** How many mails repeated the `Message-ID` of a kept one and were not stored again. */
  duplicates(): number;
  /** Resolves with the mails (newest first) once `predicate` holds for them. */
  waitFor(predicate: (messages: readonly CaughtMail[]) => boolean, timeoutMs?: number): Promise<readonly CaughtMail[]>;
  stop(): Promise<void>;
}

const MAX_MAIL_BYTES = 25 * 1024 * 1024;
const MAX_REPLY_BYTES = 100_000;
const REPLY_PATH = /^\/api\/messages\/(\d+)\/reply$/;

/**
 * Starts a development mail server: SMTP without authentication or TLS that accepts any sender
 * and recipient and keeps each parsed mail in memory, with a web page listing them and a JSON API.
 * A mail whose `Message-ID` is already kept is counted as a duplicate and not stored again, the
 * way mail stores treat a resent message, so a sender's retries can be told from real repeats.
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<RunningMailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 1000;
  let messages: CaughtMail[] = [];
  let duplicates = 0;
  let sequence = 0;
  const waiter = new Waiter(() => messages);

  const keep = (parsed: ParsedMail, envelope: CaughtMail['envelope']) => {
    const messageId = parsed.messageId ?? null;
    if (messageId !== null && messages.some((mail) => mail.messageId === messageId)) duplicates += 1;
    else messages = [toCaught(++sequence, parsed, envelope), ...messages].slice(0, maxMessages);
    waiter.changed();
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: MAX_MAIL_BYTES,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (stream.sizeExceeded)
            return callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
          const from = session.envelope.mailFrom;
          keep(parsed, {
            from: from === false ? null : from.address,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          });
          if (options.delayMs) setTimeout(callback, options.delayMs);
          else callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client dropping its connection is the client's business; without a listener it would crash the process.
  smtp.on('error', () => {});
  const smtpPort = await listen(smtp.server, options.smtpPort ?? 0, host);

  const http = await listenHttp(options.httpPort ?? 0, host, (request, response) => {
    const path = new URL(request.url ?? '/', 'http://catcher').pathname;
    if (path === '/' && request.method === 'GET')
      return sendHtml(response, mailPage(messages, duplicates, options.replyVia !== undefined));
    const replying = REPLY_PATH.exec(path);
    if (replying && request.method === 'POST' && options.replyVia) {
      const mail = messages.find((caught) => caught.id === Number(replying[1]));
      if (!mail) return sendText(response, 404, 'no such mail');
      return reply(request, response, mail, options.replyVia);
    }
    if (path !== '/api/messages') return sendText(response, 404, 'not found');
    if (request.method === 'GET') return sendJson(response, 200, { messages, duplicates });
    if (request.method === 'DELETE') {
      messages = [];
      duplicates = 0;
      waiter.changed();
      response.writeHead(204).end();
      return;
    }
    sendText(response, 405, 'GET or DELETE');
  }).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  });

  return {
    smtpPort,
    httpPort: http.port,
    url: http.url,
    messages: () => messages,
    duplicates: () => duplicates,
    waitFor: (predicate, timeoutMs = 10_000) => waiter.waitFor(predicate, timeoutMs, 'mails'),
    async stop() {
      await Promise.all([http.stop(), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}

/**
 * Sends the reply a form (`text`, optional `from`) or a JSON body describes and says how it went:
 * the sent reply as JSON, or a page for the form. Only the catcher's own page may post the form
 * (another site's page could otherwise send mail through it).
 */
async function reply(request: IncomingMessage, response: ServerResponse, mail: CaughtMail, relay: ReplyRelay) {
  const json = (header(request, 'content-type') ?? '').startsWith('application/json');
  const origin = header(request, 'origin');
  if (origin !== undefined && origin !== `http://${header(request, 'host')}`)
    return sendText(response, 403, 'replies are sent from the catcher’s own page');
  let body: Buffer;
  try {
    body = await readBody(request, MAX_REPLY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(response, 413, error.message);
    throw error;
  }
  const given = json ? parseJson(body) : Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (given === null) return sendText(response, 400, 'expected a JSON object: { "text": "...", "from"?: "..." }');
  const { text, from } = given;
  if (typeof text !== 'string' || text.trim() === '') return sendText(response, 400, 'the reply needs a text');
  if (from !== undefined && typeof from !== 'string') return sendText(response, 400, 'from must be an address');
  let sent: SentReply;
  try {
    sent = await sendCatcherReply(mail, { text, ...(from ? { from } : {}) }, relay);
  } catch (error) {
    return sendText(response, 502, `the reply was not taken: ${(error as Error).message}`);
  }
  if (json) return sendJson(response, 200, sent);
  sendHtml(
    response,
    htmlPage(
      'Reply sent',
      `${fields([
        ['To', sent.to],
        ['Message-ID', sent.messageId],
        ['Answer', sent.response],
      ])}<p><a href="/">Back to the caught mail</a></p>`,
    ),
  );
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function toCaught(id: number, parsed: ParsedMail, envelope: CaughtMail['envelope']): CaughtMail {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    headers[key] ??= line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return {
    id,
    messageId: parsed.messageId ?? null,
    from: parsed.from?.text ?? '',
    to: addresses(parsed.to),
    envelope,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((file) => ({
      filename: file.filename ?? null,
      contentType: file.contentType,
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
    })),
    headers,
    receivedAt: new Date().toISOString(),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value.flatMap((address) => (address.address ? [address.address] : [])));
}

/**
 * The page: every mail newest first, its HTML in a sandboxed frame (no scripts, no same origin),
 * with a Reply form when replies have somewhere to go.
 */
function mailPage(messages: readonly CaughtMail[], duplicates: number, replies: boolean): string {
  const items = messages.map(
    (mail) => `<article>
${fields([
  ['From', mail.from],
  ['To', mail.to.join(', ')],
  ['Subject', mail.subject],
  ['Received', mail.receivedAt],
  ['Message-ID', mail.messageId ?? '(none)'],
  ...(mail.attachments.length === 0
    ? []
    : ([
        ['Files', mail.attachments.map((file) => `${file.filename ?? '(unnamed)'} (${file.size} bytes)`).join(', ')],
      ] as const)),
])}
<pre>${escapeHtml(mail.text)}</pre>
${mail.html === null ? '' : `<iframe sandbox="" title="HTML part" srcdoc="${escapeHtml(mail.html)}"></iframe>`}
${replies ? replyForm(mail) : ''}
</article>`,
  );
  const summary = `<p>${messages.length} mail(s), ${duplicates} duplicate(s) not stored again. JSON: <a href="/api/messages">/api/messages</a></p>`;
  return htmlPage('Mail catcher', `${summary}\n${items.join('\n') || '<p>No mail yet.</p>'}`);
}

/** A small form answering `mail` as the person it was sent to. */
function replyForm(mail: CaughtMail): string {
  const to = mail.headers['reply-to'] || mail.from;
  return `<details><summary>Reply</summary>
<form method="post" action="/api/messages/${mail.id}/reply">
<p>To ${escapeHtml(to)}, from <input name="from" value="${escapeHtml(mail.to[0] ?? '')}" aria-label="From" size="30"></p>
<p><textarea name="text" rows="5" cols="72" required aria-label="Reply text"></textarea></p>
<p><button type="submit">Send reply</button></p>
</form></details>`;
}
