import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, T0 } from './testing/harness.fixture.js';

// Low ratings ask the supervisors for a follow-up (docs/domain.md#ratings-and-follow-ups): they
// list them, tickets' and chats' together, and record each one done with what they did.

const MINUTE = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
let h: ApiHarness;
let agent: string;
let supervisor: string;
let carol: string;
let lastToken = '';

async function ok(query: string, token: string): Promise<void> {
  const response = await h.gql(query, {}, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const [result] = Object.values(response.data ?? {}) as { consistencyToken?: string }[];
  lastToken = result?.consistencyToken ?? lastToken;
}

const LIST = `query($state: FollowUpState, $token: String) {
  csatFollowUps(state: $state, consistencyToken: $token) { kind id customerId agentId subject score comment requestedAt completedAt note }
}`;
const list = async (state: 'open' | 'done', token = supervisor) =>
  field<Record<string, unknown>[]>(await h.gql(LIST, { state, token: lastToken }, token), 'csatFollowUps');

beforeAll(async () => {
  h = await createApiHarness({ routing: 'manual' });
  agent = await h.token('agent', 'agent-fu');
  supervisor = await h.token('supervisor', 'sup-fu');
  const admin = await h.token('admin', 'admin-fu');
  carol = await h.token('customer', 'cust-fu');
  const C = 'consistencyToken';
  h.clock.now = at(0);
  await ok(`mutation { registerAgent(input: { agentId: "agent-fu", name: "Fu" }) { ${C} } }`, admin);
  await ok(
    `mutation { setAgentAvailability(input: { agentId: "agent-fu", availability: available }) { ${C} } }`,
    admin,
  );
  // A ticket resolved and rated 1, a chat closed and rated 2, a ticket rated 4 (no follow-up).
  for (const [id, score] of [
    ['fu-low', 1],
    ['fu-fine', 4],
  ] as const) {
    await ok(
      `mutation { openTicket(input: { ticketId: "${id}", customerId: "cust-fu", subject: "Slow export", description: "d", channel: web }) { ${C} } }`,
      agent,
    );
    await ok(`mutation { assignTicket(input: { ticketId: "${id}", agentId: "agent-fu" }) { ${C} } }`, supervisor);
    await ok(
      `mutation { replyToTicket(input: { ticketId: "${id}", body: "Fixed", nextStatus: resolved }) { ${C} } }`,
      agent,
    );
    h.clock.now = at(5);
    await ok(`mutation { rateTicket(input: { ticketId: "${id}", score: ${score}, comment: "meh" }) { ${C} } }`, carol);
  }
  h.clock.now = at(10);
  await ok(`mutation { startChat(input: { chatId: "fu-chat", customerId: "cust-fu" }) { ${C} } }`, agent);
  await ok(`mutation { acceptChat(input: { chatId: "fu-chat" }) { ${C} } }`, agent);
  await ok(`mutation { closeChat(input: { chatId: "fu-chat" }) { ${C} } }`, agent);
  h.clock.now = at(12);
  await ok(`mutation { rateChat(input: { chatId: "fu-chat", score: 2, comment: "rude" }) { ${C} } }`, carol);
});
afterAll(async () => h?.close());

describe('csatFollowUps', () => {
  it('lists the open follow-ups of tickets and chats, oldest first, to supervisors and auditors only', async () => {
    expect(await list('open')).toEqual([
      {
        kind: 'ticket',
        id: 'fu-low',
        customerId: 'cust-fu',
        agentId: 'agent-fu',
        subject: 'Slow export',
        score: 1,
        comment: 'meh',
        requestedAt: at(5).toISOString(),
        completedAt: null,
        note: null,
      },
      expect.objectContaining({
        kind: 'chat',
        id: 'fu-chat',
        agentId: 'agent-fu',
        subject: null,
        score: 2,
        comment: 'rude',
      }),
    ]);
    expect((await h.gql(LIST, { state: 'open' }, await h.token('auditor', 'aud-fu'))).errors).toBeUndefined();
    expect(codes(await h.gql(LIST, { state: 'open' }, agent))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(LIST, { state: 'open' }, await h.token('customer', 'cust-fu')))).toEqual(['FORBIDDEN']);
  });

  it('shows on the ticket and the chat to staff, never to the customer who rated', async () => {
    const read = async (token: string) => {
      const response = await h.gql(
        `query($t: String) { ticket(id: "fu-low", consistencyToken: $t) { followUpRequested }
          chat(id: "fu-chat", consistencyToken: $t) { followUpRequested } }`,
        { t: lastToken },
        token,
      );
      expect(response.errors).toBeUndefined();
      return response.data;
    };
    expect(await read(supervisor)).toEqual({ ticket: { followUpRequested: true }, chat: { followUpRequested: true } });
    expect(await read(carol)).toEqual({ ticket: { followUpRequested: false }, chat: { followUpRequested: false } });
  });

  it('records each done once, by a supervisor, with a note; nothing is written for a refusal', async () => {
    // The two tickets' streams, which the refused commands name (the router's own reactions to the
    // set-up, such as slots coming back, may still be landing elsewhere on a loaded machine).
    const written = async () =>
      (await h.store.readStream('ticket-fu-low')).length + (await h.store.readStream('ticket-fu-fine')).length;
    const before = await written();
    const completeTicket = (id: string) =>
      `mutation { completeTicketFollowUp(input: { ticketId: "${id}", note: "Called Carol, refunded" }) { consistencyToken } }`;
    expect(codes(await h.gql(completeTicket('fu-low'), {}, agent))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(completeTicket('fu-fine'), {}, supervisor))).toEqual(['FOLLOW_UP_NOT_OPEN']);
    expect(await written()).toBe(before);
    h.clock.now = at(30);
    await ok(completeTicket('fu-low'), supervisor);
    expect(codes(await h.gql(completeTicket('fu-low'), {}, supervisor))).toEqual(['FOLLOW_UP_NOT_OPEN']);
    h.clock.now = at(40);
    await ok(
      'mutation { completeChatFollowUp(input: { chatId: "fu-chat", note: "Coached the agent" }) { consistencyToken } }',
      supervisor,
    );
    expect(await list('open')).toEqual([]);
    expect(await list('done')).toEqual([
      expect.objectContaining({
        kind: 'chat',
        id: 'fu-chat',
        completedAt: at(40).toISOString(),
        note: 'Coached the agent',
      }),
      expect.objectContaining({
        kind: 'ticket',
        id: 'fu-low',
        completedAt: at(30).toISOString(),
        note: 'Called Carol, refunded',
      }),
    ]);
  });
});
