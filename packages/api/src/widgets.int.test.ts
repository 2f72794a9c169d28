import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';
import { WIDGET_TEST_CONFIG } from './widget-identity/widget.fixture.js';

// Chat widget keys as data over GraphQL: admins configure and remove them (events on the widget
// configuration stream, listed by the widgets read model) and read a key's identity secret, derived
// from the deployment's widget secret; every refusal has its stable code and writes nothing.

let h: ApiHarness;
let baseUrl: string;
let admin: string;
let agent: string;

const WIDGET_FIELDS =
  'widgetKey name allowedOrigins topics { id label { language text } categoryId } greeting { language text } version';
const CONFIGURE = `mutation($input: ConfigureWidgetInput!) { configureWidget(input: $input) { id version consistencyToken } }`;
const code = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;
const SHOP = {
  widgetKey: 'wk_shop',
  name: 'Shop',
  allowedOrigins: ['https://Shop.Example.com:443', 'http://localhost:8088'],
  topics: [
    {
      id: 'billing',
      label: [
        { language: 'en', text: 'Billing' },
        { language: 'fr', text: 'Facturation' },
      ],
      categoryId: 'billing',
    },
  ],
  greeting: [{ language: 'en', text: 'Hello!' }],
  adding: true,
};

beforeAll(async () => {
  h = await createApiHarness({ config: { widget: WIDGET_TEST_CONFIG } });
  baseUrl = await listen(h.app);
  admin = await h.token('admin', 'admin-widget');
  agent = await h.token('agent', 'agent-widget');
  field(
    await h.gql(
      'mutation { createTicketCategory(input: { categoryId: "billing", definition: { name: "Billing" } }) { id } }',
      {},
      admin,
    ),
    'createTicketCategory',
  );
});
afterAll(async () => h?.close());

describe('widget keys', () => {
  it('configures a key with its origins normalised, lists it, and reads it by key', async () => {
    const added = field<{ id: string; consistencyToken: string }>(
      await h.gql(CONFIGURE, { input: SHOP }, admin),
      'configureWidget',
    );
    expect(added.id).toBe('wk_shop');
    const listed = field<unknown[]>(
      await h.gql(
        `query($t: String) { widgets(consistencyToken: $t) { ${WIDGET_FIELDS} } }`,
        { t: added.consistencyToken },
        admin,
      ),
      'widgets',
    );
    const expected = {
      widgetKey: 'wk_shop',
      name: 'Shop',
      allowedOrigins: ['https://shop.example.com', 'http://localhost:8088'],
      topics: SHOP.topics,
      greeting: SHOP.greeting,
      version: 1,
    };
    expect(listed).toEqual([expected]);
    expect(field(await h.gql(`{ widget(widgetKey: "wk_shop") { ${WIDGET_FIELDS} } }`, {}, admin), 'widget')).toEqual(
      expected,
    );
    expect((await h.gql('{ widget(widgetKey: "wk_none") { widgetKey } }', {}, admin)).data?.widget).toBeNull();
  });

  it('gives admins the key’s identity secret, which verifies a host’s identity hash, and no one else', async () => {
    const secret = field<string>(
      await h.gql('{ widgetIdentitySecret(widgetKey: "wk_shop") }', {}, admin),
      'widgetIdentitySecret',
    );
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    // Derived, not stored: no event holds it.
    const { rows } = await sql<{ data: unknown }>`select data from events`.execute(h.store.db);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(createHmac('sha256', secret).update('u-1\na@example.com').digest('hex')).toMatch(/^[0-9a-f]{64}$/);
    expect(code(await h.gql('{ widgetIdentitySecret(widgetKey: "wk_shop") }', {}, agent))).toBe('FORBIDDEN');
    expect(code(await h.gql('{ widgetIdentitySecret(widgetKey: "wk_none") }', {}, admin))).toBe('NOT_FOUND');
    expect(code(await h.gql('{ widgets { widgetKey } }', {}, agent))).toBe('FORBIDDEN');
  });

  it('refuses with stable codes and writes nothing', async () => {
    const before = await h.eventCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...SHOP }, 'WIDGET_KEY_TAKEN'],
      [{ ...SHOP, widgetKey: 'wk_x', allowedOrigins: ['https://shop.example.com/path'] }, 'WIDGET_ORIGIN_INVALID'],
      [
        { ...SHOP, widgetKey: 'wk_x', topics: [{ ...SHOP.topics[0], categoryId: 'sales' }] },
        'WIDGET_TOPIC_CATEGORY_UNKNOWN',
      ],
      [{ ...SHOP, widgetKey: 'wk_x', topics: [SHOP.topics[0], SHOP.topics[0]] }, 'WIDGET_TOPIC_DUPLICATE'],
      [{ ...SHOP, widgetKey: 'shop' }, 'BAD_USER_INPUT'],
      [{ ...SHOP, widgetKey: 'wk_x', allowedOrigins: [] }, 'BAD_USER_INPUT'],
    ];
    for (const [input, expected] of cases)
      expect(code(await h.gql(CONFIGURE, { input }, admin)), JSON.stringify(input)).toBe(expected);
    expect(code(await h.gql(CONFIGURE, { input: { ...SHOP, widgetKey: 'wk_agent' } }, agent))).toBe('FORBIDDEN');
    expect(code(await h.gql('mutation { removeWidget(input: { widgetKey: "wk_none" }) { id } }', {}, admin))).toBe(
      'NOT_FOUND',
    );
    expect(await h.eventCount()).toBe(before);
  });

  it('sends admins every key after another admin’s change, and removes a key', async () => {
    const sub = await subscribe(baseUrl, 'subscription { widgetsUpdated { widgetKey } }', {}, admin);
    try {
      field(await h.gql(CONFIGURE, { input: { ...SHOP, widgetKey: 'wk_live' } }, admin), 'configureWidget');
      for (;;) {
        const payload = await sub.next();
        expect(payload.errors).toBeUndefined();
        const rows = payload.data?.widgetsUpdated as { widgetKey: string }[];
        if (rows.some((w) => w.widgetKey === 'wk_live')) break;
      }
    } finally {
      await sub.close();
    }
    const removed = field<{ consistencyToken: string }>(
      await h.gql('mutation { removeWidget(input: { widgetKey: "wk_live" }) { consistencyToken } }', {}, admin),
      'removeWidget',
    );
    const keys = field<{ widgetKey: string }[]>(
      await h.gql(
        'query($t: String) { widgets(consistencyToken: $t) { widgetKey } }',
        { t: removed.consistencyToken },
        admin,
      ),
      'widgets',
    );
    expect(keys.map((w) => w.widgetKey)).toEqual(['wk_shop']);
  });
});
