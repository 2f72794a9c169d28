import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush, { type WebPushError } from 'web-push';
import { type RunningPushReceiver, startPushReceiver } from './push-receiver.js';

let push: RunningPushReceiver;
let agent: Agent;
const vapid = webpush.generateVAPIDKeys();
const other = webpush.generateVAPIDKeys();

beforeAll(async () => {
  push = await startPushReceiver();
  agent = new Agent({ ca: push.certificate });
});
afterAll(async () => {
  agent.destroy();
  await push.stop();
});

function send(
  subscription: webpush.PushSubscription,
  payload: string,
  options: Partial<webpush.RequestOptions> = {},
  keys = vapid,
) {
  return webpush.sendNotification(subscription, payload, {
    vapidDetails: { subject: 'mailto:support@example.test', publicKey: keys.publicKey, privateKey: keys.privateKey },
    agent,
    TTL: 60,
    ...options,
  });
}

async function refusal(sent: Promise<unknown>): Promise<number> {
  const error = (await sent.then(
    () => null,
    (caught: unknown) => caught,
  )) as WebPushError | null;
  return error?.statusCode ?? 0;
}

describe('push receiver', () => {
  it('takes a Web Push message with a valid VAPID authorization and decrypts what was sent', async () => {
    const subscription = push.subscription('browser-1', { applicationServerKey: vapid.publicKey });
    expect(subscription.endpoint).toBe(`${push.url}/push/browser-1`);
    const payload = JSON.stringify({ title: 'Ticket resolved', body: "Your ticket 'Login' is resolved. ✓" });
    const result = await send(subscription, payload, { topic: 'ticket-t-1', urgency: 'high' });
    expect(result.statusCode).toBe(201);

    const [message] = await push.waitFor((held) => held.length === 1);
    expect(message).toMatchObject({
      subscriptionId: 'browser-1',
      ttl: 60,
      topic: 'ticket-t-1',
      urgency: 'high',
      payload,
      error: null,
      vapid: { publicKey: vapid.publicKey, subject: 'mailto:support@example.test' },
    });
    expect(Buffer.from(message!.body, 'base64url').toString('utf8')).not.toContain('Ticket resolved');
  });

  it('keeps the latest message per subscription and topic, as a push service replaces a pending one', async () => {
    const subscription = push.subscription('browser-2');
    await send(subscription, 'first', { topic: 'ticket-t-2' });
    await send(subscription, 'second', { topic: 'ticket-t-2' });
    await send(subscription, 'untopical');
    const held = push.received().filter((message) => message.subscriptionId === 'browser-2');
    expect(held.map((message) => message.payload)).toEqual(['second', 'untopical']);
    expect(push.replaced()).toBe(1);
  });

  it('refuses a token not signed by the key it names (403) and a VAPID key the subscription was not made for', async () => {
    const subscription = push.subscription('browser-3', { applicationServerKey: vapid.publicKey });
    const mismatched = { publicKey: vapid.publicKey, privateKey: other.privateKey };
    expect(await refusal(send(subscription, 'forged', {}, mismatched))).toBe(403);
    expect(await refusal(send(subscription, 'other app', {}, other))).toBe(403);
    expect(push.received().some((message) => message.subscriptionId === 'browser-3')).toBe(false);
  });

  it('refuses a push without VAPID (401), to an unknown (404) or ended (410) subscription', async () => {
    const subscription = push.subscription('browser-4');
    const unauthorized = await refusal(
      webpush.sendNotification(subscription, 'x', { agent, TTL: 60, headers: {} } as webpush.RequestOptions),
    );
    expect(unauthorized).toBe(401);
    expect(await refusal(send({ ...subscription, endpoint: `${push.url}/push/nobody` }, 'x'))).toBe(404);
    push.unsubscribe('browser-4');
    expect(await refusal(send(subscription, 'x'))).toBe(410);
  });
});
