import { Webhook } from 'standardwebhooks';
import type { ChannelSender, SendResult } from '../dispatcher.js';
import type { ClaimedDelivery } from '../outbox.js';
import { guardedAgents, literalAddressRefusal } from '../ssrf.js';
import { postWithDeadline, refused } from './http-post.js';

/**
 * Where an endpoint's deliveries go now, and the secrets they are signed with: the current one,
 * then the previous one while it still signs beside it (a rotation with an overlap).
 */
export interface EndpointTarget {
  readonly url: string;
  readonly secrets: readonly string[];
  readonly enabled: boolean;
}

/**
 * Finds an endpoint's current target for a delivery queued at `queuedAt` (what changed the
 * endpoint before then must hold for it); `null` when it was never registered or was deleted.
 */
export type EndpointLookup = (endpointId: string, queuedAt?: Date) => Promise<EndpointTarget | null>;

/** How webhooks are sent. */
export interface WebhookSenderOptions {
  readonly endpoints: EndpointLookup;
  /** A receiver that has not answered by then is a failed attempt (tried again later). */
  readonly timeoutMs: number;
  /** Deliver to private and loopback addresses (development, tests, private networks). */
  readonly allowPrivate: boolean;
  /** The `User-Agent` of every request. */
  readonly userAgent?: string;
  /**
   * Told of an endpoint that answered 410 Gone: it asks to be sent nothing more, and the
   * delivery is dead-lettered at once. Its failure does not change the send's result.
   */
  readonly onGone?: (delivery: ClaimedDelivery) => Promise<void>;
}

/**
 * POSTs each delivery's event to its endpoint, signed the Standard Webhooks way: `webhook-id`
 * (the event's id, the receiver's idempotency key, the same on every attempt),
 * `webhook-timestamp` and `webhook-signature` over `id.timestamp.body`. A 2xx is delivered;
 * anything else, a timeout or a refused address is a failure. Connections are kept alive.
 */
export function createWebhookSender(options: WebhookSenderOptions): ChannelSender {
  const agents = guardedAgents(options.allowPrivate);
  const userAgent = options.userAgent ?? 'support-engine-webhooks/1';

  return {
    channel: 'webhook',
    async send(delivery: ClaimedDelivery): Promise<SendResult> {
      const target = await options.endpoints(delivery.recipient, delivery.createdAt);
      if (target === null || !target.enabled) {
        return refused(target === null ? 'the endpoint is not registered' : 'the endpoint is disabled');
      }
      const url = new URL(target.url);
      const notAllowed = literalAddressRefusal(url, options.allowPrivate);
      if (notAllowed !== null) return refused(notAllowed.message);
      const body = JSON.stringify(delivery.payload);
      const timestamp = new Date();
      const webhookId = headerSafeId(delivery.messageId);
      // One signature per secret, space-separated: a receiver accepts any that verifies.
      const signature = target.secrets.map((secret) => new Webhook(secret).sign(webhookId, timestamp, body)).join(' ');
      const headers = {
        'content-type': 'application/json',
        'user-agent': userAgent,
        'webhook-id': webhookId,
        'webhook-timestamp': Math.floor(timestamp.getTime() / 1000).toString(),
        'webhook-signature': signature,
      };
      const agent = agents[url.protocol as keyof typeof agents];
      if (agent === undefined) return refused(`unsupported scheme ${url.protocol}`);
      const result = await postWithDeadline(url, body, headers, agent, options.timeoutMs, (status) => status === GONE);
      if (!result.ok && result.statusCode === GONE) await options.onGone?.(delivery).catch(() => undefined);
      return result;
    },
    async close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/**
 * A delivery's id as the `webhook-id` header carries it: printable ASCII as is, every other
 * character (an accented or emoji ticket id, a space) and `%` itself percent-encoded as UTF-8, so
 * the header is legal, reads the same to every receiver (which would otherwise decode raw bytes as
 * Latin-1 and fail the signature), and two ids never share one. Ids of visible ASCII without `%`
 * (every id the engine makes itself) are unchanged.
 */
export function headerSafeId(id: string): string {
  return id.replace(/[^\x21-\x24\x26-\x7e]/gu, (character) => encodeURIComponent(character));
}

/** What an endpoint answers to say it wants nothing more (Standard Webhooks: disable it). */
const GONE = 410;
