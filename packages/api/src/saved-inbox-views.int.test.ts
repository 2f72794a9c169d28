import { inAgentQueues, type QueueMember } from '@support-engine/domain/assignment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// Saved inbox views over GraphQL (each staff member's own, with their counts) and the
// `inMyQueues` filter: the unassigned tickets the domain's `inAgentQueues` places in an agent's queues.

let h: ApiHarness;
const t: Record<'ada' | 'linus' | 'sue' | 'admin' | 'auditor' | 'portal', string> = {
  ada: '',
  linus: '',
  sue: '',
  admin: '',
  auditor: '',
  portal: '',
};
let token = '';

async function ok<T>(query: string, as: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await h.gql(query, variables, as);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

const SAVE = `mutation($i: SaveInboxViewInput!) { saveInboxView(input: $i) { consistencyToken } }`;
const VIEWS = `query($t: String) { inboxViews(consistencyToken: $t) { id name order count filter { status priority inMyQueues category } } }`;
type View = { id: string; name: string; order: string; count: number; filter: Record<string, unknown> };
const views = async (as: string) => (await ok<{ inboxViews: View[] }>(VIEWS, as, { t: token })).inboxViews;
const saved = async (as: string, input: Record<string, unknown>) => {
  token = (await ok<{ saveInboxView: { consistencyToken: string } }>(SAVE, as, { i: input })).saveInboxView
    .consistencyToken;
};
const mutate = async (name: string, as: string, input: Record<string, unknown>) => {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  token = field<{ consistencyToken: string }>(
    await h.gql(`mutation($i: ${type}!) { ${name}(input: $i) { consistencyToken } }`, { i: input }, as),
    name,
  ).consistencyToken;
};

// Categories and the skill each requires (none for `general`); tickets by the key the test gives them.
const SKILLS: Record<string, string | null> = { billing: 'billing', tech: 'technical', general: null };
const TEAM: QueueMember[] = [
  { agentId: 'ada', tier: 1, skills: ['billing'], deactivated: false },
  { agentId: 'linus', tier: 2, skills: ['technical'], deactivated: false },
];
const tickets: { id: string; category: string; tier: number; assigned: boolean }[] = [];

beforeAll(async () => {
  h = await createApiHarness();
  for (const [name, role] of [
    ['ada', 'agent'],
    ['linus', 'agent'],
    ['sue', 'supervisor'],
    ['admin', 'admin'],
    ['auditor', 'auditor'],
    ['portal', 'system'],
  ] as const)
    t[name] = await h.token(role, name);
  for (const agent of TEAM)
    await ok('mutation($i: RegisterAgentInput!) { registerAgent(input: $i) { id } }', t.sue, {
      i: { agentId: agent.agentId, name: agent.agentId, skills: agent.skills, languages: ['en'], tier: agent.tier },
    });
  for (const [categoryId, skill] of Object.entries(SKILLS))
    await ok('mutation($i: CreateTicketCategoryInput!) { createTicketCategory(input: $i) { id } }', t.admin, {
      i: { categoryId, definition: { name: categoryId, ...(skill && { requiredSkill: skill }) } },
    });
  const open = async (category: string, tier: number, assigned = false) => {
    const opened = await ok<{ openTicket: { id: string; consistencyToken: string } }>(
      'mutation($c: String) { openTicket(input: { customerId: "cust-q", subject: "Help", description: "x", channel: web, category: $c }) { id consistencyToken } }',
      t.portal,
      { c: category },
    );
    const id = opened.openTicket.id;
    token = opened.openTicket.consistencyToken;
    if (tier > 1) await mutate('escalateTicket', t.sue, { ticketId: id, reason: 'complexity' });
    if (assigned) await mutate('assignTicket', t.sue, { ticketId: id, agentId: 'linus' });
    tickets.push({ id, category, tier, assigned });
  };
  for (const category of Object.keys(SKILLS)) {
    await open(category, 1);
    await open(category, 2);
  }
  await open('general', 1, true);
});
afterAll(async () => h?.close());

describe('saved inbox views', () => {
  it("saves a view with its filter and order, and lists it with ticketCount's count of that filter", async () => {
    await saved(t.ada, {
      viewId: 'v-urgent',
      name: ' Billing queue ',
      filter: { category: 'billing', status: ['new'] },
    });
    const count = field<number>(
      await h.gql(
        'query($t: String) { ticketCount(filter: { category: "billing", status: [new] }, consistencyToken: $t) }',
        { t: token },
        t.ada,
      ),
      'ticketCount',
    );
    expect(count).toBe(2);
    expect(await views(t.ada)).toEqual([
      {
        id: 'v-urgent',
        name: 'Billing queue',
        order: 'newest',
        count,
        filter: { status: ['new'], priority: null, inMyQueues: null, category: 'billing' },
      },
    ]);
  });

  it('refuses a taken name (without case), a filter field an inbox does not offer, and writes nothing', async () => {
    const before = await h.eventCount();
    const taken = await h.gql(SAVE, { i: { viewId: 'v-2', name: 'BILLING QUEUE', filter: {} } }, t.ada);
    expect(codes(taken)).toEqual(['INBOX_VIEW_NAME_TAKEN']);
    const plan = await h.gql(SAVE, { i: { viewId: 'v-2', name: 'Gold', filter: { plan: 'gold' } } }, t.ada);
    expect(codes(plan)).toEqual(['BAD_USER_INPUT']);
    const blank = await h.gql(SAVE, { i: { viewId: 'v-2', name: '   ', filter: {} } }, t.ada);
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(await h.eventCount()).toBe(before);
  });

  it('renames, reorders and deletes; each user sees and edits only their own views', async () => {
    await saved(t.ada, { viewId: 'v-mine', name: 'Urgent', filter: { priority: ['urgent'] }, order: 'priority' });
    await mutate('reorderInboxViews', t.ada, { viewIds: ['v-mine', 'v-urgent'] });
    await mutate('renameInboxView', t.ada, { viewId: 'v-mine', name: 'On fire' });
    expect((await views(t.ada)).map((view) => [view.id, view.name, view.order])).toEqual([
      ['v-mine', 'On fire', 'priority'],
      ['v-urgent', 'Billing queue', 'newest'],
    ]);
    // Linus has none of Ada's: his list is his own, and her view's id names nothing on his stream.
    expect(await views(t.linus)).toEqual([]);
    expect(
      codes(await h.gql('mutation { renameInboxView(input: { viewId: "v-mine", name: "Mine" }) { id } }', {}, t.linus)),
    ).toEqual(['NOT_FOUND']);
    expect(codes(await h.gql(VIEWS, {}, t.auditor))).toEqual(['FORBIDDEN']);
    await mutate('deleteInboxView', t.ada, { viewId: 'v-mine' });
    expect((await views(t.ada)).map((view) => view.id)).toEqual(['v-urgent']);
  });
});

describe('views shared with the team', () => {
  const TEAM_VIEWS = `query($t: String) { teamInboxViews(consistencyToken: $t) { id name count shared ownerId filter { category inMyQueues } } }`;
  type TeamView = { id: string; name: string; count: number; shared: boolean; ownerId: string };
  const teamViews = async (as: string) =>
    (await ok<{ teamInboxViews: TeamView[] }>(TEAM_VIEWS, as, { t: token })).teamInboxViews;
  const count = async (filter: string, as: string) =>
    (
      await ok<{ ticketCount: number }>(
        `query($t: String) { ticketCount(filter: ${filter}, consistencyToken: $t) }`,
        as,
        { t: token },
      )
    ).ticketCount;

  it("offers a lead's shared view to every teammate with their own count; the lead's own list marks it", async () => {
    await saved(t.sue, {
      viewId: 't-billing',
      name: 'Billing, new',
      filter: { category: 'billing', status: ['new'] },
      shared: true,
    });
    const [view] = await teamViews(t.ada);
    expect(view).toMatchObject({ id: 't-billing', name: 'Billing, new', shared: true, ownerId: 'sue' });
    expect(view?.count).toBe(await count('{ category: "billing", status: [new] }', t.ada));
    expect(view?.count).toBeGreaterThan(0);
    // The lead's own share is in their own list (marked), not again among the team's.
    expect((await teamViews(t.sue)).map((shared) => shared.id)).toEqual([]);
    const own = await ok<{ inboxViews: { id: string; shared: boolean; ownerId: string }[] }>(
      'query($t: String) { inboxViews(consistencyToken: $t) { id shared ownerId } }',
      t.sue,
      { t: token },
    );
    expect(own.inboxViews).toEqual([{ id: 't-billing', shared: true, ownerId: 'sue' }]);
  });

  it('refuses sharing to an agent with its own code, and writes nothing; a teammate cannot change a shared view', async () => {
    const before = await h.eventCount();
    const refused = await h.gql(SAVE, { i: { viewId: 'v-all', name: 'For all', filter: {}, shared: true } }, t.ada);
    expect(codes(refused)).toEqual(['INBOX_VIEW_SHARING_FORBIDDEN']);
    // Sue's view is not on Ada's stream: renaming or deleting it there finds nothing.
    const renamed = await h.gql(
      'mutation { renameInboxView(input: { viewId: "t-billing", name: "Mine" }) { id } }',
      {},
      t.ada,
    );
    expect(codes(renamed)).toEqual(['NOT_FOUND']);
    expect(await h.eventCount()).toBe(before);
    expect(codes(await h.gql(TEAM_VIEWS, {}, t.auditor))).toEqual(['FORBIDDEN']);
  });

  it('offers a shared view of queues to agents only, each counting their own queues', async () => {
    await saved(t.admin, { viewId: 't-queues', name: 'Our queues', filter: { inMyQueues: true }, shared: true });
    for (const agent of ['ada', 'linus'] as const) {
      const queues = (await teamViews(t[agent])).find((view) => view.id === 't-queues');
      expect(queues?.count).toBe(await count('{ inMyQueues: true }', t[agent]));
    }
    expect((await teamViews(t.sue)).map((view) => view.id)).toEqual([]);
  });

  it('takes a view back from the team when its owner saves it again unshared', async () => {
    await saved(t.sue, { viewId: 't-billing', name: 'Billing, new', filter: { category: 'billing', status: ['new'] } });
    expect((await teamViews(t.ada)).map((view) => view.id)).toEqual(['t-queues']);
  });

  it("lets another lead stop sharing a colleague's view, which stays the colleague's; an agent cannot", async () => {
    const stop = 'mutation($i: StopSharingInboxViewInput!) { stopSharingInboxView(input: $i) { id } }';
    const before = await h.eventCount();
    expect(codes(await h.gql(stop, { i: { viewId: 't-queues', ownerId: 'admin' } }, t.ada))).toEqual([
      'INBOX_VIEW_SHARING_FORBIDDEN',
    ]);
    expect(await h.eventCount()).toBe(before);
    await mutate('stopSharingInboxView', t.sue, { viewId: 't-queues', ownerId: 'admin' });
    expect((await teamViews(t.ada)).map((view) => view.id)).toEqual([]);
    const own = await ok<{ inboxViews: { id: string; shared: boolean }[] }>(
      'query($t: String) { inboxViews(consistencyToken: $t) { id shared } }',
      t.admin,
      { t: token },
    );
    expect(own.inboxViews).toEqual([{ id: 't-queues', shared: false }]);
  });
});

describe('inMyQueues', () => {
  const LIST =
    'query($t: String) { tickets(filter: { inMyQueues: true }, first: 100, consistencyToken: $t) { items { id } } }';
  const COUNT = 'query($t: String) { ticketCount(filter: { inMyQueues: true }, consistencyToken: $t) }';

  it("lists what the domain's inAgentQueues places in each agent's queues, and counts as it lists", async () => {
    for (const agentId of ['ada', 'linus'] as const) {
      const me = TEAM.find((agent) => agent.agentId === agentId)!;
      const expected = tickets
        .filter((ticket) => !ticket.assigned)
        .filter((ticket) =>
          inAgentQueues(me, { kind: 'ticket', tier: ticket.tier, requiredSkill: SKILLS[ticket.category] }, TEAM),
        )
        .map((ticket) => ticket.id)
        .sort();
      const listed = (await ok<{ tickets: { items: { id: string }[] } }>(LIST, t[agentId], { t: token })).tickets.items
        .map((ticket) => ticket.id)
        .sort();
      expect(listed).toEqual(expected);
      expect((await ok<{ ticketCount: number }>(COUNT, t[agentId], { t: token })).ticketCount).toBe(expected.length);
    }
    // In words: Ada (tier 1, billing) has the tier-1 general and billing tickets; Linus (tier 2,
    // technical) every unassigned one but the tier-1 billing (a skill Ada at tier 1 lists).
    const key = (ticket: (typeof tickets)[number]) => `${ticket.category}@${ticket.tier}`;
    const of = async (as: string) => {
      const ids = (await ok<{ tickets: { items: { id: string }[] } }>(LIST, as, { t: token })).tickets.items.map(
        (x) => x.id,
      );
      return tickets
        .filter((ticket) => ids.includes(ticket.id))
        .map(key)
        .sort();
    };
    expect(await of(t.ada)).toEqual(['billing@1', 'general@1']);
    expect(await of(t.linus)).toEqual(['billing@2', 'general@1', 'general@2', 'tech@1', 'tech@2']);
  });

  it('is for agents only: a supervisor has no queues', async () => {
    expect(codes(await h.gql(COUNT, {}, t.sue))).toEqual(['BAD_USER_INPUT']);
  });

  it('counts in a saved view for its owner', async () => {
    await saved(t.linus, {
      viewId: 'v-queues',
      name: 'My queues',
      filter: { inMyQueues: true, status: ['new', 'in_progress', 'waiting_customer'] },
    });
    const [view] = await views(t.linus);
    expect(view?.count).toBe((await ok<{ ticketCount: number }>(COUNT, t.linus, { t: token })).ticketCount);
    expect(view?.count).toBeGreaterThan(0);
  });
});

describe('ticketsChanged', () => {
  const CHANGED = 'subscription { ticketsChanged { ticketId consistencyToken } }';

  it('tells staff of a change of any ticket, with the token to read it; customers may not subscribe', async () => {
    const base = await listen(h.app);
    const refused = await subscribe(base, CHANGED, {}, await h.token('customer', 'cust-q'));
    expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    refused.close();
    const changes = await subscribe(base, CHANGED, {}, t.ada);
    try {
      // No acknowledgement tells when a subscription is live: tickets are opened until one is told of.
      const opened: string[] = [];
      const poke = setInterval(async () => {
        const answer = await h.gql(
          'mutation { openTicket(input: { customerId: "cust-q", subject: "Live", description: "x", channel: web }) { id } }',
          {},
          t.portal,
        );
        opened.push(field<{ id: string }>(answer, 'openTicket').id);
      }, 200);
      const told = await changes.next().finally(() => clearInterval(poke));
      const change = told.data?.ticketsChanged as { ticketId: string; consistencyToken: string };
      expect(opened).toContain(change.ticketId);
      const read = await h.gql(
        'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { id } }',
        { id: change.ticketId, t: change.consistencyToken },
        t.ada,
      );
      expect(field<{ id: string }>(read, 'ticket').id).toBe(change.ticketId);
    } finally {
      changes.close();
    }
  });
});

describe('inboxViewsChanged', () => {
  const CHANGED = 'subscription { inboxViewsChanged { consistencyToken } }';

  it("tells staff of a lead's shared view with the token that lists it; customers may not subscribe", async () => {
    const base = await listen(h.app);
    const refused = await subscribe(base, CHANGED, {}, await h.token('customer', 'cust-q'));
    expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    refused.close();
    const changes = await subscribe(base, CHANGED, {}, t.linus);
    try {
      // No acknowledgement tells when a subscription is live: views are shared until one is told of.
      let n = 0;
      const poke = setInterval(async () => {
        n += 1;
        await h.gql(SAVE, { i: { viewId: `t-live-${n}`, name: `Live ${n}`, filter: {}, shared: true } }, t.sue);
      }, 200);
      const told = await changes.next().finally(() => clearInterval(poke));
      const { consistencyToken } = told.data!.inboxViewsChanged as { consistencyToken: string };
      const listed = await ok<{ teamInboxViews: { id: string }[] }>(
        'query($t: String) { teamInboxViews(consistencyToken: $t) { id } }',
        t.linus,
        { t: consistencyToken },
      );
      expect(listed.teamInboxViews.map((view) => view.id)).toContain('t-live-1');
    } finally {
      changes.close();
    }
  });
});
