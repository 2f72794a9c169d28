import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from '../testing/harness.fixture.js';
import { WIDGET_TEST_CONFIG } from './widget.fixture.js';

// GET /widget/v1/config over real HTTP and PostgreSQL: CORS for the key's origins only (the
// preflight too), and `chat.open` as the domain decides it from the chat hours and the agents.

const HOST = 'https://shop.example.com';
let h: ApiHarness;
let supervisor: string;

const get = (key: string, origin?: string, method: 'GET' | 'OPTIONS' = 'GET') =>
  h.app.inject({
    method,
    url: `/widget/v1/config?key=${key}`,
    headers: {
      ...(origin === undefined ? {} : { origin }),
      ...(method === 'OPTIONS' ? { 'access-control-request-method': 'GET' } : {}),
    },
  });
const code = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;

beforeAll(async () => {
  h = await createApiHarness({ config: { widget: WIDGET_TEST_CONFIG, corsOrigins: ['https://desk.example.com'] } });
  const admin = await h.token('admin', 'admin-widget');
  supervisor = await h.token('supervisor', 'sue');
  field(
    await h.gql(
      'mutation { createTicketCategory(input: { categoryId: "billing", definition: { name: "Billing" } }) { id } }',
      {},
      admin,
    ),
    'createTicketCategory',
  );
  field(
    await h.gql(
      'mutation($i: ConfigureWidgetInput!) { configureWidget(input: $i) { id } }',
      {
        i: {
          widgetKey: 'wk_shop',
          name: 'Shop',
          allowedOrigins: [HOST],
          topics: [{ id: 'billing', label: [{ language: 'en', text: 'Billing' }], categoryId: 'billing' }],
          greeting: [{ language: 'fr', text: 'Bonjour' }],
        },
      },
      admin,
    ),
    'configureWidget',
  );
});
afterAll(async () => h?.close());

describe('GET /widget/v1/config', () => {
  it('answers a page of the key’s origins, naming that origin for CORS', async () => {
    const response = await get('wk_shop', HOST);
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(HOST);
    expect(response.headers.vary).toContain('Origin');
    expect(response.json()).toEqual({
      widgetKey: 'wk_shop',
      name: 'Shop',
      topics: [{ id: 'billing', label: { en: 'Billing' }, categoryId: 'billing' }],
      greeting: { fr: 'Bonjour' },
      chat: { open: false },
    });
  });

  it('refuses another origin (even one the API’s own CORS list has) and an unknown key, without a CORS header', async () => {
    for (const origin of ['https://evil.example', 'https://desk.example.com', 'http://shop.example.com']) {
      const response = await get('wk_shop', origin);
      expect([response.statusCode, code(response)], origin).toEqual([403, 'WIDGET_ORIGIN_REFUSED']);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    const unknown = await get('wk_none', HOST);
    expect([unknown.statusCode, code(unknown)]).toEqual([404, 'WIDGET_NOT_FOUND']);
    expect(unknown.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the preflight by the same rule', async () => {
    const allowed = await get('wk_shop', HOST, 'OPTIONS');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(HOST);
    expect(allowed.headers['access-control-allow-methods']).toBe('GET');
    const refused = await get('wk_shop', 'https://evil.example', 'OPTIONS');
    expect([refused.statusCode, code(refused)]).toEqual([403, 'WIDGET_ORIGIN_REFUSED']);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('offers a chat once an agent is available, as the domain’s rule says', async () => {
    await h.gql(
      'mutation($i: RegisterAgentInput!) { registerAgent(input: $i) { id } }',
      { i: { agentId: 'ada', name: 'Ada', skills: [], languages: ['en'], tier: 1 } },
      supervisor,
    );
    const available = field<{ consistencyToken: string }>(
      await h.gql(
        'mutation { setAgentAvailability(input: { agentId: "ada", availability: available }) { consistencyToken } }',
        {},
        supervisor,
      ),
      'setAgentAvailability',
    );
    // The chats read model has the agent once a query with the token answers.
    field(
      await h.gql(
        'query($t: String) { chatQueue(consistencyToken: $t) { chatId } }',
        { t: available.consistencyToken },
        supervisor,
      ),
      'chatQueue',
    );
    expect((await get('wk_shop', HOST)).json()).toMatchObject({ chat: { open: true } });
  });
});
