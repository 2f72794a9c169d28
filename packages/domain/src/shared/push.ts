import { z } from 'zod';
import { DomainError } from './errors.js';
import { HttpUrl } from './url.js';

/** The most push subscriptions (browsers, devices) one customer or staff member may hold. */
export const PUSH_SUBSCRIPTION_LIMIT = 10;

/** Base64url without padding decoding to `bytes` bytes: the form browsers give push keys in. */
function base64urlKey(bytes: number) {
  const length = Math.ceil((bytes * 4) / 3);
  return z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_-]{${length}}$`),
      `expected ${bytes} bytes in base64url without padding (${length} characters)`,
    );
}

/**
 * A browser's Web Push subscription: where the push service accepts messages for it, and the
 * keys its messages are encrypted for (RFC 8291: a P-256 public key of 65 bytes and a 16-byte
 * authentication secret).
 */
export const PushSubscription = z
  .object({
    endpoint: HttpUrl,
    keys: z.object({ p256dh: base64urlKey(65), auth: base64urlKey(16) }).strict(),
  })
  .strict();
export type PushSubscription = z.infer<typeof PushSubscription>;

/**
 * Whether registering `subscription` adds it: false when its endpoint is already held (a
 * browser registers again on every visit), and refused with `PUSH_SUBSCRIPTION_LIMIT_REACHED`
 * past {@link PUSH_SUBSCRIPTION_LIMIT}.
 */
export function addsPushSubscription(held: readonly PushSubscription[], subscription: PushSubscription): boolean {
  if (held.some((s) => s.endpoint === subscription.endpoint)) return false;
  if (held.length >= PUSH_SUBSCRIPTION_LIMIT) {
    throw new DomainError(
      'PUSH_SUBSCRIPTION_LIMIT_REACHED',
      `At most ${PUSH_SUBSCRIPTION_LIMIT} push subscriptions may be held; remove one first`,
      { limit: PUSH_SUBSCRIPTION_LIMIT },
    );
  }
  return true;
}

/** Whether removing `endpoint` changes anything: removing one not held is a no-op. */
export function removesPushSubscription(held: readonly PushSubscription[], endpoint: string): boolean {
  return held.some((s) => s.endpoint === endpoint);
}

/** The subscriptions held after one was added. */
export function withPushSubscription(
  held: readonly PushSubscription[],
  subscription: PushSubscription,
): readonly PushSubscription[] {
  return [...held.filter((s) => s.endpoint !== subscription.endpoint), subscription];
}

/** The subscriptions held after the one at `endpoint` was removed. */
export function withoutPushSubscription(
  held: readonly PushSubscription[],
  endpoint: string,
): readonly PushSubscription[] {
  return held.filter((s) => s.endpoint !== endpoint);
}

/**
 * A push endpoint as a reader of the log sees it: the push service's origin only. The rest of
 * the URL is a capability (with the keys, whoever holds it can message that browser).
 */
export function maskedPushEndpoint(endpoint: string): string {
  // Scheme and host; any user information before the host is part of the secret.
  const url = /^(https?):\/\/(?:[^/?#]*@)?([^/?#@]+)/i.exec(endpoint);
  return url === null ? '…' : `${url[1]}://${url[2]}/…`.toLowerCase();
}

/** The events recording a push subscription (its endpoint and keys) or its removal (its endpoint). */
const PUSH_EVENT_TYPES: ReadonlySet<string> = new Set([
  'CustomerPushSubscribed',
  'CustomerPushUnsubscribed',
  'StaffPushSubscribed',
  'StaffPushUnsubscribed',
]);

/**
 * An event's data as a reader of the log (an auditor, an admin) may see it: a push
 * subscription's endpoint masked and its keys left out, which the event keeps for delivery; any
 * other event's data as it is.
 */
export function pushSecretsMasked(
  type: string,
  data: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  if (!PUSH_EVENT_TYPES.has(type)) return data;
  const { subscription, endpoint } = data as { subscription?: { endpoint?: unknown }; endpoint?: unknown };
  return {
    ...data,
    ...(typeof subscription?.endpoint === 'string'
      ? { subscription: { endpoint: maskedPushEndpoint(subscription.endpoint) } }
      : {}),
    ...(typeof endpoint === 'string' ? { endpoint: maskedPushEndpoint(endpoint) } : {}),
  };
}
