import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, T0 } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// The staff's views of the work: the queue the router works through (in its order, filtered),
// the supervisors' queue, each agent's own work, a chat's history and live news of new work.

const MINUTE = 60_000;
const minutes = (n: number) => new Date(T0.getTime() + n * MINUTE);

const QUEUE = `query($f: WorkQueueFilter, $first: Int, $t: String) {
  workQueue(filter: $f, first: $first, consistencyToken: $t) {
    position kind id priority tier category language customerId queuedSince waitingMs
  }
}`;

interface Entry {
  readonly position: number;
  readonly kind: string;
  readonly id: string;
  readonly waitingMs: number;
}

interface Tokens {
  readonly sue: string;
  readonly ada: string;
  readonly bob: string;
  readonly carl: string;
}

async function tokens(h: ApiHarness): Promise<Tokens> {
  return {
    sue: await h.token('supervisor', 'sue'),
    ada: await h.token('agent', 'ada'),
    bob: await h.token('agent', 'bob'),
    carl: await h.token('customer', 'carl'),
  };
}

/** Runs a mutation that must succeed; returns its consistency token. */
async function run(h: ApiHarness, token: string, name: string, input: Record<string, unknown>): Promise<string> {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const response = await h.gql(
    `mutation($i: ${type}!) { ${name}(input: $i) { consistencyToken } }`,
    { i: input },
    token,
  );
  return field<{ consistencyToken: string }>(response, name).consistencyToken;
}

async function registerAvailable(h: ApiHarness, t: Tokens, agentId: string, tier: number): Promise<void> {
  await run(h, t.sue, 'registerAgent', { agentId, name: agentId, tier, languages: ['en'] });
  await run(h, t.sue, 'setAgentAvailability', { agentId, availability: 'available' });
}

describe('queue views', () => {
  let h: ApiHarness;
  let t: Tokens;
  /** The token of the last setup write: queries passing it see the whole setup. */
  let written: string;

  const queue = async (filter: Record<string, unknown> = {}, first?: number) =>
    field<Entry[]>(await h.gql(QUEUE, { f: filter, first, t: written }, t.sue), 'workQueue');
  const ids = async (filter: Record<string, unknown> = {}, first?: number) =>
    (await queue(filter, first)).map((entry) => entry.id);

  beforeAll(async () => {
    h = await createApiHarness({ routing: 'manual' });
    t = await tokens(h);
    await registerAvailable(h, t, 'ada', 3);
    await registerAvailable(h, t, 'bob', 1);
    const ticket = (ticketId: string, fields: Record<string, unknown>) =>
      run(h, t.sue, 'openTicket', {
        ticketId,
        customerId: 'carl',
        subject: ticketId,
        description: 'Help',
        channel: 'web',
        ...fields,
      });
    const chat = (chatId: string, fields: Record<string, unknown>) =>
      run(h, t.sue, 'startChat', { chatId, customerId: 'carl', firstMessage: { body: 'Hi' }, ...fields });
    // Queued work, each item at its own minute (a chat and a ticket tie at minute 0).
    const queued: [number, () => Promise<string>][] = [
      [0, () => ticket('t-low', { priority: 'low', category: 'billing', language: 'en-GB' })],
      [0, () => chat('c-low', { priority: 'low', category: 'billing' })],
      [1, () => ticket('t-urgent', { priority: 'urgent', category: 'tech', language: 'fr' })],
      [2, () => chat('c-medium', { priority: 'medium', category: 'billing', language: 'en' })],
      [3, () => ticket('t-normal', { priority: 'normal', category: 'billing', language: 'en-US' })],
      [4, () => chat('c-urgent', { priority: 'urgent', category: 'tech', language: 'de' })],
      [5, () => ticket('t-high', { priority: 'high', category: 'tech', language: 'en' })],
      [6, () => ticket('t-tier2', { priority: 'normal', category: 'tech' })],
      [6, () => run(h, t.sue, 'escalateTicket', { ticketId: 't-tier2', reason: 'complexity' })],
    ];
    for (const [minute, write] of queued) {
      h.clock.now = minutes(minute);
      await write();
    }
    // Work someone holds, or that is over: never in the queue.
    h.clock.now = minutes(7);
    for (const [id, agentId] of [
      ['t-ada', 'ada'],
      ['t-bob', 'bob'],
      ['t-done', 'ada'],
    ] as const) {
      await ticket(id, {});
      await run(h, t.sue, 'assignTicket', { ticketId: id, agentId });
    }
    await run(h, t.ada, 'changeTicketStatus', { ticketId: 't-done', to: 'in_progress' });
    await run(h, t.ada, 'changeTicketStatus', { ticketId: 't-done', to: 'resolved' });
    for (const id of ['c-ada', 'c-over']) {
      await chat(id, {});
      await run(h, t.ada, 'acceptChat', { chatId: id });
    }
    written = await run(h, t.ada, 'closeChat', { chatId: 'c-over' });
    h.clock.now = minutes(10);
  });
  afterAll(async () => h?.close());

  describe('workQueue', () => {
    it('lists waiting tickets and chats in routing order: priority, longest waiting, then kind and id', async () => {
      const entries = await queue();
      expect(entries.map(({ position, kind, id }) => [position, kind, id])).toEqual([
        [1, 'ticket', 't-urgent'],
        [2, 'chat', 'c-urgent'],
        [3, 'ticket', 't-high'],
        [4, 'chat', 'c-medium'],
        [5, 'ticket', 't-normal'],
        [6, 'ticket', 't-tier2'],
        [7, 'chat', 'c-low'],
        [8, 'ticket', 't-low'],
      ]);
      expect(entries[5]).toMatchObject({
        priority: 'normal',
        tier: 2,
        category: 'tech',
        language: null,
        customerId: 'carl',
        queuedSince: minutes(6).toISOString(),
      });
      expect(entries[1]).toMatchObject({ priority: 'urgent', tier: 1, language: 'de' });
    });

    it('measures each wait at the API clock, so waits grow as time passes', async () => {
      const waits = (entries: Entry[]) => Object.fromEntries(entries.map((e) => [e.id, e.waitingMs]));
      const now = waits(await queue());
      expect(now).toEqual({
        't-urgent': 9 * MINUTE,
        'c-urgent': 6 * MINUTE,
        't-high': 5 * MINUTE,
        'c-medium': 8 * MINUTE,
        't-normal': 7 * MINUTE,
        't-tier2': 4 * MINUTE,
        'c-low': 10 * MINUTE,
        't-low': 10 * MINUTE,
      });
      h.clock.now = minutes(25);
      try {
        const later = waits(await queue());
        for (const [id, ms] of Object.entries(now)) expect(later[id]).toBe(ms + 15 * MINUTE);
      } finally {
        h.clock.now = minutes(10);
      }
    });

    it('filters by kind and tier, numbering positions within the filtered queue', async () => {
      const chats = await queue({ kind: 'chat' });
      expect(chats.map(({ position, id }) => [position, id])).toEqual([
        [1, 'c-urgent'],
        [2, 'c-medium'],
        [3, 'c-low'],
      ]);
      expect(await ids({ tier: [2] })).toEqual(['t-tier2']);
      expect(await ids({ tier: [1] })).not.toContain('t-tier2');
      expect(await ids({ tier: [1] })).toHaveLength(7);
    });

    it('filters by category and by language on its primary subtag', async () => {
      expect(await ids({ category: 'billing' })).toEqual(['c-medium', 't-normal', 'c-low', 't-low']);
      const english = ['t-high', 'c-medium', 't-normal', 't-low'];
      expect(await ids({ language: 'en' })).toEqual(english);
      expect(await ids({ language: 'en-GB' })).toEqual(english);
      expect(await ids({ language: 'FR' })).toEqual(['t-urgent']);
    });

    it('filters by priority rank: normal tickets and medium chats go together', async () => {
      expect(await ids({ priority: ['normal'] })).toEqual(['c-medium', 't-normal', 't-tier2']);
      expect(await ids({ priority: ['medium'] })).toEqual(['c-medium', 't-normal', 't-tier2']);
      expect(await ids({ priority: ['urgent', 'low'] })).toEqual(['t-urgent', 'c-urgent', 'c-low', 't-low']);
    });

    it('filters by wait, and combines filters', async () => {
      // 7.5 minutes at minute 10: queued before minute 2.5.
      expect(await ids({ olderThanSeconds: 450 })).toEqual(['t-urgent', 'c-medium', 'c-low', 't-low']);
      expect(await ids({ olderThanSeconds: 3600 })).toEqual([]);
      expect(await ids({ kind: 'ticket', language: 'en', olderThanSeconds: 0 })).toEqual([
        't-high',
        't-normal',
        't-low',
      ]);
      expect(await ids({ kind: 'ticket', priority: ['normal'], tier: [1, 2], category: 'tech' })).toEqual(['t-tier2']);
    });

    it('returns at most first entries', async () => {
      expect((await queue({}, 2)).map(({ position, id }) => [position, id])).toEqual([
        [1, 't-urgent'],
        [2, 'c-urgent'],
      ]);
    });

    it.each([
      ['a negative wait', { f: { olderThanSeconds: -1 } }],
      ['first: 0', { first: 0 }],
      ['first: 1e9', { first: 1e9 }],
      ['first above 200', { first: 201 }],
      ['an unknown kind', { f: { kind: 'parcel' } }],
      ['an unknown priority', { f: { priority: ['critical'] } }],
      ['an unknown tier', { f: { tier: [4] } }],
      ['a malformed language', { f: { language: 'not a language' } }],
    ])('refuses %s as BAD_USER_INPUT', async (_case, variables) => {
      expect(codes(await h.gql(QUEUE, variables, t.sue))).toEqual(['BAD_USER_INPUT']);
    });

    it('names the priorities it takes when refusing one', async () => {
      const refused = await h.gql(QUEUE, { f: { priority: ['critical'] } }, t.sue);
      expect(refused.errors?.[0]?.message).toMatch(/expected one of "low"\|"normal"\|"high"\|"urgent"\|"medium"/);
    });

    it('refuses a float literal for first as BAD_USER_INPUT', async () => {
      expect(codes(await h.gql('{ workQueue(first: 1e9) { id } }', {}, t.sue))).toEqual(['BAD_USER_INPUT']);
    });
  });

  it.each([
    ['workQueue', '{ workQueue { id } }'],
    ['supervisorQueue', '{ supervisorQueue { id } }'],
    ['myWork', '{ myWork { tickets { id } } }'],
    ['chatHistory', '{ chatHistory(chatId: "c-low") { type } }'],
  ])('refuses %s to customers', async (name, query) => {
    const response = await h.gql(query, {}, t.carl);
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
    expect(response.data?.[name] ?? null).toBeNull();
  });

  describe('myWork', () => {
    const MY_WORK =
      'query($t: String) { myWork(consistencyToken: $t) { tickets { id status } chats { id status messages { body } } } }';
    const workOf = async (token: string) =>
      field<{ tickets: { id: string }[]; chats: { id: string; messages: { body: string }[] }[] }>(
        await h.gql(MY_WORK, { t: written }, token),
        'myWork',
      );

    it("lists exactly the caller's open tickets and active chats", async () => {
      const ada = await workOf(t.ada);
      expect(ada.tickets).toEqual([{ id: 't-ada', status: 'new' }]);
      expect(ada.chats).toEqual([{ id: 'c-ada', status: 'active', messages: [{ body: 'Hi' }] }]);
      expect(await workOf(t.bob)).toEqual({ tickets: [{ id: 't-bob', status: 'new' }], chats: [] });
      expect(await workOf(t.sue)).toEqual({ tickets: [], chats: [] });
    });
  });

  describe('tickets for a sync', () => {
    it('lists the tickets changed since an instant, least recently changed first', async () => {
      const list = async (since: Date, order = 'updated') =>
        h.gql(
          'query($s: DateTime, $o: TicketOrder, $t: String) { tickets(filter: { updatedSince: $s }, order: $o, consistencyToken: $t, first: 100) { items { id } } }',
          { s: since.toISOString(), o: order, t: written },
          t.sue,
        );
      const since = field<{ items: { id: string }[] }>(await list(minutes(6)), 'tickets').items.map((i) => i.id);
      // t-tier2 escalated at minute 6, then the held work at minute 7, t-done last.
      expect(since[0]).toBe('t-tier2');
      expect(since.at(-1)).toBe('t-done');
      expect(since).not.toContain('t-high');
      expect(field<{ items: unknown[] }>(await list(minutes(60)), 'tickets').items).toEqual([]);
      expect(codes(await list(minutes(6), 'oldest'))).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('supervisorQueue', () => {
    it('lists a ticket escalated past the top tier', async () => {
      await run(h, t.sue, 'openTicket', {
        ticketId: 't-sup',
        customerId: 'carl',
        subject: 'Still broken',
        description: 'Nobody can fix it',
        channel: 'web',
      });
      let token = '';
      for (let i = 0; i < 3; i++)
        token = await run(h, t.sue, 'escalateTicket', { ticketId: 't-sup', reason: 'complexity' });
      const response = await h.gql(
        'query($t: String) { supervisorQueue(consistencyToken: $t) { id tier withSupervisors } }',
        { t: token },
        t.sue,
      );
      expect(field(response, 'supervisorQueue')).toEqual([{ id: 't-sup', tier: 3, withSupervisors: true }]);
      const agent = await h.gql('{ supervisorQueue { id } }', {}, t.ada);
      expect(agent.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
    });
  });
});

describe('routed work', () => {
  let h: ApiHarness;
  let t: Tokens;

  beforeAll(async () => {
    h = await createApiHarness({ routing: 'auto' });
    t = await tokens(h);
    await registerAvailable(h, t, 'ada', 1);
  });
  afterAll(async () => h?.close());

  it("tells the agent the router chose them, and the chat's history says why", async () => {
    const sub = await subscribe(
      await listen(h.app),
      'subscription { assignedToMe { kind id mode routing } }',
      {},
      t.ada,
    );
    try {
      await run(h, t.sue, 'startChat', { chatId: 'c-routed', customerId: 'carl', category: 'billing' });
      const routing = { rule: 'best_score', eligible: 1, considered: 1, candidates: [{ agentId: 'ada' }] };
      expect((await sub.next()).data?.assignedToMe).toMatchObject({
        kind: 'chat',
        id: 'c-routed',
        mode: 'routed',
        routing,
      });
      const history = field<{ type: string; actor: { id: string; role: string }; data: Record<string, unknown> }[]>(
        await h.gql(
          'query($id: ID!) { chatHistory(chatId: $id) { type actor { id role } data } }',
          { id: 'c-routed' },
          await h.token('auditor', 'audrey'),
        ),
        'chatHistory',
      );
      expect(history.map((entry) => entry.type)).toEqual(['ChatStarted', 'ChatAssigned']);
      expect(history[1]).toMatchObject({
        actor: { id: 'router', role: 'system' },
        data: { agentId: 'ada', mode: 'routed', routing },
      });
    } finally {
      sub.close();
    }
  });
});
