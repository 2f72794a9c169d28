import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness } from './testing/harness.fixture.js';

// In production the schema is not handed to strangers: no introspection without a staff token,
// no "Did you mean ...?" for anyone. Development keeps both, for GraphiQL and for people typing.

const INTROSPECTIONS = ['{ __schema { queryType { name } } }', '{ __type(name: "Ticket") { name } }'];
const TYPO = '{ tickts { items { id } } }';

describe('in production', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness({ config: { environment: 'production' } });
  });
  afterAll(async () => h?.close());

  it.each(INTROSPECTIONS)('refuses %s to anonymous callers and customers', async (query) => {
    const anonymous = await h.gql(query);
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data ?? null).toBeNull();
    const customer = await h.gql(query, {}, await h.token('customer', 'cust-1'));
    expect(codes(customer)).toEqual(['FORBIDDEN']);
    expect(customer.data ?? null).toBeNull();
  });

  it.each(['agent', 'supervisor', 'admin', 'auditor', 'system'] as const)('lets %s introspect', async (role) => {
    const response = await h.gql(INTROSPECTIONS[0]!, {}, await h.token(role, `${role}-1`));
    expect(response).toMatchObject({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('still answers __typename to anyone', async () => {
    expect((await h.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('suggests no field names, even to staff', async () => {
    for (const token of [undefined, await h.token('admin', 'admin-1')]) {
      const response = await h.gql(TYPO, {}, token);
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toContain('Cannot query field "tickts"');
      expect(response.errors?.[0]?.message).not.toMatch(/tickets|Did you mean/);
    }
  });

  it('suggests no enum values either, inline or in variables', async () => {
    const token = await h.token('agent', 'agent-1');
    const inline = await h.gql('{ tickets(filter: { status: [neww] }) { items { id } } }', {}, token);
    const variable = await h.gql(
      'query($s: [TicketStatus!]) { tickets(filter: { status: $s }) { items { id } } }',
      { s: ['neww'] },
      token,
    );
    for (const response of [inline, variable]) {
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toContain('neww');
      expect(response.errors?.[0]?.message).not.toMatch(/Did you mean|"new"/);
    }
  });
});

describe('in development', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness({ config: { environment: 'development' } });
  });
  afterAll(async () => h?.close());

  it('lets anyone introspect and suggests field names', async () => {
    for (const query of INTROSPECTIONS) expect((await h.gql(query)).errors).toBeUndefined();
    expect((await h.gql(TYPO)).errors?.[0]?.message).toMatch(/Did you mean .*"tickets"/);
  });
});
