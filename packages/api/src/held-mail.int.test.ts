import { type CommandBus, createCommandBus } from '@support-engine/application';
import type { HeldMailCommand, HeldMailReason } from '@support-engine/domain/held-mail';
import { encodeCheckpoint } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// Held mail over GraphQL: the review list (heldMails, Ticket.heldMails), accepting (the message
// lands on its ticket as the customer's) and discarding, who decided by name, who may do what, and the
// live notice.

let h: ApiHarness;
let bus: CommandBus;
const t = { ada: '', sue: '', auditor: '', owner: '', portal: '' };
const INGRESS = { id: 'mail-in', role: 'system' } as const;
const CUSTOMER = 'cust-held';

const HELD = `query($state: HeldMailState, $t: String) { heldMails(state: $state, consistencyToken: $t) {
  edges { node { id ticketId reason sender subject excerpt attachmentCount authentication state decidedBy note } }
  pageInfo { hasNextPage endCursor } } }`;
type HeldNode = {
  id: string;
  ticketId: string;
  reason: string;
  state: string;
  decidedBy: string | null;
  note: string | null;
};
const listed = async (state: string | null, token: string, as = t.ada) => {
  const answer = await h.gql(HELD, { state, t: token }, as);
  return field<{ edges: { node: HeldNode }[] }>(answer, 'heldMails').edges.map((edge) => edge.node);
};

async function openTicket(ticketId: string): Promise<void> {
  const answer = await h.gql(
    `mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }`,
    { i: { ticketId, customerId: CUSTOMER, subject: 'My refund', description: 'Where is it?', channel: 'email' } },
    t.portal,
  );
  expect(answer.errors).toBeUndefined();
}

/** Holds a message naming `ticketId` as the mail ingress does; the token to read it with. */
async function hold(heldMailId: string, ticketId: string, reason: HeldMailReason = 'dmarc-failed'): Promise<string> {
  const command: HeldMailCommand = {
    type: 'HoldMail',
    data: {
      heldMailId,
      ticketId,
      reason,
      content: {
        body: `Please send the refund to my new account.\n\n(${heldMailId})`,
        mail: {
          messageId: `${heldMailId}@mail.example`,
          mailKey: `mid:${heldMailId}@mail.example`,
          original: `raw-${heldMailId}`,
          from: 'ada@customer.example',
          mailbox: 'support@engine.example',
          authentication: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
        },
        subject: `Re: [#${ticketId}] My refund`,
        from: 'Ada Customer <ada@customer.example>',
        receivedAt: h.clock.now.toISOString(),
      },
    },
  };
  return encodeCheckpoint((await bus.send('heldmail', heldMailId, command, INGRESS, `hold:${heldMailId}`)).checkpoint);
}

const decide = (name: 'acceptHeldMail' | 'discardHeldMail', input: Record<string, unknown>, as: string) =>
  h.gql(
    `mutation($i: ${name === 'acceptHeldMail' ? 'AcceptHeldMailInput' : 'DiscardHeldMailInput'}!) { ${name}(input: $i) { id ticketId consistencyToken } }`,
    { i: input },
    as,
  );

beforeAll(async () => {
  h = await createApiHarness();
  bus = createCommandBus(h.store, () => h.clock.now);
  t.ada = await h.token('agent', 'ada');
  t.sue = await h.token('supervisor', 'sue');
  t.auditor = await h.token('auditor', 'auditor-1');
  t.owner = await h.token('customer', CUSTOMER);
  t.portal = await h.token('system', 'portal');
  await openTicket('t-held');
});

afterAll(async () => {
  await h.close();
});

describe('held mail', () => {
  it('lists pending messages with their reason, sender, subject and excerpt, for staff and auditors', async () => {
    await hold('h-list-1', 't-held');
    const token = await hold('h-list-2', 't-held', 'token-for-another-sender');
    const pending = await listed('pending', token);
    expect(pending.map((mail) => mail.id)).toEqual(['h-list-2', 'h-list-1']);
    expect(pending[1]).toMatchObject({
      ticketId: 't-held',
      reason: 'dmarc-failed',
      sender: 'Ada Customer <ada@customer.example>',
      subject: 'Re: [#t-held] My refund',
      excerpt: 'Please send the refund to my new account. (h-list-1)',
      attachmentCount: 0,
      authentication: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
      state: 'pending',
      decidedBy: null,
    });
    expect(await listed('pending', token, t.auditor)).toHaveLength(2);
    expect(codes(await h.gql(HELD, { state: 'pending' }, t.owner))).toEqual(['FORBIDDEN']);
  });

  it("accepts one: it is on its ticket as the customer's message, once; the ticket lists it as accepted", async () => {
    await hold('h-accept', 't-held');
    const answer = await decide('acceptHeldMail', { heldMailId: 'h-accept', note: 'Checked by phone' }, t.ada);
    const accepted = field<{ id: string; ticketId: string; consistencyToken: string }>(answer, 'acceptHeldMail');
    expect(accepted).toMatchObject({ id: 'h-accept', ticketId: 't-held' });
    const ticket = async (as: string) =>
      field<{ messages: { authorKind: string; body: string }[]; heldMails: HeldNode[] }>(
        await h.gql(
          'query($t: String) { ticket(id: "t-held", consistencyToken: $t) { messages { authorKind body } heldMails { id state decidedBy note } } }',
          { t: accepted.consistencyToken },
          as,
        ),
        'ticket',
      );
    const seen = await ticket(t.ada);
    const added = seen.messages.filter((message) => message.body.includes('(h-accept)'));
    expect(added).toEqual([
      { authorKind: 'customer', body: 'Please send the refund to my new account.\n\n(h-accept)' },
    ]);
    expect(seen.heldMails.find((mail) => mail.id === 'h-accept')).toEqual({
      id: 'h-accept',
      state: 'accepted',
      decidedBy: 'ada',
      note: 'Checked by phone',
    });
    // The customer sees their message, never the held list.
    expect((await ticket(t.owner)).heldMails).toEqual([]);
    // Decided once: a second acceptance or a discard is refused, and the ticket has it once.
    expect(codes(await decide('acceptHeldMail', { heldMailId: 'h-accept' }, t.sue))).toEqual(['HELD_MAIL_DECIDED']);
    expect(codes(await decide('discardHeldMail', { heldMailId: 'h-accept' }, t.sue))).toEqual(['HELD_MAIL_DECIDED']);
    const again = (await ticket(t.ada)).messages.filter((message) => message.body.includes('(h-accept)'));
    expect(again).toHaveLength(1);
  });

  it('discards one with a note: kept as discarded, nothing added to the ticket', async () => {
    await hold('h-discard', 't-held');
    const answer = await decide('discardHeldMail', { heldMailId: 'h-discard', note: 'Forged' }, t.sue);
    const { consistencyToken } = field<{ consistencyToken: string }>(answer, 'discardHeldMail');
    const discarded = await listed('discarded', consistencyToken);
    expect(discarded.find((mail) => mail.id === 'h-discard')).toMatchObject({ decidedBy: 'sue', note: 'Forged' });
    const ticket = field<{ messages: { body: string }[] }>(
      await h.gql(
        'query($t: String) { ticket(id: "t-held", consistencyToken: $t) { messages { body } } }',
        {
          t: consistencyToken,
        },
        t.ada,
      ),
      'ticket',
    );
    expect(ticket.messages.some((message) => message.body.includes('(h-discard)'))).toBe(false);
  });

  it('names who decided as the team knows them (an agent by the agents list, a lead by their profile), for staff and auditors; null when pending or never named', async () => {
    const admin = await h.token('admin', 'admin-held');
    const registered = await h.gql(
      'mutation { registerAgent(input: { agentId: "ada", name: "Ada Lovelace" }) { id } }',
      {},
      admin,
    );
    expect(registered.errors).toBeUndefined();
    await hold('h-named-ada', 't-held');
    await hold('h-named-sue', 't-held');
    await hold('h-named-pending', 't-held');
    await decide('acceptHeldMail', { heldMailId: 'h-named-ada' }, t.ada);
    const { consistencyToken } = field<{ consistencyToken: string }>(
      await decide('discardHeldMail', { heldMailId: 'h-named-sue' }, t.sue),
      'discardHeldMail',
    );
    const NAMED = `query($t: String) { heldMails(first: 100, consistencyToken: $t) {
      edges { node { id decidedBy decidedByName } } } }`;
    for (const as of [t.ada, t.auditor]) {
      const nodes = field<{
        edges: { node: { id: string; decidedBy: string | null; decidedByName: string | null } }[];
      }>(await h.gql(NAMED, { t: consistencyToken }, as), 'heldMails').edges.map((edge) => edge.node);
      const named = (id: string) => nodes.find((node) => node.id === id);
      expect(named('h-named-ada')).toEqual({ id: 'h-named-ada', decidedBy: 'ada', decidedByName: 'Ada Lovelace' });
      // Sue is a supervisor, not one of the team's agents, and has not named herself yet: her id only.
      expect(named('h-named-sue')).toEqual({ id: 'h-named-sue', decidedBy: 'sue', decidedByName: null });
      expect(named('h-named-pending')).toEqual({ id: 'h-named-pending', decidedBy: null, decidedByName: null });
    }
    // Once her profile names her, so does the held message she decided, and the events she wrote.
    const profiled = field<{ consistencyToken: string }>(
      await h.gql('mutation { setStaffProfile(input: { name: "Sue Supervisor" }) { consistencyToken } }', {}, t.sue),
      'setStaffProfile',
    );
    const after = field<{ edges: { node: { id: string; decidedByName: string | null } }[] }>(
      await h.gql(NAMED, { t: profiled.consistencyToken }, t.ada),
      'heldMails',
    ).edges.map((edge) => edge.node);
    expect(after.find((node) => node.id === 'h-named-sue')?.decidedByName).toBe('Sue Supervisor');
    expect(codes(await h.gql(NAMED, {}, t.owner))).toEqual(['FORBIDDEN']);
  });

  it('refuses auditors and customers, an unknown message and hostile notes, writing nothing', async () => {
    await hold('h-refused', 't-held');
    const before = await h.eventCount();
    expect(codes(await decide('acceptHeldMail', { heldMailId: 'h-refused' }, t.auditor))).toEqual(['FORBIDDEN']);
    expect(codes(await decide('discardHeldMail', { heldMailId: 'h-refused' }, t.owner))).toEqual(['FORBIDDEN']);
    expect(codes(await decide('acceptHeldMail', { heldMailId: 'nowhere' }, t.ada))).toEqual(['NOT_FOUND']);
    for (const note of ['a\u0000b', 'x'.repeat(2_001), '   '])
      expect(codes(await decide('discardHeldMail', { heldMailId: 'h-refused', note }, t.ada))).toEqual([
        'BAD_USER_INPUT',
      ]);
    expect(codes(await decide('discardHeldMail', { heldMailId: 'h-refused', extra: 1 }, t.ada))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await h.eventCount()).toBe(before);
  });

  it('pages the list with a cursor, newest held first', async () => {
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    const token = await hold('h-page', 't-held');
    const first = field<{ edges: { node: { id: string } }[]; pageInfo: { endCursor: string } }>(
      await h.gql(
        'query($t: String) { heldMails(first: 1, consistencyToken: $t) { edges { node { id } } pageInfo { endCursor } } }',
        { t: token },
        t.ada,
      ),
      'heldMails',
    );
    expect(first.edges.map((edge) => edge.node.id)).toEqual(['h-page']);
    const next = field<{ edges: { node: { id: string } }[] }>(
      await h.gql(
        'query($a: String) { heldMails(first: 100, after: $a) { edges { node { id } } } }',
        { a: first.pageInfo.endCursor },
        t.ada,
      ),
      'heldMails',
    );
    expect(next.edges.map((edge) => edge.node.id)).not.toContain('h-page');
    expect(next.edges.length).toBeGreaterThan(0);
    expect(codes(await h.gql('{ heldMails(after: "t1.garbage") { edges { cursor } } }', {}, t.ada))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('tells staff live of each message held, with the token to read it; customers may not subscribe', async () => {
    const CHANGED = 'subscription { heldMailsChanged { heldMailId ticketId change consistencyToken } }';
    const base = await listen(h.app);
    const refused = await subscribe(base, CHANGED, {}, t.owner);
    expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    refused.close();
    const changes = await subscribe(base, CHANGED, {}, t.ada);
    try {
      // No acknowledgement tells when a subscription is live: messages are held until one is told of.
      const held: string[] = [];
      let n = 0;
      const poke = setInterval(() => {
        const id = `h-live-${++n}`;
        held.push(id);
        void hold(id, 't-held');
      }, 200);
      const told = await changes.next().finally(() => clearInterval(poke));
      const change = told.data?.heldMailsChanged as {
        heldMailId: string;
        ticketId: string;
        change: string;
        consistencyToken: string;
      };
      expect(held).toContain(change.heldMailId);
      expect(change).toMatchObject({ ticketId: 't-held', change: 'MailHeld' });
      const pending = await listed('pending', change.consistencyToken);
      expect(pending.map((mail) => mail.id)).toContain(change.heldMailId);
    } finally {
      changes.close();
    }
  });
});
