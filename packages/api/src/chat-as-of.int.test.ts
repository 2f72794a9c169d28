import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLNamedType, getNamedType, isObjectType } from './graphql/engine.js';
import { createApiSchema } from './graphql/schema.js';
import { SAMPLE_PDF } from './testing/files.fixture.js';
import {
  type ApiHarness,
  codes,
  createApiHarness,
  createTimedWriter,
  field,
  minutesAfterT0,
} from './testing/harness.fixture.js';

// chat(id, asOf): a chat as it was at a past instant, folded from its events. At the present
// instant it answers every field exactly as the read model does, for staff and for the customer.

const ALICE = 'cust-alice';
const CHAT = 'chat-past-1';
// Room for one past view of the chat below (12 events), not two.
const BUDGET = 20;
const NOW = 11;

let h: ApiHarness;
let admin: string;
let auditor: string;
let alice: string;
let carl: string;

const at = minutesAfterT0;
const iso = (minutes: number) => at(minutes).toISOString();
/** Setup writes at T0 + minutes; reads wait for the last one's token (`writes.token`). */
const writes = createTimedWriter(() => h);
const write = writes.write;

const SEND =
  'mutation($b: String!, $i: Boolean, $a: [ID!]) { sendChatMessage(input: { chatId: "chat-past-1", body: $b, internal: $i, attachmentIds: $a }) { consistencyToken } }';
const agentOnShift = async (agentId: string, name: string, token: string) => {
  await write(
    0,
    admin,
    `mutation { registerAgent(input: { agentId: "${agentId}", name: "${name}" }) { consistencyToken } }`,
  );
  await write(
    0,
    token,
    `mutation { setAgentAvailability(input: { agentId: "${agentId}", availability: available }) { consistencyToken } }`,
  );
};

/**
 * Every field of a type, nested objects included (so a field added to Chat is compared too). A
 * customer is their profile as it is now, not part of the chat's history: only its id is asked.
 */
function selectionOf(type: GraphQLNamedType): string {
  if (!isObjectType(type)) return '';
  if (type.name === 'Customer') return '{ customerId }';
  const fields = Object.values(type.getFields()).map((field) => {
    const below = selectionOf(getNamedType(field.type));
    return below ? `${field.name} ${below}` : field.name;
  });
  return `{ ${fields.join(' ')} }`;
}
const CHAT_FIELDS = selectionOf(createApiSchema().getType('Chat')!);
const CHAT_QUERY = `query($id: ID!, $asOf: DateTime, $t: String) { chat(id: $id, asOf: $asOf, consistencyToken: $t) ${CHAT_FIELDS} }`;

interface PastChat {
  status: string;
  assigneeId: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  closeCause: string | null;
  ticketId: string | null;
  messageCount: number;
  csat: { score: number } | null;
  followUpRequested: boolean;
  asOf: string | null;
  messages: { body: string; internal: boolean; attachments: { fileName: string }[] }[];
}
const chatAsOf = async (token: string, minutes: number, id = CHAT) =>
  h.gql(CHAT_QUERY, { id, asOf: iso(minutes) }, token);

beforeAll(async () => {
  h = await createApiHarness({ config: { maxReplayEvents: BUDGET } });
  admin = await h.token('admin', 'admin-1');
  auditor = await h.token('auditor', 'auditor-1');
  const ada = await h.token('agent', 'agent-ada');
  const bob = await h.token('agent', 'agent-bob');
  alice = await h.token('customer', ALICE);
  carl = await h.token('customer', 'cust-carl');
  await agentOnShift('agent-ada', 'Ada', ada);
  await agentOnShift('agent-bob', 'Bob', bob);
  const upload = field<{ uploadUrl: string }>(
    await h.gql('mutation { createAttachmentUpload(input: { fileName: "invoice.pdf" }) { uploadUrl } }', {}, alice),
    'createAttachmentUpload',
  );
  const put = await h.app.inject({ method: 'PUT', url: upload.uploadUrl, payload: SAMPLE_PDF });
  expect(put.statusCode).toBe(201);
  const invoice = (JSON.parse(put.body) as { id: string }).id;

  // A chat with every kind of fact: messages, a staff-only note, a file, a transfer, a
  // conversion, an ending and a low rating (which asks for a follow-up).
  await write(
    1,
    admin,
    `mutation { startChat(input: { chatId: "${CHAT}", customerId: "${ALICE}", category: "billing" }) { consistencyToken } }`,
  );
  await write(1, alice, SEND, { b: 'My invoice is wrong' });
  await write(2, ada, `mutation { acceptChat(input: { chatId: "${CHAT}" }) { consistencyToken } }`);
  await write(3, ada, SEND, { b: 'Let me check the invoice' });
  await write(4, ada, SEND, { b: 'Customer disputed the refund twice', i: true });
  await write(5, alice, SEND, { b: 'Here it is', a: [invoice] });
  await write(
    6,
    ada,
    `mutation { transferChat(input: { chatId: "${CHAT}", toAgentId: "agent-bob", reason: "billing expert" }) { consistencyToken } }`,
  );
  await write(7, bob, SEND, { b: 'I will correct it' });
  await write(8, bob, `mutation { convertChatToTicket(input: { chatId: "${CHAT}" }) { consistencyToken } }`);
  await write(9, bob, `mutation { closeChat(input: { chatId: "${CHAT}" }) { consistencyToken } }`);
  await write(
    10,
    alice,
    `mutation { rateChat(input: { chatId: "${CHAT}", score: 2, comment: "Slow" }) { consistencyToken } }`,
  );
  h.clock.now = at(NOW);
}, 60_000);
afterAll(async () => h?.close());

describe('chat(asOf:) at the present instant', () => {
  it.each([
    ['staff', () => admin, 5],
    ['the customer', () => alice, 4],
  ])('answers every field the live chat answers, for %s', async (_who, token, messages) => {
    const live = field<PastChat>(await h.gql(CHAT_QUERY, { id: CHAT, t: writes.token }, token()), 'chat');
    // The live chat holds every fact of the setup, so the comparison below covers them all.
    expect(live).toMatchObject({
      status: 'closed',
      assigneeId: 'agent-bob',
      assignedAt: iso(2),
      closedAt: iso(9),
      closeCause: 'ended',
      messageCount: messages,
      csat: { score: 2 },
      asOf: null,
    });
    expect(live.ticketId).not.toBeNull();
    expect(live.messages).toHaveLength(messages);
    expect(live.messages.flatMap((message) => message.attachments.map((file) => file.fileName))).toEqual([
      'invoice.pdf',
    ]);
    const past = field<PastChat>(await chatAsOf(token(), NOW), 'chat');
    expect(past.asOf).toBe(iso(NOW));
    expect({ ...past, asOf: null }).toEqual(live);
  });
});

describe('the ticket the chat became, as of an instant', () => {
  const TICKET_MESSAGES = `query($id: ID!, $asOf: DateTime, $t: String) { ticket(id: $id, asOf: $asOf, consistencyToken: $t) {
    messages { messageId authorKind authorId source internal body at attachments { fileName } } } }`;

  it.each([
    ['staff', () => admin],
    ['the customer', () => alice],
  ])("lists the chat's lines after its description, as the live ticket does, for %s", async (_who, token) => {
    const { ticketId } = field<PastChat>(await h.gql(CHAT_QUERY, { id: CHAT, t: writes.token }, token()), 'chat');
    type Messages = { messages: { source: string; body: string; attachments: unknown[] }[] };
    const live = field<Messages>(await h.gql(TICKET_MESSAGES, { id: ticketId, t: writes.token }, token()), 'ticket');
    // The description, then the chat's public lines (the staff-only note is no line of the ticket).
    expect(live.messages.map((message) => message.source)).toEqual([
      'description',
      'transcript',
      'transcript',
      'transcript',
      'transcript',
    ]);
    expect(live.messages.map((message) => message.body)).toContain('Here it is');
    const past = field<Messages>(await h.gql(TICKET_MESSAGES, { id: ticketId, asOf: iso(NOW) }, token()), 'ticket');
    expect(past).toEqual(live);
  });
});

describe('chat(asOf:) in the past', () => {
  it('shows the chat before an agent joined, and null before it started', async () => {
    expect(field<PastChat>(await chatAsOf(auditor, 1), 'chat')).toMatchObject({
      status: 'waiting',
      assigneeId: null,
      assignedAt: null,
      messageCount: 1,
      messages: [{ body: 'My invoice is wrong', internal: false, attachments: [] }],
      asOf: iso(1),
    });
    const before = await chatAsOf(auditor, 0);
    expect(before.errors).toBeUndefined();
    expect(before.data?.chat).toBeNull();
  });

  it('shows the chat after the transfer, before its conversion, ending and rating', async () => {
    const past = field<PastChat>(await chatAsOf(auditor, 7), 'chat');
    expect(past).toMatchObject({
      status: 'active',
      assigneeId: 'agent-bob',
      assignedAt: iso(2),
      closedAt: null,
      closeCause: null,
      ticketId: null,
      messageCount: 5,
      csat: null,
      followUpRequested: false,
    });
    expect(past.messages.map((message) => message.internal)).toEqual([false, false, true, false, false]);
  });

  it('answers null for an unknown chat, as the live query does', async () => {
    const live = await h.gql(CHAT_QUERY, { id: 'no-such-chat' }, admin);
    const past = await chatAsOf(admin, NOW, 'no-such-chat');
    expect(live).toMatchObject({ data: { chat: null } });
    expect(past.errors).toEqual(live.errors);
    expect(past.data).toEqual(live.data);
  });

  it('refuses an instant still to come', async () => {
    const future = await chatAsOf(auditor, NOW + 1);
    expect(codes(future)).toEqual(['BAD_USER_INPUT']);
    expect(future.errors?.[0]?.message).toMatch(/is after now .*leave asOf out for the current state/);
  });
});

describe('who reads a past chat', () => {
  it("shows the customer their own chat's past without the staff-only note", async () => {
    const past = field<PastChat>(await chatAsOf(alice, 5), 'chat');
    expect(past.messages.map((message) => message.body)).toEqual([
      'My invoice is wrong',
      'Let me check the invoice',
      'Here it is',
    ]);
    expect(past.messageCount).toBe(3);
    const staff = field<PastChat>(await chatAsOf(admin, 5), 'chat');
    expect(staff.messages.map((message) => message.body)).toContain('Customer disputed the refund twice');
  });

  it("refuses another customer's chat, and an unknown one, exactly as the live chat does", async () => {
    for (const id of [CHAT, 'no-such-chat']) {
      const live = await h.gql(CHAT_QUERY, { id }, carl);
      expect(codes(live)).toEqual(['NOT_FOUND']);
      const past = await chatAsOf(carl, NOW, id);
      expect(past.errors).toEqual(live.errors);
      expect(past.data).toEqual(live.data);
    }
  });
});

describe('what a past chat costs', () => {
  const pastChats = (count: number) =>
    `query($asOf: DateTime) { ${Array.from(
      { length: count },
      (_, i) => `c${i}: chat(id: "${CHAT}", asOf: $asOf) { status }`,
    ).join(' ')} }`;

  it('refuses 200 aliased past views by their cost, before running any', async () => {
    const response = await h.gql(pastChats(200), { asOf: iso(NOW) }, auditor);
    expect(codes(response)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(response.data).toBeUndefined();
  });

  it('charges each past view the events it folds, and refuses those beyond the budget', async () => {
    const response = await h.gql(pastChats(2), { asOf: iso(NOW) }, auditor);
    expect(codes(response)).toEqual(['REPLAY_BUDGET_EXCEEDED']);
    expect(response.data).toEqual({ c0: { status: 'closed' }, c1: null });
  });
});
