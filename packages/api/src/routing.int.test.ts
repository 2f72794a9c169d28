import { createDomainEventRegistry } from '@support-engine/domain';
import { ChatConvertedToTicket, chatDecider } from '@support-engine/domain/chat';
import { customerActivityDecider } from '@support-engine/domain/proactive';
import { followUpCommandId, ticketFromChat } from '@support-engine/domain/routing';
import { ticketDecider } from '@support-engine/domain/ticket';
import { createCommandHandler } from '@support-engine/eventstore';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, type GqlResponse } from './testing/harness.fixture.js';

// Routing over the API, as a support team meets it: work reaches the right agent by itself,
// capacity holds whatever the interleaving, and history says why each agent was chosen.

interface Tokens {
  supervisor: string;
  customer: string;
  ada: string;
  bob: string;
}

async function ok(h: ApiHarness, query: string, token: string, variables: Record<string, unknown> = {}) {
  const response = await h.gql(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response;
}

async function team(
  h: ApiHarness,
  t: Tokens,
  agents: { id: string; skills: string[]; languages: string[]; tier?: number }[],
) {
  for (const a of agents) {
    await ok(h, 'mutation($i: RegisterAgentInput!) { registerAgent(input: $i) { id } }', t.supervisor, {
      i: { agentId: a.id, name: a.id, skills: a.skills, languages: a.languages, tier: a.tier ?? 1 },
    });
    await ok(
      h,
      'mutation($id: ID!) { setAgentAvailability(input: { agentId: $id, availability: available }) { id } }',
      t.supervisor,
      { id: a.id },
    );
  }
}

async function tokens(h: ApiHarness): Promise<Tokens> {
  return {
    supervisor: await h.token('supervisor', 'sue'),
    customer: await h.token('customer', 'carl'),
    ada: await h.token('agent', 'ada'),
    bob: await h.token('agent', 'bob'),
  };
}

const TICKET = 'query($id: ID!) { ticket(id: $id) { assigneeId tier } }';
const CHAT = 'query($id: ID!) { chat(id: $id) { status assigneeId } }';
const HISTORY = 'query($id: ID!) { ticketHistory(ticketId: $id) { type actor { id role } data } }';

async function openTicket(h: ApiHarness, t: Tokens, input: Record<string, unknown>): Promise<string> {
  const opened = await ok(h, 'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }', t.customer, {
    i: { customerId: 'carl', subject: 'Help', description: 'Please', channel: 'web', ...input },
  });
  return field<{ id: string }>(opened, 'openTicket').id;
}

/** A chat for carl under a known id (staff may choose ids; a customer's are assigned by the server). */
async function startChat(h: ApiHarness, t: Tokens, chatId: string, priority = 'medium'): Promise<void> {
  await ok(h, 'mutation($i: StartChatInput!) { startChat(input: $i) { id } }', t.supervisor, {
    i: { chatId, customerId: 'carl', priority },
  });
}

describe('automatic routing', () => {
  let h: ApiHarness;
  let t: Tokens;

  beforeAll(async () => {
    h = await createApiHarness({ routing: 'auto' });
    t = await tokens(h);
    await team(h, t, [
      { id: 'ada', skills: ['billing'], languages: ['fr'] },
      { id: 'bob', skills: ['tech'], languages: ['en'], tier: 2 },
    ]);
  });
  afterAll(async () => h?.close());

  it('gives a new ticket to the agent whose skill and language match, and says why', async () => {
    const id = await openTicket(h, t, { category: 'billing', language: 'fr' });
    await expect
      .poll(async () => (await h.gql(TICKET, { id }, t.supervisor)).data?.ticket)
      .toMatchObject({
        assigneeId: 'ada',
      });
    const history = field<{ type: string; actor: { id: string }; data: Record<string, unknown> }[]>(
      await h.gql(HISTORY, { id }, t.supervisor),
      'ticketHistory',
    );
    const assigned = history.find((entry) => entry.type === 'TicketAssigned');
    expect(assigned).toMatchObject({
      actor: { id: 'router', role: 'system' },
      data: {
        agentId: 'ada',
        routing: {
          rule: 'best_score',
          eligible: 2,
          considered: 2,
          candidates: [
            { agentId: 'ada', skill: 40, language: 20, workload: 30, performance: 25, online: 10, total: 125 },
            { agentId: 'bob', skill: 0, language: 0, workload: 30, performance: 25, online: 10, total: 65 },
          ],
        },
      },
    });
  });

  it('routes chats until every agent is full, then each freed slot takes the most urgent, oldest chat', async () => {
    // Two agents of capacity 3: six chats fill them, four more wait.
    for (let i = 0; i < 6; i++) await startChat(h, t, `fill-${i}`);
    const status = async (id: string) =>
      ((await h.gql(CHAT, { id }, t.supervisor)).data?.chat as { status: string; assigneeId: string | null } | null) ??
      null;
    const agents = async () =>
      field<{ id: string; capacity: number; activeChats: number }[]>(
        await h.gql('{ agents { id capacity activeChats } }', {}, t.supervisor),
        'agents',
      );
    await expect.poll(agents).toEqual([
      { id: 'ada', capacity: 3, activeChats: 3 },
      { id: 'bob', capacity: 3, activeChats: 3 },
    ]);
    for (const [id, priority] of [
      ['low', 'low'],
      ['medium', 'medium'],
      ['urgent', 'urgent'],
      ['high', 'high'],
    ] as const) {
      await startChat(h, t, id, priority);
    }
    const waiting = async () => {
      const all = await Promise.all(
        ['low', 'medium', 'urgent', 'high'].map(async (id) => [id, await status(id)] as const),
      );
      return all.filter(([, chat]) => chat?.status === 'waiting').map(([id]) => id);
    };
    await expect.poll(waiting).toEqual(['low', 'medium', 'urgent', 'high']);
    // Each chat that ends frees one slot, which goes to the most urgent waiting chat.
    const stillWaiting = [['low', 'medium', 'high'], ['low', 'medium'], ['low']];
    for (const [i, expected] of stillWaiting.entries()) {
      await ok(h, 'mutation($id: ID!) { closeChat(input: { chatId: $id }) { id } }', t.supervisor, { id: `fill-${i}` });
      await expect.poll(waiting).toEqual(expected);
      expect((await agents()).every((a) => a.activeChats <= a.capacity)).toBe(true);
    }
  });

  it('moves an escalated ticket to an agent of its new tier, and past tier 3 to the supervisors', async () => {
    const id = await openTicket(h, t, { category: 'billing', language: 'fr', priority: 'high' });
    await expect
      .poll(async () => (await h.gql(TICKET, { id }, t.supervisor)).data?.ticket)
      .toMatchObject({ assigneeId: 'ada' });
    await ok(h, 'mutation($id: ID!) { escalateTicket(input: { ticketId: $id, reason: complexity }) { id } }', t.ada, {
      id,
    });
    // Ada is tier 1: the ticket leaves her and reaches Bob, the tier 2 agent.
    await expect
      .poll(async () => (await h.gql(TICKET, { id }, t.supervisor)).data?.ticket)
      .toEqual({ assigneeId: 'bob', tier: 2 });
    await ok(h, 'mutation($id: ID!) { escalateTicket(input: { ticketId: $id, reason: complexity }) { id } }', t.bob, {
      id,
    });
    await ok(
      h,
      'mutation($id: ID!) { escalateTicket(input: { ticketId: $id, reason: customer_request }) { id } }',
      t.bob,
      {
        id,
      },
    );
    const top = await h.gql('query($id: ID!) { ticket(id: $id) { tier withSupervisors } }', { id }, t.supervisor);
    await expect
      .poll(
        async () =>
          (await h.gql('query($id: ID!) { ticket(id: $id) { tier withSupervisors } }', { id }, t.supervisor)).data
            ?.ticket,
      )
      .toEqual({ tier: 3, withSupervisors: true });
    expect(top.errors).toBeUndefined();
    const again = await h.gql(
      'mutation($id: ID!) { escalateTicket(input: { ticketId: $id, reason: complexity }) { id } }',
      { id },
      t.bob,
    );
    expect(codes(again)).toEqual(['MAX_TIER_REACHED']);
  });

  it("opens a converted chat's ticket for the chat's agent", async () => {
    // Make room: end every chat still open from the test before.
    for (const id of ['fill-1', 'fill-2', 'fill-3', 'fill-4', 'fill-5', 'urgent', 'high', 'medium', 'low']) {
      await h.gql('mutation($id: ID!) { closeChat(input: { chatId: $id }) { id } }', { id }, t.supervisor);
    }
    await startChat(h, t, 'convert-me', 'urgent');
    await expect
      .poll(async () => (await h.gql(CHAT, { id: 'convert-me' }, t.supervisor)).data?.chat)
      .toMatchObject({
        status: 'active',
      });
    const chat = (await h.gql(CHAT, { id: 'convert-me' }, t.supervisor)).data?.chat as { assigneeId: string };
    const token = chat.assigneeId === 'ada' ? t.ada : t.bob;
    const converted = field<{ ticketId: string; consistencyToken: string }>(
      await ok(
        h,
        'mutation { convertChatToTicket(input: { chatId: "convert-me" }) { ticketId consistencyToken } }',
        token,
      ),
      'convertChatToTicket',
    );
    const ticket = await h.gql(
      'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { assigneeId channel } }',
      { id: converted.ticketId, t: converted.consistencyToken },
      t.supervisor,
    );
    expect(ticket.data?.ticket).toEqual({ assigneeId: chat.assigneeId, channel: 'chat' });
    // History says why they have it: the conversion's own hand-over, or, when the router routed
    // the new ticket first, the router's choice of the preferred agent.
    const history = field<{ type: string; data: { reason?: string; routing?: { rule: string } } }[]>(
      await h.gql(HISTORY, { id: converted.ticketId }, t.supervisor),
      'ticketHistory',
    );
    const assigned = history.find((event) => event.type === 'TicketAssigned')?.data;
    const why = assigned?.reason ?? assigned?.routing?.rule;
    expect(['kept from chat convert-me', 'preferred_agent'], JSON.stringify(assigned)).toContain(why);

    // An agent who went offline before converting keeps nothing: the ticket is queued and routed,
    // to the colleague who is available.
    await startChat(h, t, 'convert-offline', 'urgent');
    await expect
      .poll(async () => (await h.gql(CHAT, { id: 'convert-offline' }, t.supervisor)).data?.chat)
      .toMatchObject({ status: 'active' });
    const offline = (await h.gql(CHAT, { id: 'convert-offline' }, t.supervisor)).data?.chat as { assigneeId: string };
    const [gone, colleague] = offline.assigneeId === 'ada' ? ['ada', 'bob'] : ['bob', 'ada'];
    await ok(
      h,
      'mutation($id: ID!) { setAgentAvailability(input: { agentId: $id, availability: offline }) { id } }',
      t.supervisor,
      { id: gone },
    );
    const queued = field<{ ticketId: string }>(
      await ok(
        h,
        'mutation { convertChatToTicket(input: { chatId: "convert-offline" }) { ticketId } }',
        gone === 'ada' ? t.ada : t.bob,
      ),
      'convertChatToTicket',
    );
    await expect
      .poll(async () => (await h.gql(TICKET, { id: queued.ticketId }, t.supervisor)).data?.ticket, { timeout: 15_000 })
      .toMatchObject({ assigneeId: colleague });
  });

  it('refuses to convert a chat into a ticket id already taken, writing nothing; the agent keeps their lines', async () => {
    const taken = await openTicket(h, t, { subject: 'Somebody else’s' });
    await startChat(h, t, 'convert-taken', 'urgent');
    await expect
      .poll(async () => (await h.gql(CHAT, { id: 'convert-taken' }, t.supervisor)).data?.chat)
      .toMatchObject({ status: 'active' });
    const chat = (await h.gql(CHAT, { id: 'convert-taken' }, t.supervisor)).data?.chat as { assigneeId: string };
    const token = chat.assigneeId === 'ada' ? t.ada : t.bob;
    await ok(
      h,
      'mutation { sendChatMessage(input: { chatId: "convert-taken", body: "Let me open a ticket" }) { id } }',
      token,
    );
    const before = await h.eventCount();
    const convert = (ticketId?: string) =>
      h.gql(
        'mutation($t: ID) { convertChatToTicket(input: { chatId: "convert-taken", ticketId: $t }) { ticketId consistencyToken } }',
        { t: ticketId },
        token,
      );
    expect(codes(await convert(taken))).toEqual(['ALREADY_EXISTS']);
    expect(await h.eventCount()).toBe(before);
    const converted = field<{ ticketId: string; consistencyToken: string }>(
      await convert('from-chat-1'),
      'convertChatToTicket',
    );
    expect(converted.ticketId).toBe('from-chat-1');
    // Tried again under another command, the chat's own ticket is not "taken": the chat is converted already.
    expect(codes(await convert('from-chat-1'))).toEqual(['CHAT_ALREADY_CONVERTED']);
    const messages = field<{ messages: { authorKind: string; authorId: string; body: string }[] }>(
      await h.gql(
        'query($t: String) { ticket(id: "from-chat-1", consistencyToken: $t) { messages { authorKind authorId body } } }',
        { t: converted.consistencyToken },
        t.supervisor,
      ),
      'ticket',
    ).messages;
    expect(messages).toContainEqual({ authorKind: 'agent', authorId: chat.assigneeId, body: 'Let me open a ticket' });
  });

  it('opens the follow-up tickets itself when the process that recorded the decision stopped before', async () => {
    await startChat(h, t, 'orphan', 'urgent');
    await expect
      .poll(async () => (await h.gql(CHAT, { id: 'orphan' }, t.supervisor)).data?.chat)
      .toMatchObject({
        status: 'active',
      });
    const chat = (await h.gql(CHAT, { id: 'orphan' }, t.supervisor)).data?.chat as { assigneeId: string };
    // Only the decisions reach the log, as if the API died right after writing them.
    const registry = createDomainEventRegistry();
    const chats = createCommandHandler({ store: h.store, registry, decider: chatDecider });
    await chats.handle({
      streamId: 'chat-orphan',
      command: { type: 'ConvertChatToTicket', data: { chatId: 'orphan', ticketId: 'orphan-ticket' } },
      commandId: 'convert-then-crash',
      context: { now: h.clock.now, actor: { id: chat.assigneeId, role: 'agent' } },
    });
    const activity = createCommandHandler({ store: h.store, registry, decider: customerActivityDecider });
    const record = (signalId: string, signalType: 'form_error' | 'login_failed' | 'error_occurred') =>
      activity.handle({
        streamId: 'activity-carl',
        command: { type: 'RecordCustomerActivity', data: { customerId: 'carl', signalId, signalType } },
        commandId: signalId,
        context: { now: h.clock.now, actor: { id: 'carl', role: 'customer' } },
      });
    await record('s1', 'form_error');
    await record('s2', 'login_failed');
    const suggested = await record('s3', 'error_occurred');
    const suggestion = suggested.events.find((e) => e.type === 'ProactiveTicketSuggested')!.data as {
      suggestionId: string;
    };
    await activity.handle({
      streamId: 'activity-carl',
      command: {
        type: 'AcceptSuggestion',
        data: { customerId: 'carl', suggestionId: suggestion.suggestionId, ticketId: 'proactive-ticket' },
      },
      commandId: 'accept-then-crash',
      context: { now: h.clock.now, actor: { id: 'carl', role: 'customer' } },
    });
    // The router reads the decisions and opens both tickets, once; the chat's agent keeps theirs.
    await expect
      .poll(async () => (await h.gql(TICKET, { id: 'orphan-ticket' }, t.supervisor)).data?.ticket)
      .toMatchObject({ assigneeId: chat.assigneeId });
    await expect
      .poll(
        async () =>
          (await h.gql('query { ticket(id: "proactive-ticket") { proactive } }', {}, t.supervisor)).data?.ticket,
      )
      .toEqual({ proactive: true });
    const opened = (await h.store.readStream('ticket-orphan-ticket')).filter((e) => e.type === 'TicketOpened');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.metadata).toMatchObject({ actorId: 'router', commandId: 'follow-up:chat-orphan@3' });
  });

  it('takes a follow-up an earlier version opened in another shape as done, and keeps routing', async () => {
    const registry = createDomainEventRegistry();
    const chats = createCommandHandler({ store: h.store, registry, decider: chatDecider });
    const tickets = createCommandHandler({ store: h.store, registry, decider: ticketDecider });
    const convert = async (chatId: string, ticketId: string) => {
      await startChat(h, t, chatId);
      const converted = await chats.handle({
        streamId: `chat-${chatId}`,
        command: { type: 'ConvertChatToTicket', data: { chatId, ticketId } },
        commandId: `convert-${chatId}`,
        context: { now: h.clock.now, actor: { id: 'sue', role: 'supervisor' } },
      });
      return {
        converted,
        // The conversion's own version (the waiting chat's close follows it).
        followUp: followUpCommandId({
          streamId: `chat-${chatId}`,
          version: converted.streamVersion - converted.events.length + 1,
        }),
      };
    };
    // An older engine opened this one's ticket already, its command shaped otherwise (another description).
    const older = await convert('older-shape', 'older-ticket');
    const { data } = ChatConvertedToTicket.parse(older.converted.events[0]);
    const command = ticketFromChat(data);
    await tickets.handle({
      streamId: 'ticket-older-ticket',
      command: { ...command, data: { ...command.data, description: 'Opened by an older engine.' } },
      commandId: older.followUp,
      context: { now: h.clock.now, actor: { id: 'router', role: 'system' } },
    });
    // The router still opens the next conversion's ticket and its cycles complete (its saved
    // position passes both conversions: a cycle failing on the older follow-up would redo forever);
    // the older ticket stays opened once.
    const after = await convert('after-older', 'after-older-ticket');
    await expect
      .poll(async () => (await h.gql(TICKET, { id: 'after-older-ticket' }, t.supervisor)).data?.ticket, {
        timeout: 15_000,
      })
      .toBeTruthy();
    const target = after.converted.checkpoint.globalPosition;
    await expect
      .poll(
        async () => {
          const { rows } = await sql<{ position: string }>`
            select global_position as position from routing_checkpoints where name = 'router'`.execute(h.store.db);
          return BigInt(rows[0]?.position ?? 0) >= target;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const opened = (await h.store.readStream('ticket-older-ticket')).filter((e) => e.type === 'TicketOpened');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.data).toMatchObject({ description: 'Opened by an older engine.' });
  });
});

describe('capacity is an invariant', () => {
  let h: ApiHarness;
  let t: Tokens;

  beforeAll(async () => {
    h = await createApiHarness();
    t = await tokens(h);
    await team(h, t, [{ id: 'ada', skills: [], languages: [] }]);
  });
  afterAll(async () => h?.close());

  it('lets one agent accept at most 3 of six waiting chats, even all at once', async () => {
    for (let i = 0; i < 6; i++) await startChat(h, t, `rush-${i}`);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        h.gql('mutation($id: ID!) { acceptChat(input: { chatId: $id }) { id } }', { id: `rush-${i}` }, t.ada),
      ),
    );
    const accepted = results.filter((r: GqlResponse) => r.errors === undefined);
    expect(accepted).toHaveLength(3);
    expect(new Set(results.flatMap((r) => codes(r)))).toEqual(new Set(['CHAT_CAPACITY_REACHED']));
    await expect
      .poll(async () =>
        field<{ activeChats: number }[]>(
          await h.gql('{ agents { capacity activeChats } }', {}, t.supervisor),
          'agents',
        ),
      )
      .toEqual([{ capacity: 3, activeChats: 3 }]);
  });

  it('refuses to assign work to an agent who does not exist, writing nothing', async () => {
    const id = await openTicket(h, t, {});
    const before = await h.eventCount();
    const ghost = await h.gql(
      'mutation($id: ID!) { assignTicket(input: { ticketId: $id, agentId: "nobody" }) { id } }',
      { id },
      t.supervisor,
    );
    expect(codes(ghost)).toEqual(['NOT_FOUND']);
    expect(await h.eventCount()).toBe(before);
    await startChat(h, t, 'unclaimed');
    const chat = await h.gql(
      'mutation { assignChat(input: { chatId: "unclaimed", agentId: "nobody" }) { id } }',
      {},
      t.supervisor,
    );
    expect(codes(chat)).toEqual(['NOT_FOUND']);
    // The chat's start (its customer's open-chat slot, then the chat) is the only write since.
    expect(await h.eventCount()).toBe(before + 2);
  });

  it('never lowers a capacity below what the agent holds', async () => {
    const lower = await h.gql(
      'mutation { setAgentCapacity(input: { agentId: "ada", capacity: 2 }) { id } }',
      {},
      t.supervisor,
    );
    expect(codes(lower)).toEqual(['CAPACITY_BELOW_LOAD']);
  });

  it('caps the open tickets an agent holds, and lifts the cap with null or by leaving it out', async () => {
    const cap = (value: string) =>
      h.gql(
        `mutation { setAgentTicketCapacity(input: { agentId: "ada"${value} }) { consistencyToken } }`,
        {},
        t.supervisor,
      );
    const capOf = async (response: GqlResponse) =>
      field<{ ticketCapacity: number | null }[]>(
        await h.gql(
          'query($t: String) { agents(consistencyToken: $t) { ticketCapacity } }',
          { t: field<{ consistencyToken: string }>(response, 'setAgentTicketCapacity').consistencyToken },
          t.supervisor,
        ),
        'agents',
      )[0]?.ticketCapacity;
    expect(await capOf(await cap(', ticketCapacity: 5'))).toBe(5);
    expect(await capOf(await cap(', ticketCapacity: null'))).toBeNull();
    expect(await capOf(await cap(', ticketCapacity: 7'))).toBe(7);
    expect(await capOf(await cap(''))).toBeNull();
    expect(codes(await cap(', ticketCapacity: 0'))).toEqual(['BAD_USER_INPUT']);
  });

  it('leaves the queue alone in manual mode: nothing is routed', async () => {
    const id = await openTicket(h, t, {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await h.gql(TICKET, { id }, t.supervisor)).data?.ticket).toMatchObject({ assigneeId: null });
  });
});

describe('an agent leaving the team', () => {
  let h: ApiHarness;
  let t: Tokens;
  const AGENTS = '{ agents { id name availability deactivatedAt } }';
  const ALL_AGENTS = '{ agents(includeDeactivated: true) { id availability deactivatedAt } }';

  beforeAll(async () => {
    h = await createApiHarness({ routing: 'auto' });
    t = await tokens(h);
    await team(h, t, [
      { id: 'ada', skills: ['billing'], languages: ['fr'] },
      { id: 'bob', skills: ['tech'], languages: ['en'] },
    ]);
  });
  afterAll(async () => h?.close());

  const deactivate = () =>
    h.gql('mutation { deactivateAgent(input: { agentId: "ada", reason: "Moved to sales" }) { id } }', {}, t.supervisor);

  it('is refused while they hold a ticket, and once it is handed over they get no more work', async () => {
    const first = await openTicket(h, t, { category: 'billing', language: 'fr' });
    await expect
      .poll(async () => (await h.gql(TICKET, { id: first }, t.supervisor)).data?.ticket)
      .toMatchObject({
        assigneeId: 'ada',
      });
    const before = await h.eventCount();
    const refused = await deactivate();
    expect(codes(refused)).toEqual(['AGENT_HOLDS_WORK']);
    expect(refused.errors?.[0]?.message).toContain('still holds 1 open ticket');
    expect(await h.eventCount()).toBe(before);

    await ok(h, 'mutation($id: ID!) { assignTicket(input: { ticketId: $id, agentId: "bob" }) { id } }', t.supervisor, {
      id: first,
    });
    // The router gives Ada's slot back once it sees the ticket moved.
    await expect.poll(async () => codes(await deactivate())).toEqual([]);
    await expect
      .poll(async () => field<unknown[]>(await h.gql(AGENTS, {}, t.supervisor), 'agents'))
      .toEqual([{ id: 'bob', name: 'bob', availability: 'available', deactivatedAt: null }]);
    // The live board counts the team: Bob at work, nobody offline.
    expect(field(await h.gql('{ liveBoard { agents { available offline } } }', {}, t.supervisor), 'liveBoard')).toEqual(
      {
        agents: { available: 1, offline: 0 },
      },
    );
    expect(field<unknown[]>(await h.gql(ALL_AGENTS, {}, t.supervisor), 'agents')).toEqual([
      { id: 'ada', availability: 'offline', deactivatedAt: expect.any(String) },
      { id: 'bob', availability: 'available', deactivatedAt: null },
    ]);

    // Her best-matching work now goes to the colleague who remains.
    const next = await openTicket(h, t, { category: 'billing', language: 'fr' });
    await expect
      .poll(async () => (await h.gql(TICKET, { id: next }, t.supervisor)).data?.ticket)
      .toMatchObject({
        assigneeId: 'bob',
      });
    const online = await h.gql(
      'mutation { setAgentAvailability(input: { agentId: "ada", availability: available }) { id } }',
      {},
      t.ada,
    );
    expect(codes(online)).toEqual(['AGENT_DEACTIVATED']);
    const handed = await h.gql(
      'mutation($id: ID!) { assignTicket(input: { ticketId: $id, agentId: "ada" }) { id } }',
      { id: next },
      t.supervisor,
    );
    expect(codes(handed)).toEqual(['AGENT_DEACTIVATED']);
    expect((await h.gql(TICKET, { id: next }, t.supervisor)).data?.ticket).toMatchObject({ assigneeId: 'bob' });
  });

  it('comes back offline when reactivated, under a corrected name', async () => {
    await ok(h, 'mutation { reactivateAgent(input: { agentId: "ada" }) { id } }', t.supervisor);
    const renamed = await ok(
      h,
      'mutation { renameAgent(input: { agentId: "ada", name: "Ada Lovelace" }) { consistencyToken } }',
      t.supervisor,
    );
    const token = field<{ consistencyToken: string }>(renamed, 'renameAgent').consistencyToken;
    const agents = await h.gql(
      'query($t: String) { agents(consistencyToken: $t) { id name availability deactivatedAt } }',
      { t: token },
      t.supervisor,
    );
    expect(field<unknown[]>(agents, 'agents')[0]).toEqual({
      id: 'ada',
      name: 'Ada Lovelace',
      availability: 'offline',
      deactivatedAt: null,
    });
    await ok(h, 'mutation { setAgentAvailability(input: { agentId: "ada", availability: available }) { id } }', t.ada);
  });
});
