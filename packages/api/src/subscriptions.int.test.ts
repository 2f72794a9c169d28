import { isDeepStrictEqual } from 'node:util';
import { Role } from '@support-engine/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows } from './auth/policy.js';
import { mintToken } from './auth/tokens.js';
import { type ApiHarness, createApiHarness, field, SECRET } from './testing/harness.fixture.js';
import { listen, type SseSubscription, subscribe } from './testing/sse.fixture.js';

let h: ApiHarness;
let baseUrl: string;
let ticketId: string;
let chatId: string;
/** The owner's chat held by {@link SIGNALLER}, for live signals either way. */
let activeChatId: string;
const OWNER = 'cust-sse';
const SIGNALLER = 'agent-signals';

const TICKET_UPDATES =
  'subscription($id: ID!) { ticketUpdated(ticketId: $id) { ticketId version type consistencyToken ticket { status } } }';
const CHAT_UPDATES =
  'subscription($chatId: ID!) { chatUpdated(chatId: $chatId) { chatId type message { sender authorId body internal } chat { status messageCount } } }';
const CHAT_ACTIVITY =
  'subscription($activeChatId: ID!) { chatActivity(chatId: $activeChatId) { chatId signal by { role id } at } }';
const QUEUE_UPDATES = 'subscription { queueUpdated { chatId position } }';
const LIVE_BOARD = 'subscription { liveBoardUpdated { tickets { total new } waitingChats { count } } }';
const ASSIGNED = 'subscription { assignedToMe { kind id mode at consistencyToken routing } }';
const SUGGESTIONS =
  'subscription($customerId: ID!) { suggestionsUpdated(customerId: $customerId) { suggestionId subject priority } }';
// Staff who may hold work: each is a registered, available agent under their test subject.
const AGENTS = ['agent-1', 'supervisor-1', 'admin-1'];
const subjectOf = (role: Role) => (role === 'customer' ? OWNER : `${role}-1`);

async function mutate(query: string, token: string) {
  const response = await h.gql(query, {}, token);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data ?? {})[0] as { id: string; consistencyToken: string };
}

async function openTicket(): Promise<string> {
  const opened = await mutate(
    `mutation { openTicket(input: { customerId: "${OWNER}", subject: "Work", description: "For someone", channel: web }) { id consistencyToken } }`,
    await h.token('customer', OWNER),
  );
  return opened.id;
}

async function startChat(): Promise<string> {
  const started = await mutate(
    `mutation { startChat(input: { customerId: "${OWNER}" }) { id consistencyToken } }`,
    await h.token('customer', OWNER),
  );
  return started.id;
}

/** Changes the owner's suggestions: dismisses the pending one, or records signals until one is made. */
async function moveSuggestions(): Promise<void> {
  const owner = await h.token('customer', OWNER);
  const pending = await h.gql(
    'query($c: ID!) { proactiveSuggestions(customerId: $c) { suggestionId } }',
    { c: OWNER },
    owner,
  );
  const [suggestion] = (pending.data?.proactiveSuggestions ?? []) as { suggestionId: string }[];
  if (suggestion) {
    await mutate(
      `mutation { dismissSuggestion(input: { customerId: "${OWNER}", suggestionId: "${suggestion.suggestionId}" }) { id } }`,
      owner,
    );
    return;
  }
  for (let i = 0; i < 3; i++)
    await mutate(
      `mutation { recordCustomerActivity(input: { customerId: "${OWNER}", signalType: login_failed }) { id } }`,
      owner,
    );
}

async function assignTicket(ticketId: string, agentId: string) {
  return mutate(
    `mutation { assignTicket(input: { ticketId: "${ticketId}", agentId: "${agentId}" }) { id consistencyToken } }`,
    await h.token('admin', 'admin-1'),
  );
}

beforeAll(async () => {
  // Every signal is relayed at once: the matrix sends one per role.
  h = await createApiHarness({ config: { chatSignals: { typingIntervalMs: 0, readIntervalMs: 0 } } });
  baseUrl = await listen(h.app);
  const admin = await h.token('admin', 'admin-1');
  for (const agentId of AGENTS) {
    await mutate(`mutation { registerAgent(input: { agentId: "${agentId}", name: "${agentId}" }) { id } }`, admin);
    await mutate(
      `mutation { setAgentAvailability(input: { agentId: "${agentId}", availability: available }) { id } }`,
      admin,
    );
  }
  const owner = await h.token('customer', OWNER);
  const opened = await mutate(
    `mutation { openTicket(input: { customerId: "${OWNER}", subject: "Live", description: "Watch me", channel: web }) { id consistencyToken } }`,
    owner,
  );
  ticketId = opened.id;
  chatId = await startChat();
  activeChatId = await startChat();
  await mutate(`mutation { registerAgent(input: { agentId: "${SIGNALLER}", name: "Sig" }) { id } }`, admin);
  await mutate(
    `mutation { setAgentAvailability(input: { agentId: "${SIGNALLER}", availability: available }) { id } }`,
    admin,
  );
  await mutate(
    `mutation { acceptChat(input: { chatId: "${activeChatId}" }) { id } }`,
    await h.token('agent', SIGNALLER),
  );
  // Wait until the read models hold the ticket, so the live feed starts after it.
  await h.gql(
    'query($t: String) { ticketStatusCounts(consistencyToken: $t) { total } chatQueue(consistencyToken: $t) { chatId } }',
    { t: opened.consistencyToken },
    await h.token('admin', 'admin-1'),
  );
});
afterAll(async () => h?.close());

describe('chatUpdated over SSE', () => {
  it('carries each side’s messages to the other at once, staff-only ones to staff only', async () => {
    const owner = await h.token('customer', OWNER);
    const admin = await h.token('admin', 'admin-1');
    await mutate('mutation { registerAgent(input: { agentId: "agent-live", name: "Live" }) { id } }', admin);
    await mutate(
      'mutation { setAgentAvailability(input: { agentId: "agent-live", availability: available }) { id } }',
      admin,
    );
    const agent = await h.token('agent', 'agent-live');
    const started = await mutate(
      `mutation { startChat(input: { customerId: "${OWNER}" }) { id consistencyToken } }`,
      owner,
    );
    await mutate(`mutation { acceptChat(input: { chatId: "${started.id}" }) { id } }`, agent);
    const asCustomer = await subscribe(baseUrl, CHAT_UPDATES, { chatId: started.id }, owner);
    const asAgent = await subscribe(baseUrl, CHAT_UPDATES, { chatId: started.id }, agent);
    try {
      await mutate(
        `mutation { sendChatMessage(input: { chatId: "${started.id}", body: "Hello, how can I help?" }) { id } }`,
        agent,
      );
      await mutate(
        `mutation { sendChatMessage(input: { chatId: "${started.id}", body: "Customer on the old plan", internal: true }) { id } }`,
        agent,
      );
      await mutate(
        `mutation { sendChatMessage(input: { chatId: "${started.id}", body: "My export fails" }) { id } }`,
        owner,
      );
      // The feed may first replay the acceptance: only message updates are counted.
      const seen = async (sub: SseSubscription, count: number) => {
        const updates: Record<string, unknown>[] = [];
        while (updates.length < count) {
          const update = (await sub.next()).data?.chatUpdated as Record<string, unknown>;
          if (update.message !== null) updates.push(update);
        }
        return updates;
      };
      const customerSaw = await seen(asCustomer, 2);
      expect(customerSaw.map((u) => u.message)).toEqual([
        { sender: 'agent', authorId: 'agent-live', body: 'Hello, how can I help?', internal: false },
        { sender: 'customer', authorId: OWNER, body: 'My export fails', internal: false },
      ]);
      // The chat as the read models hold it then: the customer's count leaves the note out.
      expect(customerSaw[1]!.chat).toEqual({ status: 'active', messageCount: 2 });
      const agentSaw = await seen(asAgent, 3);
      expect(agentSaw.map((u) => (u.message as { body: string }).body)).toEqual([
        'Hello, how can I help?',
        'Customer on the old plan',
        'My export fails',
      ]);
      expect(agentSaw[2]!.chat).toEqual({ status: 'active', messageCount: 3 });
    } finally {
      asCustomer.close();
      asAgent.close();
    }
  });

  it('lists chats by status, agent and customer; a customer only their own', async () => {
    const agent = await h.token('agent', 'agent-live');
    type Listed = { id: string; customerId: string; status: string; assigneeId: string | null };
    const list = async (filter: string, token: string, t: string | null = null) => {
      const query = `query($t: String) { chats(${filter} consistencyToken: $t) { id customerId status assigneeId } }`;
      return ((await h.gql(query, { t }, token)).data?.chats ?? []) as Listed[];
    };
    const active = await list('status: ["active"], assigneeId: "agent-live",', agent);
    expect(active.length).toBe(1);
    expect(active.every((c) => c.status === 'active' && c.assigneeId === 'agent-live')).toBe(true);
    const someoneElse = await h.token('customer', 'cust-other');
    const started = await mutate(
      'mutation { startChat(input: { customerId: "cust-other" }) { id consistencyToken } }',
      someoneElse,
    );
    const own = await list(`customerId: "${OWNER}",`, someoneElse, started.consistencyToken);
    expect(own.map((c) => c.customerId)).toEqual(['cust-other']);
    expect((await h.gql('{ chats(status: ["lost"]) { id } }', {}, agent)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('ticketUpdated over SSE', () => {
  it('delivers a ticket update with the ticket as the read model then shows it', async () => {
    const sub = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('customer', OWNER));
    try {
      await mutate(
        `mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "Looking", nextStatus: waiting_customer }) { id consistencyToken } }`,
        await h.token('agent', 'agent-1'),
      );
      const first = await sub.next();
      expect(first.data?.ticketUpdated).toMatchObject({
        ticketId,
        type: 'TicketStatusChanged',
        ticket: { status: 'waiting_customer' },
      });
    } finally {
      sub.close();
    }
  });

  it('never tells the customer about an internal note', async () => {
    const sub = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('customer', OWNER));
    try {
      const agent = await h.token('agent', 'agent-1');
      await mutate(
        `mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "psst", visibility: internal }) { id consistencyToken } }`,
        agent,
      );
      await mutate(
        `mutation { changeTicketPriority(input: { ticketId: "${ticketId}", priority: high }) { id consistencyToken } }`,
        agent,
      );
      expect((await sub.next()).data?.ticketUpdated).toMatchObject({ type: 'TicketPriorityChanged' });
    } finally {
      sub.close();
    }
  });

  it('tells the customer nothing of the team’s own business (tags, escalation), and staff everything', async () => {
    const customer = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('customer', OWNER));
    const staff = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('supervisor', 'sup-sse'));
    try {
      const agent = await h.token('agent', 'agent-1');
      await mutate(`mutation { addTicketTags(input: { ticketId: "${ticketId}", tags: ["vip"] }) { id } }`, agent);
      await mutate(
        `mutation { escalateTicket(input: { ticketId: "${ticketId}", reason: complexity }) { id } }`,
        await h.token('supervisor', 'sup-sse'),
      );
      await mutate(
        `mutation { changeTicketPriority(input: { ticketId: "${ticketId}", priority: urgent }) { id } }`,
        agent,
      );
      const seen = async (sub: SseSubscription, until: string) => {
        const types: string[] = [];
        while (types.at(-1) !== until)
          types.push(((await sub.next()).data?.ticketUpdated as { type: string } | undefined)?.type ?? 'none');
        return types;
      };
      expect(await seen(customer, 'TicketPriorityChanged')).toEqual(['TicketPriorityChanged']);
      const staffSaw = await seen(staff, 'TicketPriorityChanged');
      expect(staffSaw).toContain('TicketTagsAdded');
      expect(staffSaw).toContain('TicketEscalated');
    } finally {
      customer.close();
      staff.close();
    }
  });
});

describe('ticketUpdated after a version read (afterVersion)', () => {
  const SINCE =
    'subscription($id: ID!, $after: Int) { ticketUpdated(ticketId: $id, afterVersion: $after) { version type } }';
  /** The version `token`'s caller reads ticket `id` at (once the read models hold `after`, if given). */
  const versionOf = async (id: string, token: string, after: string | null = null) => {
    const read = await h.gql(
      'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { version } }',
      { id, t: after },
      token,
    );
    const ticket = read.data?.ticket as { version: number } | undefined;
    if (ticket === undefined) throw new Error(`ticket ${id} not read: ${JSON.stringify(read.errors)}`);
    return ticket.version;
  };
  /** The types of a subscription's next `count` updates. */
  const types = async (sub: SseSubscription, count: number) => {
    const seen: string[] = [];
    for (let n = 0; n < count; n++)
      seen.push(((await sub.next()).data?.ticketUpdated as { type: string } | undefined)?.type ?? 'none');
    return seen;
  };

  it('tells first each change made since the version the caller read, then the next ones, none twice', async () => {
    const id = await openTicket();
    const owner = await h.token('customer', OWNER);
    const agent = await h.token('agent', 'agent-1');
    const version = await versionOf(id, owner);
    // Changed after the read and before the subscriptions start: what a page would otherwise miss.
    await mutate(
      `mutation { replyToTicket(input: { ticketId: "${id}", body: "psst", visibility: internal }) { id } }`,
      agent,
    );
    await mutate(`mutation { changeTicketPriority(input: { ticketId: "${id}", priority: high }) { id } }`, agent);
    const customer = await subscribe(baseUrl, SINCE, { id, after: version }, owner);
    const staff = await subscribe(baseUrl, SINCE, { id, after: version }, await h.token('supervisor', 'sup-sse'));
    try {
      await mutate(`mutation { changeTicketPriority(input: { ticketId: "${id}", priority: low }) { id } }`, agent);
      // The customer is not told of the internal note, staff are; the change after the start comes once.
      expect(await types(customer, 2)).toEqual(['TicketPriorityChanged', 'TicketPriorityChanged']);
      const staffSaw = await types(staff, 3);
      expect(staffSaw).toEqual([expect.any(String), 'TicketPriorityChanged', 'TicketPriorityChanged']);
      expect(staffSaw[0]).not.toBe('TicketPriorityChanged');
    } finally {
      customer.close();
      staff.close();
    }
  });

  it('tells nothing before the next change when the caller read the latest version', async () => {
    const id = await openTicket();
    const owner = await h.token('customer', OWNER);
    const version = await versionOf(id, owner);
    const sub = await subscribe(baseUrl, SINCE, { id, after: version }, owner);
    try {
      await mutate(
        `mutation { changeTicketPriority(input: { ticketId: "${id}", priority: urgent }) { id } }`,
        await h.token('agent', 'agent-1'),
      );
      expect((await sub.next()).data?.ticketUpdated).toEqual({ version: version + 1, type: 'TicketPriorityChanged' });
    } finally {
      sub.close();
    }
  });

  it('tells the change after any version the ticket had, and refuses one it never had as bad input', async () => {
    const id = await openTicket();
    const agent = await h.token('agent', 'agent-1');
    let written = { consistencyToken: '' };
    for (const priority of ['high', 'low', 'urgent'])
      written = await mutate(
        `mutation { changeTicketPriority(input: { ticketId: "${id}", priority: ${priority} }) { id consistencyToken } }`,
        agent,
      );
    const supervisor = await h.token('supervisor', 'sup-sse');
    const version = await versionOf(id, supervisor, written.consistencyToken);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -3, max: version + 3 }).filter((after) => after !== version),
        async (after) => {
          const sub = await subscribe(baseUrl, SINCE, { id, after }, supervisor);
          try {
            const first = await sub.next();
            if (after < 0 || after > version) expect(first.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
            else expect(first.data?.ticketUpdated).toMatchObject({ version: after + 1 });
          } finally {
            sub.close();
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe('chatUpdated after a version read (afterVersion)', () => {
  it('tells first each message sent since the version the caller read, staff-only ones to staff only', async () => {
    const owner = await h.token('customer', OWNER);
    const agent = await h.token('agent', SIGNALLER);
    const chatId = await startChat();
    await mutate(`mutation { acceptChat(input: { chatId: "${chatId}" }) { id } }`, agent);
    const said = await mutate(
      `mutation { sendChatMessage(input: { chatId: "${chatId}", body: "Hi" }) { id consistencyToken } }`,
      owner,
    );
    const read = await h.gql(
      'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { version } }',
      { id: chatId, t: said.consistencyToken },
      owner,
    );
    const version = (read.data?.chat as { version: number | null } | undefined)?.version;
    expect(version).toBeGreaterThan(0);
    // Sent after the read and before the subscriptions start: what a conversation would otherwise miss.
    await mutate(`mutation { sendChatMessage(input: { chatId: "${chatId}", body: "On it" }) { id } }`, agent);
    await mutate(
      `mutation { sendChatMessage(input: { chatId: "${chatId}", body: "Old plan", internal: true }) { id } }`,
      agent,
    );
    const SINCE =
      'subscription($id: ID!, $after: Int) { chatUpdated(chatId: $id, afterVersion: $after) { version message { body } } }';
    const customer = await subscribe(baseUrl, SINCE, { id: chatId, after: version }, owner);
    const staff = await subscribe(baseUrl, SINCE, { id: chatId, after: version }, agent);
    try {
      await mutate(`mutation { sendChatMessage(input: { chatId: "${chatId}", body: "Thanks" }) { id } }`, owner);
      const bodies = async (sub: SseSubscription, count: number) => {
        const seen: (string | null)[] = [];
        for (let n = 0; n < count; n++) {
          const update = (await sub.next()).data?.chatUpdated as { message: { body: string } | null };
          seen.push(update.message?.body ?? null);
        }
        return seen;
      };
      expect(await bodies(customer, 2)).toEqual(['On it', 'Thanks']);
      expect(await bodies(staff, 3)).toEqual(['On it', 'Old plan', 'Thanks']);
    } finally {
      customer.close();
      staff.close();
    }
    const refused = await subscribe(baseUrl, SINCE, { id: chatId, after: 1_000 }, owner);
    try {
      expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      refused.close();
    }
  });
});

describe('assignedToMe over SSE', () => {
  it('tells the caller of each ticket and chat given to them, and of nothing given to anyone else', async () => {
    const sub = await subscribe(baseUrl, ASSIGNED, {}, await h.token('agent', 'agent-1'));
    try {
      const agent = await h.token('agent', 'agent-1');
      const supervisor = await h.token('supervisor', 'supervisor-1');
      // Someone else's work first: had it reached agent-1, it would be the first payload below.
      await assignTicket(await openTicket(), 'supervisor-1');
      const transferred = await startChat();
      await mutate(`mutation { acceptChat(input: { chatId: "${transferred}" }) { id consistencyToken } }`, supervisor);

      const ticketId = await openTicket();
      await assignTicket(ticketId, 'agent-1');
      expect((await sub.next()).data?.assignedToMe).toMatchObject({
        kind: 'ticket',
        id: ticketId,
        mode: 'assigned',
        routing: null,
      });

      const accepted = await startChat();
      await mutate(`mutation { acceptChat(input: { chatId: "${accepted}" }) { id consistencyToken } }`, agent);
      expect((await sub.next()).data?.assignedToMe).toMatchObject({ kind: 'chat', id: accepted, mode: 'accepted' });

      await mutate(
        `mutation { transferChat(input: { chatId: "${transferred}", toAgentId: "agent-1", reason: "Shift ends" }) { id consistencyToken } }`,
        supervisor,
      );
      const last = (await sub.next()).data?.assignedToMe as { id: string; mode: string; consistencyToken: string };
      expect(last).toMatchObject({ id: transferred, mode: 'transferred' });

      // Its token shows the caller's work including everything they were given.
      const work = await h.gql(
        'query($t: String) { myWork(consistencyToken: $t) { tickets { id } chats { id } } }',
        { t: last.consistencyToken },
        agent,
      );
      const mine = work.data?.myWork as { tickets: { id: string }[]; chats: { id: string }[] };
      expect(mine.tickets.map((t) => t.id)).toContain(ticketId);
      expect(mine.chats.map((c) => c.id).sort()).toEqual([accepted, transferred].sort());
    } finally {
      sub.close();
    }
  });
});

describe('liveBoardUpdated over SSE', () => {
  it('sends supervisors the board as the read models hold it after a change', async () => {
    const supervisor = await h.token('supervisor', 'supervisor-1');
    const before = await h.gql('{ liveBoard { tickets { total new } } }', {}, supervisor);
    const { total, new: fresh } = field<{ tickets: { total: number; new: number } }>(before, 'liveBoard').tickets;
    const sub = await subscribe(baseUrl, LIVE_BOARD, {}, supervisor);
    try {
      await openTicket();
      // A board sent for an earlier change still in flight may come first; the ticket's must follow.
      const expected = { total: total + 1, new: fresh + 1 };
      let tickets: unknown;
      for (let i = 0; i < 5 && !isDeepStrictEqual(tickets, expected); i++) {
        const payload = await sub.next();
        expect(payload.errors).toBeUndefined();
        tickets = (payload.data?.liveBoardUpdated as { tickets: unknown } | undefined)?.tickets;
      }
      expect(tickets).toEqual(expected);
    } finally {
      sub.close();
    }
  });

  it('does not send a board again when a change moved none of its figures', async () => {
    const supervisor = await h.token('supervisor', 'supervisor-1');
    const before = await h.gql('{ liveBoard { tickets { total } } }', {}, supervisor);
    const { total } = field<{ tickets: { total: number } }>(before, 'liveBoard').tickets;
    // Every figure of the board, less the waits that move with the clock alone.
    const FIGURES = `subscription { liveBoardUpdated { tickets { total new inProgress waitingCustomer resolved closed }
      waitingChats { count } waitingTickets { count } agents { available busy break training offline }
      slaBreachesLastHour slaAtRisk callbacksDue escalations } }`;
    const sub = await subscribe(baseUrl, FIGURES, {}, supervisor);
    const boardOf = async () => (await sub.next()).data?.liveBoardUpdated as { tickets: { total: number } } | undefined;
    try {
      const first = await openTicket();
      // Boards for changes still in flight may come first; the new ticket's must follow.
      let board = await boardOf();
      for (let i = 0; i < 5 && board?.tickets.total !== total + 1; i++) board = await boardOf();
      expect(board?.tickets.total).toBe(total + 1);
      // Its SLA terms recorded, a tag added: events that move no figure send nothing. The boards
      // up to the next ticket's each differ from the one before (another test's change still in
      // flight may move a figure; none repeats a board).
      const agent = await h.token('agent', 'agent-1');
      await mutate(
        `mutation { addTicketTags(input: { ticketId: "${first}", tags: ["board-quiet"] }) { id consistencyToken } }`,
        agent,
      );
      await openTicket();
      const boards = [board];
      while (boards.length < 10 && boards.at(-1)?.tickets.total !== total + 2) boards.push(await boardOf());
      expect(boards.at(-1)?.tickets.total).toBe(total + 2);
      for (const [i, next] of boards.slice(1).entries()) expect(next).not.toEqual(boards[i]);
    } finally {
      sub.close();
    }
  });

  it('ends when the caller’s token expires, saying so, as a new request would be refused', async () => {
    // Valid for four or five more seconds: its `exp` is 25 s past, within the 30 s tolerated.
    const shortLived = await mintToken({ sub: 'supervisor-1', role: 'supervisor' }, SECRET, -25);
    const sub = await subscribe(baseUrl, LIVE_BOARD, {}, shortLived);
    try {
      // A board update may come first (an earlier test's write, projected late on a loaded machine).
      let payload = await sub.next();
      while (payload.errors === undefined) payload = await sub.next();
      expect(payload.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(payload.errors?.[0]?.message).toMatch(/token expired/);
      await expect(sub.next()).rejects.toThrow('subscription ended without a payload');
      const refused = await h.gql('{ liveBoard { tickets { total } } }', {}, shortLived);
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      sub.close();
    }
  });
});

// The subscription half of the authorization matrix: every role, every subscription.
describe.each(Role.options)('as %s', (role) => {
  it.each([
    ['ticketUpdated', TICKET_UPDATES],
    ['chatUpdated', CHAT_UPDATES],
    ['chatActivity', CHAT_ACTIVITY],
    ['queueUpdated', QUEUE_UPDATES],
    ['liveBoardUpdated', LIVE_BOARD],
    ['assignedToMe', ASSIGNED],
    ['suggestionsUpdated', SUGGESTIONS],
  ] as const)('%s follows the policy table', async (operation, query) => {
    const sub: SseSubscription = await subscribe(
      baseUrl,
      query,
      { id: ticketId, customerId: OWNER, chatId, activeChatId },
      await h.token(role, subjectOf(role)),
    );
    try {
      if (!roleAllows(operation, role)) {
        expect((await sub.next()).errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
        return;
      }
      const owner = await h.token('customer', OWNER);
      if (operation === 'ticketUpdated') {
        await mutate(
          `mutation { customerReply(input: { ticketId: "${ticketId}", body: "ping" }) { id consistencyToken } }`,
          owner,
        );
      } else if (operation === 'chatUpdated') {
        await mutate(`mutation { sendChatMessage(input: { chatId: "${chatId}", body: "ping" }) { id } }`, owner);
      } else if (operation === 'chatActivity') {
        // Someone other than the subscriber, who is never sent their own signals.
        const signaller = role === 'customer' ? await h.token('agent', SIGNALLER) : owner;
        await mutate(
          `mutation { signalChat(input: { chatId: "${activeChatId}", signal: typing }) { relayed } }`,
          signaller,
        );
      } else if (operation === 'queueUpdated' || operation === 'liveBoardUpdated') {
        await startChat();
      } else if (operation === 'suggestionsUpdated') {
        await moveSuggestions();
      } else {
        await assignTicket(await openTicket(), subjectOf(role));
      }
      const payload = await sub.next();
      expect(payload.errors).toBeUndefined();
      expect(payload.data?.[operation]).toBeDefined();
    } finally {
      sub.close();
    }
  });
});

// A mistyped chat or ticket id is reported to every role, as it always was to customers (their
// ownership rule), rather than left listening to a chat or a ticket that will never speak.
describe.each(['customer', 'agent', 'supervisor', 'admin', 'auditor', 'system'] as const)('as %s', (role) => {
  it.each([
    ['chatUpdated', 'chat', CHAT_UPDATES, 'chatId'],
    ['chatActivity', 'chat', CHAT_ACTIVITY, 'activeChatId'],
    ['ticketUpdated', 'ticket', TICKET_UPDATES, 'id'],
  ] as const)('%s on a %s that does not exist is NOT_FOUND', async (_operation, kind, query, variable) => {
    const sub = await subscribe(baseUrl, query, { [variable]: 'no-such-one' }, await h.token(role, subjectOf(role)));
    try {
      const [error] = (await sub.next()).errors ?? [];
      expect(error?.extensions).toEqual({ code: 'NOT_FOUND' });
      expect(error?.message).toBe(`No ${kind} "no-such-one"`);
    } finally {
      sub.close();
    }
  });
});

it("answers another customer's ticket as a missing one", async () => {
  const sub = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('customer', 'someone-else'));
  try {
    const [error] = (await sub.next()).errors ?? [];
    expect(error?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(error?.message).toBe(`No ticket "${ticketId}"`);
  } finally {
    sub.close();
  }
});
