import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PDF } from './testing/files.fixture.js';
import {
  type ApiHarness,
  codes,
  createApiHarness,
  createTimedWriter,
  field,
  minutesAfterT0,
} from './testing/harness.fixture.js';

// Chat lists by queue and an agent's own chats, transcripts exported as text and JSON, and the
// staff search over every transcript: who may read what, and the typed refusals of bad input.

const ALICE = 'cust-alice';
const CARL = 'cust-carl';

let h: ApiHarness;
let admin: string;
let ada: string;
let alice: string;
let carl: string;

const at = minutesAfterT0;
const iso = (minutes: number) => at(minutes).toISOString();
/** Setup writes at T0 + minutes; reads wait for the last one's token (`writes.token`). */
const writes = createTimedWriter(() => h);
const write = writes.write;

const SEND =
  'mutation($c: ID!, $b: String!, $i: Boolean, $a: [ID!]) { sendChatMessage(input: { chatId: $c, body: $b, internal: $i, attachmentIds: $a }) { consistencyToken } }';

/** The portal starts a chat under a chosen id (a first message would be the portal's), then the customer writes. */
async function start(minutes: number, chatId: string, customer: string, category: string, body: string) {
  await write(
    minutes,
    admin,
    `mutation { startChat(input: { chatId: "${chatId}", customerId: "${customer}", category: "${category}" }) { consistencyToken } }`,
  );
  await write(minutes, customer === ALICE ? alice : carl, SEND, { c: chatId, b: body });
}
const accept = (chatId: string) => `mutation { acceptChat(input: { chatId: "${chatId}" }) { consistencyToken } }`;

async function uploadPdf(token: string): Promise<string> {
  const upload = field<{ uploadUrl: string }>(
    await h.gql('mutation { createAttachmentUpload(input: { fileName: "invoice.pdf" }) { uploadUrl } }', {}, token),
    'createAttachmentUpload',
  );
  const put = await h.app.inject({ method: 'PUT', url: upload.uploadUrl, payload: SAMPLE_PDF });
  expect(put.statusCode).toBe(201);
  return (JSON.parse(put.body) as { id: string }).id;
}

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'admin-1');
  ada = await h.token('agent', 'agent-ada');
  alice = await h.token('customer', ALICE);
  carl = await h.token('customer', CARL);
  await write(
    0,
    admin,
    'mutation { registerAgent(input: { agentId: "agent-ada", name: "Ada Lovelace" }) { consistencyToken } }',
  );
  await write(
    0,
    ada,
    'mutation { setAgentAvailability(input: { agentId: "agent-ada", availability: available }) { consistencyToken } }',
  );
  await write(
    0,
    admin,
    `mutation { registerCustomer(input: { customerId: "${ALICE}", name: "Alice Martin" }) { consistencyToken } }`,
  );
  const invoice = await uploadPdf(alice);
  // A billing chat: the customer, the agent, a staff-only note, and a two-line message with a file.
  await start(0, 'chat-billing-1', ALICE, 'billing', 'My invoice is wrong');
  await write(1, ada, accept('chat-billing-1'));
  await write(2, ada, SEND, { c: 'chat-billing-1', b: 'Let me check the invoice' });
  await write(3, ada, SEND, { c: 'chat-billing-1', b: 'Customer disputed the refund twice', i: true });
  await write(4, alice, SEND, { c: 'chat-billing-1', b: 'Here is the invoice\npage two', a: [invoice] });
  // A technical chat Ada holds, a billing chat still waiting, and a technical chat she closed.
  await start(10, 'chat-tech-1', CARL, 'technical', 'The app crashes on export');
  await write(11, ada, accept('chat-tech-1'));
  await write(12, ada, SEND, { c: 'chat-tech-1', b: 'Which version & which "export" < 5 MB?' });
  await start(20, 'chat-billing-2', CARL, 'billing', 'Refund please');
  await start(30, 'chat-tech-2', ALICE, 'technical', 'An old version question');
  await write(31, ada, accept('chat-tech-2'));
  await write(32, ada, 'mutation { closeChat(input: { chatId: "chat-tech-2" }) { consistencyToken } }');
});
afterAll(async () => h?.close());

describe('chat lists', () => {
  const CHATS =
    'query($c: String, $s: [String!], $t: String) { chats(category: $c, status: $s, consistencyToken: $t) { id } }';
  const ids = async (token: string, variables: Record<string, unknown>) =>
    field<{ id: string }[]>(await h.gql(CHATS, { t: writes.token, ...variables }, token), 'chats').map((c) => c.id);

  it('lists the chats of one queue, oldest first; a customer only their own', async () => {
    expect(await ids(admin, { c: 'billing' })).toEqual(['chat-billing-1', 'chat-billing-2']);
    expect(await ids(admin, { c: 'billing', s: ['waiting'] })).toEqual(['chat-billing-2']);
    expect(await ids(admin, { c: 'nobody-routes-here' })).toEqual([]);
    expect(await ids(alice, { c: 'billing' })).toEqual(['chat-billing-1']);
  });

  const MY_CHATS =
    'query($s: [String!], $c: String, $f: Int, $a: String, $t: String) { myChats(status: $s, category: $c, first: $f, after: $a, consistencyToken: $t) { items { id status lastActivityAt } nextCursor } }';
  type Page = { items: { id: string; status: string; lastActivityAt: string }[]; nextCursor: string | null };
  const myChats = async (token: string, variables: Record<string, unknown> = {}) =>
    h.gql(MY_CHATS, { t: writes.token, ...variables }, token);

  it("pages an agent's active chats, latest activity first (a staff-only note is no activity)", async () => {
    const all = field<Page>(await myChats(ada), 'myChats');
    expect(all.items).toEqual([
      { id: 'chat-tech-1', status: 'active', lastActivityAt: iso(12) },
      { id: 'chat-billing-1', status: 'active', lastActivityAt: iso(4) },
    ]);
    expect(all.nextCursor).toBeNull();
    const first = field<Page>(await myChats(ada, { f: 1 }), 'myChats');
    expect(first.items.map((c) => c.id)).toEqual(['chat-tech-1']);
    const second = field<Page>(await myChats(ada, { f: 1, a: first.nextCursor }), 'myChats');
    expect(second).toMatchObject({ items: [{ id: 'chat-billing-1' }], nextCursor: null });
  });

  it('narrows them to closed ones or to one queue; another agent has none', async () => {
    const closed = field<Page>(await myChats(ada, { s: ['closed'] }), 'myChats');
    expect(closed.items.map((c) => c.id)).toEqual(['chat-tech-2']);
    const both = field<Page>(await myChats(ada, { s: ['active', 'closed'], c: 'technical' }), 'myChats');
    // Accepted at minute 31 and closed since: its last activity is still after the other's reply.
    expect(both.items.map((c) => c.id)).toEqual(['chat-tech-2', 'chat-tech-1']);
    const other = field<Page>(await myChats(await h.token('supervisor', 'sup-1')), 'myChats');
    expect(other).toEqual({ items: [], nextCursor: null });
  });

  it('refuses bad input and customers with typed errors', async () => {
    expect(codes(await myChats(ada, { s: ['waiting'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await myChats(ada, { a: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
    // A page holds 1 to 100 chats, as the schema says: more is refused, not cut.
    for (const f of [0, 101, 5000]) {
      expect((await myChats(ada, { f })).errors?.[0]).toMatchObject({
        message: expect.stringContaining('first: '),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    // A cursor of another order is refused rather than misread.
    const tickets = field<{ nextCursor: string | null }>(
      await h.gql('{ tickets(first: 1) { nextCursor } }', {}, admin),
      'tickets',
    );
    const ticketCursor = tickets.nextCursor ?? 't1.WyIyMDI1LTAzLTAzVDA5OjAwOjAwLjAwMFoiLCJ4Il0';
    expect(codes(await myChats(ada, { a: ticketCursor }))).toEqual(['BAD_USER_INPUT']);
    expect((await myChats(alice)).errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
  });
});

describe('chat transcripts', () => {
  const TRANSCRIPT =
    'query($c: ID!, $f: TranscriptFormat, $t: String) { chatTranscript(chatId: $c, format: $f, consistencyToken: $t) { chatId format contentType fileName content messageCount truncated } }';
  type Transcript = {
    format: string;
    contentType: string;
    fileName: string;
    content: string;
    messageCount: number;
    truncated: boolean;
  };
  const transcript = (token: string, chatId: string, format?: string) =>
    h.gql(TRANSCRIPT, { c: chatId, f: format, t: writes.token }, token);

  const LINES = {
    opening: `${iso(0)} customer Alice Martin (cust-alice): My invoice is wrong`,
    reply: `${iso(2)} agent Ada Lovelace (agent-ada): Let me check the invoice`,
    note: `${iso(3)} agent Ada Lovelace (agent-ada) [internal]: Customer disputed the refund twice`,
    file: `${iso(4)} customer Alice Martin (cust-alice): Here is the invoice ↵ page two [attachments: invoice.pdf]`,
  };

  it('writes staff a text transcript with every message, one line each, notes marked', async () => {
    const text = field<Transcript>(await transcript(ada, 'chat-billing-1', 'text'), 'chatTranscript');
    expect(text).toMatchObject({
      format: 'text',
      contentType: 'text/plain; charset=utf-8',
      fileName: 'chat-chat-billing-1.txt',
      messageCount: 4,
      truncated: false,
    });
    expect(text.content).toBe(`${[LINES.opening, LINES.reply, LINES.note, LINES.file].join('\n')}\n`);
    // Text is the default format.
    expect(field<Transcript>(await transcript(ada, 'chat-billing-1'), 'chatTranscript').content).toBe(text.content);
  });

  it('gives the customer their own transcript without the staff-only notes', async () => {
    const text = field<Transcript>(await transcript(alice, 'chat-billing-1', 'text'), 'chatTranscript');
    expect(text.content).toBe(`${[LINES.opening, LINES.reply, LINES.file].join('\n')}\n`);
    expect(text.messageCount).toBe(3);
    const json = JSON.parse(
      field<Transcript>(await transcript(alice, 'chat-billing-1', 'json'), 'chatTranscript').content,
    );
    expect(json.messages.map((m: { body: string }) => m.body)).not.toContain('Customer disputed the refund twice');
    expect(JSON.stringify(json)).not.toContain('refund');
  });

  it('writes JSON with the exact bodies, authors and files', async () => {
    const json = field<Transcript>(await transcript(ada, 'chat-billing-1', 'json'), 'chatTranscript');
    expect(json).toMatchObject({ contentType: 'application/json', fileName: 'chat-chat-billing-1.json' });
    const document = JSON.parse(json.content);
    expect(document).toMatchObject({
      chatId: 'chat-billing-1',
      customerId: ALICE,
      status: 'active',
      category: 'billing',
      assigneeId: 'agent-ada',
      startedAt: iso(0),
      truncated: false,
    });
    expect(document.messages).toHaveLength(4);
    expect(document.messages[2]).toMatchObject({
      at: iso(3),
      sender: 'agent',
      authorId: 'agent-ada',
      authorName: 'Ada Lovelace',
      internal: true,
      attachments: [],
    });
    expect(document.messages[3]).toMatchObject({
      body: 'Here is the invoice\npage two',
      authorName: 'Alice Martin',
      attachments: [{ fileName: 'invoice.pdf', contentType: 'application/pdf', size: SAMPLE_PDF.length }],
    });
    // A customer without a profile is named by id alone.
    const carls = field<Transcript>(await transcript(ada, 'chat-tech-1', 'text'), 'chatTranscript');
    expect(carls.content.split('\n')[0]).toBe(`${iso(10)} customer cust-carl: The app crashes on export`);
  });

  it("answers another customer's chat exactly as one that does not exist", async () => {
    const theirs = await transcript(carl, 'chat-billing-1', 'json');
    const unknown = await transcript(carl, 'no-such-chat', 'json');
    expect(codes(theirs)).toEqual(['NOT_FOUND']);
    expect(theirs.errors?.[0]?.message.replace('chat-billing-1', 'no-such-chat')).toBe(unknown.errors?.[0]?.message);
    expect(theirs.data).toEqual(unknown.data);
    // Staff asking for a chat that does not exist get null.
    expect((await transcript(ada, 'no-such-chat')).data).toEqual({ chatTranscript: null });
  });

  it('refuses an unknown format and a missing chat id as bad input', async () => {
    expect(codes(await transcript(ada, 'chat-billing-1', 'pdf'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.gql('{ chatTranscript { content } }', {}, ada))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('transcript search', () => {
  const SEARCH =
    'query($q: String!, $from: DateTime, $to: DateTime, $ag: ID, $cu: ID, $f: Int, $a: String, $t: String) { searchChatMessages(text: $q, from: $from, to: $to, agentId: $ag, customerId: $cu, first: $f, after: $a, consistencyToken: $t) { items { chatId customerId assigneeId snippet message { messageId body internal at sender attachments { fileName } } } nextCursor } }';
  type Hit = {
    chatId: string;
    customerId: string;
    assigneeId: string | null;
    snippet: string;
    message: { body: string; internal: boolean; at: string; sender: string; attachments: { fileName: string }[] };
  };
  type Hits = { items: Hit[]; nextCursor: string | null };
  const search = (variables: Record<string, unknown>, token = ada) =>
    h.gql(SEARCH, { t: writes.token, ...variables }, token);
  const hits = async (variables: Record<string, unknown>, token = ada) =>
    field<Hits>(await search(variables, token), 'searchChatMessages');
  const bodies = async (variables: Record<string, unknown>) =>
    (await hits(variables)).items.map((hit) => hit.message.body);

  it('finds messages newest first, with the chat, its people and a highlighted snippet', async () => {
    const found = await hits({ q: 'invoice' });
    expect(found.items.map((hit) => hit.message.body)).toEqual([
      'Here is the invoice\npage two',
      'Let me check the invoice',
      'My invoice is wrong',
    ]);
    expect(found.items[0]).toMatchObject({
      chatId: 'chat-billing-1',
      customerId: ALICE,
      assigneeId: 'agent-ada',
      message: { sender: 'customer', at: iso(4), attachments: [{ fileName: 'invoice.pdf' }] },
    });
    expect(found.items[2]!.snippet).toBe('My <mark>invoice</mark> is wrong');
    expect(found.nextCursor).toBeNull();
  });

  it('searches staff-only notes too, and phrases and exclusions', async () => {
    const refunds = await hits({ q: 'refund' });
    expect(refunds.items.map((hit) => [hit.chatId, hit.message.internal])).toEqual([
      ['chat-billing-2', false],
      ['chat-billing-1', true],
    ]);
    expect(await bodies({ q: '"check the invoice"' })).toEqual(['Let me check the invoice']);
    expect(await bodies({ q: 'invoice -wrong' })).toEqual([
      'Here is the invoice\npage two',
      'Let me check the invoice',
    ]);
  });

  it('escapes the text of a snippet around its marks', async () => {
    const [hit] = (await hits({ q: 'version' })).items.filter((h) => h.chatId === 'chat-tech-1');
    expect(hit!.snippet).toBe('Which <mark>version</mark> &amp; which &quot;export&quot; &lt; 5 MB?');
  });

  it('narrows to [from, to), to an agent’s chats and to a customer’s', async () => {
    expect(await bodies({ q: 'invoice', from: iso(1), to: iso(4) })).toEqual(['Let me check the invoice']);
    expect(await bodies({ q: 'invoice', from: iso(4) })).toEqual(['Here is the invoice\npage two']);
    expect(await bodies({ q: 'refund', ag: 'agent-ada' })).toEqual(['Customer disputed the refund twice']);
    expect(await bodies({ q: 'refund', cu: CARL })).toEqual(['Refund please']);
    expect(await bodies({ q: 'refund', cu: ALICE, ag: 'agent-nobody' })).toEqual([]);
  });

  it('pages by cursor without skipping or repeating a hit', async () => {
    const first = await hits({ q: 'invoice', f: 2 });
    expect(first.items).toHaveLength(2);
    const second = await hits({ q: 'invoice', f: 2, a: first.nextCursor });
    expect([...first.items, ...second.items].map((hit) => hit.message.body)).toEqual(await bodies({ q: 'invoice' }));
    expect(second.nextCursor).toBeNull();
  });

  it('takes 1 to 100 hits a page, and a cursor only from the search that handed it out', async () => {
    for (const f of [0, 101, 5000]) {
      expect((await search({ q: 'invoice', f })).errors?.[0]).toMatchObject({
        message: expect.stringContaining('first: '),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    const { nextCursor } = await hits({ q: 'invoice', f: 1 });
    expect(nextCursor).not.toBeNull();
    expect((await hits({ q: 'invoice', f: 1, a: nextCursor })).items).toHaveLength(1);
    for (const other of [{ q: 'refund' }, { q: 'invoice', cu: ALICE }, { q: 'invoice', from: iso(0) }]) {
      expect(codes(await search({ ...other, f: 1, a: nextCursor }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('is for staff and auditors: customers are refused', async () => {
    expect((await search({ q: 'invoice' }, alice)).errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      policy: 'role',
    });
    const audited = await hits({ q: 'invoice' }, await h.token('auditor', 'auditor-1'));
    expect(audited.items).toHaveLength(3);
  });

  it('refuses bad input with BAD_USER_INPUT and treats hostile text as text', async () => {
    const before = await h.eventCount();
    const refused = [
      { q: '' },
      { q: '   ' },
      { q: Array.from({ length: 33 }, (_, i) => `w${i}`).join(' ') },
      { q: 'x'.repeat(501) },
      { q: 'invoice', from: iso(4), to: iso(4) },
      { q: 'invoice', from: iso(5), to: iso(1) },
      { q: 'invoice', a: 'garbage' },
      { q: 'invoice', a: 'm1.WyIyMDI1LTAzLTAzVDA5OjAwOjAwLjAwMFoiLCJubyBzZXEiXQ' },
      { q: 'invoice', from: 'yesterday' },
    ];
    for (const variables of refused) expect(codes(await search(variables))).toEqual(['BAD_USER_INPUT']);
    for (const q of ["'; DROP TABLE chat_messages; --", '!!!', '-', '"', 'invoice | refund & !', '<script>']) {
      const response = await search({ q });
      expect(response.errors).toBeUndefined();
    }
    expect(await bodies({ q: '!!!' })).toEqual([]);
    expect(await h.eventCount()).toBe(before);
  });
});
