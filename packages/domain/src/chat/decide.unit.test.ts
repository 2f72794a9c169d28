import { describe, expect, it } from 'vitest';
import { createDomainEventRegistry } from '../registry.js';
import type { RoutingExplanation } from '../routing/explanation.js';
import {
  ADMIN,
  AGENT,
  AUDITOR,
  CHAT_ID,
  CUSTOMER,
  historyIn,
  minute,
  OTHER_AGENT,
  OTHER_CUSTOMER,
  outcome,
  refusal,
  START,
  START_CHAT,
  SUPERVISOR,
  SYSTEM,
  stateOf,
  T0,
  when,
} from './chat.fixture.js';
import type { ChatCommand } from './commands.js';
import { CHAT_EVENT_TYPES, type ChatEvent } from './events.js';
import { createChatDecider } from './index.js';

const send = (body: string, internal = false, messageId = 'm-2'): ChatCommand => ({
  type: 'SendChatMessage',
  data: { chatId: CHAT_ID, messageId, body, internal },
});
const accept = (): ChatCommand => ({ type: 'AcceptChat', data: { chatId: CHAT_ID } });
const assign = (agentId = OTHER_AGENT.id): ChatCommand => ({ type: 'AssignChat', data: { chatId: CHAT_ID, agentId } });
const transfer = (toAgentId = OTHER_AGENT.id): ChatCommand => ({
  type: 'TransferChat',
  data: { chatId: CHAT_ID, toAgentId, reason: 'needs a billing specialist' },
});
const toQueue = (category = 'billing'): ChatCommand => ({
  type: 'TransferChatToQueue',
  data: { chatId: CHAT_ID, category, reason: 'a billing question' },
});
const EXPLANATION: RoutingExplanation = {
  rule: 'best_score',
  candidates: [
    { agentId: OTHER_AGENT.id, skill: 40, language: 20, workload: 30, performance: 25, online: 10, total: 125 },
  ],
  eligible: 1,
  considered: 2,
  waitedMs: 1_000,
};
const close = (reason?: string): ChatCommand => ({ type: 'CloseChat', data: { chatId: CHAT_ID, reason } });
const timeout: ChatCommand = { type: 'TimeoutChat', data: { chatId: CHAT_ID } };
const convert = (ticketId = 'ticket-9'): ChatCommand => ({
  type: 'ConvertChatToTicket',
  data: { chatId: CHAT_ID, ticketId },
});
const rate = (score: number, comment?: string): ChatCommand => ({
  type: 'RateChat',
  data: { chatId: CHAT_ID, score, comment },
});

describe('chat lifecycle: every command in every state', () => {
  // Each row: the command, who issues it, and the outcome in waiting / active / closed.
  // Actors are chosen to be allowed, so only the state decides.
  const rows: [string, ChatCommand, typeof CUSTOMER, [unknown, unknown, unknown]][] = [
    ['start again', START.command, CUSTOMER, ['ALREADY_EXISTS', 'ALREADY_EXISTS', 'ALREADY_EXISTS']],
    ['customer message', send('hello?'), CUSTOMER, [['ChatMessageSent'], ['ChatMessageSent'], 'CHAT_CLOSED']],
    ['assignee reply', send('on it'), AGENT, ['NOT_ASSIGNED', ['ChatMessageSent'], 'CHAT_CLOSED']],
    [
      'internal note',
      send('VIP customer', true),
      OTHER_AGENT,
      [['ChatMessageSent'], ['ChatMessageSent'], 'CHAT_CLOSED'],
    ],
    ['accept', accept(), OTHER_AGENT, [['ChatAssigned'], 'ALREADY_ASSIGNED', 'CHAT_CLOSED']],
    ['assign', assign(), SUPERVISOR, [['ChatAssigned'], 'ALREADY_ASSIGNED', 'CHAT_CLOSED']],
    ['transfer', transfer(), SUPERVISOR, ['NOT_ASSIGNED', ['ChatTransferred'], 'CHAT_CLOSED']],
    ['transfer to a queue', toQueue(), SUPERVISOR, ['NOT_ASSIGNED', ['ChatTransferredToQueue'], 'CHAT_CLOSED']],
    ['close', close(), CUSTOMER, [['ChatClosed'], ['ChatClosed'], 'CHAT_CLOSED']],
    [
      'convert',
      convert(),
      SUPERVISOR,
      [['ChatConvertedToTicket', 'ChatClosed'], ['ChatConvertedToTicket'], ['ChatConvertedToTicket']],
    ],
    ['rate', rate(4), CUSTOMER, ['NOT_RATEABLE', 'NOT_RATEABLE', ['ChatRated']]],
  ];
  for (const [name, command, actor, expected] of rows) {
    it(`${name}: waiting -> ${String(expected[0])}, active -> ${String(expected[1])}, closed -> ${String(expected[2])}`, () => {
      const actual = (['waiting', 'active', 'closed'] as const).map((status) =>
        outcome(historyIn(status), command, actor),
      );
      expect(actual).toEqual(expected);
    });
  }

  it('timeout (due): closes waiting and active chats, does nothing on a closed one', () => {
    const actual = (['waiting', 'active', 'closed'] as const).map((status) =>
      outcome(historyIn(status), timeout, SYSTEM, minute(120)),
    );
    expect(actual).toEqual([['ChatClosed'], ['ChatClosed'], []]);
  });

  it('every command but StartChat on an empty stream is NOT_FOUND', () => {
    const commands = [send('x'), accept(), assign(), transfer(), toQueue(), close(), timeout, convert(), rate(5)];
    expect(commands.map((command) => outcome([], command, SUPERVISOR))).toEqual(commands.map(() => 'NOT_FOUND'));
  });

  it('a command for another chat id is NOT_FOUND', () => {
    const other: ChatCommand = { type: 'CloseChat', data: { chatId: 'chat-2' } };
    expect(refusal(historyIn('active'), other, SUPERVISOR)).toBe('NOT_FOUND');
  });
});

describe('StartChat', () => {
  it('opens a waiting chat with its first message from the customer', () => {
    const [started, message] = when([], START.command, CUSTOMER, T0);
    expect(started).toMatchObject({
      type: 'ChatStarted',
      data: { chatId: CHAT_ID, customerId: CUSTOMER.id, priority: 'high', category: 'billing', language: 'en' },
    });
    expect(message).toMatchObject({
      type: 'ChatMessageSent',
      data: { messageId: 'm-1', from: 'customer', authorId: CUSTOMER.id, internal: false, at: T0.toISOString() },
    });
    expect(stateOf([started!, message!])).toMatchObject({
      status: 'waiting',
      assigneeId: null,
      lastActivityAt: T0.toISOString(),
    });
  });

  it('defaults the priority to medium and needs no first message', () => {
    const events = when([], { type: 'StartChat', data: { chatId: CHAT_ID, customerId: CUSTOMER.id } }, CUSTOMER, T0);
    expect(events).toHaveLength(1);
    expect(stateOf(events)).toMatchObject({ priority: 'medium', category: null, language: null, messages: [] });
  });

  it("lets staff open a chat on a customer's behalf, but not a customer for someone else or an auditor", () => {
    expect(when([], START.command, AGENT, T0)[1]).toMatchObject({ data: { from: 'agent', authorId: AGENT.id } });
    // The automation (a portal for its signed-in customer) relays the customer's own words: they
    // are the customer's, as a ticket's first message is; the event's actor says who relayed them.
    expect(when([], START.command, SYSTEM, T0)[1]).toMatchObject({
      data: { from: 'customer', authorId: CUSTOMER.id, actor: SYSTEM },
    });
    expect(refusal([], START.command, OTHER_CUSTOMER)).toBe('FORBIDDEN');
    expect(refusal([], START.command, AUDITOR)).toBe('FORBIDDEN');
  });

  it('refuses bad input with VALIDATION_FAILED', () => {
    const tooLong = { ...START_CHAT.data, firstMessage: { messageId: 'm-1', body: 'x'.repeat(20_001) } };
    expect(refusal([], { type: 'StartChat', data: tooLong }, CUSTOMER)).toBe('VALIDATION_FAILED');
    const badPriority = { ...START_CHAT.data, priority: 'normal' } as unknown as typeof START_CHAT.data;
    expect(refusal([], { type: 'StartChat', data: badPriority }, CUSTOMER)).toBe('VALIDATION_FAILED');
    const multiline = { ...START_CHAT.data, category: 'billing\nurgent' };
    expect(refusal([], { type: 'StartChat', data: multiline }, CUSTOMER)).toBe('VALIDATION_FAILED');
  });
});

describe('SendChatMessage', () => {
  it('records the sender kind from the role', () => {
    const active = historyIn('active');
    expect(when(active, send('hi'), CUSTOMER)[0]).toMatchObject({ data: { from: 'customer', internal: false } });
    expect(when(active, send('hi'), AGENT)[0]).toMatchObject({ data: { from: 'agent', authorId: AGENT.id } });
    expect(when(active, send('Agent joined'), SYSTEM)[0]).toMatchObject({ data: { from: 'system' } });
  });

  it('keeps customers to their own chat and out of internal messages; auditors never write', () => {
    expect(refusal(historyIn('active'), send('hi'), OTHER_CUSTOMER)).toBe('FORBIDDEN');
    expect(refusal(historyIn('active'), send('psst', true), CUSTOMER)).toBe('FORBIDDEN');
    expect(refusal(historyIn('active'), send('hi'), AUDITOR)).toBe('FORBIDDEN');
  });

  it('lets only the assignee or a supervisor/admin reply in public', () => {
    expect(refusal(historyIn('active'), send('me too'), OTHER_AGENT)).toBe('NOT_ASSIGNED');
    expect(when(historyIn('active'), send('stepping in'), SUPERVISOR)).toHaveLength(1);
    expect(when(historyIn('active'), send('stepping in'), ADMIN)).toHaveLength(1);
    expect(refusal(historyIn('waiting'), send('hello'), SUPERVISOR)).toBe('NOT_ASSIGNED');
  });

  it('says what each refused caller lacks: a waiting chat needs accepting, an active one its assignee or a lead', () => {
    // A lead may step in, so "only the assignee or a supervisor" would be untrue for them.
    for (const actor of [AGENT, SUPERVISOR, ADMIN]) {
      expect(() => when(historyIn('waiting'), send('hello'), actor)).toThrow(
        expect.objectContaining({
          code: 'NOT_ASSIGNED',
          message: `Chat "${CHAT_ID}" is still waiting: it must be accepted or assigned before a public reply (an internal note may be written now)`,
        }),
      );
    }
    expect(() => when(historyIn('active'), send('me too'), OTHER_AGENT)).toThrow(
      expect.objectContaining({
        code: 'NOT_ASSIGNED',
        message: 'Only the assigned agent or a supervisor may reply in this chat',
      }),
    );
  });

  it('refuses a message id used before', () => {
    expect(refusal(historyIn('active'), send('again', false, 'm-1'), CUSTOMER)).toBe('ALREADY_EXISTS');
  });

  it('counts public messages as activity but not internal notes', () => {
    const active = historyIn('active');
    const note = when(active, send('note', true), AGENT, minute(10));
    const reply = when(active, send('reply'), AGENT, minute(10));
    expect(stateOf([...active, ...note])).toMatchObject({ lastActivityAt: minute(1).toISOString() });
    expect(stateOf([...active, ...reply])).toMatchObject({ lastActivityAt: minute(10).toISOString() });
  });
});

describe('AcceptChat and AssignChat', () => {
  it('makes the accepting agent the assignee', () => {
    const events = when(historyIn('waiting'), accept(), OTHER_AGENT);
    expect(events).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ agentId: OTHER_AGENT.id, mode: 'accepted' }) }),
    ]);
    expect(stateOf([...historyIn('waiting'), ...events])).toMatchObject({
      status: 'active',
      assigneeId: OTHER_AGENT.id,
      assignedAt: minute(5).toISOString(),
    });
    expect(stateOf(historyIn('waiting'))).toMatchObject({ assignedAt: null });
  });

  it('lets agents, supervisors and admins accept, but not customers, the system or auditors', () => {
    expect(outcome(historyIn('waiting'), accept(), ADMIN)).toEqual(['ChatAssigned']);
    for (const actor of [CUSTOMER, SYSTEM, AUDITOR])
      expect(refusal(historyIn('waiting'), accept(), actor)).toBe('FORBIDDEN');
  });

  it('assigns the named agent, by a supervisor, admin or the system only', () => {
    const events = when(historyIn('waiting'), assign(), SYSTEM);
    expect(events[0]).toMatchObject({ data: { agentId: OTHER_AGENT.id, mode: 'assigned', actor: SYSTEM } });
    expect(outcome(historyIn('waiting'), assign(), ADMIN)).toEqual(['ChatAssigned']);
    for (const actor of [AGENT, CUSTOMER, AUDITOR])
      expect(refusal(historyIn('waiting'), assign(), actor)).toBe('FORBIDDEN');
  });

  it("records the router's assignment as routed, with its explanation; nobody else may attach one", () => {
    const routed: ChatCommand = {
      type: 'AssignChat',
      data: { chatId: CHAT_ID, agentId: OTHER_AGENT.id, routing: EXPLANATION },
    };
    const [event] = when(historyIn('waiting'), routed, SYSTEM);
    expect(event).toMatchObject({ data: { agentId: OTHER_AGENT.id, mode: 'routed', routing: EXPLANATION } });
    expect(refusal(historyIn('waiting'), routed, SUPERVISOR)).toBe('FORBIDDEN');
  });

  it('leaves presence and capacity to the agent: the chat only checks that it is waiting', () => {
    // The agent's own stream reserves the slot first (ReserveWork); a chat cannot see other chats.
    expect(outcome(historyIn('waiting'), accept(), AGENT)).toEqual(['ChatAssigned']);
    expect(refusal(historyIn('active'), assign(), SYSTEM)).toBe('ALREADY_ASSIGNED');
    // Named, so an agent the router just gave the chat to can tell it is theirs.
    expect(() => when(historyIn('active'), accept(), AGENT)).toThrow(`already has an agent: ${AGENT.id}`);
    expect(refusal(historyIn('closed'), accept(), AGENT)).toBe('CHAT_CLOSED');
  });
});

describe('TransferChat', () => {
  it('moves the chat to another agent with the reason recorded', () => {
    const active = historyIn('active');
    const events = when(active, transfer(), AGENT);
    expect(events[0]).toMatchObject({
      type: 'ChatTransferred',
      data: { fromAgentId: AGENT.id, toAgentId: OTHER_AGENT.id, reason: 'needs a billing specialist' },
    });
    const after = [...active, ...events];
    // The chat keeps the time it first got an agent.
    expect(stateOf(after)).toMatchObject({
      status: 'active',
      assigneeId: OTHER_AGENT.id,
      assignedAt: minute(1).toISOString(),
    });
    expect(refusal(after, send('still here'), AGENT)).toBe('NOT_ASSIGNED');
    expect(outcome(after, send('taking over'), OTHER_AGENT)).toEqual(['ChatMessageSent']);
  });

  it('is for the current assignee and supervisors/admins only', () => {
    const active = historyIn('active');
    expect(outcome(active, transfer(), ADMIN)).toEqual(['ChatTransferred']);
    for (const actor of [OTHER_AGENT, CUSTOMER, SYSTEM, AUDITOR])
      expect(refusal(active, transfer(), actor)).toBe('FORBIDDEN');
  });

  it('refuses a transfer to the same agent', () => {
    expect(refusal(historyIn('active'), transfer(AGENT.id), AGENT)).toBe('NO_CHANGE');
  });

  it('needs a reason', () => {
    const noReason = {
      type: 'TransferChat',
      data: { chatId: CHAT_ID, toAgentId: OTHER_AGENT.id, reason: ' ' },
    };
    expect(refusal(historyIn('active'), noReason as ChatCommand, AGENT)).toBe('VALIDATION_FAILED');
  });
});

describe('TransferChatToQueue', () => {
  it('sends the chat back to waiting in the queue, releasing its agent, with the reason recorded', () => {
    const active = historyIn('active');
    const events = when(active, toQueue(), AGENT);
    expect(events[0]).toMatchObject({
      type: 'ChatTransferredToQueue',
      data: { chatId: CHAT_ID, fromAgentId: AGENT.id, category: 'billing', reason: 'a billing question' },
    });
    const after = [...active, ...events];
    expect(stateOf(after)).toMatchObject({ status: 'waiting', assigneeId: null, category: 'billing' });
    // Nobody answers publicly while it waits; someone takes it from the queue again.
    expect(refusal(after, send('still here'), AGENT)).toBe('NOT_ASSIGNED');
    expect(outcome(after, accept(), OTHER_AGENT)).toEqual(['ChatAssigned']);
  });

  it('may send the chat back to the queue it is in, so someone else takes it', () => {
    // The fixture's chat started in billing.
    expect(outcome(historyIn('active'), toQueue('billing'), AGENT)).toEqual(['ChatTransferredToQueue']);
  });

  it('is for the current assignee and supervisors/admins only', () => {
    const active = historyIn('active');
    for (const actor of [SUPERVISOR, ADMIN])
      expect(outcome(active, toQueue(), actor)).toEqual(['ChatTransferredToQueue']);
    for (const actor of [OTHER_AGENT, CUSTOMER, SYSTEM, AUDITOR])
      expect(refusal(active, toQueue(), actor)).toBe('FORBIDDEN');
  });

  it('needs a reason and a queue', () => {
    for (const data of [
      { chatId: CHAT_ID, category: 'billing', reason: ' ' },
      { chatId: CHAT_ID, category: ' ', reason: 'why' },
      { chatId: CHAT_ID, category: 'bill\ning', reason: 'why' },
    ]) {
      const command = { type: 'TransferChatToQueue', data } as ChatCommand;
      expect(refusal(historyIn('active'), command, AGENT)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('CloseChat', () => {
  it('is open to the customer, the assignee, supervisors/admins and the system, with an optional reason', () => {
    for (const actor of [CUSTOMER, AGENT, SUPERVISOR, ADMIN, SYSTEM]) {
      expect(outcome(historyIn('active'), close(), actor)).toEqual(['ChatClosed']);
    }
    const [closed] = when(historyIn('active'), close('customer disconnected'), SYSTEM, minute(7));
    expect(closed).toMatchObject({ data: { cause: 'ended', reason: 'customer disconnected' } });
    expect(stateOf([...historyIn('active'), closed!])).toMatchObject({
      status: 'closed',
      closedAt: minute(7).toISOString(),
      closeCause: 'ended',
    });
  });

  it('is refused to other customers, other agents and auditors', () => {
    for (const actor of [OTHER_CUSTOMER, OTHER_AGENT, AUDITOR])
      expect(refusal(historyIn('active'), close(), actor)).toBe('FORBIDDEN');
  });
});

describe('TimeoutChat (inactivity close)', () => {
  const active = historyIn('active'); // last activity: accepted at minute 1

  it('does nothing before 30 minutes without activity', () => {
    expect(when(active, timeout, SYSTEM, new Date(minute(31).getTime() - 1))).toEqual([]);
  });

  it('closes the chat once 30 minutes passed, saying why', () => {
    const events = when(active, timeout, SYSTEM, minute(31));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ChatClosed',
        data: expect.objectContaining({ cause: 'inactivity', reason: 'no activity for 30 minutes', actor: SYSTEM }),
      }),
    ]);
  });

  it('does nothing when activity moved the deadline on (a stale timer)', () => {
    const later = [...active, ...when(active, send('are you there?'), CUSTOMER, minute(20))];
    expect(when(later, timeout, SYSTEM, minute(31))).toEqual([]);
    expect(outcome(later, timeout, SYSTEM, minute(50))).toEqual(['ChatClosed']);
  });

  it('is idempotent: a second timeout after the close yields nothing', () => {
    const closed = [...active, ...when(active, timeout, SYSTEM, minute(40))];
    expect(when(closed, timeout, SYSTEM, minute(41))).toEqual([]);
  });

  it('is issued by the system only', () => {
    for (const actor of [SUPERVISOR, AGENT, CUSTOMER])
      expect(refusal(active, timeout, actor, minute(90))).toBe('FORBIDDEN');
  });

  it('follows configured timings', () => {
    const decider = createChatDecider({ inactivityTimeoutMs: 10 * 60_000 });
    const state = stateOf(active);
    expect(decider.decide(timeout, state, { now: minute(11), actor: SYSTEM })).toHaveLength(1);
    expect(decider.decide(timeout, state, { now: minute(10), actor: SYSTEM })).toEqual([]);
    expect(() => createChatDecider({ inactivityTimeoutMs: 5 })).toThrow(/Invalid chat timings/);
    const [closed] = createChatDecider({ inactivityTimeoutMs: 60_000 }).decide(timeout, state, {
      now: minute(2),
      actor: SYSTEM,
    });
    expect(closed?.data).toMatchObject({ reason: 'no activity for 1 minute' });
  });
});

describe('ConvertChatToTicket', () => {
  it('carries the transcript, internal notes flagged, and records the ticket id', () => {
    const active = historyIn('active');
    const history = [...active, ...when(active, send('customer is on the Pro plan', true), AGENT, minute(3))];
    const [converted] = when(history, convert('ticket-42'), AGENT);
    expect(converted).toMatchObject({
      type: 'ChatConvertedToTicket',
      data: {
        ticketId: 'ticket-42',
        customerId: CUSTOMER.id,
        priority: 'high',
        category: 'billing',
        assigneeId: AGENT.id,
        transcript: [
          { messageId: 'm-1', from: 'customer', body: 'My invoice is wrong', internal: false, at: T0.toISOString() },
          { messageId: 'm-2', from: 'agent', internal: true, at: minute(3).toISOString() },
        ],
      },
    });
    expect(stateOf([...history, converted!])).toMatchObject({ status: 'active', ticketId: 'ticket-42' });
  });

  it("keeps each message's files in the transcript it carries", () => {
    const screenshot = {
      attachmentId: 'att-1',
      fileName: 'error.png',
      contentType: 'image/png',
      size: 2048,
      sha256: 'b'.repeat(64),
    };
    const active = historyIn('active');
    const withFile: ChatCommand = {
      type: 'SendChatMessage',
      data: {
        chatId: CHAT_ID,
        messageId: 'm-2',
        body: 'Here is the error',
        internal: false,
        attachments: [screenshot],
      },
    };
    const history = [...active, ...when(active, withFile, CUSTOMER, minute(2))];
    const [converted] = when(history, convert('ticket-9'), AGENT);
    expect(converted).toMatchObject({
      type: 'ChatConvertedToTicket',
      data: { transcript: [{ messageId: 'm-1' }, { messageId: 'm-2', attachments: [screenshot] }] },
    });
    // A message without files keeps the shape it always had.
    expect(converted?.type === 'ChatConvertedToTicket' && 'attachments' in converted.data.transcript[0]!).toBe(false);
  });

  it('closes a waiting chat, which leaves the queue; an active or closed chat stays as it was', () => {
    const waiting = historyIn('waiting');
    const events = when(waiting, convert('ticket-7'), SUPERVISOR);
    expect(events[1]).toMatchObject({
      type: 'ChatClosed',
      data: { cause: 'converted', reason: 'became ticket ticket-7', actor: SUPERVISOR },
    });
    expect(stateOf([...waiting, ...events])).toMatchObject({
      status: 'closed',
      closeCause: 'converted',
      ticketId: 'ticket-7',
    });
    expect(outcome(historyIn('active'), convert(), AGENT)).toEqual(['ChatConvertedToTicket']);
    expect(outcome(historyIn('closed'), convert(), SUPERVISOR)).toEqual(['ChatConvertedToTicket']);
  });

  it('happens once per chat', () => {
    const converted = [...historyIn('closed'), ...when(historyIn('closed'), convert('ticket-1'), SUPERVISOR)];
    expect(refusal(converted, convert('ticket-2'), SUPERVISOR)).toBe('CHAT_ALREADY_CONVERTED');
  });

  it('is for the assignee, supervisors/admins and the system', () => {
    expect(outcome(historyIn('waiting'), convert(), SYSTEM)).toEqual(['ChatConvertedToTicket', 'ChatClosed']);
    for (const actor of [CUSTOMER, OTHER_AGENT, AUDITOR])
      expect(refusal(historyIn('active'), convert(), actor)).toBe('FORBIDDEN');
  });
});

describe('RateChat', () => {
  const closed = historyIn('closed');

  it('records a good rating with the agent who handled the chat', () => {
    const events = when(closed, rate(5, 'Quick and kind'), CUSTOMER);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ChatRated',
        data: expect.objectContaining({ score: 5, comment: 'Quick and kind', agentId: AGENT.id }),
      }),
    ]);
    expect(stateOf([...closed, ...events])).toMatchObject({ rating: { score: 5, comment: 'Quick and kind' } });
  });

  it('reads a comment of only spaces as no comment', () => {
    const events = when(closed, rate(4, '   '), CUSTOMER);
    expect(events[0]).toMatchObject({ type: 'ChatRated', data: { score: 4, comment: undefined } });
    expect(stateOf([...closed, ...events])).toMatchObject({ rating: { score: 4, comment: null } });
  });

  it('asks a supervisor to follow up on a score of 2 or less, not on 3', () => {
    expect(outcome(closed, rate(1), CUSTOMER)).toEqual(['ChatRated', 'ChatFollowUpRequested']);
    expect(outcome(closed, rate(2), CUSTOMER)).toEqual(['ChatRated', 'ChatFollowUpRequested']);
    expect(outcome(closed, rate(3), CUSTOMER)).toEqual(['ChatRated']);
    expect(when(closed, rate(2, 'slow'), CUSTOMER)[1]).toMatchObject({
      data: { score: 2, comment: 'slow', agentId: AGENT.id },
    });
  });

  it('has its low rating followed up once by a supervisor, not by an agent', () => {
    const complete = { type: 'CompleteChatFollowUp', data: { chatId: CHAT_ID, note: 'Coached the agent' } } as const;
    const low = [...closed, ...when(closed, rate(2), CUSTOMER)];
    expect(stateOf(low)).toMatchObject({ followUp: 'open' });
    expect(refusal(low, complete, AGENT)).toBe('FORBIDDEN');
    const done = when(low, complete, SUPERVISOR);
    expect(done).toEqual([
      expect.objectContaining({
        type: 'ChatFollowUpCompleted',
        data: expect.objectContaining({ note: 'Coached the agent' }),
      }),
    ]);
    expect(stateOf([...low, ...done])).toMatchObject({ followUp: 'done' });
    expect(refusal([...low, ...done], complete, SUPERVISOR)).toBe('FOLLOW_UP_NOT_OPEN');
    expect(refusal([...closed, ...when(closed, rate(4), CUSTOMER)], complete, SUPERVISOR)).toBe('FOLLOW_UP_NOT_OPEN');
  });

  it('is rated once, by its own customer, with a score from 1 to 5', () => {
    const rated = [...closed, ...when(closed, rate(4), CUSTOMER)];
    expect(refusal(rated, rate(5), CUSTOMER)).toBe('ALREADY_RATED');
    for (const actor of [OTHER_CUSTOMER, AGENT, SUPERVISOR]) expect(refusal(closed, rate(4), actor)).toBe('FORBIDDEN');
    expect(refusal(closed, rate(0), CUSTOMER)).toBe('VALIDATION_FAILED');
    expect(refusal(closed, rate(6), CUSTOMER)).toBe('VALIDATION_FAILED');
    expect(refusal(closed, rate(4.5), CUSTOMER)).toBe('VALIDATION_FAILED');
  });
});

describe('Chat events in the domain registry', () => {
  it('registers every chat event type at version 1', () => {
    const registry = createDomainEventRegistry();
    expect(CHAT_EVENT_TYPES).toHaveLength(12);
    expect(CHAT_EVENT_TYPES.map((type) => registry.currentVersion(type))).toEqual(CHAT_EVENT_TYPES.map(() => 1));
    const sample: ChatEvent['type'] = 'ChatFollowUpRequested';
    expect(registry.knows(sample)).toBe(true);
  });
});
