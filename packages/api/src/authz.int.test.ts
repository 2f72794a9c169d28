import { Role } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerRule, OPERATIONS, type Operation, POLICY, roleAllows } from './auth/policy.js';
import { API_ERROR_CODES } from './errors/codes.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.test.js';

// The authorization matrix: every role against every query and mutation of the policy table,
// over HTTP. Subscriptions get theirs in subscriptions.int.test.ts.

const OWNER = 'cust-own';
const TICKET = 'ticket-own';
const CHAT = 'chat-own';
const AGENT = 'agent-1';

const SUBSCRIPTIONS = ['ticketUpdated', 'queueUpdated', 'assignedToMe'] as const;
type CallableOperation = Exclude<Operation, (typeof SUBSCRIPTIONS)[number]>;
interface Fixture {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

const mutation = (name: string, input: Record<string, unknown>): Fixture => ({
  query: `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { id version consistencyToken } }`,
  variables: { input },
});
const byId = (field: string, arg: string, id: string, selection: string): Fixture => ({
  query: `query($id: ID!) { ${field}(${arg}: $id) { ${selection} } }`,
  variables: { id },
});

/** A well-formed call of every operation on the owner's ticket, chat and profile. */
const FIXTURES: Record<CallableOperation, Fixture> = {
  openTicket: mutation('openTicket', { customerId: OWNER, subject: 'Printer', description: 'It jams', channel: 'web' }),
  replyToTicket: mutation('replyToTicket', { ticketId: TICKET, body: 'On it' }),
  customerReply: mutation('customerReply', { ticketId: TICKET, body: 'Thanks' }),
  changeTicketStatus: mutation('changeTicketStatus', { ticketId: TICKET, to: 'in_progress' }),
  closeTicketAsSpam: mutation('closeTicketAsSpam', { ticketId: TICKET }),
  confirmResolution: mutation('confirmResolution', { ticketId: TICKET }),
  assignTicket: mutation('assignTicket', { ticketId: TICKET, agentId: AGENT }),
  unassignTicket: mutation('unassignTicket', { ticketId: TICKET }),
  changeTicketPriority: mutation('changeTicketPriority', { ticketId: TICKET, priority: 'high' }),
  escalateTicket: mutation('escalateTicket', { ticketId: TICKET, reason: 'complexity' }),
  rateTicket: mutation('rateTicket', { ticketId: TICKET, score: 5 }),
  recordCustomerActivity: mutation('recordCustomerActivity', { customerId: OWNER, signalType: 'page_view' }),
  acceptSuggestion: mutation('acceptSuggestion', { customerId: OWNER, suggestionId: 'none' }),
  dismissSuggestion: mutation('dismissSuggestion', { customerId: OWNER, suggestionId: 'none' }),
  startChat: mutation('startChat', { customerId: OWNER }),
  sendChatMessage: mutation('sendChatMessage', { chatId: CHAT, body: 'Hello' }),
  acceptChat: mutation('acceptChat', { chatId: CHAT }),
  assignChat: mutation('assignChat', { chatId: CHAT, agentId: AGENT }),
  transferChat: mutation('transferChat', { chatId: CHAT, toAgentId: AGENT, reason: 'Shift ends' }),
  closeChat: mutation('closeChat', { chatId: CHAT }),
  convertChatToTicket: mutation('convertChatToTicket', { chatId: CHAT }),
  rateChat: mutation('rateChat', { chatId: CHAT, score: 4 }),
  registerAgent: mutation('registerAgent', { agentId: 'agent-new', name: 'New Agent' }),
  setAgentAvailability: mutation('setAgentAvailability', { agentId: AGENT, availability: 'break' }),
  setAgentCapacity: mutation('setAgentCapacity', { agentId: AGENT, capacity: 4 }),
  setAgentTicketCapacity: mutation('setAgentTicketCapacity', { agentId: AGENT, ticketCapacity: 10 }),
  updateAgentSkills: mutation('updateAgentSkills', { agentId: AGENT, skills: ['billing'], languages: ['en'] }),
  setAgentTier: mutation('setAgentTier', { agentId: AGENT, tier: 2 }),
  rateAgentPerformance: mutation('rateAgentPerformance', { agentId: AGENT, rating: 7.5 }),
  registerCustomer: mutation('registerCustomer', { customerId: OWNER, name: 'Owner' }),
  setDeliveryPreference: mutation('setDeliveryPreference', { customerId: OWNER, preference: 'web_only' }),
  ticket: byId('ticket', 'id', TICKET, 'id subject'),
  tickets: { query: '{ tickets { items { id } } }' },
  ticketStatusCounts: { query: '{ ticketStatusCounts { total } }' },
  ticketHistory: byId('ticketHistory', 'ticketId', TICKET, 'type'),
  verifyTicketHistory: byId('verifyTicketHistory', 'ticketId', TICKET, 'ok'),
  ticketSla: byId('ticketSla', 'ticketId', TICKET, 'at'),
  ticketMetrics: {
    query: '{ ticketMetrics(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { overall { tickets } } }',
  },
  chat: byId('chat', 'id', CHAT, 'id'),
  chatQueue: { query: '{ chatQueue { chatId } }' },
  agents: { query: '{ agents { id } }' },
  myNotifications: { query: '{ myNotifications { items { id } } }' },
  workQueue: { query: '{ workQueue(filter: { kind: chat }, first: 10) { id position waitingMs } }' },
  supervisorQueue: { query: '{ supervisorQueue { id } }' },
  myWork: { query: '{ myWork { tickets { id } chats { id } } }' },
  chatHistory: byId('chatHistory', 'chatId', CHAT, 'type'),
};

const CALLABLE = OPERATIONS.filter((operation): operation is CallableOperation => operation in FIXTURES);

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
  const admin = await h.token('admin', 'admin-1');
  const owner = await h.token('customer', OWNER);
  const seeds = [
    [admin, 'mutation { registerAgent(input: { agentId: "agent-1", name: "Ada" }) { id } }'],
    [
      await h.token('agent', AGENT),
      'mutation { setAgentAvailability(input: { agentId: "agent-1", availability: available }) { id } }',
    ],
    [
      owner,
      `mutation { openTicket(input: { ticketId: "${TICKET}", customerId: "${OWNER}", subject: "Mine", description: "Help", channel: web }) { id } }`,
    ],
    [
      owner,
      `mutation { startChat(input: { chatId: "${CHAT}", customerId: "${OWNER}", firstMessage: { body: "Hi" } }) { id } }`,
    ],
  ] as const;
  for (const [token, query] of seeds) expect((await h.gql(query, {}, token)).errors).toBeUndefined();
});
afterAll(async () => h?.close());

it('has a fixture for every query and mutation of the policy table', () => {
  expect(CALLABLE).toHaveLength(OPERATIONS.length - SUBSCRIPTIONS.length);
});

// Before the matrix: its registerCustomer calls write events the projections cannot read yet.
describe('scoped reads', () => {
  it("never shows a customer another customer's tickets", async () => {
    const other = await h.token('customer', 'cust-other');
    const opened = await h.gql(
      'mutation { openTicket(input: { customerId: "cust-other", subject: "Theirs", description: "x", channel: web }) { consistencyToken } }',
      {},
      other,
    );
    const token = field<{ consistencyToken: string }>(opened, 'openTicket').consistencyToken;
    const query =
      'query($t: String, $c: ID) { tickets(filter: { customerId: $c }, consistencyToken: $t) { items { customerId } } }';
    const mine = await h.gql(query, { t: token, c: 'cust-other' }, await h.token('customer', OWNER));
    const items = field<{ items: { customerId: string }[] }>(mine, 'tickets').items;
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((item) => item.customerId))).toEqual(new Set([OWNER]));
  });

  it('lists every customer for staff', async () => {
    const all = await h.gql('{ tickets { items { customerId } } }', {}, await h.token('agent', AGENT));
    const customers = new Set(
      field<{ items: { customerId: string }[] }>(all, 'tickets').items.map((i) => i.customerId),
    );
    expect(customers).toEqual(new Set([OWNER, 'cust-other']));
  });
});

describe.each(CALLABLE)('%s', (operation) => {
  const { query, variables } = FIXTURES[operation];

  it.each(Role.options)('as %s', async (role) => {
    const before = await h.eventCount();
    const response = await h.gql(query, variables, await h.token(role, role === 'customer' ? OWNER : `${role}-1`));
    expect(response.status).toBeLessThan(500);
    for (const code of codes(response)) expect(API_ERROR_CODES).toContain(code);
    if (roleAllows(operation, role)) {
      // Allowed by the policy: the domain may still refuse (state, assignment), never the policy.
      expect(response.errors?.filter((e) => e.extensions?.policy !== undefined) ?? []).toEqual([]);
    } else {
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
      expect(response.data?.[operation] ?? null).toBeNull();
      expect(await h.eventCount()).toBe(before);
    }
  });

  it('refuses anonymous callers', async () => {
    const before = await h.eventCount();
    expect(codes(await h.gql(query, variables))).toEqual(['UNAUTHENTICATED']);
    expect(await h.eventCount()).toBe(before);
  });

  const rule = roleAllows(operation, 'customer') ? customerRule(operation) : undefined;
  if (rule && rule.kind !== 'scoped') {
    it("refuses another customer's ticket, chat or profile", async () => {
      const before = await h.eventCount();
      const response = await h.gql(query, variables, await h.token('customer', 'cust-other'));
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'ownership' });
      expect(await h.eventCount()).toBe(before);
    });
  }
});

it('keeps its policy table consistent with the matrix above', () => {
  expect(Object.keys(POLICY)).toEqual(OPERATIONS);
});

// CORS is configured by `corsOrigins` alone (none here): graphql-yoga's own CORS handling, which
// would answer any origin with credentials allowed, must not override it.
it('grants no cross-origin access when no origin is configured', async () => {
  const origin = 'https://elsewhere.example';
  const token = await h.token('agent', AGENT);
  const post = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify({ query: '{ ticketStatusCounts { total } }' }),
  });
  expect(post.statusCode).toBe(200);
  expect(post.headers['access-control-allow-origin']).toBeUndefined();
  expect(post.headers['access-control-allow-credentials']).toBeUndefined();
  const preflight = await h.app.inject({
    method: 'OPTIONS',
    url: GRAPHQL_PATH,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });
  expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
});
