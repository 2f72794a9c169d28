import { createHandOvers, createWorkHandlers } from '@support-engine/application';
import { createDomainEventRegistry } from '@support-engine/domain';
import { START } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idsFor } from './commands/ids.js';
import { type ApiHarness, codes, createApiHarness, field, type GqlResponse } from './testing/harness.fixture.js';

// One open chat per customer (the deployment's default): the customer's stream is the ledger of
// their open chats, so the limit holds however many starts race, and a chat that closes gives its
// slot back through the router.

const START_CHAT = `mutation($i: StartChatInput!, $commandId: ID) { startChat(input: $i, commandId: $commandId) { id } }`;
const CLOSE_CHAT = 'mutation($id: ID!) { closeChat(input: { chatId: $id }) { id } }';
const RACERS = 8;
const QUEUE = 'query($t: String) { chatQueue(consistencyToken: $t) { chatId } }';

describe('one open chat per customer', () => {
  let h: ApiHarness;
  let customer: (id: string) => Promise<string>;
  let supervisor: string;

  beforeAll(async () => {
    h = await createApiHarness({ config: { chatsPerCustomer: 1 } });
    customer = (id) => h.token('customer', id);
    supervisor = await h.token('supervisor', 'sue');
  });
  afterAll(async () => h?.close());

  /** A customer's own start (the server names the chat); staff name it. */
  const start = async (customerId: string, token: string, commandId?: string, chatId?: string) =>
    h.gql(START_CHAT, { i: { customerId, chatId }, commandId }, token);
  const startedId = (response: GqlResponse) => field<{ id: string }>(response, 'startChat').id;

  /** The chat ids the log started for `customerId` (the log shows a commit a moment later: poll). */
  async function chatsStarted(customerId: string): Promise<string[]> {
    const log = await h.store.readAll(START, { limit: 1_000_000 });
    return log
      .filter((e) => e.type === 'ChatStarted' && e.data.customerId === customerId)
      .map((e) => e.data.chatId as string);
  }

  it(`lets one of ${RACERS} concurrent starts through and refuses the others with CHAT_ALREADY_OPEN`, async () => {
    const token = await customer('racer');
    const results = await Promise.all(Array.from({ length: RACERS }, (_, i) => start('racer', token, `race-${i}`)));
    const started = results.filter((r: GqlResponse) => r.errors === undefined);
    expect(started).toHaveLength(1);
    const winner = startedId(started[0]!);
    expect(results.filter((r) => r.errors !== undefined).map((r) => codes(r))).toEqual(
      Array.from({ length: RACERS - 1 }, () => ['CHAT_ALREADY_OPEN']),
    );
    await expect.poll(() => chatsStarted('racer')).toEqual([winner]);
    // The refused chats' streams were never written (their ids derive from the command ids).
    const chatIds = Array.from({ length: RACERS }, (_, i) => idsFor(`customer:racer:race-${i}`)());
    expect(chatIds).toContain(winner);
    for (const chatId of chatIds.filter((id) => id !== winner)) {
      expect(await h.store.readStream(`chat-${chatId}`)).toEqual([]);
    }
    const refusal = results.find((r) => r.errors !== undefined)!;
    expect(refusal.errors?.[0]?.message).toContain(winner);
  });

  it('answers a repeated command id with the first outcome, even once the limit is reached', async () => {
    const token = await customer('retrier');
    const first = await start('retrier', token, 'start-once');
    expect(first.errors).toBeUndefined();
    const again = await start('retrier', token, 'start-once');
    expect(again.data).toEqual(first.data);
    expect(codes(await start('retrier', token, 'start-other'))).toEqual(['CHAT_ALREADY_OPEN']);
    await expect.poll(() => chatsStarted('retrier')).toEqual([startedId(first)]);
  });

  it('frees the slot the moment the chat closes, given back once whoever gives it back first', async () => {
    const token = await customer('closer');
    const first = startedId(await start('closer', token));
    // The refusal names the open chat, for the widget to continue there.
    expect((await start('closer', token)).errors?.[0]?.extensions).toEqual({
      code: 'CHAT_ALREADY_OPEN',
      openChatId: first,
      openChatIds: [first],
      limit: 1,
    });
    expect((await h.gql(CLOSE_CHAT, { id: first }, token)).errors).toBeUndefined();
    // At once: the start gives the ended chat's slot back itself if the router has not yet.
    expect(codes(await start('closer', token, 'after-close'))).toEqual([]);
    const second = idsFor('customer:closer:after-close')();
    // The router's own release, when it comes, finds the slot given back (same command id).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const ledger = (await h.store.readStream('customer-closer')).map((e) => [e.type, e.data.chatId, e.data.cause]);
    expect(ledger).toEqual([
      ['CustomerChatSlotReserved', first, undefined],
      ['CustomerChatSlotReleased', first, 'closed'],
      ['CustomerChatSlotReserved', second, undefined],
    ]);
  });

  const queuedChats = async (consistencyToken?: string) =>
    field<{ chatId: string }[]>(await h.gql(QUEUE, { t: consistencyToken }, supervisor), 'chatQueue').map(
      (entry) => entry.chatId,
    );

  it('frees the slot when the chat becomes a ticket; a waiting chat closes and leaves the queue', async () => {
    const token = await customer('converter');
    const chatId = startedId(await start('converter', token));
    await expect.poll(queuedChats).toContain(chatId);
    const converted = await h.gql(
      'mutation($id: ID!) { convertChatToTicket(input: { chatId: $id }) { id consistencyToken } }',
      { id: chatId },
      supervisor,
    );
    const { consistencyToken } = field<{ consistencyToken: string }>(converted, 'convertChatToTicket');
    await expect
      .poll(async () => codes(await start('converter', token, 'after-convert')), { timeout: 10_000 })
      .toEqual([]);
    const chat = await h.gql(
      'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { status closeCause ticketId } }',
      { id: chatId, t: consistencyToken },
      supervisor,
    );
    expect(chat.data?.chat).toMatchObject({ status: 'closed', closeCause: 'converted' });
    expect(await queuedChats(consistencyToken)).not.toContain(chatId);
    // Released once, as converted, though the chat also closed.
    const releases = (await h.store.readStream('customer-converter')).filter(
      (e) => e.type === 'CustomerChatSlotReleased',
    );
    expect(releases.map((e) => [e.data.chatId, e.data.cause])).toEqual([[chatId, 'converted']]);
  });

  it("lets staff open a chat on a customer's behalf past the limit", async () => {
    const token = await customer('vip');
    const own = startedId(await start('vip', token));
    const staffStart = await start('vip', supervisor, undefined, 'vip-staff');
    expect(staffStart.errors).toBeUndefined();
    await expect.poll(() => chatsStarted('vip')).toEqual([own, 'vip-staff']);
    expect(codes(await start('vip', token))).toEqual(['CHAT_ALREADY_OPEN']);
  });

  it('settles a start whose process died between the reservation and the chat', async () => {
    const registry = createDomainEventRegistry();
    const handlers = createWorkHandlers(h.store, registry);
    // A process that stops right after the customer's slot is taken: the chat is never appended.
    const dying = {
      ...handlers,
      chat: {
        handle: async () => {
          throw new Error('the process stopped');
        },
      },
    };
    const handOvers = createHandOvers({ store: h.store, registry, handlers: dying, clock: () => h.clock.now });
    const command = { type: 'StartChat' as const, data: { chatId: 'orphan-1', customerId: 'crasher' } };
    const actor = { id: 'crasher', role: 'customer' as const };
    await expect(handOvers.startChat({ command, limit: 1, actor, commandId: 'dies-1' })).rejects.toThrow('stopped');
    expect(await h.store.readStream('chat-orphan-1')).toEqual([]);
    // Until it is settled, the slot counts.
    const token = await customer('crasher');
    expect(codes(await start('crasher', token))).toEqual(['CHAT_ALREADY_OPEN']);
    // Past ROUTER_SETTLE_AFTER_MS the router finishes it: the chat starts under the start's command id.
    h.clock.now = new Date(h.clock.now.getTime() + 11_000);
    await expect
      .poll(async () => (await h.store.readStream('chat-orphan-1')).map((e) => [e.type, e.metadata.commandId]), {
        timeout: 10_000,
      })
      .toEqual([['ChatStarted', 'dies-1']]);
    await expect.poll(() => chatsStarted('crasher')).toEqual(['orphan-1']);
  });

  it('gives the slot back when the chat it was taken for was started by another command', async () => {
    const registry = createDomainEventRegistry();
    const handlers = createWorkHandlers(h.store, registry);
    const dying = { ...handlers, chat: { handle: async () => Promise.reject(new Error('the process stopped')) } };
    const handOvers = createHandOvers({ store: h.store, registry, handlers: dying, clock: () => h.clock.now });
    const command = { type: 'StartChat' as const, data: { chatId: 'taken-1', customerId: 'loser' } };
    const actor = { id: 'loser', role: 'customer' as const };
    await expect(handOvers.startChat({ command, limit: 1, actor, commandId: 'dies-2' })).rejects.toThrow('stopped');
    // Someone else starts a chat with that id (staff, for another customer) before it is settled.
    expect((await start('someone', supervisor, undefined, 'taken-1')).errors).toBeUndefined();
    await expect
      .poll(async () => (await h.store.readStream('customer-loser')).map((e) => [e.type, e.data.cause]), {
        timeout: 10_000,
      })
      .toEqual([
        ['CustomerChatSlotReserved', undefined],
        ['CustomerChatSlotReleased', 'cancelled'],
      ]);
    const token = await customer('loser');
    expect((await start('loser', token)).errors).toBeUndefined();
  });
});
