import { createECDH, randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { PUSH_RECEIVER_CERTIFICATE, PUSH_RECEIVER_KEY } from '@support-engine/servers/testing';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import webPush from 'web-push';
import { createPushSender } from './channels/push.js';
import { createDispatcher } from './dispatcher.js';
import { drippingAnswer } from './testing/drip.fixture.js';
import { createOutboxDb, put } from './testing/outbox-db.fixture.js';

// The push dispatcher against a push service that answers at once and then drips its body:
// the socket is never idle, so only a deadline on the whole send ends it before its lease does.

/** A push sender with a fresh VAPID identity, trusting the test receivers' certificate. */
const pushSender = (options: { timeoutMs: number; allowPrivate: boolean }) =>
  createPushSender({
    vapid: { subject: 'mailto:ops@example.test', ...webPush.generateVAPIDKeys() },
    ttlSeconds: 60,
    ca: PUSH_RECEIVER_CERTIFICATE,
    ...options,
  });

it('ends a push send that trickles its answer at the timeout, so it never outlives its lease', async () => {
  const requests: string[] = [];
  const server = createServer(
    { cert: PUSH_RECEIVER_CERTIFICATE, key: PUSH_RECEIVER_KEY },
    drippingAnswer(201, 3_000, (req) => requests.push(String(req.headers.topic))),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/push/drip`;
  const browser = createECDH('prime256v1');
  const subscription = {
    endpoint,
    keys: { p256dh: browser.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
  const { db } = await createOutboxDb('push_drip');
  const deliveryId = 'notification:ticket-p1:1:push:drip';
  await put(db, [
    {
      deliveryId,
      channel: 'push',
      recipient: endpoint,
      person: { kind: 'customer', id: 'c-p1' },
      messageId: 'notification:ticket-p1:1',
      orderingKey: null,
      position: 1n,
      topic: 'ticket.opened',
      payload: {
        title: 'We received your request',
        text: 'Ticket p1',
        kind: 'info',
        locale: 'en',
        ticketId: 'p1',
        template: 'ticket.opened',
        subscription,
      },
      createdAt: new Date(),
    },
  ]);
  const sender = pushSender({ timeoutMs: 500, allowPrivate: true });
  const run = new AbortController();
  const running = createDispatcher({
    db,
    sender,
    retry: { baseMs: 5_000, capMs: 5_000, giveUpAfterMs: 60_000 },
    logger: pino({ level: 'silent' }),
    concurrency: 4,
    perRecipient: 4,
    leaseMs: 1_000,
    pollIntervalMs: 20,
  }).run(run.signal);
  const settled = () =>
    db.selectFrom('delivery_attempts').select(['attempt', 'outcome', 'latency_ms']).where('outcome', 'is not', null);
  await expect.poll(async () => (await settled().execute()).length, { timeout: 10_000 }).toBeGreaterThan(0);
  run.abort();
  await running;
  await sender.close?.();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const attempts = await db.selectFrom('delivery_attempts').select(['attempt', 'outcome', 'latency_ms']).execute();
  await db.destroy();

  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatchObject({ attempt: 1, outcome: 'timeout' });
  expect(attempts[0]!.latency_ms).toBeLessThan(1_000);
  expect(requests).toHaveLength(1);
});

it('refuses, for good, a subscription whose endpoint leads inside the network, and sends it nothing', async () => {
  const requests: string[] = [];
  const server = createServer({ cert: PUSH_RECEIVER_CERTIFICATE, key: PUSH_RECEIVER_KEY }, (req, res) => {
    requests.push(String(req.url));
    res.writeHead(201).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const browser = createECDH('prime256v1');
  const keys = { p256dh: browser.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  const sender = pushSender({ timeoutMs: 2_000, allowPrivate: false });
  const send = (endpoint: string) =>
    sender.send({
      deliveryId: `notification:ticket-p2:1:push:${endpoint}`,
      channel: 'push',
      recipient: endpoint,
      messageId: 'notification:ticket-p2:1',
      topic: 'ticket.opened',
      payload: {
        ...{ title: 'Hello', text: 'Ticket p2', kind: 'info', locale: 'en', ticketId: 'p2', template: 'ticket.opened' },
        subscription: { endpoint, keys },
      },
      person: { kind: 'customer', id: 'c-p2' },
      attempt: 1,
      firstAttemptAt: new Date(),
      createdAt: new Date(),
    });
  // A literal address, the same one mapped into IPv6, and a name that resolves to it.
  const results = [
    await send(`https://127.0.0.1:${port}/internal-admin`),
    await send(`https://[::ffff:7f00:1]:${port}/internal-admin`),
    await send(`https://localhost:${port}/internal-admin`),
    await send('http://169.254.169.254/latest/meta-data/'),
  ];
  await sender.close?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));

  for (const result of results) {
    expect(result).toMatchObject({ ok: false, outcome: 'refused', permanent: true });
    expect(result.ok === false && result.error).toMatch(/which this deployment does not deliver to/);
  }
  expect(requests).toEqual([]);
});
