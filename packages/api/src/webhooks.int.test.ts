import { streamEndpoints, webhookSecret } from '@support-engine/delivery';
import { streamId } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REUSED_MESSAGE } from './errors/map.js';
import {
  type ApiHarness,
  codes,
  createApiHarness,
  field,
  type GqlResponse,
  WEBHOOK_KEY,
} from './testing/harness.fixture.js';
import { PUBLIC_HOOK_URL } from './testing/operations.fixture.js';

// Webhook endpoints over the API: registration with the secret shown, the SSRF guard, rotation,
// the admin-only rule, and the delivery log and redeliver on rows put in the outbox.

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  enabled: boolean;
  secretVersion: number;
}

const ENDPOINT = 'id url eventTypes description enabled secretVersion';
const REGISTER = `mutation($input: RegisterWebhookEndpointInput!, $commandId: ID) {
  registerWebhookEndpoint(input: $input, commandId: $commandId) { endpoint { ${ENDPOINT} } secret }
}`;
const ROTATE = `mutation($id: ID!) { rotateWebhookSecret(input: { endpointId: $id }) { endpoint { ${ENDPOINT} } secret } }`;
// A literal page size: the query's cost counts each delivery's attempts, and a variable page
// size is costed at the largest page.
const DELIVERIES = `query($id: ID!, $status: WebhookDeliveryStatus, $after: String) {
  webhookDeliveries(endpointId: $id, status: $status, first: 3, after: $after) {
    edges { cursor node { id endpointId webhookId eventType status attemptCount createdAt deliveredAt nextAttemptAt heldBehind lastStatusCode lastError
      attempts { attempt startedAt finishedAt outcome statusCode latencyMs error } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhookDelivery(input: { deliveryId: $id }) { id status nextAttemptAt attemptCount } }`;

let h: ApiHarness;
let admin: string;

beforeAll(async () => {
  h = await createApiHarness({ notifier: true });
  admin = await h.token('admin', 'admin-1');
});
afterAll(async () => h?.close());

async function register(harness: ApiHarness, input: Record<string, unknown>, commandId?: string): Promise<GqlResponse> {
  return harness.gql(REGISTER, { input, commandId }, await harness.token('admin', 'admin-1'));
}

describe('registering an endpoint', () => {
  it('assigns the id, shows the secret, and shows it again on request', async () => {
    const response = await register(h, {
      url: PUBLIC_HOOK_URL,
      eventTypes: ['TicketStatusChanged', 'TicketOpened', 'TicketOpened'],
      description: 'CRM sync',
    });
    const { endpoint, secret } = field<{ endpoint: Endpoint; secret: string }>(response, 'registerWebhookEndpoint');
    expect(endpoint).toMatchObject({
      url: PUBLIC_HOOK_URL,
      eventTypes: ['TicketOpened', 'TicketStatusChanged'],
      description: 'CRM sync',
      enabled: true,
      secretVersion: 1,
    });
    expect(secret).toBe(webhookSecret(WEBHOOK_KEY, endpoint.id, 1));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const again = await h.gql('query($id: ID!) { webhookEndpointSecret(id: $id) }', { id: endpoint.id }, admin);
    expect(again.data?.webhookEndpointSecret).toBe(secret);
    const read = await h.gql(
      `query($id: ID!) { webhookEndpoint(id: $id) { ${ENDPOINT} } }`,
      { id: endpoint.id },
      admin,
    );
    expect(read.data?.webhookEndpoint).toEqual(endpoint);
  });

  it('derives the id from the idempotency key, so a retried registration is the same endpoint', async () => {
    const input = { url: PUBLIC_HOOK_URL, eventTypes: ['*'] };
    const first = field<{ endpoint: Endpoint }>(await register(h, input, 'reg-1'), 'registerWebhookEndpoint');
    const second = field<{ endpoint: Endpoint }>(await register(h, input, 'reg-1'), 'registerWebhookEndpoint');
    expect(second.endpoint.id).toBe(first.endpoint.id);
  });

  it.each([
    ['a loopback address', 'http://127.0.0.1:8080/hook', 'WEBHOOK_URL_NOT_ALLOWED'],
    ['a private address', 'https://10.1.2.3/hook', 'WEBHOOK_URL_NOT_ALLOWED'],
    ['cloud metadata', 'http://169.254.169.254/latest', 'WEBHOOK_URL_NOT_ALLOWED'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook', 'WEBHOOK_URL_NOT_ALLOWED'],
    ['another scheme', 'ftp://93.184.215.14/hook', 'WEBHOOK_URL_INVALID'],
    ['credentials', 'https://user:pw@93.184.215.14/hook', 'WEBHOOK_URL_INVALID'],
    ['no URL at all', 'not a url', 'WEBHOOK_URL_INVALID'],
  ])('refuses %s and writes nothing', async (_case, url, code) => {
    const before = await h.eventCount();
    const refused = await register(h, { url, eventTypes: ['TicketOpened'] });
    expect(codes(refused)).toEqual([code]);
    // Named where the client wrote it, whichever check refused it.
    expect(refused.errors?.[0]?.extensions?.issues).toMatchObject([{ path: 'input.url' }]);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses unknown event types and oversized lists', async () => {
    const before = await h.eventCount();
    expect(codes(await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketTeleported'] }))).toEqual([
      'WEBHOOK_EVENT_TYPE_UNKNOWN',
    ]);
    const many = Array.from({ length: 101 }, () => 'TicketOpened');
    expect(codes(await register(h, { url: PUBLIC_HOOK_URL, eventTypes: many }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await register(h, { url: PUBLIC_HOOK_URL, eventTypes: [] }))).toEqual(['BAD_USER_INPUT']);
    expect(await h.eventCount()).toBe(before);
  });

  it('lists the event types there are to subscribe to, each accepted', async () => {
    const types = field<string[]>(
      await h.gql('{ webhookEventTypes }', {}, await h.token('auditor', 'aud-1')),
      'webhookEventTypes',
    );
    expect(types).toEqual([...types].sort());
    expect(types).toEqual(
      expect.arrayContaining([
        'TicketOpened',
        'TicketStatusChanged',
        'ChatStarted',
        'ChatMessageSent',
        'ArticleApproved',
      ]),
    );
    expect(types).not.toContain('*');
    expect(codes(await register(h, { url: PUBLIC_HOOK_URL, eventTypes: types }))).toEqual([]);
  });

  it.each(['supervisor', 'agent', 'auditor', 'customer', 'system'] as const)('is refused to a %s', async (role) => {
    const response = await h.gql(
      REGISTER,
      { input: { url: PUBLIC_HOOK_URL, eventTypes: ['*'] } },
      await h.token(role, `${role}-1`),
    );
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
  });
});

describe('managing an endpoint', () => {
  let id: string;
  let firstSecret: string;

  beforeAll(async () => {
    const registered = field<{ endpoint: Endpoint; secret: string }>(
      await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] }),
      'registerWebhookEndpoint',
    );
    id = registered.endpoint.id;
    firstSecret = registered.secret;
  });

  it('rotates the secret: a new version and a new secret', async () => {
    const { endpoint, secret } = field<{ endpoint: Endpoint; secret: string }>(
      await h.gql(ROTATE, { id }, admin),
      'rotateWebhookSecret',
    );
    expect(endpoint.secretVersion).toBe(2);
    expect(secret).not.toBe(firstSecret);
    expect(secret).toBe(webhookSecret(WEBHOOK_KEY, id, 2));
  });

  it('rotates with an overlap: the previous secret signs beside the new one for the hours asked', async () => {
    // The sender's lookup, read before the rotation (a delivery already queued then may still use it for a second).
    const lookup = streamEndpoints(h.store, WEBHOOK_KEY, () => h.clock.now);
    const queuedBefore = new Date(Date.now() - 60_000);
    expect((await lookup(id, queuedBefore))?.secrets).toEqual([webhookSecret(WEBHOOK_KEY, id, 2)]);
    const rotated = field<{ endpoint: Endpoint; secret: string }>(
      await h.gql(
        'mutation($id: ID!) { rotateWebhookSecret(input: { endpointId: $id, previousSecretHours: 24 }) { endpoint { secretVersion } secret } }',
        { id },
        admin,
      ),
      'rotateWebhookSecret',
    );
    expect(rotated.endpoint.secretVersion).toBe(3);
    // A delivery queued after the rotation (a test, an event) is signed as the endpoint's stream
    // has it now, not as the lookup read it before: the new secret first.
    expect((await lookup(id, new Date()))?.secrets).toEqual([
      webhookSecret(WEBHOOK_KEY, id, 3),
      webhookSecret(WEBHOOK_KEY, id, 2),
    ]);
    expect(rotated.secret).toBe(webhookSecret(WEBHOOK_KEY, id, 3));
    expect(
      codes(
        await h.gql(
          'mutation($id: ID!) { rotateWebhookSecret(input: { endpointId: $id, previousSecretHours: 200 }) { secret } }',
          { id },
          admin,
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('updates, checking the new URL again', async () => {
    const update = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ${ENDPOINT} } }`;
    const refused = await h.gql(update, { input: { endpointId: id, url: 'http://localhost:9/x' } }, admin);
    expect(codes(refused)).toEqual(['WEBHOOK_URL_NOT_ALLOWED']);
    const updated = await h.gql(update, { input: { endpointId: id, eventTypes: ['*'], description: 'all' } }, admin);
    expect(field<Endpoint>(updated, 'updateWebhookEndpoint')).toMatchObject({ eventTypes: ['*'], description: 'all' });
  });

  it('disables and enables', async () => {
    const disabled = await h.gql(
      'mutation($id: ID!) { disableWebhookEndpoint(input: { endpointId: $id, reason: "maintenance" }) { enabled } }',
      { id },
      admin,
    );
    expect(field<Endpoint>(disabled, 'disableWebhookEndpoint').enabled).toBe(false);
    const enabled = await h.gql(
      'mutation($id: ID!) { enableWebhookEndpoint(input: { endpointId: $id }) { enabled } }',
      { id },
      admin,
    );
    expect(field<Endpoint>(enabled, 'enableWebhookEndpoint').enabled).toBe(true);
  });

  it('answers a repeated commandId with the endpoint as the first call left it, writing nothing', async () => {
    const disable = `mutation($id: ID!) { disableWebhookEndpoint(input: { endpointId: $id }, commandId: "disable-1") { enabled updatedAt } }`;
    const first = await h.gql(disable, { id }, admin);
    expect(field<Endpoint>(first, 'disableWebhookEndpoint').enabled).toBe(false);
    const enable = 'mutation($id: ID!) { enableWebhookEndpoint(input: { endpointId: $id }) { enabled } }';
    expect(field<Endpoint>(await h.gql(enable, { id }, admin), 'enableWebhookEndpoint').enabled).toBe(true);
    const events = await h.eventCount();
    expect(await h.gql(disable, { id }, admin)).toEqual(first);
    expect(await h.eventCount()).toBe(events);
    const now = await h.gql('query($id: ID!) { webhookEndpoint(id: $id) { enabled } }', { id }, admin);
    expect(field<Endpoint>(now, 'webhookEndpoint').enabled).toBe(true);
  });

  it('answers NOT_FOUND for an endpoint that does not exist', async () => {
    expect(codes(await h.gql(ROTATE, { id: 'no-such-endpoint' }, admin))).toEqual(['NOT_FOUND']);
    const secret = await h.gql('query { webhookEndpointSecret(id: "no-such-endpoint") }', {}, admin);
    expect(secret.data?.webhookEndpointSecret).toBeNull();
  });

  it('lists it once the notifier has folded it', async () => {
    await expect
      .poll(
        async () => {
          const response = await h.gql('{ webhookEndpoints { id secretVersion eventTypes } }', {}, admin);
          return (response.data?.webhookEndpoints as Endpoint[] | undefined)?.find((e) => e.id === id);
        },
        { timeout: 10_000, interval: 100 },
      )
      .toEqual({ id, secretVersion: 3, eventTypes: ['*'] });
  });
});

describe('the delivery log', () => {
  let endpointId: string;
  const base = new Date('2025-03-03T10:00:00.000Z');
  const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);

  beforeAll(async () => {
    const registered = await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] });
    endpointId = field<{ endpoint: Endpoint }>(registered, 'registerWebhookEndpoint').endpoint.id;
    const row = (n: number, status: 'pending' | 'delivered' | 'dead', extra: Record<string, unknown> = {}) => ({
      delivery_id: `evt_ticket-${n}_1:webhook:${endpointId}`,
      channel: 'webhook' as const,
      recipient: endpointId,
      message_id: `evt_ticket-${n}_1`,
      ordering_key: `${endpointId}:ticket-${n}`,
      position: String(n),
      topic: 'TicketOpened',
      payload: JSON.stringify({ type: 'TicketOpened' }),
      status,
      attempts: status === 'pending' ? 0 : 2,
      next_attempt_at: at(n),
      created_at: at(n),
      ...extra,
    });
    await h.delivery
      .insertInto('deliveries')
      .values([
        row(1, 'delivered', { delivered_at: at(2), last_status_code: 200, first_attempt_at: at(1) }),
        row(2, 'dead', { last_status_code: 500, last_error: 'HTTP 500', first_attempt_at: at(2) }),
        row(3, 'pending'),
        row(4, 'pending', { lease_until: new Date(Date.now() + 3_600_000), attempts: 1 }),
        // Another endpoint's delivery never shows in this log.
        { ...row(5, 'pending'), delivery_id: 'evt_ticket-5_1:webhook:other', recipient: 'other' },
      ])
      .execute();
    await h.delivery
      .insertInto('delivery_attempts')
      .values([
        {
          delivery_id: `evt_ticket-2_1:webhook:${endpointId}`,
          attempt: 1,
          started_at: at(2),
          finished_at: at(2),
          outcome: 'failed',
          status_code: 503,
          latency_ms: 40,
          error: 'HTTP 503',
        },
        {
          delivery_id: `evt_ticket-2_1:webhook:${endpointId}`,
          attempt: 2,
          started_at: at(3),
          finished_at: at(3),
          outcome: 'failed',
          status_code: 500,
          latency_ms: 35,
          error: 'HTTP 500',
        },
      ])
      .execute();
  });

  interface Page {
    edges: { cursor: string; node: Record<string, unknown> }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  const page = async (variables: Record<string, unknown>) =>
    field<Page>(await h.gql(DELIVERIES, { id: endpointId, ...variables }, admin), 'webhookDeliveries');

  it('is NOT_FOUND for an endpoint that does not exist, not an empty log', async () => {
    const refused = await h.gql(DELIVERIES, { id: 'no-such-endpoint' }, admin);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'No webhook endpoint "no-such-endpoint"',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it("names a delivery by the webhook-id its header carries: a ticket id's space and % percent-encoded", async () => {
    const registered = await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] });
    const id = field<{ endpoint: Endpoint }>(registered, 'registerWebhookEndpoint').endpoint.id;
    await h.delivery
      .insertInto('deliveries')
      .values({
        delivery_id: `evt_ticket-t 50%_1:webhook:${id}`,
        channel: 'webhook',
        recipient: id,
        message_id: 'evt_ticket-t 50%_1',
        ordering_key: `${id}:ticket-t 50%`,
        position: '1',
        topic: 'TicketOpened',
        payload: JSON.stringify({ type: 'TicketOpened' }),
        status: 'pending',
        attempts: 0,
        next_attempt_at: at(1),
        created_at: at(1),
      })
      .execute();
    const log = field<Page>(await h.gql(DELIVERIES, { id }, admin), 'webhookDeliveries');
    expect(log.edges.map((e) => e.node.webhookId)).toEqual(['evt_ticket-t%2050%25_1']);
  });

  it('lists the endpoint deliveries newest first, page by page, with their attempts', async () => {
    const first = await page({});
    expect(first.edges.map((e) => e.node.webhookId)).toEqual(['evt_ticket-4_1', 'evt_ticket-3_1', 'evt_ticket-2_1']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges[2]!.node).toMatchObject({
      status: 'dead',
      attemptCount: 2,
      eventType: 'TicketOpened',
      endpointId,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
      attempts: [
        { attempt: 1, outcome: 'failed', statusCode: 503, latencyMs: 40, error: 'HTTP 503' },
        { attempt: 2, outcome: 'failed', statusCode: 500, latencyMs: 35, error: 'HTTP 500' },
      ],
    });
    const second = await page({ after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.webhookId)).toEqual(['evt_ticket-1_1']);
    expect(second.edges[0]!.node).toMatchObject({ status: 'delivered', deliveredAt: at(2).toISOString() });
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[0]!.cursor });
  });

  it('names, for each delivery waiting behind an earlier one of its ticket, the one it waits for', async () => {
    const registered = await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] });
    const line = field<{ endpoint: Endpoint }>(registered, 'registerWebhookEndpoint').endpoint.id;
    const delivery = (n: number, ticket: string, status: 'pending' | 'dead', attempts: number) => ({
      delivery_id: `evt_${ticket}_${n}:webhook:${line}`,
      channel: 'webhook' as const,
      recipient: line,
      message_id: `evt_${ticket}_${n}`,
      ordering_key: `${line}:${ticket}`,
      position: String(100 + n),
      topic: 'TicketUpdated',
      payload: JSON.stringify({ type: 'TicketUpdated' }),
      status,
      attempts,
      next_attempt_at: at(n),
      created_at: at(n),
    });
    await h.delivery
      .insertInto('deliveries')
      .values([
        delivery(1, 'ticket-a', 'dead', 9),
        // Being retried: the head of ticket-a's line; the two after it wait for it.
        delivery(2, 'ticket-a', 'pending', 3),
        delivery(3, 'ticket-a', 'pending', 0),
        delivery(4, 'ticket-b', 'pending', 0),
        delivery(5, 'ticket-a', 'pending', 0),
      ])
      .execute();
    const held = async (status?: string) =>
      field<Page>(
        await h.gql(DELIVERIES.replace('first: 3', 'first: 10'), { id: line, status }, admin),
        'webhookDeliveries',
      ).edges.map((e) => [e.node.webhookId, e.node.heldBehind]);
    const head = `evt_ticket-a_2:webhook:${line}`;
    expect(await held()).toEqual([
      ['evt_ticket-a_5', head],
      ['evt_ticket-b_4', null],
      ['evt_ticket-a_3', head],
      ['evt_ticket-a_2', null],
      ['evt_ticket-a_1', null],
    ]);
    // Once the head is given up, the next in line goes and the last waits for it.
    await h.delivery.updateTable('deliveries').set({ status: 'dead' }).where('delivery_id', '=', head).execute();
    expect(await held('pending')).toEqual([
      ['evt_ticket-a_5', `evt_ticket-a_3:webhook:${line}`],
      ['evt_ticket-b_4', null],
      ['evt_ticket-a_3', null],
    ]);
  });

  it('filters by status', async () => {
    const dead = await page({ status: 'dead' });
    expect(dead.edges.map((e) => e.node.webhookId)).toEqual(['evt_ticket-2_1']);
  });

  it('refuses a cursor it did not hand out', async () => {
    expect(codes(await h.gql(DELIVERIES, { id: endpointId, after: 'nope' }, admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses to redeliver while the endpoint is disabled, and changes nothing', async () => {
    const registered = await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['*'] }, 'paused-1');
    const paused = field<{ endpoint: Endpoint }>(registered, 'registerWebhookEndpoint').endpoint.id;
    const id = `evt_ticket-9_1:webhook:${paused}`;
    await h.delivery
      .insertInto('deliveries')
      .values({
        delivery_id: id,
        channel: 'webhook',
        recipient: paused,
        message_id: 'evt_ticket-9_1',
        ordering_key: `${paused}:ticket-9`,
        position: '9',
        topic: 'TicketOpened',
        payload: JSON.stringify({ type: 'TicketOpened' }),
        status: 'dead',
        attempts: 2,
        next_attempt_at: at(9),
        created_at: at(9),
      })
      .execute();
    const toggle = (op: 'disable' | 'enable') =>
      h.gql(
        `mutation($id: ID!) { ${op}WebhookEndpoint(input: { endpointId: $id }) { enabled } }`,
        { id: paused },
        admin,
      );
    expect(field<Endpoint>(await toggle('disable'), 'disableWebhookEndpoint').enabled).toBe(false);
    const refused = await h.gql(REDELIVER, { id }, admin);
    expect(codes(refused)).toEqual(['WEBHOOK_ENDPOINT_DISABLED']);
    expect(refused.errors?.[0]?.message).toMatch(/enableWebhookEndpoint/);
    const [row] = await h.delivery.selectFrom('deliveries').select('status').where('delivery_id', '=', id).execute();
    expect(row?.status).toBe('dead');
    // Enabled again, it goes.
    expect(field<Endpoint>(await toggle('enable'), 'enableWebhookEndpoint').enabled).toBe(true);
    expect(field(await h.gql(REDELIVER, { id }, admin), 'redeliverWebhookDelivery')).toMatchObject({
      id,
      status: 'pending',
    });
  });

  it('redelivers a dead delivery: pending and due, same id', async () => {
    const id = `evt_ticket-2_1:webhook:${endpointId}`;
    const redelivered = field<Record<string, unknown>>(
      await h.gql(REDELIVER, { id }, admin),
      'redeliverWebhookDelivery',
    );
    expect(redelivered).toMatchObject({ id, status: 'pending', attemptCount: 2 });
    expect(redelivered.nextAttemptAt).not.toBeNull();
  });

  it('refuses to redeliver one in flight, or one that does not exist', async () => {
    const inFlight = await h.gql(REDELIVER, { id: `evt_ticket-4_1:webhook:${endpointId}` }, admin);
    expect(codes(inFlight)).toEqual(['DELIVERY_IN_FLIGHT']);
    expect(codes(await h.gql(REDELIVER, { id: 'no-such-delivery' }, admin))).toEqual(['DELIVERY_NOT_FOUND']);
  });

  it('redelivers once per commandId: a repeat answers the first answer and sends nothing, another delivery is IDEMPOTENCY_KEY_REUSED', async () => {
    const id = `evt_ticket-1_1:webhook:${endpointId}`;
    const keyed = `mutation($id: ID!, $commandId: ID) {
      redeliverWebhookDelivery(input: { deliveryId: $id }, commandId: $commandId) { id status nextAttemptAt attemptCount }
    }`;
    const first = await h.gql(keyed, { id, commandId: 'redeliver-1' }, admin);
    expect(field(first, 'redeliverWebhookDelivery')).toMatchObject({ id, status: 'pending' });
    // The dispatcher sends it (the row settles as delivered); a lost answer is then retried.
    await h.delivery
      .updateTable('deliveries')
      .set({ status: 'delivered', attempts: 3, delivered_at: at(5) })
      .where('delivery_id', '=', id)
      .execute();
    const again = await Promise.all([1, 2, 3].map(() => h.gql(keyed, { id, commandId: 'redeliver-1' }, admin)));
    for (const response of again) expect(response).toEqual(first);
    const row = await h.delivery
      .selectFrom('deliveries')
      .select(['status', 'attempts'])
      .where('delivery_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'delivered', attempts: 3 });

    const other = `evt_ticket-2_1:webhook:${endpointId}`;
    const reused = await h.gql(keyed, { id: other, commandId: 'redeliver-1' }, admin);
    expect(codes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    // Worded as every reused key is, without the engine's own key (it scopes ids to the caller).
    expect(reused.errors?.[0]?.message).toBe(REUSED_MESSAGE);
    // A refused redelivery keeps no key: the id is still free for the command it was meant for.
    expect(codes(await h.gql(keyed, { id: 'no-such-delivery', commandId: 'redeliver-2' }, admin))).toEqual([
      'DELIVERY_NOT_FOUND',
    ]);
    expect(
      field(await h.gql(keyed, { id: other, commandId: 'redeliver-2' }, admin), 'redeliverWebhookDelivery'),
    ).toMatchObject({
      id: other,
      status: 'pending',
    });
  });

  it('is for admins only', async () => {
    const response = await h.gql(DELIVERIES, { id: endpointId }, await h.token('supervisor', 'sup-1'));
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
  });
});

describe('deployments', () => {
  it('register a loopback URL when they allow private addresses', async () => {
    const open = await createApiHarness({ delivery: { allowPrivateWebhooks: true } });
    try {
      const response = await register(open, { url: 'http://127.0.0.1:8080/hook', eventTypes: ['*'] });
      expect(field<{ endpoint: Endpoint }>(response, 'registerWebhookEndpoint').endpoint.url).toBe(
        'http://127.0.0.1:8080/hook',
      );
    } finally {
      await open.close();
    }
  });

  it("list an endpoint the moment it is registered, and not once deleted, with the notifier's directory behind (here: no notifier)", async () => {
    const behind = await createApiHarness();
    try {
      const admin = await behind.token('admin', 'admin-1');
      const listed = async () =>
        field<Endpoint[]>(await behind.gql('{ webhookEndpoints { id url } }', {}, admin), 'webhookEndpoints');
      expect(await listed()).toEqual([]);
      const { endpoint } = field<{ endpoint: Endpoint }>(
        await register(behind, { url: PUBLIC_HOOK_URL, eventTypes: ['*'] }),
        'registerWebhookEndpoint',
      );
      // Read at once: no directory lists it, the log since the directory's checkpoint does.
      expect(await listed()).toEqual([{ id: endpoint.id, url: PUBLIC_HOOK_URL }]);
      await behind.gql(
        'mutation($id: ID!) { deleteWebhookEndpoint(input: { endpointId: $id }) { id } }',
        { id: endpoint.id },
        admin,
      );
      expect(await listed()).toEqual([]);
    } finally {
      await behind.close();
    }
  });

  it('without a webhook key refuse webhook operations with WEBHOOKS_NOT_CONFIGURED and write nothing', async () => {
    const off = await createApiHarness({ delivery: { webhookSecretKey: null } });
    try {
      const token = await off.token('admin', 'admin-1');
      const before = await off.eventCount();
      expect(codes(await register(off, { url: PUBLIC_HOOK_URL, eventTypes: ['*'] }))).toEqual([
        'WEBHOOKS_NOT_CONFIGURED',
      ]);
      expect(codes(await off.gql('{ webhookEndpoints { id } }', {}, token))).toEqual(['WEBHOOKS_NOT_CONFIGURED']);
      expect(codes(await off.gql(REDELIVER, { id: 'x' }, token))).toEqual(['WEBHOOKS_NOT_CONFIGURED']);
      expect(await off.eventCount()).toBe(before);
    } finally {
      await off.close();
    }
  });
});

it('keeps endpoint streams under webhook-<id>', async () => {
  const { endpoint } = field<{ endpoint: Endpoint }>(
    await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['ChatStarted'] }),
    'registerWebhookEndpoint',
  );
  const events = await h.store.readStream(streamId('webhook', endpoint.id));
  expect(events.map((e) => e.type)).toEqual(['WebhookEndpointRegistered']);
  expect(JSON.stringify(events[0]!.data)).not.toContain('whsec_');
});

describe('deleting an endpoint', () => {
  it('stops everything for it for good, and keeps its delivery log', async () => {
    const registered = await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] });
    const id = field<{ endpoint: Endpoint }>(registered, 'registerWebhookEndpoint').endpoint.id;
    await h.delivery
      .insertInto('deliveries')
      .values({
        delivery_id: `evt_ticket-del_1:webhook:${id}`,
        channel: 'webhook',
        recipient: id,
        message_id: 'evt_ticket-del_1',
        ordering_key: `${id}:ticket-del`,
        position: '1',
        topic: 'TicketOpened',
        payload: JSON.stringify({ type: 'TicketOpened' }),
        status: 'dead',
        attempts: 1,
        next_attempt_at: new Date(),
        created_at: new Date(),
      })
      .execute();
    const deleted = await h.gql(
      'mutation($id: ID!) { deleteWebhookEndpoint(input: { endpointId: $id }) { id } }',
      { id },
      admin,
    );
    expect(field(deleted, 'deleteWebhookEndpoint')).toEqual({ id });
    expect(
      (await h.gql('query($id: ID!) { webhookEndpoint(id: $id) { id } }', { id }, admin)).data?.webhookEndpoint,
    ).toBeNull();
    expect(codes(await h.gql(ROTATE, { id }, admin))).toEqual(['NOT_FOUND']);
    // The dispatcher finds no target for it from the next send on.
    expect(await streamEndpoints(h.store, WEBHOOK_KEY)(id)).toBeNull();
    await expect
      .poll(
        async () =>
          field<Endpoint[]>(await h.gql('{ webhookEndpoints { id } }', {}, admin), 'webhookEndpoints').map((e) => e.id),
        { timeout: 10_000 },
      )
      .not.toContain(id);
    // What was sent to it stays on the record; it is not sent again.
    const log = field<{ edges: { node: { id: string } }[] }>(
      await h.gql(DELIVERIES, { id }, await h.token('auditor', 'aud-1')),
      'webhookDeliveries',
    );
    expect(log.edges.map((edge) => edge.node.id)).toEqual([`evt_ticket-del_1:webhook:${id}`]);
    const refused = await h.gql(REDELIVER, { id: `evt_ticket-del_1:webhook:${id}` }, admin);
    expect(codes(refused)).toEqual(['WEBHOOK_ENDPOINT_DISABLED']);
    // Not told to enable what can never be enabled again.
    expect(refused.errors?.[0]?.message).toMatch(/was deleted/);
  });
});

describe('testing an endpoint', () => {
  const TEST = `mutation($id: ID!, $key: ID) { testWebhookEndpoint(input: { endpointId: $id }, commandId: $key) { id endpointId eventType status } }`;

  it('queues a test event, signed and logged like any delivery, once per idempotency key', async () => {
    const registered = await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] });
    const id = field<{ endpoint: Endpoint }>(registered, 'registerWebhookEndpoint').endpoint.id;
    const first = field<{ id: string; endpointId: string; eventType: string; status: string }>(
      await h.gql(TEST, { id, key: 'test-1' }, admin),
      'testWebhookEndpoint',
    );
    expect(first).toMatchObject({ endpointId: id, eventType: 'WebhookTest' });
    expect(field(await h.gql(TEST, { id, key: 'test-1' }, admin), 'testWebhookEndpoint')).toMatchObject({
      id: first.id,
    });
    const other = field<{ id: string }>(await h.gql(TEST, { id, key: 'test-2' }, admin), 'testWebhookEndpoint');
    expect(other.id).not.toBe(first.id);
    // The same key for another endpoint's test is another command.
    const elsewhere = await register(h, { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] });
    const otherEndpoint = field<{ endpoint: Endpoint }>(elsewhere, 'registerWebhookEndpoint').endpoint.id;
    expect(codes(await h.gql(TEST, { id: otherEndpoint, key: 'test-1' }, admin))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const log = field<{ edges: { node: { id: string; eventType: string } }[] }>(
      await h.gql(DELIVERIES, { id }, admin),
      'webhookDeliveries',
    );
    expect(log.edges.map((edge) => edge.node.id).sort()).toEqual([first.id, other.id].sort());
    const payload = await h.delivery
      .selectFrom('deliveries')
      .select('payload')
      .where('delivery_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(payload.payload).toMatchObject({ type: 'WebhookTest', data: { endpointId: id, requestedBy: 'admin-1' } });

    await h.gql('mutation($id: ID!) { disableWebhookEndpoint(input: { endpointId: $id }) { enabled } }', { id }, admin);
    expect(codes(await h.gql(TEST, { id, key: 'test-3' }, admin))).toEqual(['WEBHOOK_ENDPOINT_DISABLED']);
    // A retry of a test already sent answers it, whatever became of the endpoint since.
    expect(field(await h.gql(TEST, { id, key: 'test-1' }, admin), 'testWebhookEndpoint')).toMatchObject({
      id: first.id,
    });
    expect(codes(await h.gql(TEST, { id: 'no-such-endpoint' }, admin))).toEqual(['NOT_FOUND']);
  });
});
