import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// Canned replies over GraphQL: the standard replies load in both languages, a reply fills its
// placeholders from the ticket, its customer and the agent and moves the ticket on; a missing
// value or an unknown placeholder is a typed error that writes nothing; personal replies stay
// their owner's.

const CUSTOMER = 'cust-canned';
const AGENT = 'agent-canned';
let h: ApiHarness;
let admin: string;
let agent: string;
let other: string;
let customer: string;

const code = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;

async function open(subject: string): Promise<string> {
  const response = await h.gql(
    `mutation($s: String!) { openTicket(input: { customerId: "${CUSTOMER}", subject: $s, description: "x", channel: web }) { id } }`,
    { s: subject },
    customer,
  );
  return field<{ id: string }>(response, 'openTicket').id;
}

const reply = (ticketId: string, cannedReplyId: string, token = agent) =>
  h.gql(
    'mutation($t: ID!, $c: ID!) { replyWithCannedReply(input: { ticketId: $t, cannedReplyId: $c }) { id version consistencyToken } }',
    { t: ticketId, c: cannedReplyId },
    token,
  );

const TICKET =
  'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { status version messages { authorKind body } } }';

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'admin-canned');
  agent = await h.token('agent', AGENT);
  other = await h.token('agent', 'agent-other');
  customer = await h.token('customer', CUSTOMER);
  field(
    await h.gql(
      `mutation { registerCustomer(input: { customerId: "${CUSTOMER}", name: "Alice Martin", email: "alice@example.com" }) { id } }`,
      {},
      admin,
    ),
    'registerCustomer',
  );
  field(
    await h.gql(`mutation { registerAgent(input: { agentId: "${AGENT}", name: "Sam Rivera" }) { id } }`, {}, admin),
    'registerAgent',
  );
  field(
    await h.gql('mutation { loadStandardCannedReplies(input: {}) { id } }', {}, admin),
    'loadStandardCannedReplies',
  );
});
afterAll(async () => h?.close());

describe('canned replies', () => {
  it('lists the four standard replies in each language', async () => {
    const list = async (locale: string) =>
      field<{ id: string; nextStatus: string | null }[]>(
        await h.gql('query($l: String) { cannedReplies(locale: $l) { id nextStatus } }', { l: locale }, agent),
        'cannedReplies',
      );
    expect((await list('en')).map((r) => r.id).sort()).toEqual([
      'standard-closing-en',
      'standard-information-en',
      'standard-initial-en',
      'standard-solution-en',
    ]);
    expect(await list('fr-CA')).toHaveLength(4);
    expect(
      code(await h.gql('query($l: String) { cannedReplies(locale: $l) { id } }', { l: 'not valid!' }, agent)),
    ).toBe('BAD_USER_INPUT');
    expect(code(await h.gql('{ cannedReplies { id } }', {}, customer))).toBe('FORBIDDEN');
  });

  it('replies with the placeholders filled and moves the ticket to the reply’s next status', async () => {
    const ticketId = await open('Invoice missing');
    const { consistencyToken } = field<{ consistencyToken: string }>(
      await reply(ticketId, 'standard-information-fr'),
      'replyWithCannedReply',
    );
    const ticket = field<{ status: string; messages: { authorKind: string; body: string }[] }>(
      await h.gql(TICKET, { id: ticketId, t: consistencyToken }, agent),
      'ticket',
    );
    expect(ticket.status).toBe('waiting_customer');
    const body = ticket.messages.at(-1)!.body;
    expect(body).toContain('Bonjour Alice,');
    expect(body).toContain('« Invoice missing »');
    expect(body).toContain('Sam Rivera');
    expect(body).not.toMatch(/\{\{|\}\}/);
  });

  it('closes for lack of response with the standard closing reply, and tells the customer so', async () => {
    const ticketId = await open('Sync fails');
    const { consistencyToken } = field<{ consistencyToken: string }>(
      await reply(ticketId, 'standard-closing-en'),
      'replyWithCannedReply',
    );
    const closed = await h.gql(
      'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { status closeReason } }',
      { id: ticketId, t: consistencyToken },
      agent,
    );
    expect(field(closed, 'ticket')).toEqual({ status: 'closed', closeReason: 'no_customer_response' });
    const inbox = field<{ items: { ticketId: string; template: string }[] }>(
      await h.gql(
        'query($t: String) { myNotifications(consistencyToken: $t) { items { ticketId template } } }',
        { t: consistencyToken },
        customer,
      ),
      'myNotifications',
    );
    expect(inbox.items.filter((n) => n.ticketId === ticketId).map((n) => n.template)).toContain(
      'ticket.closed.no_response',
    );
  });

  it('refuses a reply whose values are missing, and writes nothing', async () => {
    const ticketId = await open('No agent profile');
    const version = async () =>
      ((await h.gql(TICKET, { id: ticketId }, agent)).data?.ticket as { version: number } | null)?.version;
    await expect.poll(version).toBeDefined();
    const before = await version();
    // agent-other has neither an agent nor a staff profile: {{agent.name}} has no value.
    expect(code(await reply(ticketId, 'standard-initial-en', other))).toBe('MISSING_PLACEHOLDER_VALUE');
    expect(await version()).toBe(before);
    expect(code(await reply('no-such-ticket', 'standard-initial-en'))).toBe('NOT_FOUND');
    expect(code(await reply(ticketId, 'no-such-reply'))).toBe('NOT_FOUND');
  });

  it('drafts a reply for a ticket, filled in as it would be sent, without sending it', async () => {
    const ticketId = await open('Export crashes');
    const draft = (cannedReplyId: string, token = agent, id = ticketId) =>
      h.gql(
        'query($t: ID!, $c: ID!) { cannedReplyDraft(ticketId: $t, cannedReplyId: $c) { cannedReplyId body nextStatus closeReason } }',
        { t: id, c: cannedReplyId },
        token,
      );
    const version = async () =>
      ((await h.gql(TICKET, { id: ticketId }, agent)).data?.ticket as { version: number } | null)?.version;
    await expect.poll(version).toBeDefined();
    const before = await version();
    const information = field<{ cannedReplyId: string; body: string; nextStatus: string | null }>(
      await draft('standard-information-en'),
      'cannedReplyDraft',
    );
    expect(information).toMatchObject({ cannedReplyId: 'standard-information-en', nextStatus: 'waiting_customer' });
    expect(information.body).toMatch(/^Hello Alice,/);
    expect(information.body).toContain('"Export crashes"');
    expect(information.body).toContain('Sam Rivera');
    expect(information.body).not.toMatch(/\{\{|\}\}/);
    expect(field(await draft('standard-closing-en'), 'cannedReplyDraft')).toMatchObject({
      nextStatus: 'closed',
      closeReason: 'no_customer_response',
    });
    // Nothing was written.
    expect(await version()).toBe(before);
    expect(code(await draft('standard-initial-en', other))).toBe('MISSING_PLACEHOLDER_VALUE');
    expect(code(await draft('no-such-reply'))).toBe('NOT_FOUND');
    expect(code(await draft('standard-initial-en', agent, 'no-such-ticket'))).toBe('NOT_FOUND');
    expect(code(await draft('standard-initial-en', agent, ''))).toBe('BAD_USER_INPUT');
    expect(code(await draft('standard-initial-en', customer))).toBe('FORBIDDEN');
  });

  it('drafts a reply for a chat with its customer and the agent, and refuses the ticket’s placeholders', async () => {
    const { id: chatId, consistencyToken } = field<{ id: string; consistencyToken: string }>(
      await h.gql(`mutation { startChat(input: { customerId: "${CUSTOMER}" }) { id consistencyToken } }`, {}, customer),
      'startChat',
    );
    const saved = field<{ id: string }>(
      await h.gql(
        'mutation($i: SaveCannedReplyInput!) { saveCannedReply(input: $i) { id } }',
        {
          i: {
            name: 'Chat greeting',
            locale: 'en',
            body: 'Hi {{customer.firstName}} ({{customer.email}}), {{agent.firstName}} here: {{agent.name}}.',
          },
        },
        admin,
      ),
      'saveCannedReply',
    ).id;
    const draft = (cannedReplyId: string, token = agent, id = chatId) =>
      h.gql(
        'query($c: ID!, $r: ID!) { chatCannedReplyDraft(chatId: $c, cannedReplyId: $r) { cannedReplyId chatId body } }',
        { c: id, r: cannedReplyId },
        token,
      );
    const messages = async () =>
      field<{ messages: unknown[] }>(
        await h.gql(
          'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { messages { messageId } } }',
          { id: chatId, t: consistencyToken },
          agent,
        ),
        'chat',
      ).messages.length;
    const before = await messages();
    expect(field(await draft(saved), 'chatCannedReplyDraft')).toEqual({
      cannedReplyId: saved,
      chatId,
      body: 'Hi Alice (alice@example.com), Sam here: Sam Rivera.',
    });
    // Nothing was written to the chat.
    expect(await messages()).toBe(before);
    // The standard replies name the ticket's subject, which a chat has not.
    expect(code(await draft('standard-initial-en'))).toBe('MISSING_PLACEHOLDER_VALUE');
    // The list says so beforehand, by the domain's rule: the chat greeting is usable, the standard reply not.
    const usable = field<{ id: string; usableInChat: boolean }[]>(
      await h.gql('{ cannedReplies(locale: "en") { id usableInChat } }', {}, agent),
      'cannedReplies',
    );
    expect(usable.find((reply) => reply.id === saved)?.usableInChat).toBe(true);
    expect(usable.find((reply) => reply.id === 'standard-initial-en')?.usableInChat).toBe(false);
    expect(code(await draft(saved, other))).toBe('MISSING_PLACEHOLDER_VALUE');
    expect(code(await draft('no-such-reply'))).toBe('NOT_FOUND');
    expect(code(await draft(saved, agent, 'no-such-chat'))).toBe('NOT_FOUND');
    expect(code(await draft(saved, agent, ''))).toBe('BAD_USER_INPUT');
    expect(code(await draft(saved, customer))).toBe('FORBIDDEN');
  });

  it('keeps personal replies to their owner, shared ones to leads, and refuses unknown placeholders', async () => {
    const save = (token: string, input: Record<string, unknown>) =>
      h.gql('mutation($i: SaveCannedReplyInput!) { saveCannedReply(input: $i) { id version } }', { i: input }, token);
    const mine = field<{ id: string }>(
      await save(agent, { name: 'My thanks', locale: 'en', body: 'Thanks {{customer.firstName}}!', scope: 'personal' }),
      'saveCannedReply',
    ).id;
    const ids = async (token: string) =>
      field<{ id: string }[]>(await h.gql('{ cannedReplies(locale: "en") { id } }', {}, token), 'cannedReplies').map(
        (r) => r.id,
      );
    expect(await ids(agent)).toContain(mine);
    expect(await ids(other)).not.toContain(mine);
    expect(code(await reply(await open('Other agent'), mine, other))).toBe('NOT_FOUND');
    expect(code(await save(agent, { name: 'Team', locale: 'en', body: 'Hi', scope: 'shared' }))).toBe('FORBIDDEN');
    expect(code(await save(admin, { name: 'Bad', locale: 'en', body: 'Hi {{customer.shoeSize}}' }))).toBe(
      'UNKNOWN_PLACEHOLDER',
    );
  });
});
