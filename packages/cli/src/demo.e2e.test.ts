import { randomBytes } from 'node:crypto';
import { type RunningWebhookReceiver, startWebhookReceiver } from '@support-engine/servers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from './dev/demo.js';
import { DevWebhookSecrets } from './dev/webhook-secrets.js';
import { mutate } from './graphql-client.js';
import { type E2eStack, startE2eStack } from './testing/stack.fixture.js';

// `npm start -- --demo` as a newcomer meets it: the demo loads (twice, writing nothing the
// second time) and its routing part plays out on the running engine. Webhooks are on, as in
// `dev`, with the demo's endpoint on a real receiver that verifies every signature.

let stack: E2eStack;
let supervisor: string;
let receiver: RunningWebhookReceiver;
let secrets: DevWebhookSecrets;

beforeAll(async () => {
  const webhookKey = randomBytes(32);
  stack = await startE2eStack({ WEBHOOK_SECRET_KEY: webhookKey.toString('hex'), WEBHOOKS_ALLOW_PRIVATE: 'true' });
  supervisor = await stack.token('supervisor', 'sup-demo');
  secrets = new DevWebhookSecrets(webhookKey);
  receiver = await startWebhookReceiver({ secrets: secrets.lookup });
  secrets.start(stack.databaseUrl, receiver.url);
  // A data folder an older build loaded: its first step registered Ada under another name.
  await mutate(
    stack.client,
    'registerAgent',
    { agentId: 'agent-ada', name: 'Ada King', skills: ['billing', 'technical'], languages: ['en', 'fr'] },
    { token: await stack.token('admin', 'dev-admin'), commandId: 'demo-step-1' },
  );
});
afterAll(async () => {
  await receiver?.stop();
  await secrets?.stop();
  await stack?.close();
});

const loadDemo = () =>
  loadDemoData(stack.engine.api.url, stack.secret, pino({ level: 'silent' }), { webhookReceiverUrl: receiver.url });

const ticket = (id: string) =>
  stack.client.request<{ ticket: { assigneeId: string | null; tier: number } | null }>(
    'query($id: ID!) { ticket(id: $id) { assigneeId tier } }',
    { id },
    supervisor,
  );

describe('the demo data', () => {
  it('loads once, and the router gives each new item to the agent it should', async () => {
    await loadDemo();
    await expect
      .poll(async () => (await ticket('demo-refund')).ticket, { timeout: 20_000 })
      .toMatchObject({
        assigneeId: 'agent-ada',
      });
    await expect
      .poll(async () => (await ticket('demo-api-limits')).ticket, { timeout: 20_000 })
      .toEqual({
        assigneeId: 'agent-linus',
        tier: 2,
      });
    type DemoChat = { status: string; lastActivityAt: string; closesForInactivityAt: string };
    const chat = () =>
      stack.client.request<{ chat: DemoChat }>(
        '{ chat(id: "demo-chat") { status lastActivityAt closesForInactivityAt } }',
        {},
        supervisor,
      );
    await expect.poll(async () => (await chat()).chat.status, { timeout: 20_000 }).toBe('active');
    // The demo's chats close after 20 minutes without activity.
    const { lastActivityAt, closesForInactivityAt } = (await chat()).chat;
    expect(Date.parse(closesForInactivityAt) - Date.parse(lastActivityAt)).toBe(20 * 60_000);
    type Routing = { rule: string; candidates: { agentId: string; skill: number; language: number }[] };
    const history = await stack.client.request<{ ticketHistory: { type: string; data: { routing?: Routing } }[] }>(
      '{ ticketHistory(ticketId: "demo-refund") { type data } }',
      {},
      supervisor,
    );
    const routing = history.ticketHistory.find((e) => e.type === 'TicketAssigned')?.data.routing;
    expect(routing?.rule).toBe('best_score');
    expect(routing?.candidates[0]).toMatchObject({ agentId: 'agent-ada', skill: 40, language: 20 });

    const count = async () =>
      (
        await stack.client.request<{ ticketHistory: unknown[] }>(
          '{ ticketHistory(ticketId: "demo-refund") { type } }',
          {},
          supervisor,
        )
      ).ticketHistory.length;
    const before = await count();
    await loadDemo();
    expect(await count()).toBe(before);
    const { webhookEndpoints } = await stack.client.request<{ webhookEndpoints: { url: string }[] }>(
      '{ webhookEndpoints { url } }',
      {},
      await stack.token('admin', 'admin-demo'),
    );
    expect(webhookEndpoints).toEqual([{ url: `${receiver.url}/hooks/demo-crm` }]);
    // The step an older build wrote differently stands; the rest of the demo loaded around it.
    const { agents, everyone } = await stack.client.request<{
      agents: { id: string; name: string }[];
      everyone: { id: string; deactivatedAt: string | null }[];
    }>('{ agents { id name } everyone: agents(includeDeactivated: true) { id deactivatedAt } }', {}, supervisor);
    expect(agents.find((agent) => agent.id === 'agent-ada')?.name).toBe('Ada King');
    // Alan left the team: listed only with those who left.
    expect(agents.map((agent) => agent.id)).not.toContain('agent-alan');
    expect(everyone.find((agent) => agent.id === 'agent-alan')?.deactivatedAt).toEqual(expect.any(String));
  });

  it("tells the demo CRM's webhook endpoint of the tickets' events, signed", async () => {
    const state = await receiver.waitFor(
      ({ events }) => events.some((event) => JSON.stringify(event.payload).includes('demo-refund')),
      30_000,
    );
    expect(state.events.every((event) => event.path === '/hooks/demo-crm')).toBe(true);
    // Looked up as each request arrives, the new endpoint's secret verifies its first deliveries.
    expect(receiver.requests().filter((request) => !request.verified)).toEqual([]);
    const types = state.events.map((event) => (event.payload as { type: string }).type);
    expect(types).toContain('TicketOpened');
  });

  it('verifies an endpoint registered again on a path a deleted one used, rotated at once', async () => {
    const admin = await stack.token('admin', 'dev-admin');
    const register = async () =>
      (
        await stack.client.request<{ registerWebhookEndpoint: { endpoint: { id: string } } }>(
          'mutation($u: String!) { registerWebhookEndpoint(input: { url: $u, eventTypes: ["TicketOpened"] }) { endpoint { id } } }',
          { u: `${receiver.url}/hooks/again` },
          admin,
        )
      ).registerWebhookEndpoint.endpoint.id;
    const first = await register();
    await stack.client.request(
      'mutation($id: ID!) { deleteWebhookEndpoint(input: { endpointId: $id }) { id } }',
      { id: first },
      admin,
    );
    const second = await register();
    await stack.client.request(
      'mutation($id: ID!) { rotateWebhookSecret(input: { endpointId: $id }) { secret } }',
      { id: second },
      admin,
    );
    const customer = await stack.token('customer', 'cust-again');
    await stack.client.request(
      'mutation { openTicket(input: { customerId: "cust-again", subject: "Again", description: "Registered twice", channel: web }) { id } }',
      {},
      customer,
    );
    const state = await receiver.waitFor(({ events }) => events.some((event) => event.path === '/hooks/again'), 30_000);
    expect(state.requests.filter((request) => request.path === '/hooks/again' && !request.verified)).toEqual([]);
  });

  it('has Bob send his sync log with a reply, once, which his agent downloads', async () => {
    const agent = await stack.token('agent', 'agent-linus');
    type Files = { ticket: { messages: { attachments: { fileName: string; contentType: string; url: string }[] }[] } };
    const files = async () =>
      (
        await stack.client.request<Files>(
          '{ ticket(id: "demo-api-limits") { messages { attachments { fileName contentType url } } } }',
          {},
          agent,
        )
      ).ticket.messages.flatMap((message) => message.attachments);
    await expect.poll(async () => (await files()).length, { timeout: 20_000 }).toBe(1);
    const [log] = await files();
    expect(log).toMatchObject({ fileName: 'nightly-sync.log', contentType: 'text/plain' });
    const download = await fetch(new URL(log!.url, stack.engine.api.url), {
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toContain('429 Too Many Requests');
    const stranger = await stack.token('customer', 'cust-carol');
    const refused = await fetch(new URL(log!.url, stack.engine.api.url), {
      headers: { authorization: `Bearer ${stranger}` },
    });
    expect(refused.status).toBe(404);
  });

  it("exports the demo chat's transcript and finds it by its words, as the README shows", async () => {
    type Transcript = { chatTranscript: { fileName: string; content: string } };
    const { chatTranscript } = await stack.client.request<Transcript>(
      '{ chatTranscript(chatId: "demo-chat", format: text) { fileName content } }',
      {},
      await stack.token('customer', 'cust-carol'),
    );
    expect(chatTranscript.fileName).toBe('chat-demo-chat.txt');
    expect(chatTranscript.content).toContain(': The mobile app logs me out every hour.\n');
    type Hits = { searchChatMessages: { items: { chatId: string; snippet: string; message: { sender: string } }[] } };
    const { searchChatMessages } = await stack.client.request<Hits>(
      '{ searchChatMessages(text: "logs me out") { items { chatId snippet message { sender } } } }',
      {},
      supervisor,
    );
    expect(searchChatMessages.items.map((hit) => hit.chatId)).toContain('demo-chat');
    expect(searchChatMessages.items[0]?.snippet).toContain('<mark>logs</mark>');
    // The portal started the chat for Carol: its first line is her words.
    expect(searchChatMessages.items[0]?.message.sender).toBe('customer');
  });

  it('loads a knowledge base in English and French that customers search and staff review', async () => {
    const customer = await stack.token('customer', 'cust-alice');
    const search = () =>
      stack.client.request<{ searchArticles: { items: { articleId: string }[] } }>(
        '{ searchArticles(text: "debite deux fois", locale: "fr") { items { articleId } } }',
        {},
        customer,
      );
    await expect
      .poll(async () => (await search()).searchArticles.items[0]?.articleId, { timeout: 20_000 })
      .toBe('kb-double-charge-fr');
    const queue = await stack.client.request<{ articles: { items: { articleId: string }[] } }>(
      '{ articles(status: "in_review") { items { articleId } } }',
      {},
      supervisor,
    );
    expect(queue.articles.items.map((item) => item.articleId)).toEqual(['kb-export-pdf']);
    const pairs = await stack.client.request<Record<string, { translations: { articleId: string }[] }>>(
      '{ reset: article(id: "kb-reset-password") { translations { articleId } } charge: article(id: "kb-double-charge-fr") { translations { articleId } } }',
      {},
      customer,
    );
    expect(pairs.reset!.translations).toEqual([{ articleId: 'kb-reset-password-fr' }]);
    expect(pairs.charge!.translations).toEqual([{ articleId: 'kb-double-charge' }]);
    const versions = await stack.client.request<{ articleVersions: { version: number; current: boolean }[] }>(
      '{ articleVersions(articleId: "kb-reset-password") { version current } }',
      {},
      supervisor,
    );
    expect(versions.articleVersions).toEqual([
      { version: 2, current: true },
      { version: 1, current: false },
    ]);
    // Ada's reply on Alice's double charge points her to the French article, by its title.
    const refund = await stack.client.request<{ ticket: { messages: { articles: unknown[] }[] } }>(
      '{ ticket(id: "demo-refund") { messages { articles { articleId locale title } } } }',
      {},
      customer,
    );
    expect(refund.ticket.messages.flatMap((message) => message.articles)).toEqual([
      { articleId: 'kb-double-charge-fr', locale: 'fr', title: 'Débité deux fois pour une commande' },
    ]);
  });

  it("puts the premium plan on the premium policy: Alice's refund counts under it, not its category's", async () => {
    const agent = await stack.token('agent', 'agent-ada');
    const { slaConfiguration, ticket } = await stack.client.request<{
      slaConfiguration: { planPolicies: { plan: string; policyId: string }[] };
      ticket: { sla: { policyId: string | null } };
    }>(
      '{ slaConfiguration { planPolicies { plan policyId } } ticket(id: "demo-refund") { sla { policyId } } }',
      {},
      agent,
    );
    expect(slaConfiguration.planPolicies).toEqual([{ plan: 'premium', policyId: 'premium' }]);
    expect(ticket.sla.policyId).toBe('premium');
  });

  it('keeps the chat desk open around the clock, on the calendar an admin can change', async () => {
    const customer = await stack.token('customer', 'cust-alice');
    const { chatAvailability } = await stack.client.request<{
      chatAvailability: { open: boolean; calendarId: string | null; offerTicket: boolean };
    }>('{ chatAvailability { open calendarId offerTicket } }', {}, customer);
    expect(chatAvailability).toEqual({ open: true, calendarId: '24-7', offerTicket: false });
  });

  it('offers Carol a ticket after her failed sign-ins, in her inbox by the id she accepts it with', async () => {
    const inbox = async () =>
      (
        await stack.client.request<{ myNotifications: { items: { suggestionId: string | null; title: string }[] } }>(
          '{ myNotifications { items { suggestionId title } } }',
          {},
          await stack.token('customer', 'cust-carol'),
        )
      ).myNotifications.items.filter((item) => item.suggestionId !== null);
    await expect
      .poll(inbox, { timeout: 20_000 })
      .toEqual([{ suggestionId: 'demo-carol-login-3', title: 'Support: Can we help?' }]);
  });

  it("shows Alice her first ticket's confirmation read and the rest of her inbox unread", async () => {
    const { myNotifications } = await stack.client.request<{
      myNotifications: { items: { id: string; readAt: string | null }[]; unreadCount: number };
    }>(
      '{ myNotifications(first: 100) { items { id readAt } unreadCount } }',
      {},
      await stack.token('customer', 'cust-alice'),
    );
    const read = myNotifications.items.filter((item) => item.readAt !== null).map((item) => item.id);
    expect(read).toEqual(['notification:ticket-demo-password:1']);
    expect(myNotifications.unreadCount).toBe(myNotifications.items.length - 1);
  });

  it("books Dan's call about his feature request, in the queue of calls owed", async () => {
    const queue = async () =>
      (
        await stack.client.request<{
          callbacks: { ticketId: string; callback: { callbackId: string; phone: string } }[];
        }>('{ callbacks { ticketId callback { callbackId phone } } }', {}, supervisor)
      ).callbacks;
    await expect.poll(queue, { timeout: 20_000 }).toContainEqual({
      ticketId: 'demo-dark-mode',
      callback: { callbackId: 'demo-callback', phone: '+2348031234567' },
    });
  });

  it('keeps where each customer lives, for the dates they are told', async () => {
    const zone = async () =>
      (
        await stack.client.request<{ customer: { timeZone: string | null } }>(
          '{ customer(id: "cust-carol") { timeZone } }',
          {},
          supervisor,
        )
      ).customer.timeZone;
    await expect.poll(zone, { timeout: 20_000 }).toBe('America/Mexico_City');
  });

  it("puts Bob's low rating on the supervisors' follow-up list", async () => {
    const open = async () =>
      (
        await stack.client.request<{ csatFollowUps: { kind: string; id: string; score: number }[] }>(
          '{ csatFollowUps { kind id score } }',
          {},
          supervisor,
        )
      ).csatFollowUps;
    await expect.poll(open, { timeout: 20_000 }).toContainEqual({ kind: 'ticket', id: 'demo-export', score: 2 });
  });

  it('alerts the staff it set up: the on-call engineer of the outage, the supervisor and tier 2 of the escalation', async () => {
    const alerts = async (role: 'agent' | 'supervisor', sub: string) =>
      (
        await stack.client.request<{
          staffNotifications: { edges: { node: { template: string; ticketId: string } }[] };
        }>(
          '{ staffNotifications(first: 50) { edges { node { template ticketId } } } }',
          {},
          await stack.token(role, sub),
        )
      ).staffNotifications.edges.map(({ node }) => `${node.template} ${node.ticketId}`);
    await expect
      .poll(() => alerts('agent', 'agent-linus'), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['staff.incident demo-outage', 'staff.escalated demo-api-limits']));
    await expect
      .poll(() => alerts('supervisor', 'sup-sue'), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['staff.escalated demo-api-limits']));
    // Ada was given the French refund by the router (not by herself), so she was told.
    await expect
      .poll(() => alerts('agent', 'agent-ada'), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['staff.assigned demo-refund']));
  });
});
