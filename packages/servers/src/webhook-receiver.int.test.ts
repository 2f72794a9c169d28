import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningWebhookReceiver, startWebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver.js';

const SECRET = `whsec_${Buffer.from('a webhook secret of 32 bytes!!!!').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another secret, also 32 bytes!!!').toString('base64')}`;

const started: RunningWebhookReceiver[] = [];
afterEach(async () => {
  for (const receiver of started.splice(0)) await receiver.stop();
});

async function receiver(options: Partial<WebhookReceiverOptions> = {}): Promise<RunningWebhookReceiver> {
  const running = await startWebhookReceiver({
    secrets: (path) => (path === '/hooks/crm' ? SECRET : undefined),
    ...options,
  });
  started.push(running);
  return running;
}

/** POSTs `payload` the way a Standard Webhooks sender does, signed with `secret`. */
function post(url: string, id: string, payload: unknown, secret = SECRET): Promise<Response> {
  const body = JSON.stringify(payload);
  const timestamp = new Date();
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
    },
    body,
  });
}

describe('webhook receiver', () => {
  it('accepts a signed webhook once per webhook-id, however often it is redelivered', async () => {
    const hooks = await receiver();
    const event = { type: 'TicketResolved', data: { ticketId: 't-1' } };
    expect((await post(`${hooks.url}/hooks/crm`, 'msg_1', event)).status).toBe(204);
    expect((await post(`${hooks.url}/hooks/crm`, 'msg_1', event)).status).toBe(204);
    expect((await post(`${hooks.url}/hooks/crm`, 'msg_2', { type: 'TicketClosed' })).status).toBe(204);

    expect(hooks.requests().map((request) => [request.webhookId, request.attempt, request.verified])).toEqual([
      ['msg_1', 1, true],
      ['msg_1', 2, true],
      ['msg_2', 1, true],
    ]);
    expect(hooks.events()).toEqual([
      { webhookId: 'msg_1', path: '/hooks/crm', payload: event, receivedAt: expect.any(String) },
      { webhookId: 'msg_2', path: '/hooks/crm', payload: { type: 'TicketClosed' }, receivedAt: expect.any(String) },
    ]);
    const api = (await (await fetch(`${hooks.url}/api/events`)).json()) as { events: unknown[]; requests: unknown[] };
    expect([api.events.length, api.requests.length]).toEqual([2, 3]);
  });

  it('counts an event once per endpoint: the same webhook-id at another path is that endpoint’s first', async () => {
    const hooks = await receiver({ secrets: (path) => (path === '/hooks/crm' ? SECRET : OTHER) });
    const event = { type: 'TicketResolved', data: { ticketId: 't-1' } };
    await post(`${hooks.url}/hooks/crm`, 'msg_1', event);
    await post(`${hooks.url}/hooks/erp`, 'msg_1', event, OTHER);
    await post(`${hooks.url}/hooks/erp`, 'msg_1', event, OTHER);
    expect(hooks.requests().map((request) => [request.path, request.attempt])).toEqual([
      ['/hooks/crm', 1],
      ['/hooks/erp', 1],
      ['/hooks/erp', 2],
    ]);
    expect(hooks.events().map((accepted) => accepted.path)).toEqual(['/hooks/crm', '/hooks/erp']);
  });

  it('verifies a request any of the secrets of a path signed (two endpoints registered on one path)', async () => {
    const hooks = await receiver({ secrets: () => [SECRET, OTHER] });
    expect((await post(`${hooks.url}/hooks/shared`, 'msg_a', { a: 1 })).status).toBe(204);
    expect((await post(`${hooks.url}/hooks/shared`, 'msg_b', { b: 1 }, OTHER)).status).toBe(204);
    const third = `whsec_${Buffer.from('a third secret of thirty-two byte').toString('base64')}`;
    expect((await post(`${hooks.url}/hooks/shared`, 'msg_c', { c: 1 }, third)).status).toBe(401);
    expect(hooks.requests().map((request) => request.verified)).toEqual([true, true, false]);
  });

  it('records a bad signature, or a path without a secret, as unverified and answers 401', async () => {
    const hooks = await receiver();
    expect((await post(`${hooks.url}/hooks/crm`, 'msg_bad', { a: 1 }, OTHER)).status).toBe(401);
    expect((await post(`${hooks.url}/hooks/unknown`, 'msg_3', { a: 1 })).status).toBe(401);
    expect(hooks.requests()).toMatchObject([
      { webhookId: 'msg_bad', verified: false, status: 401, error: expect.stringMatching(/signature/i) },
      { path: '/hooks/unknown', verified: false, status: 401, error: 'no secret for this path' },
    ]);
    expect(hooks.events()).toEqual([]);
  });

  it('answers what `respond` says, and an event answered 500 is only accepted on the retry that got a 2xx', async () => {
    const hooks = await receiver({
      respond: (request) => (request.attempt === 1 ? { status: 500 } : { status: 200, delayMs: 50 }),
    });
    expect((await post(`${hooks.url}/hooks/crm`, 'msg_r', { n: 1 })).status).toBe(500);
    expect(hooks.events()).toEqual([]);
    const started = Date.now();
    expect((await post(`${hooks.url}/hooks/crm`, 'msg_r', { n: 1 })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const state = await hooks.waitFor(({ events }) => events.length === 1);
    expect(state.requests.map((request) => request.status)).toEqual([500, 200]);
  });

  it('escapes bodies on its page and clears on DELETE', async () => {
    const hooks = await receiver();
    await post(`${hooks.url}/hooks/crm`, 'msg_<b>', { html: '<script>alert(1)</script>' });
    const page = await (await fetch(hooks.url)).text();
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('msg_<b>');
    expect(page).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect((await fetch(`${hooks.url}/api/events`, { method: 'DELETE' })).status).toBe(204);
    expect([hooks.requests(), hooks.events()]).toEqual([[], []]);
  });
});
