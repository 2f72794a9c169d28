import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChatEvent, type ChatSession, chatDecider } from '../chat/index.js';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { codeOf, pushSubscription } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { type CustomerCommand, type CustomerEvent, type CustomerState, customerDecider } from './index.js';
import { requireMergeTarget } from './merge.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const ENGINE: Actor = { id: 'widget', role: 'system' };
const register = (customerId: string): CustomerCommand => ({
  type: 'RegisterCustomer',
  data: { customerId, name: 'Visitor' },
});
const merge = (customerId: string, into: string): CustomerCommand => ({
  type: 'MergeCustomer',
  data: { customerId, into, reason: 'visitor identified' },
});
const customers = deciderSpec(customerDecider);
const decideCustomer = (history: readonly CustomerEvent[], command: CustomerCommand, actor: Actor = ENGINE) =>
  customers.given(history).when(command, { now, actor }).events();

describe('merging a customer', () => {
  const visitor = decideCustomer([], register('visitor-1'));
  const merged = [...visitor, ...decideCustomer(visitor, merge('visitor-1', 'wu-ann'))];

  it('records who the visitor now is, with who merged them and why', () => {
    expect(merged.at(-1)).toMatchObject({
      type: 'CustomerMerged',
      data: { customerId: 'visitor-1', into: 'wu-ann', actor: ENGINE, reason: 'visitor identified' },
    });
    expect(fold(customerDecider, merged).mergedInto).toBe('wu-ann');
  });

  it('merges once: again into the same customer is nothing, into another is refused', () => {
    expect(decideCustomer(merged, merge('visitor-1', 'wu-ann'))).toEqual([]);
    expect(codeOf(() => decideCustomer(merged, merge('visitor-1', 'wu-bob')))).toBe('CUSTOMER_MERGED');
  });

  it('is the engine’s alone, of a registered customer, never into itself', () => {
    expect(codeOf(() => decideCustomer(visitor, merge('visitor-1', 'wu-ann'), { id: 'a', role: 'admin' }))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(() => decideCustomer([], merge('visitor-1', 'wu-ann')))).toBe('NOT_FOUND');
    expect(codeOf(() => decideCustomer(visitor, merge('visitor-1', 'visitor-1')))).toBe('VALIDATION_FAILED');
  });

  it('leaves a merged customer starting no chat and subscribing no browser, its slots still released', () => {
    const reserve: CustomerCommand = {
      type: 'ReserveChatSlot',
      data: {
        customerId: 'visitor-1',
        chatId: 'chat-2',
        reservationId: 'r-2',
        limit: 0,
        handOver: {
          commandId: 'start-2',
          command: { type: 'StartChat', data: { chatId: 'chat-2', customerId: 'visitor-1', priority: 'medium' } },
        },
      },
    };
    expect(codeOf(() => decideCustomer(merged, reserve))).toBe('CUSTOMER_MERGED');
    const subscribe: CustomerCommand = {
      type: 'RegisterCustomerPushSubscription',
      data: { customerId: 'visitor-1', subscription: pushSubscription(1) },
    };
    expect(codeOf(() => decideCustomer(merged, subscribe))).toBe('CUSTOMER_MERGED');
    const held = [...visitor, ...decideCustomer(visitor, reserve)];
    const then = [...held, ...decideCustomer(held, merge('visitor-1', 'wu-ann'))];
    const release: CustomerCommand = {
      type: 'ReleaseChatSlot',
      data: { customerId: 'visitor-1', chatId: 'chat-2', cause: 'closed' },
    };
    expect(decideCustomer(then, release).map((event) => event.type)).toEqual(['CustomerChatSlotReleased']);
  });

  it('merges only into a registered customer of their own', () => {
    const ann = decideCustomer([], register('wu-ann'));
    expect(() => requireMergeTarget(fold(customerDecider, ann), 'wu-ann')).not.toThrow();
    expect(codeOf(() => requireMergeTarget(fold(customerDecider, []), 'wu-ann'))).toBe('NOT_FOUND');
    expect(codeOf(() => requireMergeTarget(fold(customerDecider, merged), 'visitor-1'))).toBe('CUSTOMER_MERGED');
  });
});

const chats = deciderSpec(chatDecider);
const decideChat = (history: readonly ChatEvent[], command: Parameters<typeof chatDecider.decide>[0], actor: Actor) =>
  chats.given(history).when(command, { now, actor }).events();
const moveChat = (chatId: string, from: string, to: string) =>
  ({ type: 'ChangeChatCustomer', data: { chatId, from, to, reason: 'visitor identified' } }) as const;

describe('moving a chat to the surviving customer', () => {
  const visitor: Actor = { id: 'visitor-1', role: 'customer' };
  const started = decideChat(
    [],
    {
      type: 'StartChat',
      data: { chatId: 'c1', customerId: 'visitor-1', firstMessage: { messageId: 'm1', body: 'Hi' } },
    },
    visitor,
  );
  const active = [
    ...started,
    ...decideChat(started, { type: 'AcceptChat', data: { chatId: 'c1' } }, { id: 'ada', role: 'agent' }),
  ];

  it('keeps an active chat going, its agent and messages, as the identified customer', () => {
    const moved = [...active, ...decideChat(active, moveChat('c1', 'visitor-1', 'wu-ann'), ENGINE)];
    expect(moved.at(-1)).toMatchObject({
      type: 'ChatCustomerChanged',
      data: { chatId: 'c1', from: 'visitor-1', to: 'wu-ann', reason: 'visitor identified' },
    });
    const session = fold(chatDecider, moved) as ChatSession;
    expect(session).toMatchObject({ status: 'active', customerId: 'wu-ann', assigneeId: 'ada' });
    expect(session.messages.map((message) => message.body)).toEqual(['Hi']);
    const ann: Actor = { id: 'wu-ann', role: 'customer' };
    const sent = decideChat(
      moved,
      { type: 'SendChatMessage', data: { chatId: 'c1', messageId: 'm2', body: 'Me' } },
      ann,
    );
    expect(sent.map((event) => event.type)).toEqual(['ChatMessageSent']);
    // The visitor's own token no longer speaks for the chat.
    const late = { type: 'SendChatMessage', data: { chatId: 'c1', messageId: 'm3', body: 'Still me?' } } as const;
    expect(codeOf(() => decideChat(moved, late, visitor))).toBe('FORBIDDEN');
  });

  it('moves once (a retry is nothing), only from its holder, by the engine alone', () => {
    const moved = [...active, ...decideChat(active, moveChat('c1', 'visitor-1', 'wu-ann'), ENGINE)];
    expect(decideChat(moved, moveChat('c1', 'visitor-1', 'wu-ann'), ENGINE)).toEqual([]);
    expect(codeOf(() => decideChat(moved, moveChat('c1', 'visitor-1', 'wu-bob'), ENGINE))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => decideChat(active, moveChat('c1', 'visitor-1', 'wu-ann'), visitor))).toBe('FORBIDDEN');
  });
});

/** A model of the merge use case over the pure deciders: merge, then move each chat the merged one holds. */
interface World {
  readonly customers: Map<string, CustomerEvent[]>;
  readonly chats: Map<string, ChatEvent[]>;
  /** The messages each chat was told it holds (every accepted send). */
  readonly sent: Map<string, string[]>;
}

const stateOf = (world: World, id: string): CustomerState => fold(customerDecider, world.customers.get(id) ?? []);
const holderOf = (world: World, chatId: string) =>
  (fold(chatDecider, world.chats.get(chatId) ?? []) as ChatSession).customerId;

function mergeInWorld(world: World, from: string, into: string): void {
  try {
    requireMergeTarget(stateOf(world, into), into);
    const history = world.customers.get(from) ?? [];
    history.push(...decideCustomer(history, merge(from, into)));
  } catch {
    return; // refused: nothing written, nothing moved
  }
  for (const [chatId, history] of world.chats)
    if (holderOf(world, chatId) === from) history.push(...decideChat(history, moveChat(chatId, from, into), ENGINE));
}

function sendInWorld(world: World, chatId: string, author: string, messageId: string): void {
  const history = world.chats.get(chatId) ?? [];
  const command = { type: 'SendChatMessage', data: { chatId, messageId, body: messageId } } as const;
  try {
    history.push(...decideChat(history, command, { id: author, role: 'customer' }));
    world.sent.get(chatId)?.push(messageId);
  } catch {
    // Not their chat (any more): refused, nothing written.
  }
}

describe('merges in any order (property)', () => {
  const CUSTOMERS = ['c0', 'c1', 'c2', 'c3'];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('merge' as const), from: fc.nat(3), into: fc.nat(3) }),
    fc.record({ kind: fc.constant('send' as const), chat: fc.nat(3), author: fc.nat(3) }),
  );

  it('loses no message and leaves every chat with exactly one customer, who is not merged', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const world: World = { customers: new Map(), chats: new Map(), sent: new Map() };
        for (const id of CUSTOMERS) world.customers.set(id, [...decideCustomer([], register(id))]);
        CUSTOMERS.forEach((id, index) => {
          const chatId = `chat-${index}`;
          const start = { type: 'StartChat', data: { chatId, customerId: id } } as const;
          world.chats.set(chatId, [...decideChat([], start, { id, role: 'customer' })]);
          world.sent.set(chatId, []);
        });
        ops.forEach((step, index) => {
          if (step.kind === 'merge') mergeInWorld(world, CUSTOMERS[step.from]!, CUSTOMERS[step.into]!);
          else sendInWorld(world, `chat-${step.chat}`, CUSTOMERS[step.author]!, `m-${index}`);
        });
        // Who holds what, as a read model keyed by customer folds it from the chats' events.
        const held = new Map<string, Set<string>>();
        for (const [chatId, history] of world.chats)
          for (const event of history) {
            if (event.type === 'ChatStarted') held.set(chatId, new Set([event.data.customerId]));
            if (event.type === 'ChatCustomerChanged') {
              held.get(chatId)?.delete(event.data.from);
              held.get(chatId)?.add(event.data.to);
            }
          }
        for (const [chatId, history] of world.chats) {
          const session = fold(chatDecider, history) as ChatSession;
          expect(session.messages.map((message) => message.messageId)).toEqual(world.sent.get(chatId));
          expect([...(held.get(chatId) ?? [])]).toEqual([session.customerId]);
          expect(stateOf(world, session.customerId).mergedInto).toBeNull();
        }
      }),
    );
  });
});
