import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { MINUTE_MS } from '../shared/time.js';
import { deepFreeze } from '../testing/decider-spec.js';
import {
  ADMIN,
  AGENT,
  AUDITOR,
  CHAT_ID,
  CUSTOMER,
  OTHER_AGENT,
  OTHER_CUSTOMER,
  START,
  SUPERVISOR,
  SYSTEM,
  T0,
} from './chat.fixture.js';
import type { ChatCommand } from './commands.js';
import { ChatEvent } from './events.js';
import { chatDecider } from './index.js';
import type { ChatState } from './state.js';

const actors: Actor[] = [CUSTOMER, OTHER_CUSTOMER, AGENT, OTHER_AGENT, SUPERVISOR, ADMIN, SYSTEM, AUDITOR];
const agentIds = [AGENT.id, OTHER_AGENT.id];

/** One random command of any type, with random (often not allowed) data. */
const command: fc.Arbitrary<(n: number) => ChatCommand> = fc.oneof(
  fc.record({ internal: fc.boolean(), body: fc.string({ minLength: 1, maxLength: 20 }) }).map(
    ({ internal, body }) =>
      (n: number): ChatCommand => ({
        type: 'SendChatMessage',
        data: { chatId: CHAT_ID, messageId: `m-${n}`, body, internal },
      }),
  ),
  fc
    .record({
      kind: fc.constantFrom('AcceptChat', 'AssignChat', 'TransferChat'),
      agentId: fc.constantFrom(...agentIds),
    })
    .map(({ kind, agentId }) => (): ChatCommand => {
      if (kind === 'AcceptChat') return { type: kind, data: { chatId: CHAT_ID } };
      if (kind === 'AssignChat') return { type: kind, data: { chatId: CHAT_ID, agentId } };
      return { type: kind, data: { chatId: CHAT_ID, toAgentId: agentId, reason: 'skills' } };
    }),
  fc.constantFrom('billing', 'sales').map(
    (category) => (): ChatCommand => ({
      type: 'TransferChatToQueue',
      data: { chatId: CHAT_ID, category, reason: 'another queue' },
    }),
  ),
  fc.constant((): ChatCommand => ({ type: 'CloseChat', data: { chatId: CHAT_ID } })),
  fc.constant((): ChatCommand => ({ type: 'TimeoutChat', data: { chatId: CHAT_ID } })),
  fc.constant(
    (n: number): ChatCommand => ({ type: 'ConvertChatToTicket', data: { chatId: CHAT_ID, ticketId: `t-${n}` } }),
  ),
  fc
    .integer({ min: 1, max: 5 })
    .map((score) => (): ChatCommand => ({ type: 'RateChat', data: { chatId: CHAT_ID, score } })),
);

const steps = fc.array(
  fc.record({ command, actor: fc.constantFrom(...actors), advanceMinutes: fc.integer({ min: 0, max: 45 }) }),
  { maxLength: 40 },
);

const STATUS_ORDER = { none: 0, waiting: 1, active: 2, closed: 3 } as const;

describe('chat replay', () => {
  it('folding the produced events, even after a JSON round trip, rebuilds the state decided step by step', () => {
    fc.assert(
      fc.property(steps, (script) => {
        const events = [...chatDecider.decide(START.command, chatDecider.initialState, { now: T0, actor: CUSTOMER })];
        let state: ChatState = fold(chatDecider, events);
        let now = T0.getTime();
        script.forEach(({ command: make, actor, advanceMinutes }, n) => {
          now += advanceMinutes * MINUTE_MS;
          let produced: readonly ChatEvent[] = [];
          try {
            // Frozen: deciding must not change the state (a command handler's cache keeps states).
            produced = chatDecider.decide(make(n), deepFreeze(state), { now: new Date(now), actor });
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
          const next = produced.reduce((folded, event) => deepFreeze(chatDecider.evolve(folded, event)), state);
          // Only a transfer to a queue goes back: an active chat waits again, with nobody holding it.
          const requeued = produced.some((event) => event.type === 'ChatTransferredToQueue');
          if (requeued) expect(next).toMatchObject({ status: 'waiting', assigneeId: null });
          if (requeued) expect(state.status).toBe('active');
          else expect(STATUS_ORDER[next.status]).toBeGreaterThanOrEqual(STATUS_ORDER[state.status]);
          events.push(...produced);
          state = next;
        });
        const stored = JSON.parse(JSON.stringify(events)) as unknown[];
        const replayed = fold(
          chatDecider,
          stored.map((event) => ChatEvent.parse(event)),
        );
        expect(replayed).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });
});
