import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// The live board's queues per category (and tier), and its open follow-ups: a new low rating moves
// no other figure, yet the board's subscription tells of it.

let h: ApiHarness;
let baseUrl: string;
let agent: string;
let supervisor: string;
let customer: string;
let lastToken = '';

async function ok(query: string, token: string): Promise<void> {
  const response = await h.gql(query, {}, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const [result] = Object.values(response.data ?? {}) as { consistencyToken?: string }[];
  lastToken = result?.consistencyToken ?? lastToken;
}

const C = 'consistencyToken';
const BOARD = `query($token: String) {
  liveBoard(consistencyToken: $token) {
    waitingTickets { count } waitingChats { count } openFollowUps
    queues { category tickets { count longestWaitMs } chats { count longestWaitMs } ticketsByTier { tier count longestWaitMs } }
  }
}`;
interface Board {
  waitingTickets: { count: number };
  waitingChats: { count: number };
  openFollowUps: number;
  queues: {
    category: string | null;
    tickets: { count: number };
    chats: { count: number };
    ticketsByTier: { tier: number; count: number }[];
  }[];
}
const board = async () => field<Board>(await h.gql(BOARD, { token: lastToken }, supervisor), 'liveBoard');

beforeAll(async () => {
  h = await createApiHarness({ routing: 'manual' });
  baseUrl = await listen(h.app);
  agent = await h.token('agent', 'agent-lbq');
  supervisor = await h.token('supervisor', 'sup-lbq');
  customer = await h.token('customer', 'cust-lbq');
  const admin = await h.token('admin', 'admin-lbq');
  await ok(`mutation { registerAgent(input: { agentId: "agent-lbq", name: "Q" }) { ${C} } }`, admin);
  await ok(
    `mutation { setAgentAvailability(input: { agentId: "agent-lbq", availability: available }) { ${C} } }`,
    admin,
  );
});
afterAll(async () => h?.close());

const open = (id: string, category: string) =>
  ok(
    `mutation { openTicket(input: { ticketId: "${id}", customerId: "cust-lbq", subject: "Help", description: "d", channel: web, category: "${category}" }) { ${C} } }`,
    agent,
  );

describe('liveBoard queues', () => {
  it('counts the waiting tickets per category and tier and the waiting chats per category, adding up to the totals', async () => {
    await open('lbq-1', 'lbq-billing');
    await open('lbq-2', 'lbq-billing');
    await open('lbq-3', 'lbq-shipping');
    await ok(`mutation { escalateTicket(input: { ticketId: "lbq-2", reason: complexity }) { ${C} } }`, agent);
    await ok(`mutation { startChat(input: { customerId: "cust-lbq", category: "lbq-billing" }) { ${C} } }`, customer);
    const { queues, waitingTickets, waitingChats } = await board();
    expect(queues.find((queue) => queue.category === 'lbq-billing')).toMatchObject({
      tickets: { count: 2 },
      chats: { count: 1 },
      ticketsByTier: [
        { tier: 1, count: 1 },
        { tier: 2, count: 1 },
      ],
    });
    expect(queues.find((queue) => queue.category === 'lbq-shipping')).toMatchObject({
      tickets: { count: 1 },
      chats: { count: 0, longestWaitMs: null },
    });
    expect(queues.reduce((sum, queue) => sum + queue.tickets.count, 0)).toBe(waitingTickets.count);
    expect(queues.reduce((sum, queue) => sum + queue.chats.count, 0)).toBe(waitingChats.count);

    // Taken by an agent, a ticket leaves its category's queue.
    await ok(`mutation { assignTicket(input: { ticketId: "lbq-3", agentId: "agent-lbq" }) { ${C} } }`, supervisor);
    expect((await board()).queues.find((queue) => queue.category === 'lbq-shipping')).toBeUndefined();
  });
});

describe('liveBoardUpdated and follow-ups', () => {
  it('sends the board when a low rating asks for a follow-up, which moves no other figure', async () => {
    await open('lbq-rated', 'lbq-rated');
    await ok(`mutation { assignTicket(input: { ticketId: "lbq-rated", agentId: "agent-lbq" }) { ${C} } }`, supervisor);
    const initial = field<{ openFollowUps: number; tickets: { resolved: number } }>(
      await h.gql(
        'query($token: String) { liveBoard(consistencyToken: $token) { openFollowUps tickets { resolved } } }',
        { token: lastToken },
        supervisor,
      ),
      'liveBoard',
    );
    const before = initial.openFollowUps;
    const resolved = initial.tickets.resolved;
    const sub = await subscribe(
      baseUrl,
      'subscription { liveBoardUpdated { openFollowUps tickets { resolved } } }',
      {},
      supervisor,
    );
    type Pushed = { openFollowUps: number; tickets: { resolved: number } } | undefined;
    /** The next boards pushed until one `until` accepts (boards for earlier changes may come first). */
    const pushedUntil = async (until: (board: Pushed) => boolean) => {
      let pushed: Pushed;
      for (let i = 0; i < 5 && !until(pushed); i++) {
        const payload = await sub.next();
        expect(payload.errors).toBeUndefined();
        pushed = payload.data?.liveBoardUpdated as Pushed;
      }
      return pushed;
    };
    try {
      await ok(
        `mutation { replyToTicket(input: { ticketId: "lbq-rated", body: "Done", nextStatus: resolved }) { ${C} } }`,
        agent,
      );
      // The resolution is pushed first, so the board pushed next can only be the rating's.
      expect(await pushedUntil((pushed) => pushed?.tickets.resolved === resolved + 1)).toEqual({
        openFollowUps: before,
        tickets: { resolved: resolved + 1 },
      });
      await ok(
        `mutation { rateTicket(input: { ticketId: "lbq-rated", score: 1, comment: "slow" }) { ${C} } }`,
        customer,
      );
      expect((await board()).openFollowUps).toBe(before + 1);
      expect(await pushedUntil((pushed) => pushed?.openFollowUps === before + 1)).toEqual({
        openFollowUps: before + 1,
        tickets: { resolved: resolved + 1 },
      });
    } finally {
      sub.close();
    }
  });
});
