// Model-based and replay properties of the ticket decider, with fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { DAY_MS, HOUR_MS } from '../shared/time.js';
import { deepFreeze } from '../testing/decider-spec.js';
import { parseTicketCommand, type TicketCommandInput } from './commands.js';
import { TicketEvent } from './events.js';
import { ticketDecider } from './index.js';
import type { TicketState } from './state.js';
import { AGENT, AUDITOR, CUSTOMER, OTHER_CUSTOMER, SUPERVISOR, SYSTEM, T0, TICKET_ID } from './ticket.fixture.js';

// ---- A tiny reference model of the lifecycle, written independently of the production table ----

type Status = 'new' | 'in_progress' | 'waiting_customer' | 'resolved' | 'closed';
const STATUSES: Status[] = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'];
/** The arrows of docs/domain.md#ticket-transitions, minus the spam-only `new -> closed`. */
const ARROWS: [Status, Status][] = [
  ['new', 'in_progress'],
  ['in_progress', 'waiting_customer'],
  ['in_progress', 'resolved'],
  ['in_progress', 'closed'],
  ['waiting_customer', 'in_progress'],
  ['waiting_customer', 'resolved'],
  ['waiting_customer', 'closed'],
  ['resolved', 'in_progress'],
  ['resolved', 'closed'],
  ['closed', 'in_progress'],
];
const arrow = (from: Status, to: Status) => ARROWS.some(([f, t]) => f === from && t === to);

interface Model {
  status: Status | null;
  since: number;
  reminders: number;
  /** When the latest reminder of the waiting period went out: the next step keeps its notice from it. */
  lastReminderAt: number | null;
  assignee: string | null;
  rated: boolean;
  /**
   * Closed as spam or invalid (thrown away): not rated; closed as spam, the customer writing
   * again does not reopen it either.
   */
  discarded: 'spam' | 'invalid' | null;
  /** The team replied publicly at least once: the ticket can no longer be thrown away as spam or invalid. */
  answered: boolean;
}
type Prediction = { accepted: false } | { accepted: true; writes: boolean; next: Model };

const refused: Prediction = { accepted: false };
const unchanged = (model: Model): Prediction => ({ accepted: true, writes: false, next: model });
const wrote = (model: Model, changes: Partial<Model> = {}): Prediction => ({
  accepted: true,
  writes: true,
  next: { ...model, ...changes },
});
const enter = (model: Model, status: Status, now: number): Prediction =>
  status === model.status
    ? wrote(model)
    : wrote(model, { status, since: now, reminders: 0, lastReminderAt: null, discarded: null });
/** Not before `planned`, nor sooner than `gap` after the reminder before it went out (if one did). */
const notSooner = (planned: number, previous: number | null, gap: number) =>
  previous === null ? planned : Math.max(planned, previous + gap);

function predict(model: Model, command: TicketCommandInput, actor: Actor, now: number): Prediction {
  const staff = actor.role === 'agent' || actor.role === 'supervisor';
  const owner = actor.role === 'customer' && actor.id === CUSTOMER.id;
  const automation = actor.role === 'system';
  const { status } = model;
  if (command.type === 'OpenTicket') {
    return status === null && (owner || staff || automation)
      ? wrote(model, { status: 'new', since: now, reminders: 0, lastReminderAt: null, discarded: null })
      : refused;
  }
  if (status === null) return refused;
  switch (command.type) {
    case 'ChangeStatus':
      return staff && arrow(status, command.data.to) ? enter(model, command.data.to, now) : refused;
    case 'CloseAsSpam':
      return staff && status !== 'closed' && !model.answered
        ? wrote(model, {
            status: 'closed',
            since: now,
            reminders: 0,
            lastReminderAt: null,
            discarded: command.data.kind ?? 'spam',
          })
        : refused;
    case 'ReplyToTicket': {
      if (!staff) return refused;
      if (command.data.visibility === 'internal') return wrote(model);
      if (status === 'closed') return refused;
      const working: Status = status === 'new' ? 'in_progress' : status;
      const target = command.data.nextStatus ?? working;
      if (target !== working && !arrow(working, target)) return refused;
      return status === target
        ? wrote(model, { answered: true })
        : wrote(model, {
            status: target,
            since: now,
            reminders: 0,
            lastReminderAt: null,
            discarded: null,
            answered: true,
          });
    }
    case 'CustomerReply':
      if (!owner) return refused;
      return status === 'new' || status === 'in_progress' || (status === 'closed' && model.discarded === 'spam')
        ? wrote(model)
        : enter(model, 'in_progress', now);
    case 'ConfirmResolution':
      return owner && status === 'resolved' ? enter(model, 'closed', now) : refused;
    case 'SendReminder': {
      if (!automation) return refused;
      const n = command.data.n;
      if (status !== 'waiting_customer' || model.reminders >= n) return unchanged(model);
      if (n > model.reminders + 1) return refused;
      const dueAt =
        n === 1 ? model.since + 3 * DAY_MS : notSooner(model.since + 5 * DAY_MS, model.lastReminderAt, 2 * DAY_MS);
      return now < dueAt ? refused : wrote(model, { reminders: n, lastReminderAt: now });
    }
    case 'AutoClose': {
      if (!automation) return refused;
      const waiting = command.data.reason === 'no_customer_response';
      if (status !== (waiting ? 'waiting_customer' : 'resolved')) return unchanged(model);
      if (waiting && model.reminders < 2) return refused;
      const dueAt = waiting
        ? notSooner(model.since + 7 * DAY_MS, model.reminders === 2 ? model.lastReminderAt : null, 2 * DAY_MS)
        : model.since + 24 * HOUR_MS;
      return now < dueAt ? refused : enter(model, 'closed', now);
    }
    case 'AssignTicket':
      return (staff || automation) && status !== 'closed' && model.assignee !== command.data.agentId
        ? wrote(model, { assignee: command.data.agentId })
        : refused;
    case 'RateTicket':
      return owner && (status === 'resolved' || status === 'closed') && !model.rated && model.discarded === null
        ? wrote(model, { rated: true })
        : refused;
    default:
      throw new Error(`the model does not know ${command.type}`);
  }
}

// ---- Generators ----

const ticketId = TICKET_ID;
const OPEN: TicketCommandInput = {
  type: 'OpenTicket',
  data: { ticketId, customerId: CUSTOMER.id, subject: 'Printer on fire', description: 'Help', channel: 'email' },
};
const weighted = (weight: number, arbitrary: fc.Arbitrary<TicketCommandInput>) => ({ weight, arbitrary });
// Timers and waiting periods are weighted up: reminders only matter after days in `waiting_customer`.
const commandArb: fc.Arbitrary<TicketCommandInput> = fc.oneof(
  weighted(1, fc.constant(OPEN)),
  weighted(
    3,
    fc.constantFrom(...STATUSES).map((to): TicketCommandInput => ({ type: 'ChangeStatus', data: { ticketId, to } })),
  ),
  weighted(1, fc.constant<TicketCommandInput>({ type: 'CloseAsSpam', data: { ticketId } })),
  weighted(
    2,
    fc
      .constantFrom(undefined, 'in_progress', 'waiting_customer', 'resolved', 'closed' as const)
      .map(
        (nextStatus): TicketCommandInput => ({ type: 'ReplyToTicket', data: { ticketId, body: 'Answer', nextStatus } }),
      ),
  ),
  // The everyday "reply and wait for the customer", so that waiting periods are common.
  weighted(
    3,
    fc.constant<TicketCommandInput>({
      type: 'ReplyToTicket',
      data: { ticketId, body: 'Which version?', nextStatus: 'waiting_customer' },
    }),
  ),
  weighted(
    1,
    fc.constant<TicketCommandInput>({
      type: 'ReplyToTicket',
      data: { ticketId, body: 'Note', visibility: 'internal' },
    }),
  ),
  weighted(2, fc.constant<TicketCommandInput>({ type: 'CustomerReply', data: { ticketId, body: 'More info' } })),
  weighted(1, fc.constant<TicketCommandInput>({ type: 'ConfirmResolution', data: { ticketId } })),
  weighted(
    6,
    fc.constantFrom(1, 2).map((n): TicketCommandInput => ({ type: 'SendReminder', data: { ticketId, n } })),
  ),
  weighted(
    4,
    fc
      .constantFrom('no_customer_response', 'resolved_timeout')
      .map((reason): TicketCommandInput => ({ type: 'AutoClose', data: { ticketId, reason } })),
  ),
  weighted(
    1,
    fc
      .constantFrom('agent-1', 'agent-2')
      .map((agentId): TicketCommandInput => ({ type: 'AssignTicket', data: { ticketId, agentId } })),
  ),
  weighted(
    1,
    fc
      .integer({ min: 1, max: 5 })
      .map((score): TicketCommandInput => ({ type: 'RateTicket', data: { ticketId, score } })),
  ),
);
const actorArb = fc.constantFrom(CUSTOMER, OTHER_CUSTOMER, AGENT, SUPERVISOR, SYSTEM, AUDITOR);
/** Who would normally send a command, so that most steps are not mere role refusals. */
function usualActor(type: TicketCommandInput['type']): Actor {
  if (type === 'CustomerReply' || type === 'ConfirmResolution' || type === 'RateTicket') return CUSTOMER;
  if (type === 'SendReminder' || type === 'AutoClose') return SYSTEM;
  return AGENT;
}
// Time only moves forward: often not at all, sometimes minutes, sometimes days (so timers come due).
const advanceArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: HOUR_MS }), {
  weight: 2,
  arbitrary: fc.integer({ min: 1, max: 4 * DAY_MS }),
});
const stepArb = commandArb.chain((command) =>
  fc.record({
    command: fc.constant(command),
    actor: fc.oneof(
      { weight: 3, arbitrary: fc.constant(usualActor(command.type)) },
      { weight: 1, arbitrary: actorArb },
    ),
    advance: advanceArb,
  }),
);
// Every story starts with an opening (by someone allowed to) so the lifecycle gets explored;
// later openings and commands by anyone are part of the random steps.
const storyArb = fc.tuple(
  fc.constantFrom(CUSTOMER, AGENT, SYSTEM),
  fc.array(stepArb, { minLength: 10, maxLength: 60, size: 'max' }),
);

/** Runs one step; `events` is undefined when the command was refused. */
function attempt(state: TicketState, command: TicketCommandInput, actor: Actor, now: number) {
  try {
    return { events: ticketDecider.decide(parseTicketCommand(command), state, { now: new Date(now), actor }) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { error };
  }
}

describe('the ticket decider against a reference model', () => {
  it('agrees on the status and on what is refused, and refused commands write nothing', () => {
    fc.assert(
      fc.property(storyArb, ([opener, steps]) => {
        let model: Model = {
          status: null,
          since: 0,
          reminders: 0,
          lastReminderAt: null,
          assignee: null,
          rated: false,
          discarded: null,
          answered: false,
        };
        let state: TicketState = ticketDecider.initialState;
        let now = T0.getTime();
        for (const step of [{ command: OPEN, actor: opener, advance: 0 }, ...steps]) {
          now += step.advance;
          const prediction = predict(model, step.command, step.actor, now);
          const outcome = attempt(state, step.command, step.actor, now);
          if (!prediction.accepted) {
            expect(outcome.error, `${step.command.type} by ${step.actor.role} in ${model.status}`).toBeDefined();
            expect(outcome.events).toBeUndefined();
          } else {
            expect(outcome.error, `${step.command.type} by ${step.actor.role} in ${model.status}`).toBeUndefined();
            expect((outcome.events?.length ?? 0) > 0).toBe(prediction.writes);
            state = fold(ticketDecider, outcome.events ?? [], state);
            model = prediction.next;
          }
          expect(state?.status ?? null).toBe(model.status);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('replaying history', () => {
  it('folding all produced events rebuilds the state reached step by step, also after a JSON round trip', () => {
    fc.assert(
      fc.property(storyArb, ([opener, steps]) => {
        let state: TicketState = ticketDecider.initialState;
        const history: TicketEvent[] = [];
        let now = T0.getTime();
        for (const step of [{ command: OPEN, actor: opener, advance: 0 }, ...steps]) {
          now += step.advance;
          // Frozen: neither decide nor evolve may change the state it is given (a command
          // handler's cache decides against kept states).
          const { events } = attempt(deepFreeze(state), step.command, step.actor, now);
          if (events === undefined) continue;
          for (const event of events) state = deepFreeze(ticketDecider.evolve(state, event));
          history.push(...events);
        }
        expect(fold(ticketDecider, history)).toEqual(state);
        const stored = JSON.parse(JSON.stringify(history)) as unknown[];
        expect(
          fold(
            ticketDecider,
            stored.map((e) => TicketEvent.parse(e)),
          ),
        ).toEqual(state);
        expect(state?.version ?? 0).toBe(history.length);
      }),
      { numRuns: 300 },
    );
  });
});
