// Shared test fixtures of the chat aggregate (test support, not a test: `*.fixture.ts` is neither run nor built).
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { type DomainErrorCode, isDomainError } from '../shared/errors.js';
import { MINUTE_MS } from '../shared/time.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { ChatCommand } from './commands.js';
import type { ChatEvent } from './events.js';
import { chatDecider } from './index.js';
import type { ChatState, ChatStatus } from './state.js';

export const CHAT_ID = 'chat-1';
export const T0 = new Date('2025-03-03T09:00:00.000Z');

export const CUSTOMER: Actor = { id: 'customer-1', role: 'customer' };
export const OTHER_CUSTOMER: Actor = { id: 'customer-2', role: 'customer' };
export const AGENT: Actor = { id: 'agent-1', role: 'agent' };
export const OTHER_AGENT: Actor = { id: 'agent-2', role: 'agent' };
export const SUPERVISOR: Actor = { id: 'supervisor-1', role: 'supervisor' };
export const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
export const SYSTEM: Actor = { id: 'automation', role: 'system' };
export const AUDITOR: Actor = { id: 'auditor-1', role: 'auditor' };

/** `T0` plus some minutes. */
export function minute(n: number): Date {
  return new Date(T0.getTime() + n * MINUTE_MS);
}

/** A command issued by `actor` at `at`. */
export interface Step {
  readonly command: ChatCommand;
  readonly actor: Actor;
  readonly at: Date;
}

/** The events a sequence of commands produces, each run against the history before it. */
export function play(steps: readonly Step[], history: readonly ChatEvent[] = []): ChatEvent[] {
  const events = [...history];
  for (const { command, actor, at } of steps) {
    events.push(...deciderSpec(chatDecider).given(events).when(command, { now: at, actor }).events());
  }
  return events;
}

/** The customer's chat, with a first message. */
export const START_CHAT: Extract<ChatCommand, { type: 'StartChat' }> = {
  type: 'StartChat',
  data: {
    chatId: CHAT_ID,
    customerId: CUSTOMER.id,
    priority: 'high',
    category: 'billing',
    language: 'en',
    firstMessage: { messageId: 'm-1', body: 'My invoice is wrong' },
  },
};

/** The customer starts the chat at `T0`. */
export const START: Step = { command: START_CHAT, actor: CUSTOMER, at: T0 };

/** `AGENT` accepts the chat one minute in. */
export const ACCEPT: Step = {
  command: { type: 'AcceptChat', data: { chatId: CHAT_ID } },
  actor: AGENT,
  at: minute(1),
};

/** `AGENT` ends the chat two minutes in. */
export const CLOSE: Step = { command: { type: 'CloseChat', data: { chatId: CHAT_ID } }, actor: AGENT, at: minute(2) };

/** The shortest history leaving the chat in `status`: waiting at `T0`, active at +1 min, closed at +2 min. */
export function historyIn(status: ChatStatus): ChatEvent[] {
  const steps = { waiting: [START], active: [START, ACCEPT], closed: [START, ACCEPT, CLOSE] }[status];
  return play(steps);
}

/** The state the history folds to. */
export function stateOf(history: readonly ChatEvent[]): ChatState {
  return fold(chatDecider, history);
}

/** Given `history`, when `actor` issues `command` at `at`: the events produced. */
export function when(
  history: readonly ChatEvent[],
  command: ChatCommand,
  actor: Actor,
  at = minute(5),
): readonly ChatEvent[] {
  return deciderSpec(chatDecider).given(history).when(command, { now: at, actor }).events();
}

/** Given `history`, when `actor` issues `command`: the refusal's code (fails the test if it was accepted). */
export function refusal(
  history: readonly ChatEvent[],
  command: ChatCommand,
  actor: Actor,
  at = minute(5),
): DomainErrorCode {
  const result = outcome(history, command, actor, at);
  if (typeof result !== 'string') throw new Error(`expected ${command.type} to be refused, got ${result.join(', ')}`);
  return result;
}

/** The outcome as something a table can state: the event types, or the error code. */
export function outcome(
  history: readonly ChatEvent[],
  command: ChatCommand,
  actor: Actor,
  at = minute(5),
): string[] | DomainErrorCode {
  try {
    return when(history, command, actor, at).map((event) => event.type);
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}
