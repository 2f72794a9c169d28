import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { escapeHtml, fields, htmlPage } from './html.js';
import { BodyTooLargeError, listenHttp, readBody, sendHtml, sendJson, sendText } from './http-service.js';
import { Waiter } from './waiter.js';

/** One POST the receiver got, verified or not. */
export interface ReceivedWebhookRequest {
  readonly path: string;
  /** The `webhook-id` header, or `null` without one. */
  readonly webhookId: string | null;
  /** The how-manieth request with this `webhook-id` at this path it is, from 1 (1 without an id). */
  readonly attempt: number;
  /** Header name (lower case) → value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Whether the Standard Webhooks signature checked out with the path's secret. */
  readonly verified: boolean;
  /** Why it is not verified, or `null`. */
  readonly error: string | null;
  /** The status the receiver answered (or, while it waits `delayMs`, will answer). */
  readonly status: number;
  readonly receivedAt: string;
}

/** A webhook accepted once: verified and answered with a 2xx, first time its `webhook-id` was at its path. */
export interface ReceivedWebhookEvent {
  readonly webhookId: string;
  readonly path: string;
  /** The body parsed as JSON. */
  readonly payload: unknown;
  readonly receivedAt: string;
}

/** What the receiver answers a request with. */
export interface WebhookResponse {
  readonly status: number;
  /** Waits this long before answering, to play a slow receiver. */
  readonly delayMs?: number;
}

/** The request as {@link WebhookReceiverOptions.respond} sees it. */
export type WebhookRequestInfo = Omit<ReceivedWebhookRequest, 'status' | 'receivedAt'>;

/** Options of {@link startWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** 0 (the default) for an ephemeral port. */
  readonly port?: number;
  readonly host?: string;
  /** The signing secret (`whsec_…` or base64) of the endpoint at `path`; `undefined`: none, unverified. */
  readonly secrets: (path: string) => WebhookSecrets | Promise<WebhookSecrets>;
  /** Chooses the answer; by default 204 when verified, else 401. */
  readonly respond?: (request: WebhookRequestInfo) => WebhookResponse;
}

/** What {@link RunningWebhookReceiver.waitFor} predicates see. */
export interface WebhookReceiverState {
  readonly events: readonly ReceivedWebhookEvent[];
  readonly requests: readonly ReceivedWebhookRequest[];
}

/** A running webhook receiver. */
export interface RunningWebhookReceiver {
  /** Its origin; an endpoint is any path under it, e.g. `${url}/hooks/crm`. */
  readonly url: string;
  /** Every request, in arrival order. */
  requests(): readonly ReceivedWebhookRequest[];
  /** The unique accepted events, in the order they were first accepted. */
  events(): readonly ReceivedWebhookEvent[];
  /** Resolves once `predicate` holds for what the receiver has recorded. */
  waitFor(predicate: (state: WebhookReceiverState) => boolean, timeoutMs?: number): Promise<WebhookReceiverState>;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Starts a webhook consumer for development and tests: it takes POSTs on any path, verifies the
 * Standard Webhooks signature with that path's secret, records every request and counts an event
 * once per `webhook-id` and path (each path is an endpoint of its own) however often it is
 * redelivered, as a receiver following the spec does.
 * `GET /` shows the requests; `GET /api/events` gives `{ events, requests }` as JSON, `DELETE` clears.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<RunningWebhookReceiver> {
  const respond: (request: WebhookRequestInfo) => WebhookResponse =
    options.respond ?? ((request) => ({ status: request.verified ? 204 : 401 }));
  let requests: ReceivedWebhookRequest[] = [];
  let events: ReceivedWebhookEvent[] = [];
  const state = (): WebhookReceiverState => ({ events, requests });
  const waiter = new Waiter(state);

  const http = await listenHttp(options.port ?? 0, options.host ?? '127.0.0.1', async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    if (path === '/' && request.method === 'GET') return sendHtml(response, receiverPage(requests, events));
    if (path === '/api/events') {
      if (request.method === 'GET') return sendJson(response, 200, state());
      if (request.method !== 'DELETE') return sendText(response, 405, 'GET or DELETE');
      requests = [];
      events = [];
      waiter.changed();
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST') return sendText(response, 405, 'webhooks are POSTed');
    const body = await readBody(request, MAX_BODY_BYTES).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return null;
      throw error;
    });
    if (body === null) return sendText(response, 413, `at most ${MAX_BODY_BYTES} bytes`);

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const webhookId = headers['webhook-id'] ?? null;
    const text = body.toString('utf8');
    const check = verify(await options.secrets(path), text, headers);
    const info: WebhookRequestInfo = {
      path,
      webhookId,
      // Per endpoint: the engine sends each event, with the same id, to every endpoint that takes it.
      attempt:
        1 +
        (webhookId === null ? 0 : requests.filter((seen) => seen.webhookId === webhookId && seen.path === path).length),
      headers,
      body: text,
      ...check,
    };
    const answer = respond(info);
    const receivedAt = new Date().toISOString();
    requests = [...requests, { ...info, status: answer.status, receivedAt }];
    const accepted = check.verified && answer.status >= 200 && answer.status < 300 && webhookId !== null;
    if (accepted && !events.some((event) => event.webhookId === webhookId && event.path === path))
      events = [...events, { webhookId, path, payload: JSON.parse(text) as unknown, receivedAt }];
    waiter.changed();
    if (answer.delayMs) await sleep(answer.delayMs);
    response.writeHead(answer.status).end();
  });

  return {
    url: http.url,
    requests: () => requests,
    events: () => events,
    waitFor: (predicate, timeoutMs = 10_000) => waiter.waitFor(predicate, timeoutMs, 'webhooks'),
    stop: () => http.stop(),
  };
}

/** The secret, or each secret, a request to a path may be signed with (two endpoints may share a path). */
export type WebhookSecrets = string | readonly string[] | undefined;

function verify(
  secrets: WebhookSecrets,
  body: string,
  headers: Record<string, string>,
): { verified: boolean; error: string | null } {
  const candidates = secrets === undefined ? [] : typeof secrets === 'string' ? [secrets] : secrets;
  if (candidates.length === 0) return { verified: false, error: 'no secret for this path' };
  let error = '';
  for (const secret of candidates) {
    try {
      // Checks the signature, the timestamp's tolerance and that the body is JSON.
      new Webhook(secret).verify(body, headers);
      return { verified: true, error: null };
    } catch (refusal) {
      error = refusal instanceof Error ? refusal.message : String(refusal);
    }
  }
  return { verified: false, error };
}

function receiverPage(requests: readonly ReceivedWebhookRequest[], events: readonly ReceivedWebhookEvent[]): string {
  const items = [...requests].reverse().map(
    (request) => `<article>
${fields([
  ['Path', request.path],
  ['webhook-id', request.webhookId ?? '(none)'],
  ['Attempt', String(request.attempt)],
  ['Signature', request.verified ? 'verified' : `not verified: ${request.error}`],
  ['Answered', String(request.status)],
  ['Received', request.receivedAt],
])}
<pre>${escapeHtml(request.body)}</pre>
</article>`,
  );
  const summary = `<p>${requests.length} request(s), ${events.length} unique event(s) accepted. JSON: <a href="/api/events">/api/events</a></p>`;
  return htmlPage('Webhook receiver', `${summary}\n${items.join('\n') || '<p>No webhook yet.</p>'}`);
}
