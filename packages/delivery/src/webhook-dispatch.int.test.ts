import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSender, type EndpointTarget } from './channels/webhook.js';
import { createDispatcher } from './dispatcher.js';
import { type DeliveryDb, redeliver } from './outbox.js';
import { webhookSecret } from './secrets.js';
import { drippingAnswer } from './testing/drip.fixture.js';
import { createOutboxDb, put, webhookDelivery } from './testing/outbox-db.fixture.js';

// The webhook dispatcher against a real HTTP receiver on this machine: signatures, per-ticket
// order through retries, dead-lettering, slow receivers, redelivery and the SSRF guard.

interface Received {
  readonly path: string;
  readonly id: string;
  readonly body: string;
  readonly status: number;
  readonly verified: boolean;
}

const KEY = Buffer.alloc(32, 7);
const secretOf = (endpointId: string) => webhookSecret(KEY, endpointId, 1);

/** A receiver whose answer per request is chosen by `answer` (status, delay). */
async function startReceiver(answer: (path: string, id: string, seen: number) => { status: number; delayMs?: number }) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const id = String(req.headers['webhook-id']);
      let verified = true;
      try {
        new Webhook(secretOf(path.slice(1))).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const count = (seen.get(id + path) ?? 0) + 1;
      seen.set(id + path, count);
      const { status, delayMs = 0 } = answer(path, id, count);
      setTimeout(() => {
        received.push({ path, id, body, status, verified });
        res.writeHead(status).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (endpointId: string) => `http://127.0.0.1:${port}/${endpointId}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FAST_RETRY = { baseMs: 20, capMs: 100, giveUpAfterMs: 60_000 };
const logger = pino({ level: 'silent' });

function dispatcherFor(
  db: DeliveryDb,
  targets: (endpointId: string) => EndpointTarget | null,
  options: { allowPrivate?: boolean; timeoutMs?: number; retry?: typeof FAST_RETRY } = {},
) {
  return createDispatcher({
    db,
    sender: createWebhookSender({
      endpoints: async (id) => targets(id),
      timeoutMs: options.timeoutMs ?? 2_000,
      allowPrivate: options.allowPrivate ?? true,
    }),
    retry: options.retry ?? FAST_RETRY,
    logger,
    concurrency: 16,
    perRecipient: 4,
    leaseMs: 5_000,
    pollIntervalMs: 20,
  });
}

async function statusOf(db: DeliveryDb, deliveryId: string) {
  return db
    .selectFrom('deliveries')
    .select(['status', 'attempts', 'last_status_code', 'last_error'])
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirstOrThrow();
}

describe('webhook dispatcher', () => {
  let db: DeliveryDb;

  beforeAll(async () => {
    ({ db } = await createOutboxDb('webhooks'));
  });
  afterAll(async () => db?.destroy());

  it("signs every request and keeps a ticket's events in order through retries, while other tickets go on", async () => {
    // The first event of ticket t1 fails twice; t1's later events must wait for it, t2's must not.
    const receiver = await startReceiver((_path, id, seen) => ({
      status: id.endsWith('t1_1') && seen <= 2 ? 500 : 204,
    }));
    const run = new AbortController();
    const dispatcher = dispatcherFor(db, (id) => ({ url: receiver.url(id), secrets: [secretOf(id)], enabled: true }));
    const t1 = [1, 2, 3].map((n) => webhookDelivery('ep-order', 't1', n));
    const t2 = [1, 2].map((n) => webhookDelivery('ep-order', 't2', n));
    await put(db, [...t1, ...t2]);
    const running = dispatcher.run(run.signal);
    await expect.poll(() => receiver.received.filter((r) => r.status === 204).length, { timeout: 20_000 }).toBe(5);
    run.abort();
    await running;
    await receiver.stop();

    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const delivered = receiver.received.filter((r) => r.status === 204).map((r) => r.id);
    const order = delivered.filter((id) => id.includes('t1'));
    expect(order).toEqual(t1.map((d) => d.messageId));
    // t2 did not wait behind t1's failing head.
    const firstT1Success = delivered.indexOf(t1[0]!.messageId);
    expect(delivered.indexOf(t2[0]!.messageId)).toBeLessThan(firstT1Success);
    expect(await statusOf(db, t1[0]!.deliveryId)).toMatchObject({ status: 'delivered', attempts: 3 });
    const log = await db
      .selectFrom('delivery_attempts')
      .select(['attempt', 'outcome', 'status_code', 'latency_ms'])
      .where('delivery_id', '=', t1[0]!.deliveryId)
      .orderBy('attempt')
      .execute();
    expect(log.map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 204],
    ]);
    expect(log.every((a) => typeof a.latency_ms === 'number' && a.latency_ms >= 0)).toBe(true);
  });

  it('dead-letters a delivery once the retry window is over, and the next in line goes out', async () => {
    const receiver = await startReceiver((_path, id) => ({ status: id.endsWith('_1') ? 503 : 200 }));
    const run = new AbortController();
    const dispatcher = dispatcherFor(db, (id) => ({ url: receiver.url(id), secrets: [secretOf(id)], enabled: true }), {
      retry: { baseMs: 20, capMs: 40, giveUpAfterMs: 300 },
    });
    const [first, second] = [1, 2].map((n) => webhookDelivery('ep-dead', 'd1', n));
    await put(db, [first!, second!]);
    const running = dispatcher.run(run.signal);
    await expect
      .poll(async () => (await statusOf(db, second!.deliveryId)).status, { timeout: 20_000 })
      .toBe('delivered');
    run.abort();
    await running;
    await receiver.stop();
    const dead = await statusOf(db, first!.deliveryId);
    expect(dead.status).toBe('dead');
    expect(dead.attempts).toBeGreaterThan(1);
    expect(dead.last_status_code).toBe(503);
  });

  it('lets a slow receiver hold only its own share: the others are served meanwhile', async () => {
    const receiver = await startReceiver((path) => ({ status: 200, delayMs: path === '/ep-slow' ? 1_500 : 0 }));
    const run = new AbortController();
    const dispatcher = dispatcherFor(db, (id) => ({ url: receiver.url(id), secrets: [secretOf(id)], enabled: true }), {
      timeoutMs: 1_000,
    });
    const slow = Array.from({ length: 20 }, (_, i) => webhookDelivery('ep-slow', `s${i}`, 1));
    const fast = Array.from({ length: 20 }, (_, i) => webhookDelivery('ep-fast', `f${i}`, 1));
    await put(db, [...slow, ...fast]);
    const running = dispatcher.run(run.signal);
    await expect
      .poll(() => receiver.received.filter((r) => r.path === '/ep-fast').length, { timeout: 20_000 })
      .toBe(20);
    // Every fast delivery went out while the slow endpoint's first sends were still waiting for
    // their answer (they end only at the 1 s timeout): nothing queued behind them.
    const slowSettled = await db
      .selectFrom('delivery_attempts')
      .select('delivery_id')
      .where(
        'delivery_id',
        'in',
        slow.map((d) => d.deliveryId),
      )
      .where('outcome', 'is not', null)
      .execute();
    expect(slowSettled).toEqual([]);
    run.abort();
    await running;
    await receiver.stop();
    const timeouts = await db
      .selectFrom('delivery_attempts')
      .select('outcome')
      .where(
        'delivery_id',
        'in',
        slow.map((d) => d.deliveryId),
      )
      .where('outcome', '=', 'timeout')
      .execute();
    expect(timeouts.length).toBeGreaterThan(0);
  });

  it('ends a send that trickles its answer at the timeout, so it never outlives its lease', async () => {
    // The receiver answers at once, then drips its body: the socket is never idle, so only a
    // deadline on the whole send stops it before the lease runs out and the delivery is claimed
    // again while its first send is still open.
    const requests: { id: string; at: number }[] = [];
    const server = createServer(
      drippingAnswer(200, 3_000, (req) =>
        requests.push({ id: String(req.headers['webhook-id']), at: performance.now() }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ep-drip`;
    // Its own outbox: earlier tests' retries must not take this dispatcher's slots.
    const { db: own } = await createOutboxDb('webhooks_drip');
    const run = new AbortController();
    const dispatcher = createDispatcher({
      db: own,
      sender: createWebhookSender({
        endpoints: async (id) => ({ url, secrets: [secretOf(id)], enabled: true }),
        timeoutMs: 500,
        allowPrivate: true,
      }),
      retry: { baseMs: 5_000, capMs: 5_000, giveUpAfterMs: 60_000 },
      logger,
      concurrency: 4,
      perRecipient: 4,
      leaseMs: 1_000,
      pollIntervalMs: 20,
    });
    const drip = webhookDelivery('ep-drip', 'w1', 1);
    await put(own, [drip]);
    const running = dispatcher.run(run.signal);
    await expect
      .poll(
        async () =>
          (
            await own
              .selectFrom('delivery_attempts')
              .select('outcome')
              .where('delivery_id', '=', drip.deliveryId)
              .where('outcome', 'is not', null)
              .execute()
          ).length,
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    run.abort();
    await running;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const attempts = await own
      .selectFrom('delivery_attempts')
      .select(['attempt', 'outcome', 'latency_ms'])
      .where('delivery_id', '=', drip.deliveryId)
      .orderBy('attempt')
      .execute();
    await own.destroy();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, outcome: 'timeout' });
    expect(attempts[0]!.latency_ms).toBeLessThan(1_000);
    expect(requests.map((r) => r.id)).toEqual([drip.messageId]);
  });

  it('redelivers on request with the same webhook-id, and refuses private addresses unless allowed', async () => {
    const receiver = await startReceiver(() => ({ status: 200 }));
    const targets = (id: string) => ({ url: receiver.url(id), secrets: [secretOf(id)], enabled: true });
    const once = webhookDelivery('ep-again', 'r1', 1);
    await put(db, [once]);
    let run = new AbortController();
    let running = dispatcherFor(db, targets).run(run.signal);
    await expect.poll(async () => (await statusOf(db, once.deliveryId)).status, { timeout: 10_000 }).toBe('delivered');
    expect(await redeliver(db, 'webhook', once.deliveryId)).toBe('scheduled');
    // (Earlier tests' retries may reach this receiver too: only this endpoint's requests count.)
    const again = () => receiver.received.filter((r) => r.path === '/ep-again');
    await expect.poll(() => again().length, { timeout: 10_000 }).toBe(2);
    expect(again().map((r) => r.id)).toEqual([once.messageId, once.messageId]);
    expect(await redeliver(db, 'webhook', 'no-such-delivery')).toBe('not_found');
    run.abort();
    await running;

    const guarded = webhookDelivery('ep-private', 'p1', 1);
    await put(db, [guarded]);
    run = new AbortController();
    running = dispatcherFor(db, targets, { allowPrivate: false }).run(run.signal);
    await expect.poll(async () => (await statusOf(db, guarded.deliveryId)).status, { timeout: 10_000 }).toBe('dead');
    run.abort();
    await running;
    await receiver.stop();
    expect((await statusOf(db, guarded.deliveryId)).last_error).toMatch(/127\.0\.0\.1.*loopback/);
    expect(receiver.received.filter((r) => r.path === '/ep-private')).toEqual([]);
  });

  it('signs with both secrets while a rotation overlaps, so a receiver holding either verifies', async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    const run = new AbortController();
    // The receiver verifies with version 1: the endpoint signs with version 2, and 1 beside it.
    const next = (id: string) => webhookSecret(KEY, id, 2);
    const dispatcher = dispatcherFor(db, (id) => ({
      url: receiver.url(id),
      secrets: id === 'ep-rotated' ? [next(id)] : [next(id), secretOf(id)],
      enabled: true,
    }));
    await put(db, [webhookDelivery('ep-overlap', 'tr1', 1), webhookDelivery('ep-rotated', 'tr2', 1)]);
    const running = dispatcher.run(run.signal);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
    run.abort();
    await running;
    await receiver.stop();
    const verified = Object.fromEntries(receiver.received.map((r) => [r.path, r.verified]));
    expect(verified).toEqual({ '/ep-overlap': true, '/ep-rotated': false });
  });

  it('sends the events of tickets named in any script with a webhook-id every receiver verifies', async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    const run = new AbortController();
    const dispatcher = dispatcherFor(db, (id) => ({ url: receiver.url(id), secrets: [secretOf(id)], enabled: true }));
    const named = ['latin-tïcket', 'emoji-🚀', 'with space'].map((ticketId) =>
      webhookDelivery('ep-unicode', ticketId, 1),
    );
    await put(db, named);
    const running = dispatcher.run(run.signal);
    const mine = () => receiver.received.filter((r) => r.path === '/ep-unicode');
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(3);
    run.abort();
    await running;
    await receiver.stop();
    // Verified by the standardwebhooks library over the id as received, percent-encoded as UTF-8.
    expect(mine().every((r) => r.verified)).toBe(true);
    expect(
      mine()
        .map((r) => decodeURIComponent(r.id))
        .sort(),
    ).toEqual(named.map((d) => d.messageId).sort());
    for (const delivery of named)
      expect(await statusOf(db, delivery.deliveryId)).toMatchObject({ status: 'delivered' });
  });
});
