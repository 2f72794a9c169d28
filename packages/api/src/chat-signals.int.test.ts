import { streamId } from '@support-engine/domain';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiConfig, defaultApiConfig } from './config.js';
import { createProjectionWaiter } from './consistency.js';
import { type ApiServer, createApiServer } from './server.js';
import { CHAT_SIGNAL_CHANNEL } from './signals/chat-signals.js';
import {
  type ApiHarness,
  codes,
  createApiHarness,
  field,
  type GqlResponse,
  SECRET,
} from './testing/harness.fixture.js';
import { listen, type SseSubscription, subscribe } from './testing/sse.fixture.js';

// Typing is held back for the whole test (nothing held ever goes out); reads for a moment only,
// to see the latest held-back one arrive.
const LIMITS: ApiConfig['chatSignals'] = { typingIntervalMs: 60_000, readIntervalMs: 1_000 };
const CUSTOMER = 'cust-signals';
const ACTIVITY =
  'subscription($chatId: ID!) { chatActivity(chatId: $chatId) { chatId signal by { role id name } at lastReadMessageId } }';
const SIGNAL = 'mutation($input: SignalChatInput!) { signalChat(input: $input) { chatId signal at relayed } }';

let h: ApiHarness;
/** A second API process on the same database. */
let other: ApiServer;
let firstUrl: string;
let otherUrl: string;

beforeAll(async () => {
  h = await createApiHarness({ config: { chatSignals: LIMITS } });
  const config = defaultApiConfig({
    environment: 'development',
    auth: { mode: 'hs256', secret: SECRET },
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
    chatSignals: LIMITS,
  });
  other = await createApiServer(
    {
      store: h.store,
      db: h.db,
      connectionString: h.connectionString,
      waiter: createProjectionWaiter(h.db),
      logger: pino({ level: 'silent' }),
      clock: () => h.clock.now,
    },
    config,
  );
  firstUrl = await listen(h.app);
  otherUrl = await listen(other);
  const admin = await h.token('admin', 'admin-1');
  for (const [agentId, name] of [
    ['agent-ada', 'Ada Lovelace'],
    ['agent-bob', 'Bob'],
  ]) {
    await ok(
      `mutation { registerAgent(input: { agentId: "${agentId}", name: "${name}", capacity: 20 }) { id } }`,
      admin,
    );
    await ok(
      `mutation { setAgentAvailability(input: { agentId: "${agentId}", availability: available }) { id } }`,
      admin,
    );
  }
});
afterAll(async () => {
  await other?.close();
  await h?.close();
});

async function ok(query: string, token: string, variables: Record<string, unknown> = {}): Promise<GqlResponse> {
  const response = await h.gql(query, variables, token);
  expect(response.errors).toBeUndefined();
  return response;
}

/** A chat of the customer with their message `m-1`, accepted by Ada. */
async function activeChat(): Promise<string> {
  const customer = await h.token('customer', CUSTOMER);
  const started = await ok(
    `mutation { startChat(input: { customerId: "${CUSTOMER}", firstMessage: { messageId: "m-1", body: "Hi" } }) { id } }`,
    customer,
  );
  const chatId = field<{ id: string }>(started, 'startChat').id;
  await ok(`mutation { acceptChat(input: { chatId: "${chatId}" }) { id } }`, await h.token('agent', 'agent-ada'));
  return chatId;
}

async function message(chatId: string, messageId: string, token: string, internal = false) {
  await ok(
    `mutation { sendChatMessage(input: { chatId: "${chatId}", messageId: "${messageId}", body: "…", internal: ${internal} }) { id } }`,
    token,
  );
}

/** `signalChat` through the first API server. */
function signal(token: string, input: Record<string, unknown>): Promise<GqlResponse> {
  return h.gql(SIGNAL, { input }, token);
}

async function relayed(token: string, input: Record<string, unknown>): Promise<boolean> {
  return field<{ relayed: boolean }>(await signal(token, input), 'signalChat').relayed;
}

async function activity(sub: SseSubscription) {
  const payload = await sub.next();
  expect(payload.errors).toBeUndefined();
  return payload.data?.chatActivity as Record<string, unknown>;
}

describe('signalChat and chatActivity', () => {
  it('carry a signal given to one API process to subscribers of another, never back to its sender', async () => {
    const chatId = await activeChat();
    const customer = await h.token('customer', CUSTOMER);
    const ada = await h.token('agent', 'agent-ada');
    const customerSees = await subscribe(otherUrl, ACTIVITY, { chatId }, customer);
    const adaSees = await subscribe(otherUrl, ACTIVITY, { chatId }, ada);
    try {
      const receipt = field<Record<string, unknown>>(
        await signal(customer, { chatId, signal: 'typing' }),
        'signalChat',
      );
      expect(receipt).toEqual({ chatId, signal: 'typing', at: h.clock.now.toISOString(), relayed: true });
      expect(await relayed(ada, { chatId, signal: 'typing' })).toBe(true);
      // Had the customer's own typing come back to them, it would be their first payload.
      expect(await activity(customerSees)).toEqual({
        chatId,
        signal: 'typing',
        by: { role: 'agent', id: 'agent-ada', name: 'Ada Lovelace' },
        at: h.clock.now.toISOString(),
        lastReadMessageId: null,
      });
      expect(await activity(adaSees)).toMatchObject({
        signal: 'typing',
        by: { role: 'customer', id: CUSTOMER, name: null },
      });
    } finally {
      customerSees.close();
      adaSees.close();
    }
  });

  it('relays one signal per sender, chat and group per interval, the latest held-back read at its end', async () => {
    const chatId = await activeChat();
    const customer = await h.token('customer', CUSTOMER);
    const ada = await h.token('agent', 'agent-ada');
    await message(chatId, 'm-2', customer);
    await message(chatId, 'm-3', customer);
    const sub = await subscribe(firstUrl, ACTIVITY, { chatId }, customer);
    try {
      const before = await h.eventCount();
      expect(await relayed(ada, { chatId, signal: 'typing' })).toBe(true);
      expect(await relayed(ada, { chatId, signal: 'typing' })).toBe(false);
      // stopped_typing shares typing's limit, so it can never overtake a later typing.
      expect(await relayed(ada, { chatId, signal: 'stopped_typing' })).toBe(false);
      // Another sender has limits of their own.
      expect(await relayed(await h.token('supervisor', 'supervisor-1'), { chatId, signal: 'typing' })).toBe(true);
      expect(await relayed(ada, { chatId, signal: 'read', lastReadMessageId: 'm-1' })).toBe(true);
      expect(await relayed(ada, { chatId, signal: 'read', lastReadMessageId: 'm-2' })).toBe(false);
      expect(await relayed(ada, { chatId, signal: 'read', lastReadMessageId: 'm-3' })).toBe(false);
      const seen = [await activity(sub), await activity(sub), await activity(sub), await activity(sub)];
      expect(seen.map((s) => [(s.by as { id: string }).id, s.signal, s.lastReadMessageId])).toEqual([
        ['agent-ada', 'typing', null],
        ['supervisor-1', 'typing', null],
        ['agent-ada', 'read', 'm-1'],
        ['agent-ada', 'read', 'm-3'],
      ]);
      // Signals are never events.
      expect(await h.eventCount()).toBe(before);
    } finally {
      sub.close();
    }
  });

  it('never tells the customer that staff read an internal note; staff watching are told', async () => {
    const chatId = await activeChat();
    const customer = await h.token('customer', CUSTOMER);
    const ada = await h.token('agent', 'agent-ada');
    await message(chatId, 'note-1', await h.token('agent', 'agent-bob'), true);
    const customerSees = await subscribe(firstUrl, ACTIVITY, { chatId }, customer);
    const supervisorSees = await subscribe(otherUrl, ACTIVITY, { chatId }, await h.token('supervisor', 'sup-2'));
    try {
      expect(await relayed(ada, { chatId, signal: 'read', lastReadMessageId: 'note-1' })).toBe(true);
      expect(await relayed(ada, { chatId, signal: 'typing' })).toBe(true);
      expect(await activity(customerSees)).toMatchObject({ signal: 'typing' });
      expect(await activity(supervisorSees)).toMatchObject({ signal: 'read', lastReadMessageId: 'note-1' });
    } finally {
      customerSees.close();
      supervisorSees.close();
    }
  });

  it('never tells the customer that staff are typing an internal note; staff watching are told', async () => {
    const chatId = await activeChat();
    const customer = await h.token('customer', CUSTOMER);
    const ada = await h.token('agent', 'agent-ada');
    const customerSees = await subscribe(firstUrl, ACTIVITY, { chatId }, customer);
    const supervisorSees = await subscribe(otherUrl, ACTIVITY, { chatId }, await h.token('supervisor', 'sup-3'));
    try {
      expect(await relayed(ada, { chatId, signal: 'typing', internal: true })).toBe(true);
      // Limited apart from the note: typing a public reply goes out at once too.
      expect(await relayed(ada, { chatId, signal: 'stopped_typing', internal: false })).toBe(true);
      expect(await activity(supervisorSees)).toMatchObject({ signal: 'typing', by: { id: 'agent-ada' } });
      expect(await activity(supervisorSees)).toMatchObject({ signal: 'stopped_typing', by: { id: 'agent-ada' } });
      // The customer's first signal is the public one: the note's never reached them.
      expect(await activity(customerSees)).toMatchObject({ signal: 'stopped_typing' });
    } finally {
      customerSees.close();
      supervisorSees.close();
    }
  });
});

/** The backends LISTENing for chat signals, one per API process that has had a subscriber. */
async function listeners(): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where query = ${`LISTEN "${CHAT_SIGNAL_CHANNEL}"`}`.execute(h.store.db);
  return rows.map((row) => row.pid);
}

it('listens again after its connection is lost, and the subscribers it had keep receiving', async () => {
  const chatId = await activeChat();
  const sub = await subscribe(otherUrl, ACTIVITY, { chatId }, await h.token('customer', CUSTOMER));
  try {
    const lost = await listeners();
    expect(lost.length).toBe(2);
    await sql`select pg_terminate_backend(pid) from unnest(${lost}::int[]) as pid`.execute(h.store.db);
    const fresh = async () => (await listeners()).filter((pid) => !lost.includes(pid)).length;
    await expect.poll(fresh, { timeout: 10_000 }).toBe(2);
    expect(await relayed(await h.token('agent', 'agent-ada'), { chatId, signal: 'typing' })).toBe(true);
    expect(await activity(sub)).toMatchObject({ signal: 'typing', by: { id: 'agent-ada' } });
  } finally {
    sub.close();
  }
});

describe('refusals', () => {
  let chatId: string;
  beforeAll(async () => {
    chatId = await activeChat();
    await message(chatId, 'note-1', await h.token('agent', 'agent-ada'), true);
  });

  it("answers another customer's chat exactly as an unknown one, to signals and subscriptions alike", async () => {
    const stranger = await h.token('customer', 'cust-stranger');
    const theirs = await signal(stranger, { chatId, signal: 'typing' });
    const unknown = await signal(stranger, { chatId: 'no-such-chat', signal: 'typing' });
    expect(theirs.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(theirs.errors?.[0]?.message.replace(chatId, 'no-such-chat')).toBe(unknown.errors?.[0]?.message);
    const sub = await subscribe(firstUrl, ACTIVITY, { chatId }, stranger);
    try {
      const [error] = (await sub.next()).errors ?? [];
      expect(error?.extensions).toEqual({ code: 'NOT_FOUND' });
      expect(error?.message).toBe(`No chat "${chatId}"`);
    } finally {
      sub.close();
    }
  });

  it('refuses with the typed error a message would get, and writes nothing', async () => {
    const customer = await h.token('customer', CUSTOMER);
    const ada = await h.token('agent', 'agent-ada');
    const closedChat = await activeChat();
    await ok(`mutation { closeChat(input: { chatId: "${closedChat}" }) { id } }`, ada);
    // The router may still be giving Ada's slot back: count the chats' own events.
    const chatEvents = async () => {
      const ids = [chatId, closedChat, 'no-such-chat'];
      return (await Promise.all(ids.map((id) => h.store.readStream(streamId('chat', id))))).map((e) => e.length);
    };
    const before = await chatEvents();
    const cases: [string, Record<string, unknown>, string][] = [
      [ada, { chatId: 'no-such-chat', signal: 'typing' }, 'NOT_FOUND'],
      [customer, { chatId: closedChat, signal: 'typing' }, 'CHAT_CLOSED'],
      [await h.token('agent', 'agent-bob'), { chatId, signal: 'typing' }, 'NOT_ASSIGNED'],
      [await h.token('auditor', 'auditor-1'), { chatId, signal: 'typing' }, 'FORBIDDEN'],
      [customer, { chatId, signal: 'read' }, 'BAD_USER_INPUT'],
      [customer, { chatId, signal: 'typing', lastReadMessageId: 'm-1' }, 'BAD_USER_INPUT'],
      [customer, { chatId, signal: 'read', lastReadMessageId: 'm-404' }, 'NOT_FOUND'],
      // An internal note is, for the customer, a message that does not exist.
      [customer, { chatId, signal: 'read', lastReadMessageId: 'note-1' }, 'NOT_FOUND'],
      [customer, { chatId, signal: 'typing', internal: true }, 'FORBIDDEN'],
    ];
    for (const [token, input, code] of cases)
      expect([input, codes(await signal(token, input))]).toEqual([input, [code]]);
    expect(await chatEvents()).toEqual(before);
  });
});
