import { createHash } from 'node:crypto';
import webPush from 'web-push';
import { z } from 'zod';
import type { ChannelSender, SendResult } from '../dispatcher.js';
import type { ClaimedDelivery } from '../outbox.js';
import { guardedAgents, literalAddressRefusal } from '../ssrf.js';
import { postWithDeadline, refused } from './http-post.js';
import { MessagePayload, readPayload } from './message.js';

/** The VAPID identity push messages are signed with. */
export interface VapidKeys {
  readonly subject: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

/** How push messages are sent. */
export interface PushSenderOptions {
  readonly vapid: VapidKeys;
  readonly timeoutMs: number;
  /** How long the push service keeps an undelivered message, in seconds. */
  readonly ttlSeconds: number;
  /** Extra CA certificates (PEM) to trust, for a push service on a private network. */
  readonly ca?: string;
  /**
   * Deliver to private and loopback addresses (development, tests, a push service on a private
   * network). Subscriptions come from customers: without it, an endpoint that leads inside the
   * network is refused, as a webhook's is.
   */
  readonly allowPrivate: boolean;
  /**
   * Told of a subscription its push service answered 404 or 410 for: it is gone for good, and
   * whoever held it should stop being sent to it. Its failure does not change the send's result.
   */
  readonly onGone?: (delivery: ClaimedDelivery, endpoint: string) => Promise<void>;
}

/** A push delivery's payload: the message and the subscription it goes to. */
export const PushPayload = MessagePayload.extend({
  subscription: z.object({ endpoint: z.string(), keys: z.object({ p256dh: z.string(), auth: z.string() }) }),
});

/**
 * Sends Web Push messages (`web-push`: VAPID-signed, aes128gcm-encrypted). The `Topic` header
 * is derived from the delivery id, so a push service holding an undelivered copy replaces it
 * instead of queueing a second. 404 and 410 mean the subscription is gone: permanent. An
 * endpoint leading to a private or loopback address is refused (permanent) unless allowed.
 */
export function createPushSender(options: PushSenderOptions): ChannelSender {
  const vapidDetails = { ...options.vapid };
  const agents = guardedAgents(options.allowPrivate, options.ca);
  return {
    channel: 'push',
    async send(delivery: ClaimedDelivery): Promise<SendResult> {
      const read = readPayload(PushPayload, delivery.payload);
      if (!read.ok) return read.failure;
      const { subscription, ...message } = read.value;
      const endpoint = new URL(subscription.endpoint);
      const agent = agents[endpoint.protocol as keyof typeof agents];
      const notAllowed = literalAddressRefusal(endpoint, options.allowPrivate);
      if (notAllowed !== null) return refused(notAllowed.message);
      if (agent === undefined) return refused(`unsupported scheme ${endpoint.protocol}`);
      const body = JSON.stringify({ id: delivery.messageId, ...message });
      let request: ReturnType<typeof webPush.generateRequestDetails>;
      try {
        request = webPush.generateRequestDetails(subscription, body, {
          vapidDetails,
          TTL: options.ttlSeconds,
          topic: topicFor(delivery.deliveryId),
          urgency: message.kind === 'warning' ? 'high' : 'normal',
        });
      } catch (error) {
        return { ok: false, outcome: 'failed', statusCode: null, error: (error as Error).message, permanent: false };
      }
      // Sent here rather than by web-push, whose timeout only notices an idle socket.
      const result = await postWithDeadline(
        new URL(request.endpoint),
        request.body ?? '',
        request.headers as Record<string, string | number>,
        agent,
        options.timeoutMs,
        isGone,
      );
      if (!result.ok && result.statusCode !== null && isGone(result.statusCode))
        await options.onGone?.(delivery, subscription.endpoint).catch(() => undefined);
      return result;
    },
    async close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/** What a push service answers for a subscription that no longer exists. */
const isGone = (status: number) => status === 404 || status === 410;

/** A fresh VAPID key pair (base64url), for a deployment's push identity. */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webPush.generateVAPIDKeys();
}

/** A push `Topic`: at most 32 URL-safe base64 characters, stable across attempts. */
export function topicFor(deliveryId: string): string {
  return createHash('sha256').update(deliveryId).digest('base64url').slice(0, 32);
}
