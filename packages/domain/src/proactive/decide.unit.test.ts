import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDomainEventRegistry } from '../registry.js';
import type { Actor } from '../shared/actor.js';
import { fold, runCommand } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { DAY_MS, HOUR_MS } from '../shared/time.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { CustomerActivityCommand } from './commands.js';
import { CUSTOMER_ACTIVITY_EVENT_TYPES, type CustomerActivityEvent } from './events.js';
import { customerActivityDecider } from './index.js';
import { type ActivitySignalType, isCritical, ActivitySignalType as SignalTypes } from './signals.js';

const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const CUSTOMER: Actor = { id: 'customer-1', role: 'customer' };
const OTHER_CUSTOMER: Actor = { id: 'customer-2', role: 'customer' };
const AGENT: Actor = { id: 'agent-1', role: 'agent' };
const TRACKER: Actor = { id: 'tracker', role: 'system' };
const at = (hours: number) => new Date(T0 + hours * HOUR_MS);

const record = (signalId: string, signalType: ActivitySignalType): CustomerActivityCommand => ({
  type: 'RecordCustomerActivity',
  data: { customerId: CUSTOMER.id, signalId, signalType },
});
const accept = (suggestionId: string): CustomerActivityCommand => ({
  type: 'AcceptSuggestion',
  data: { customerId: CUSTOMER.id, suggestionId, ticketId: 'ticket-7' },
});
const dismiss = (suggestionId: string): CustomerActivityCommand => ({
  type: 'DismissSuggestion',
  data: { customerId: CUSTOMER.id, suggestionId },
});

/** Given `history`, when `actor` issues `command` at `hours` past T0: the events, or the refusal's code. */
function outcome(
  history: readonly CustomerActivityEvent[],
  command: CustomerActivityCommand,
  actor: Actor = TRACKER,
  hours = 0,
): readonly CustomerActivityEvent[] | string {
  try {
    return deciderSpec(customerActivityDecider)
      .given(history)
      .when(command, { now: at(hours), actor })
      .events();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

/** Records signals `[id, type, hours]` one by one; returns the whole history. */
function signals(list: readonly [string, ActivitySignalType, number][], history: CustomerActivityEvent[] = []) {
  for (const [id, type, hours] of list)
    history.push(...(outcome(history, record(id, type), TRACKER, hours) as CustomerActivityEvent[]));
  return history;
}

const types = (events: readonly CustomerActivityEvent[] | string) =>
  typeof events === 'string' ? events : events.map((e) => e.type);
const THREE: [string, ActivitySignalType, number][] = [
  ['s1', 'login_failed', 0],
  ['s2', 'form_error', 2],
  ['s3', 'login_failed', 4],
];

describe('RecordCustomerActivity', () => {
  it('records a signal, from the tracker or the customer themself', () => {
    expect(outcome([], record('s1', 'page_view'))).toEqual([
      expect.objectContaining({
        type: 'CustomerActivityRecorded',
        data: expect.objectContaining({ signalType: 'page_view' }),
      }),
    ]);
    expect(types(outcome([], record('s1', 'page_view'), CUSTOMER))).toEqual(['CustomerActivityRecorded']);
    expect(outcome([], record('s1', 'page_view'), OTHER_CUSTOMER)).toBe('FORBIDDEN');
    expect(outcome([], record('s1', 'page_view'), AGENT)).toBe('FORBIDDEN');
  });

  it('suggests a ticket with the third critical signal within 24 hours, named after that signal', () => {
    const history = signals(THREE.slice(0, 2));
    const events = outcome(history, record('s3', 'login_failed'), TRACKER, 4) as CustomerActivityEvent[];
    expect(types(events)).toEqual(['CustomerActivityRecorded', 'ProactiveTicketSuggested']);
    expect(events[1]).toMatchObject({
      data: {
        customerId: CUSTOMER.id,
        suggestionId: 's3',
        subject: 'Having trouble signing in?',
        priority: 'normal',
        signals: [
          { signalId: 's1', type: 'login_failed', at: at(0).toISOString() },
          { signalId: 's2', type: 'form_error', at: at(2).toISOString() },
          { signalId: 's3', type: 'login_failed', at: at(4).toISOString() },
        ],
      },
    });
  });

  it('does not suggest when the critical signals are spread over more than 24 hours', () => {
    const history = signals([
      ['s1', 'error_occurred', 0],
      ['s2', 'error_occurred', 13],
      ['s3', 'page_view', 20],
      ['s4', 'error_occurred', 25],
    ]);
    expect(history.map((e) => e.type)).not.toContain('ProactiveTicketSuggested');
    expect(types(outcome(history, record('s5', 'timeout_occurred'), TRACKER, 30))).toContain(
      'ProactiveTicketSuggested',
    );
  });

  it('never counts a signal twice: the next suggestion needs three new ones', () => {
    const suggested = signals(THREE);
    const dismissed = [...suggested, ...(outcome(suggested, dismiss('s3'), CUSTOMER, 5) as CustomerActivityEvent[])];
    const after = signals(
      [
        ['s4', 'form_error', 6],
        ['s5', 'form_error', 7],
      ],
      dismissed,
    );
    expect(after.filter((e) => e.type === 'ProactiveTicketSuggested')).toHaveLength(1);
    const third = outcome(after, record('s6', 'form_error'), TRACKER, 8) as CustomerActivityEvent[];
    expect(third[1]).toMatchObject({
      data: { suggestionId: 's6', signals: [{ signalId: 's4' }, { signalId: 's5' }, { signalId: 's6' }] },
    });
  });

  it('makes no second suggestion while one is pending; the signals count once it is answered', () => {
    const pending = signals([
      ...THREE,
      ['s4', 'error_occurred', 5],
      ['s5', 'error_occurred', 6],
      ['s6', 'error_occurred', 7],
    ]);
    expect(pending.filter((e) => e.type === 'ProactiveTicketSuggested')).toHaveLength(1);
    const answered = [...pending, ...(outcome(pending, accept('s3'), CUSTOMER, 8) as CustomerActivityEvent[])];
    const next = outcome(answered, record('s7', 'page_view'), TRACKER, 9) as CustomerActivityEvent[];
    expect(next[1]).toMatchObject({
      data: { suggestionId: 's7', priority: 'normal', subject: 'We noticed errors during your visit' },
    });
    // The page view's id now names a suggestion: kept past the day other page views are remembered.
    const viewed = [...answered, ...next];
    const once = [...viewed, ...(outcome(viewed, record('p8', 'page_view'), TRACKER, 60) as CustomerActivityEvent[])];
    const later = [...once, ...(outcome(once, record('p9', 'page_view'), TRACKER, 90) as CustomerActivityEvent[])];
    expect(outcome(later, record('p8', 'page_view'), TRACKER, 100)).not.toBe('ALREADY_EXISTS');
    expect(outcome(later, record('s7', 'page_view'), TRACKER, 100)).toBe('ALREADY_EXISTS');
  });

  it('refuses a signal id it still holds', () => {
    expect(outcome(signals([['s1', 'form_error', 0]]), record('s1', 'form_error'), TRACKER, 1)).toBe('ALREADY_EXISTS');
    expect(outcome(signals([['p1', 'page_view', 0]]), record('p1', 'page_view'), TRACKER, 1)).toBe('ALREADY_EXISTS');
  });

  it('refuses a critical signal sent again after its suggestion was answered, or long after: it never counts twice', () => {
    const answered = signals(THREE);
    answered.push(...(outcome(answered, dismiss('s3'), CUSTOMER, 5) as CustomerActivityEvent[]));
    for (const id of ['s1', 's2', 's3'])
      expect(outcome(answered, record(id, 'login_failed'), TRACKER, 6)).toBe('ALREADY_EXISTS');
    expect(outcome(answered, record('s1', 'login_failed'), TRACKER, 24 * 30)).toBe('ALREADY_EXISTS');
    // A page view's id is forgotten once a day older than the newest signal: nothing ever counts it.
    const viewed = signals([
      ['p1', 'page_view', 0],
      ['p2', 'page_view', 25],
    ]);
    expect(types(outcome(viewed, record('p1', 'page_view'), TRACKER, 26))).toEqual(['CustomerActivityRecorded']);
  });

  it('belongs to one customer', () => {
    const other: CustomerActivityCommand = {
      type: 'RecordCustomerActivity',
      data: { customerId: 'customer-2', signalId: 'x', signalType: 'page_view' },
    };
    expect(outcome(signals([['s1', 'page_view', 0]]), other)).toBe('NOT_FOUND');
  });

  it('keeps only the unused critical signals that can still share a window', () => {
    const state = fold(
      customerActivityDecider,
      signals([
        ['old', 'form_error', 0],
        ['p', 'page_view', 1],
        ['new', 'form_error', 30],
      ]),
    );
    expect(state.unusedSignals.map((s) => s.signalId)).toEqual(['new']);
    expect(state.keptSignalIds).toEqual(['old', 'new']);
    expect(state.recentSignals.map((s) => s.signalId)).toEqual(['new']);
  });
});

describe('AcceptSuggestion and DismissSuggestion', () => {
  const suggested = signals(THREE);

  it('accepting hands over everything to open the proactive ticket', () => {
    const events = outcome(suggested, accept('s3'), CUSTOMER, 5) as CustomerActivityEvent[];
    expect(events).toEqual([
      expect.objectContaining({
        type: 'SuggestionAccepted',
        data: expect.objectContaining({
          suggestionId: 's3',
          ticketId: 'ticket-7',
          subject: 'Having trouble signing in?',
          priority: 'normal',
          signals: expect.arrayContaining([expect.objectContaining({ signalId: 's1' })]),
        }),
      }),
    ]);
    expect(fold(customerActivityDecider, [...suggested, ...events]).pending).toBeNull();
  });

  it("accepting in the customer's language writes the ticket's texts as the offer read in it", () => {
    const french = { ...accept('s3'), data: { ...accept('s3').data, language: 'fr-CA' } } as CustomerActivityCommand;
    const [event] = outcome(suggested, french, CUSTOMER, 5) as CustomerActivityEvent[];
    expect(event?.data).toMatchObject({
      language: 'fr-CA',
      subject: 'Des difficultés à vous connecter ?',
      description: expect.stringMatching(/^Nous avons remarqué 3 problèmes/),
    });
  });

  it('dismissing clears the suggestion', () => {
    const events = outcome(suggested, dismiss('s3'), CUSTOMER, 5) as CustomerActivityEvent[];
    expect(types(events)).toEqual(['SuggestionDismissed']);
    expect(fold(customerActivityDecider, [...suggested, ...events]).pending).toBeNull();
  });

  it('answers only the pending suggestion, once', () => {
    const accepted = [...suggested, ...(outcome(suggested, accept('s3'), CUSTOMER) as CustomerActivityEvent[])];
    expect(outcome(accepted, accept('s3'), CUSTOMER)).toBe('SUGGESTION_NOT_PENDING');
    expect(outcome(accepted, dismiss('s3'), CUSTOMER)).toBe('SUGGESTION_NOT_PENDING');
    expect(outcome(suggested, accept('s2'), CUSTOMER)).toBe('SUGGESTION_NOT_PENDING');
    expect(outcome([], dismiss('s3'), CUSTOMER)).toBe('SUGGESTION_NOT_PENDING');
  });

  it('is for the customer only', () => {
    for (const actor of [OTHER_CUSTOMER, AGENT, TRACKER]) {
      expect(outcome(suggested, accept('s3'), actor)).toBe('FORBIDDEN');
      expect(outcome(suggested, dismiss('s3'), actor)).toBe('FORBIDDEN');
    }
  });
});

describe('customer activity properties', () => {
  const stream = fc.array(
    fc.record({ type: fc.constantFrom(...SignalTypes.options), gapMinutes: fc.integer({ min: 0, max: 36 * 60 }) }),
    { maxLength: 30 },
  );

  it('suggests only when a 24-hour window holds 3 critical signals, and replays to the same state', () => {
    fc.assert(
      fc.property(stream, (list) => {
        let history: CustomerActivityEvent[] = [];
        let minutes = 0;
        const times: number[] = [];
        list.forEach(({ type, gapMinutes }, i) => {
          minutes += gapMinutes;
          if (isCritical(type)) times.push(minutes);
          const events = runCommand(customerActivityDecider, history, record(`s${i}`, type), {
            now: new Date(T0 + minutes * 60_000),
            actor: TRACKER,
          }).events;
          history = [...history, ...events];
        });
        const busiest = Math.max(
          0,
          ...times.map((t) => times.filter((u) => u >= t && u - t <= DAY_MS / 60_000).length),
        );
        const suggestions = history.filter((e) => e.type === 'ProactiveTicketSuggested');
        if (busiest < 3) expect(suggestions).toEqual([]);
        else expect(suggestions.length).toBeGreaterThan(0);
        const replayed = fold(customerActivityDecider, JSON.parse(JSON.stringify(history)) as CustomerActivityEvent[]);
        expect(replayed).toEqual(fold(customerActivityDecider, history));
      }),
    );
  });
});

describe('CustomerActivity events in the domain registry', () => {
  it('registers every customer activity event type at version 1', () => {
    const registry = createDomainEventRegistry();
    expect(CUSTOMER_ACTIVITY_EVENT_TYPES).toEqual([
      'CustomerActivityRecorded',
      'ProactiveTicketSuggested',
      'SuggestionAccepted',
      'SuggestionDismissed',
    ]);
    expect(CUSTOMER_ACTIVITY_EVENT_TYPES.every((type) => registry.currentVersion(type) === 1)).toBe(true);
  });
});
