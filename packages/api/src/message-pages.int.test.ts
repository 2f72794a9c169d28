import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// A thread longer than a page: `messages(after:)` reads on from the last message read, and
// `messages(last:, before:)` back from the newest, for tickets (current and past views) and chats,
// and refuses a cursor the reader cannot have.

const CUSTOMER = 'cust-pages';
let h: ApiHarness;
let customer: string;
let agent: string;
let ticketId: string;
let noteId: string;
let token = '';

type Message = { messageId: string; body: string };

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', 'agent-pages');
  ticketId = field<{ id: string }>(
    await h.gql(
      `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "Long thread", description: "msg 0", channel: web }) { id } }`,
      {},
      customer,
    ),
    'openTicket',
  ).id;
  for (let n = 1; n <= 104; n++) {
    if (n === 50) {
      field(
        await h.gql(
          'mutation($id: ID!) { replyToTicket(input: { ticketId: $id, body: "between us", visibility: internal }) { id } }',
          { id: ticketId },
          agent,
        ),
        'replyToTicket',
      );
      continue;
    }
    token = field<{ consistencyToken: string }>(
      await h.gql(
        'mutation($id: ID!, $b: String!) { customerReply(input: { ticketId: $id, body: $b }) { consistencyToken } }',
        { id: ticketId, b: `msg ${n}` },
        customer,
      ),
      'customerReply',
    ).consistencyToken;
  }
  const all = await page(agent, { first: 100 });
  noteId = all.find((message) => message.body === 'between us')!.messageId;
});
afterAll(async () => h?.close());

const PAGE =
  'query($id: ID!, $t: String, $f: Int, $a: ID, $at: DateTime) { ticket(id: $id, consistencyToken: $t, asOf: $at) { messages(first: $f, after: $a) { messageId body } } }';

async function page(reader: string, args: { first?: number; after?: string; asOf?: string }): Promise<Message[]> {
  const response = await h.gql(PAGE, { id: ticketId, t: token, f: args.first, a: args.after, at: args.asOf }, reader);
  return field<{ messages: Message[] }>(response, 'ticket').messages;
}

describe("a ticket's messages, page after page", () => {
  it('reads on from the last message read to the newest, for the customer and for staff', async () => {
    const first = await page(customer, {});
    expect(first).toHaveLength(100);
    expect(first.at(-1)?.body).toBe('msg 100');
    const rest = await page(customer, { after: first.at(-1)!.messageId });
    expect(rest.map((message) => message.body)).toEqual(['msg 101', 'msg 102', 'msg 103', 'msg 104']);
    // Staff see the note, so their first page ends one message earlier.
    const staffFirst = await page(agent, { first: 100 });
    expect(staffFirst.map((message) => message.body)).toContain('between us');
    expect((await page(agent, { after: staffFirst.at(-1)!.messageId, first: 2 })).map((m) => m.body)).toEqual([
      'msg 100',
      'msg 101',
    ]);
    // After the newest: nothing more.
    expect(await page(customer, { after: rest.at(-1)!.messageId })).toEqual([]);
  });

  it('reads on in a past view too', async () => {
    const now = h.clock.now.toISOString();
    const past = await page(customer, { asOf: now, first: 3 });
    expect(past.map((message) => message.body)).toEqual(['msg 0', 'msg 1', 'msg 2']);
    expect((await page(customer, { asOf: now, after: past.at(-1)!.messageId, first: 2 })).map((m) => m.body)).toEqual([
      'msg 3',
      'msg 4',
    ]);
  });

  it('refuses a cursor that is no message the reader reads here: an unknown id, or a note to a customer', async () => {
    for (const after of ['no-such-message', noteId]) {
      const response = await h.gql(PAGE, { id: ticketId, t: token, a: after }, customer);
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toContain(`No message "${after}" in this thread`);
    }
    expect((await page(agent, { after: noteId, first: 1 })).map((message) => message.body)).toEqual(['msg 51']);
  });
});

describe("a ticket's messages, from the newest back", () => {
  const BACK =
    'query($id: ID!, $t: String, $l: Int, $b: ID, $f: Int, $at: DateTime) { ticket(id: $id, consistencyToken: $t, asOf: $at) { messages(last: $l, before: $b, first: $f) { messageId body } } }';
  const back = async (reader: string, args: { l?: number; b?: string; f?: number; at?: string }) =>
    field<{ messages: Message[] }>(await h.gql(BACK, { id: ticketId, t: token, ...args }, reader), 'ticket').messages;
  const bodies = (messages: Message[]) => messages.map((message) => message.body);

  it('reads the newest first and then the pages before, in order, each message once', async () => {
    const newest = await back(customer, { l: 100 });
    expect(newest).toHaveLength(100);
    expect(newest[0]?.body).toBe('msg 4');
    expect(newest.at(-1)?.body).toBe('msg 104');
    const before = await back(customer, { b: newest[0]!.messageId });
    expect(bodies(before)).toEqual(['msg 0', 'msg 1', 'msg 2', 'msg 3']);
    expect(await back(customer, { b: before[0]!.messageId, l: 10 })).toEqual([]);
    // Staff read the note in its place; the whole thread, read back, is read forward too.
    const staffNewest = await back(agent, { l: 100 });
    const staffAll = [...(await back(agent, { b: staffNewest[0]!.messageId })), ...staffNewest];
    const forward = await page(agent, { first: 100 });
    expect(staffAll).toEqual([...forward, ...(await page(agent, { after: forward.at(-1)!.messageId }))]);
    expect(new Set(staffAll.map((message) => message.messageId)).size).toBe(105);
  });

  it('reads back in a past view too', async () => {
    const past = await back(customer, { at: h.clock.now.toISOString(), l: 2 });
    expect(bodies(past)).toEqual(['msg 103', 'msg 104']);
    expect(bodies(await back(customer, { at: h.clock.now.toISOString(), l: 2, b: past[0]!.messageId }))).toEqual([
      'msg 101',
      'msg 102',
    ]);
  });

  it('refuses first with last, and a cursor that is no message the reader reads here', async () => {
    expect(codes(await h.gql(BACK, { id: ticketId, t: token, l: 5, f: 5 }, agent))).toEqual(['BAD_USER_INPUT']);
    const response = await h.gql(BACK, { id: ticketId, t: token, b: noteId }, customer);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('before takes the messageId');
  });
});

describe("a chat's messages, page after page", () => {
  it('reads on from the last message read, and refuses an unknown cursor', async () => {
    const chatId = field<{ id: string }>(
      await h.gql(
        `mutation { startChat(input: { customerId: "${CUSTOMER}", firstMessage: { body: "chat 0" } }) { id } }`,
        {},
        customer,
      ),
      'startChat',
    ).id;
    let written = '';
    for (const body of ['chat 1', 'chat 2', 'chat 3'])
      written = field<{ consistencyToken: string }>(
        await h.gql(
          'mutation($c: ID!, $b: String!) { sendChatMessage(input: { chatId: $c, body: $b }) { consistencyToken } }',
          { c: chatId, b: body },
          customer,
        ),
        'sendChatMessage',
      ).consistencyToken;
    const CHAT =
      'query($id: ID!, $t: String, $f: Int, $a: ID) { chat(id: $id, consistencyToken: $t) { messages(first: $f, after: $a) { messageId body } } }';
    const read = async (args: { f?: number; a?: string }) =>
      field<{ messages: Message[] }>(await h.gql(CHAT, { id: chatId, t: written, ...args }, customer), 'chat').messages;
    const first = await read({ f: 2 });
    expect(first.map((message) => message.body)).toEqual(['chat 0', 'chat 1']);
    expect((await read({ a: first.at(-1)!.messageId })).map((message) => message.body)).toEqual(['chat 2', 'chat 3']);
    expect(codes(await h.gql(CHAT, { id: chatId, t: written, a: 'nope' }, customer))).toEqual(['BAD_USER_INPUT']);
    const BACK =
      'query($id: ID!, $t: String, $l: Int, $b: ID) { chat(id: $id, consistencyToken: $t) { messages(last: $l, before: $b) { messageId body } } }';
    const readBack = async (args: { l?: number; b?: string }) =>
      field<{ messages: Message[] }>(await h.gql(BACK, { id: chatId, t: written, ...args }, customer), 'chat').messages;
    const newest = await readBack({ l: 3 });
    expect(newest.map((message) => message.body)).toEqual(['chat 1', 'chat 2', 'chat 3']);
    expect((await readBack({ b: newest[0]!.messageId })).map((message) => message.body)).toEqual(['chat 0']);
  });
});
