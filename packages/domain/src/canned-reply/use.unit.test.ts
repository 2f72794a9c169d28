import { describe, expect, it } from 'vitest';
import type { ChatSession } from '../chat/state.js';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { CannedReplyCommand } from './commands.js';
import type { CannedReplyEvent } from './events.js';
import { cannedRepliesDecider } from './index.js';
import { CHAT_PLACEHOLDERS, chatPlaceholderValues, chatTextFromCannedReply, usableInChat } from './use.js';

// A canned reply used in a chat: filled with the chat's customer and the agent, never with a
// ticket's values (a chat has none).

const T0 = new Date('2026-03-02T09:00:00.000Z');
const SUE: Actor = { id: 'sue', role: 'supervisor' };
const AL: Actor = { id: 'al', role: 'agent' };
const CHAT = { chatId: 'chat-9', customerId: 'zoe' } as ChatSession;
const PEOPLE = { customer: { name: 'Zoé Roux', email: 'zoe@example.com' }, replierName: 'Ada Byron' };

function library(...commands: [CannedReplyCommand, Actor][]) {
  const events: CannedReplyEvent[] = [];
  for (const [command, actor] of commands)
    events.push(...deciderSpec(cannedRepliesDecider).given(events).when(command, { now: T0, actor }).events());
  return fold(cannedRepliesDecider, events);
}
const save = (cannedReplyId: string, body: string, scope: 'shared' | 'personal' = 'shared'): CannedReplyCommand => ({
  type: 'SaveCannedReply',
  data: { cannedReplyId, definition: { name: cannedReplyId, locale: 'en', body, scope } as never },
});
function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return 'none';
}

describe('canned replies in a chat', () => {
  it('fills the customer’s and the agent’s placeholders, and leaves the ticket’s missing', () => {
    expect(chatPlaceholderValues(PEOPLE)).toEqual({
      'customer.name': 'Zoé Roux',
      'customer.firstName': 'Zoé',
      'customer.email': 'zoe@example.com',
      'agent.name': 'Ada Byron',
      'agent.firstName': 'Ada',
    });
    const replies = library([
      save('greet', 'Hi {{customer.firstName}} ({{customer.email}}), {{ agent.firstName }} here. {{agent.name}}'),
      SUE,
    ]);
    expect(chatTextFromCannedReply(replies, 'greet', 'al', CHAT, PEOPLE)).toEqual({
      chatId: 'chat-9',
      body: 'Hi Zoé (zoe@example.com), Ada here. Ada Byron',
    });
  });

  it('tells a reply a chat can fill from one naming the ticket, by the placeholders a chat fills', () => {
    expect(Object.keys(chatPlaceholderValues(PEOPLE)).sort()).toEqual([...CHAT_PLACEHOLDERS].sort());
    expect(usableInChat('Hi {{customer.firstName}}, {{ agent.name }} here.')).toBe(true);
    expect(usableInChat('No placeholder at all.')).toBe(true);
    expect(usableInChat('About "{{ticket.subject}}", {{customer.name}}')).toBe(false);
    expect(usableInChat('Your ticket {{ticket.id}}')).toBe(false);
  });

  it('refuses a reply naming the ticket, a value nobody has, and a reply the agent may not use', () => {
    const replies = library(
      [save('ticketish', 'About "{{ticket.subject}}"'), SUE],
      [save('named', 'Hello {{customer.name}}'), SUE],
      [save('sues', 'Mine', 'personal'), SUE],
      [save('als', 'Hello {{customer.firstName}}', 'personal'), AL],
    );
    expect(code(() => chatTextFromCannedReply(replies, 'ticketish', 'al', CHAT, PEOPLE))).toBe(
      'MISSING_PLACEHOLDER_VALUE',
    );
    const anonymous = { customer: null, replierName: 'Ada Byron' };
    expect(code(() => chatTextFromCannedReply(replies, 'named', 'al', CHAT, anonymous))).toBe(
      'MISSING_PLACEHOLDER_VALUE',
    );
    expect(code(() => chatTextFromCannedReply(replies, 'sues', 'al', CHAT, PEOPLE))).toBe('NOT_FOUND');
    expect(code(() => chatTextFromCannedReply(replies, 'nothing', 'al', CHAT, PEOPLE))).toBe('NOT_FOUND');
    expect(chatTextFromCannedReply(replies, 'als', 'al', CHAT, PEOPLE).body).toBe('Hello Zoé');
  });
});
