import { describe, expect, it } from 'vitest';
import { AGENT, CHAT_ID, CUSTOMER, historyIn, minute, START_CHAT, SYSTEM, T0 } from '../chat/chat.fixture.js';
import { chatDecider } from '../chat/index.js';
import { customerDecider } from '../customer/index.js';
import { provenance } from '../shared/messages.js';
import { deciderSpec } from './decider-spec.js';

// The given/when/then an embedder writes against any aggregate, here a chat and a customer.

const chats = deciderSpec(chatDecider);
const customers = deciderSpec(customerDecider);
const CARL = { id: 'carl', role: 'customer' as const };
const register = {
  type: 'RegisterCustomer' as const,
  data: { customerId: 'carl', name: 'Carl', deliveryPreference: 'both' as const },
};

describe('deciderSpec', () => {
  it('checks the events a command produces and returns the state after them', () => {
    const state = chats
      .given(historyIn('waiting'))
      .when({ type: 'AcceptChat', data: { chatId: CHAT_ID } }, { now: minute(1), actor: AGENT })
      .thenEmits([
        {
          type: 'ChatAssigned',
          data: {
            chatId: CHAT_ID,
            agentId: AGENT.id,
            mode: 'accepted',
            ...provenance({ now: minute(1), actor: AGENT }),
          },
        },
      ]);
    expect(state).toMatchObject({ status: 'active', assigneeId: AGENT.id });
  });

  it('checks a refusal by its code, for every aggregate alike', () => {
    const refusal = customers
      .given(customers.given([]).when(register, { now: T0, actor: CARL }).events())
      .when(register, { now: T0, actor: CARL })
      .thenFails('ALREADY_EXISTS');
    expect(refusal.details).toEqual({ customerId: 'carl' });
    chats
      .given(historyIn('closed'))
      .when(START_CHAT, { now: minute(3), actor: CUSTOMER })
      .thenFails('ALREADY_EXISTS');
  });

  it('checks that a command produces nothing', () => {
    chats
      .given(historyIn('closed'))
      .when({ type: 'TimeoutChat', data: { chatId: CHAT_ID } }, { now: minute(90), actor: SYSTEM })
      .thenNothing();
  });

  it('fails with the actual and the expected value when the expectation is wrong', () => {
    const then = chats.given([]).when(START_CHAT, { now: T0, actor: CUSTOMER });
    const wrong = () => then.thenEmits([]);
    expect(wrong).toThrowError('the command produced other events');
    try {
      wrong();
    } catch (error) {
      expect(error).toMatchObject({ name: 'AssertionError', expected: [] });
      expect((error as { actual: unknown[] }).actual).toHaveLength(2);
    }
    expect(() => then.thenFails('FORBIDDEN')).toThrowError('expected a refusal with FORBIDDEN');
    expect(() => then.thenNothing()).toThrowError('the command produced events');
    expect(() =>
      chats.given(historyIn('closed')).when(START_CHAT, { now: T0, actor: CUSTOMER }).thenFails('FORBIDDEN'),
    ).toThrowError('refused with ALREADY_EXISTS');
    // A refusal where events (or none) were expected fails the same way, the refusal as the actual value.
    const refused = chats.given(historyIn('closed')).when(START_CHAT, { now: T0, actor: CUSTOMER });
    for (const expectation of [() => refused.thenEmits([]), () => refused.thenNothing()])
      expect(expectation).toThrowError(
        expect.objectContaining({
          name: 'AssertionError',
          message: expect.stringContaining('refused with ALREADY_EXISTS'),
          actual: expect.objectContaining({ code: 'ALREADY_EXISTS' }),
          expected: [],
        }),
      );
  });

  it('compares events by their content, not the order of their keys', () => {
    const then = chats.given([]).when(START_CHAT, { now: T0, actor: CUSTOMER });
    const reordered = then.events().map((event) => ({
      data: Object.fromEntries(Object.entries(event.data).reverse()),
      type: event.type,
    }));
    then.thenEmits(reordered as never);
  });

  it('refuses a decider that changes the state it is given', () => {
    const mutating = deciderSpec<{ type: 'Add' }, { type: 'Added' }, { count: number }>({
      initialState: { count: 0 },
      decide: (_command, state) => {
        state.count += 1;
        return [{ type: 'Added' }];
      },
      evolve: (state) => ({ count: state.count + 1 }),
    });
    expect(() =>
      mutating
        .given([{ type: 'Added' }])
        .when({ type: 'Add' }, { now: T0, actor: SYSTEM })
        .events(),
    ).toThrow(TypeError);
  });

  it('types the commands of a spec without a parse as the decider takes them', () => {
    const spec = deciderSpec<{ type: 'Add' }, { type: 'Added' }, { count: number }>({
      initialState: { count: 0 },
      decide: () => [{ type: 'Added' }],
      evolve: (state) => ({ count: state.count + 1 }),
    });
    const given = spec.given([]);
    // @ts-expect-error: a command the decider does not take does not compile.
    expect(() => given.when({ type: 'Bogus' }, { now: T0, actor: SYSTEM })).not.toThrow();
    expect(given.when({ type: 'Add' }, { now: T0, actor: SYSTEM }).events()).toEqual([{ type: 'Added' }]);
  });
});
