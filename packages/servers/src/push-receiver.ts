import { createECDH, type ECDH, randomBytes } from 'node:crypto';
import ece from 'http_ece';
import { BodyTooLargeError, header, listenHttp, readBody, sendText } from './http-service.js';
import { PUSH_RECEIVER_CERTIFICATE, PUSH_RECEIVER_KEY } from './push-receiver-tls.js';
import { VapidError, verifyVapid } from './vapid.js';
import { Waiter } from './waiter.js';

/** A browser's push subscription, as `PushSubscription.toJSON()` gives it. */
export interface PushSubscriptionJson {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

/** One push message the receiver holds. */
export interface ReceivedPush {
  /** The id the subscription was made with. */
  readonly subscriptionId: string;
  readonly ttl: number;
  readonly topic: string | null;
  readonly urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** The encrypted body, base64url. */
  readonly body: string;
  /** The decrypted body (UTF-8), or `null` when it could not be decrypted (see `error`). */
  readonly payload: string | null;
  readonly error: string | null;
  /** The application server's VAPID public key and contact. */
  readonly vapid: { readonly publicKey: string; readonly subject: string | null };
  readonly receivedAt: string;
}

/** Options of {@link startPushReceiver}. */
export interface PushReceiverOptions {
  /** 0 (the default) for an ephemeral port. */
  readonly port?: number;
  readonly host?: string;
}

/** A running push receiver. */
export interface RunningPushReceiver {
  /** Its HTTPS origin; clients must trust {@link certificate}. */
  readonly url: string;
  /** The receiver's self-signed certificate (PEM), to pass as a client's CA. */
  readonly certificate: string;
  /**
   * A fresh subscription under `id` (new keys each call), as a browser would hand to the
   * application. With `applicationServerKey`, only pushes authorized by that VAPID key are taken.
   */
  subscription(id: string, options?: { applicationServerKey?: string }): PushSubscriptionJson;
  /** Ends the subscription: later pushes to it are answered 410 Gone. */
  unsubscribe(id: string): void;
  /** The messages held, in arrival order; one per subscription and topic. */
  received(): readonly ReceivedPush[];
  /** How many held messages a later one with the same topic replaced. */
  replaced(): number;
  /** Resolves with the messages once `predicate` holds for them. */
  waitFor(
    predicate: (received: readonly ReceivedPush[]) => boolean,
    timeoutMs?: number,
  ): Promise<readonly ReceivedPush[]>;
  stop(): Promise<void>;
}

interface Subscriber {
  readonly keys: ECDH;
  readonly auth: Buffer;
  readonly applicationServerKey: string | undefined;
  active: boolean;
}

/** RFC 8030 lets a push service refuse more; 4096 bytes is what browsers' services accept. */
const MAX_BODY_BYTES = 4096;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);
const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Starts a stand-in for a browser's push service (RFC 8030), for tests and the demo: it takes Web
 * Push requests at `POST /push/<id>` over HTTPS, checks their VAPID authorization (RFC 8292),
 * and, holding each subscription's private key, decrypts the `aes128gcm` body (RFC 8291) so
 * tests can read what a browser would show. A message with the `Topic` of one it still holds for
 * the same subscription replaces it, as push services do. Accepted messages are answered 201.
 */
export async function startPushReceiver(options: PushReceiverOptions = {}): Promise<RunningPushReceiver> {
  const subscribers = new Map<string, Subscriber>();
  let received: ReceivedPush[] = [];
  let replaced = 0;
  let sequence = 0;
  const waiter = new Waiter(() => received);

  const http = await listenHttp(
    options.port ?? 0,
    options.host ?? '127.0.0.1',
    async (request, response) => {
      const match = /^\/push\/([^/]+)$/.exec(new URL(request.url ?? '/', 'https://push').pathname);
      if (!match) return sendText(response, 404, 'not found');
      if (request.method !== 'POST') return sendText(response, 405, 'push messages are POSTed');
      const id = decodeURIComponent(match[1]!);
      const subscriber = subscribers.get(id);
      if (!subscriber) return sendText(response, 404, 'no such subscription');
      if (!subscriber.active) return sendText(response, 410, 'the subscription has ended');

      let vapid: ReturnType<typeof verifyVapid>;
      try {
        vapid = verifyVapid(header(request, 'authorization'), http.url, Math.floor(Date.now() / 1000));
      } catch (error) {
        if (error instanceof VapidError) return sendText(response, error.status, error.message);
        throw error;
      }
      if (subscriber.applicationServerKey !== undefined && vapid.publicKey !== subscriber.applicationServerKey)
        return sendText(response, 403, 'the VAPID key is not the one this subscription was made for');

      const ttl = Number(header(request, 'ttl'));
      if (!Number.isInteger(ttl) || ttl < 0) return sendText(response, 400, 'a TTL header (seconds) is required');
      const urgency = header(request, 'urgency') ?? 'normal';
      if (!URGENCIES.has(urgency)) return sendText(response, 400, 'Urgency must be very-low, low, normal or high');
      const topic = header(request, 'topic') ?? null;
      if (topic !== null && !TOPIC.test(topic))
        return sendText(response, 400, 'Topic must be 1-32 base64url characters');
      const body = await readBody(request, MAX_BODY_BYTES).catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) return null;
        throw error;
      });
      if (body === null) return sendText(response, 413, `at most ${MAX_BODY_BYTES} bytes`);
      if (body.length > 0 && header(request, 'content-encoding') !== 'aes128gcm')
        return sendText(response, 415, 'Content-Encoding must be aes128gcm');

      const message: ReceivedPush = {
        subscriptionId: id,
        ttl,
        topic,
        urgency: urgency as ReceivedPush['urgency'],
        body: body.toString('base64url'),
        ...decrypt(subscriber, body),
        vapid: { publicKey: vapid.publicKey, subject: vapid.subject },
        receivedAt: new Date().toISOString(),
      };
      const kept = received.filter((held) => topic === null || held.subscriptionId !== id || held.topic !== topic);
      replaced += received.length - kept.length;
      received = [...kept, message];
      waiter.changed();
      response.writeHead(201, { location: `${http.url}/message/${++sequence}`, ttl: String(ttl) }).end();
    },
    { cert: PUSH_RECEIVER_CERTIFICATE, key: PUSH_RECEIVER_KEY },
  );

  return {
    url: http.url,
    certificate: PUSH_RECEIVER_CERTIFICATE,
    subscription(id, subscriptionOptions = {}) {
      const keys = createECDH('prime256v1');
      keys.generateKeys();
      const auth = randomBytes(16);
      const { applicationServerKey } = subscriptionOptions;
      subscribers.set(id, { keys, auth, applicationServerKey, active: true });
      return {
        endpoint: `${http.url}/push/${encodeURIComponent(id)}`,
        keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      };
    },
    unsubscribe(id) {
      const subscriber = subscribers.get(id);
      if (subscriber) subscriber.active = false;
    },
    received: () => received,
    replaced: () => replaced,
    waitFor: (predicate, timeoutMs = 10_000) => waiter.waitFor(predicate, timeoutMs, 'push messages'),
    stop: () => http.stop(),
  };
}

function decrypt(subscriber: Subscriber, body: Buffer): { payload: string | null; error: string | null } {
  if (body.length === 0) return { payload: '', error: null };
  try {
    const clear = ece.decrypt(body, { version: 'aes128gcm', privateKey: subscriber.keys, authSecret: subscriber.auth });
    return { payload: clear.toString('utf8'), error: null };
  } catch (error) {
    return { payload: null, error: `could not decrypt: ${error instanceof Error ? error.message : String(error)}` };
  }
}
