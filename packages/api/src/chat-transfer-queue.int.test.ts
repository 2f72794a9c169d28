import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  codes,
  createApiHarness,
  createTimedWriter,
  field,
  minutesAfterT0,
} from './testing/harness.fixture.js';

// transferChatToQueue: an active chat goes back to waiting in another queue (its category), and
// the agent's slot is given back by the router's board.

const TRANSFER = `mutation($i: TransferChatToQueueInput!) { transferChatToQueue(input: $i) { consistencyToken } }`;
const CHAT = `query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { status assigneeId category } }`;
const QUEUE = `query($t: String) { workQueue(filter: { category: "billing" }, consistencyToken: $t) { kind id } }`;

describe('transferChatToQueue', () => {
  let h: ApiHarness;
  let sue: string;
  let ada: string;
  let bob: string;
  /** The token of the setup's last write: reads passing it see the whole setup. */
  let accepted: string;

  const run = async (token: string, query: string, variables: Record<string, unknown>) => {
    const response = await h.gql(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response;
  };
  const activeChats = async () =>
    field<{ id: string; activeChats: number }[]>(await h.gql('{ agents { id activeChats } }', {}, sue), 'agents');

  beforeAll(async () => {
    h = await createApiHarness({ routing: 'manual' });
    sue = await h.token('supervisor', 'sue');
    ada = await h.token('agent', 'ada');
    bob = await h.token('agent', 'bob');
    for (const agentId of ['ada', 'bob']) {
      await run(sue, 'mutation($i: RegisterAgentInput!) { registerAgent(input: $i) { id } }', {
        i: { agentId, name: agentId, tier: 1 },
      });
      await run(sue, 'mutation($i: SetAgentAvailabilityInput!) { setAgentAvailability(input: $i) { id } }', {
        i: { agentId, availability: 'available' },
      });
    }
    await run(sue, 'mutation($i: StartChatInput!) { startChat(input: $i) { id } }', {
      i: { chatId: 'c1', customerId: 'carl', category: 'general' },
    });
    const acceptance = await run(ada, 'mutation { acceptChat(input: { chatId: "c1" }) { consistencyToken } }', {});
    accepted = field<{ consistencyToken: string }>(acceptance, 'acceptChat').consistencyToken;
  }, 60_000);
  afterAll(async () => h?.close());

  it('refuses bad input, and anyone but the agent or a supervisor, writing nothing', async () => {
    const bad = await h.gql(TRANSFER, { i: { chatId: 'c1', category: ' ', reason: 'billing' } }, ada);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const other = await h.gql(TRANSFER, { i: { chatId: 'c1', category: 'billing', reason: 'billing' } }, bob);
    expect(codes(other)).toEqual(['FORBIDDEN']);
    const chat = field(await h.gql(CHAT, { id: 'c1', t: accepted }, sue), 'chat');
    expect(chat).toEqual({ status: 'active', assigneeId: 'ada', category: 'general' });
  });

  it('puts the chat back to waiting in the queue and frees the agent', async () => {
    await expect.poll(activeChats).toEqual([
      { id: 'ada', activeChats: 1 },
      { id: 'bob', activeChats: 0 },
    ]);
    const { consistencyToken: t } = field<{ consistencyToken: string }>(
      await run(ada, TRANSFER, { i: { chatId: 'c1', category: 'billing', reason: 'a billing question' } }),
      'transferChatToQueue',
    );
    expect(field(await h.gql(CHAT, { id: 'c1', t }, sue), 'chat')).toEqual({
      status: 'waiting',
      assigneeId: null,
      category: 'billing',
    });
    expect(field(await h.gql(QUEUE, { t }, sue), 'workQueue')).toEqual([{ kind: 'chat', id: 'c1' }]);
    await expect.poll(activeChats).toEqual([
      { id: 'ada', activeChats: 0 },
      { id: 'bob', activeChats: 0 },
    ]);
    // Waiting, it has nobody to transfer from.
    const again = await h.gql(TRANSFER, { i: { chatId: 'c1', category: 'general', reason: 'back' } }, sue);
    expect(codes(again)).toEqual(['NOT_ASSIGNED']);
  });

  it("waits from when it was sent back, in the customer's view of the queue as in the router's", async () => {
    const writer = createTimedWriter(() => h);
    const start = (chatId: string) => ({ i: { chatId, customerId: `cust-${chatId}`, category: 'returns' } });
    const START = 'mutation($i: StartChatInput!) { startChat(input: $i) { consistencyToken } }';
    await writer.write(10, sue, START, start('early'));
    await writer.write(11, sue, START, start('later'));
    await writer.write(12, bob, 'mutation { acceptChat(input: { chatId: "early" }) { consistencyToken } }');
    await writer.write(13, bob, TRANSFER, { i: { chatId: 'early', category: 'returns', reason: 'wrong desk' } });
    const t = writer.token;

    // Started first, but sent back after the other started: it waits behind it, from the transfer.
    const queue = field<{ chatId: string; waitingSince: string }[]>(
      await h.gql('query($t: String) { chatQueue(consistencyToken: $t) { chatId waitingSince } }', { t }, sue),
      'chatQueue',
    ).filter((entry) => entry.chatId === 'early' || entry.chatId === 'later');
    expect(queue).toEqual([
      { chatId: 'later', waitingSince: minutesAfterT0(11).toISOString() },
      { chatId: 'early', waitingSince: minutesAfterT0(13).toISOString() },
    ]);
    const work = field<{ id: string; queuedSince: string }[]>(
      await h.gql(
        'query($t: String) { workQueue(filter: { category: "returns" }, consistencyToken: $t) { id queuedSince } }',
        { t },
        sue,
      ),
      'workQueue',
    );
    expect(work).toEqual(queue.map((entry) => ({ id: entry.chatId, queuedSince: entry.waitingSince })));
  });
});
