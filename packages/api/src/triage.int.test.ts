import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// Triage over GraphQL: staff tag and untag, filter and count (customers neither see nor set
// tags); bad tags are refused with a typed code and write nothing; the staleness views.

const CUSTOMER = 'cust-tags';
let h: ApiHarness;
let customer: string;
let agent: string;
const ids: string[] = [];

const TAGS = 'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { tags version } }';

async function mutate(query: string, token: string): Promise<{ id: string; consistencyToken: string }> {
  const response = await h.gql(query, {}, token);
  return field(response, Object.keys(response.data ?? {})[0] ?? 'nothing');
}

const tag = (id: string, tags: string[], token: string, op = 'addTicketTags') =>
  h.gql(
    `mutation($id: ID!, $tags: [String!]!) { ${op}(input: { ticketId: $id, tags: $tags }) { id consistencyToken } }`,
    { id, tags },
    token,
  );

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', 'agent-tags');
  for (const subject of ['Refund please', 'Charged twice']) {
    ids.push(
      (
        await mutate(
          `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "${subject}", description: "x", channel: web }) { id } }`,
          customer,
        )
      ).id,
    );
  }
});
afterAll(async () => h?.close());

describe('ticket tags', () => {
  it('are added and removed by staff, normalized, and filtered and counted', async () => {
    field(await tag(ids[0]!, ['VIP Customer', 'refund'], agent), 'addTicketTags');
    field(await tag(ids[1]!, ['refund', 'billing'], agent), 'addTicketTags');
    const { consistencyToken } = field<{ consistencyToken: string }>(
      await tag(ids[1]!, ['Billing'], agent, 'removeTicketTags'),
      'removeTicketTags',
    );
    const list = async (tags: string[]) =>
      field<{ items: { id: string; tags: string[] }[] }>(
        await h.gql(
          'query($tags: [String!], $t: String) { tickets(filter: { tags: $tags }, consistencyToken: $t) { items { id tags } } }',
          { tags, t: consistencyToken },
          agent,
        ),
        'tickets',
      ).items;
    // Both opened at the test clock's one instant: newest first then means the larger id first.
    const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(await list(['refund']))).toEqual(
      byId([
        { id: ids[1]!, tags: ['refund'] },
        { id: ids[0]!, tags: ['vip-customer', 'refund'] },
      ]),
    );
    expect((await list(['VIP customer'])).map((t) => t.id)).toEqual([ids[0]]);
    const counts = await h.gql(
      'query($t: String) { ticketTagCounts(consistencyToken: $t) { tag count } }',
      { t: consistencyToken },
      agent,
    );
    expect(field(counts, 'ticketTagCounts')).toEqual([
      { tag: 'refund', count: 2 },
      { tag: 'vip-customer', count: 1 },
    ]);
  });

  it('are hidden from the customer, who may not set them or filter by them', async () => {
    await expect
      .poll(async () => (await h.gql(TAGS, { id: ids[0] }, agent)).data?.ticket)
      .toMatchObject({ tags: ['vip-customer', 'refund'] });
    expect((await h.gql(TAGS, { id: ids[0] }, customer)).data?.ticket).toMatchObject({ tags: [] });
    expect((await tag(ids[0]!, ['mine'], customer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const filtered = await h.gql(
      'query { tickets(filter: { tags: ["nothing-like-this"] }) { items { id } } }',
      {},
      customer,
    );
    // The filter is ignored for customers: they still get their own tickets, and learn nothing of tags.
    expect(field<{ items: unknown[] }>(filtered, 'tickets').items).toHaveLength(2);
  });

  it('refuses bad tags and too many with typed codes, and writes nothing', async () => {
    const before = field<{ version: number }>(await h.gql(TAGS, { id: ids[0] }, agent), 'ticket').version;
    expect((await tag(ids[0]!, ['a/b'], agent)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await tag(ids[0]!, [], agent)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const many = Array.from({ length: 19 }, (_, i) => `extra-${i}`);
    expect((await tag(ids[0]!, many, agent)).errors?.[0]?.extensions?.code).toBe('TAG_LIMIT_REACHED');
    expect((await tag(ids[0]!, ['refund'], agent)).errors?.[0]?.extensions?.code).toBe('NO_CHANGE');
    expect(field<{ version: number }>(await h.gql(TAGS, { id: ids[0] }, agent), 'ticket').version).toBe(before);
  });

  it('changes the category over GraphQL (staff only)', async () => {
    const changed = await h.gql(
      `mutation { changeTicketCategory(input: { ticketId: "${ids[1]}", category: "billing" }) { id consistencyToken } }`,
      {},
      agent,
    );
    const { id, consistencyToken: changedAt } = field<{ id: string; consistencyToken: string }>(
      changed,
      'changeTicketCategory',
    );
    expect(id).toBe(ids[1]);
    const refused = await h.gql(
      `mutation { changeTicketCategory(input: { ticketId: "${ids[1]}", category: "other" }) { id } }`,
      {},
      customer,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Read at the change's token: the read model may not have it yet, and the check below
    // compares against the version after it.
    const before = field<{ version: number }>(await h.gql(TAGS, { id: ids[1], t: changedAt }, agent), 'ticket').version;
    const multiline = await h.gql(
      `mutation($c: String) { changeTicketCategory(input: { ticketId: "${ids[1]}", category: $c }) { id } }`,
      { c: 'multi\nline' },
      agent,
    );
    expect(multiline.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(multiline.errors?.[0]?.message).toMatch(/control characters/);
    expect(field<{ version: number }>(await h.gql(TAGS, { id: ids[1] }, agent), 'ticket').version).toBe(before);
    // null clears it, as the schema says.
    const cleared = await h.gql(
      `mutation($c: String) { changeTicketCategory(input: { ticketId: "${ids[1]}", category: $c }) { version consistencyToken } }`,
      { c: null },
      agent,
    );
    const { version, consistencyToken } = field<{ version: number; consistencyToken: string }>(
      cleared,
      'changeTicketCategory',
    );
    expect(version).toBeGreaterThan(before);
    const after = await h.gql(
      `query($t: String) { ticket(id: "${ids[1]}", consistencyToken: $t) { category } }`,
      { t: consistencyToken },
      agent,
    );
    expect(field(after, 'ticket')).toEqual({ category: null });
  });

  it('lists tickets by time in status, and only those in it longer than asked', async () => {
    const query =
      'query($s: Int, $o: TicketOrder) { tickets(filter: { inStatusForMoreThan: $s }, order: $o) { items { id } } }';
    const list = async (s: number, o = 'longest_in_status') =>
      field<{ items: { id: string }[] }>(await h.gql(query, { s, o }, agent), 'tickets').items.map((t) => t.id);
    // Both tickets are still new, since they were opened at the same instant (the test clock):
    // ties go to the smaller id, in either order's direction. Two hours pass.
    const byId = [...ids].sort();
    const opened = h.clock.now;
    h.clock.now = new Date(opened.getTime() + 2 * 3_600_000);
    try {
      expect(await list(3_600)).toEqual(byId);
      expect(await list(3_600, 'newest')).toEqual([...byId].reverse());
      expect(await list(3 * 3_600)).toEqual([]);
    } finally {
      h.clock.now = opened;
    }
    expect((await h.gql(query, { s: -1 }, agent)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists tickets by SLA state and by next SLA deadline, soonest first', async () => {
    const query =
      'query($s: [SlaState!], $o: TicketOrder) { tickets(filter: { slaState: $s }, order: $o) { items { id sla { state nextDeadline } } } }';
    const list = async (variables: Record<string, unknown>) =>
      field<{ items: { id: string; sla: { state: string; nextDeadline: string | null } }[] }>(
        await h.gql(query, variables, agent),
        'tickets',
      ).items;
    // Both new, their first response clocks running from the same instant: the same deadline, ties by id.
    const running = await list({ s: ['running'], o: 'sla_deadline' });
    expect(running.map((t) => t.id)).toEqual([...ids].sort());
    expect(running.every((t) => t.sla.state === 'running' && t.sla.nextDeadline !== null)).toBe(true);
    expect(await list({ s: ['warning', 'breached'] })).toEqual([]);
    expect((await h.gql(query, { s: ['late'] }, agent)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A customer sees no SLA, so cannot learn it by filtering either: the filter is ignored and
    // the SLA order is the default one (newest first), not the deadlines'.
    const theirs = async (variables: Record<string, unknown>) =>
      field<{ items: { id: string; sla: null }[] }>(await h.gql(query, variables, customer), 'tickets').items;
    const newestFirst = field<{ items: { id: string }[] }>(
      await h.gql('{ tickets { items { id } } }', {}, customer),
      'tickets',
    ).items.map((t) => t.id);
    expect(newestFirst).toHaveLength(2);
    for (const s of [['warning', 'breached'], ['running'], ['met']])
      expect((await theirs({ s, o: 'sla_deadline' })).map((t) => [t.id, t.sla])).toEqual(
        newestFirst.map((id) => [id, null]),
      );
  });
});
