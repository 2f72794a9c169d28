import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../shared/time.js';
import { firstResponseDue, nextSlaDeadline, type SlaInput, slaStatus } from './calculator.js';
import type { SlaFact } from './facts.js';
import { PREMIUM_POLICY, SlaPolicy, STANDARD_POLICY } from './policy.js';

const T0 = Date.parse('2024-06-10T00:00:00Z');
/** The instant `minutes` after T0. */
const at = (minutes: number) => T0 + minutes * MINUTE_MS;
const min = (minutes: number) => minutes * MINUTE_MS;

/** 24/7 so that business time is wall time; round numbers; warning at half the target. */
const POLICY = SlaPolicy.parse({
  id: 'test',
  name: 'Test',
  calendar: { kind: '24/7' },
  targets: {
    low: { firstResponseMinutes: 120, nextResponseMinutes: 60, resolutionMinutes: 480 },
    normal: { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 240 },
    high: { firstResponseMinutes: 30, nextResponseMinutes: 20, resolutionMinutes: 120 },
    urgent: { firstResponseMinutes: 15, nextResponseMinutes: 10, resolutionMinutes: 60 },
  },
  warnAtFraction: 0.5,
  escalationThresholdMinutes: 180,
});

const opened: SlaFact = { kind: 'opened', at: T0 };
const replied = (minutes: number): SlaFact => ({ kind: 'agent_replied', at: at(minutes) });
const customer = (minutes: number): SlaFact => ({ kind: 'customer_messaged', at: at(minutes) });
const status = (minutes: number, to: 'new' | 'in_progress' | 'waiting_customer' | 'resolved' | 'closed'): SlaFact => ({
  kind: 'status_changed',
  at: at(minutes),
  to,
});

const statusAt = (nowMinutes: number, facts: SlaFact[], overrides: Partial<SlaInput> = {}) =>
  slaStatus({ policy: POLICY, priority: 'normal', facts, now: at(nowMinutes), ...overrides });

describe('slaStatus', () => {
  it('has nothing started before the ticket is opened', () => {
    const status = statusAt(10, []);
    expect(Object.values(status.metrics).map((m) => m.state)).toEqual(['not_started', 'not_started', 'not_started']);
    expect(status.metrics.first_response.targetMs).toBe(min(60));
    expect(nextSlaDeadline(status)).toBeNull();
  });

  it('runs first response and resolution from the opening, with their warning and breach ahead', () => {
    const { metrics, escalation } = statusAt(10, [opened]);
    expect(metrics.first_response).toEqual({
      metric: 'first_response',
      state: 'running',
      cycle: 1,
      elapsedBusinessMs: min(10),
      targetMs: min(60),
      remainingBusinessMs: min(50),
      warningAt: at(30),
      breachAt: at(60),
      warnedAt: null,
      breachedAt: null,
      completedAt: null,
    });
    expect(metrics.resolution).toMatchObject({ state: 'running', warningAt: at(120), breachAt: at(240) });
    expect(metrics.next_response.state).toBe('not_started');
    expect(escalation).toEqual({ thresholdMs: min(180), reachedAt: null, dueAt: at(180) });
  });

  it('meets the first response with a public reply in time', () => {
    const { first_response } = statusAt(50, [opened, replied(40)]).metrics;
    expect(first_response).toMatchObject({ state: 'met', elapsedBusinessMs: min(40), warnedAt: at(30) });
    expect(first_response).toMatchObject({ completedAt: at(40), warningAt: null, breachAt: null });
  });

  it('keeps a late reply breached, and tells when it was met', () => {
    const { first_response } = statusAt(90, [opened, replied(70)]).metrics;
    expect(first_response).toMatchObject({ state: 'breached', breachedAt: at(60), completedAt: at(70) });
    expect(first_response.remainingBusinessMs).toBe(0);
  });

  it('keeps counting a breached clock that is still open', () => {
    const { first_response } = statusAt(90, [opened]).metrics;
    expect(first_response).toMatchObject({ state: 'breached', elapsedBusinessMs: min(90), completedAt: null });
    expect(first_response).toMatchObject({ warningAt: null, breachAt: null });
  });

  it('pauses every clock while waiting for the customer', () => {
    const facts = [opened, status(10, 'waiting_customer'), customer(100), status(100, 'in_progress')];
    const paused = statusAt(50, facts).metrics;
    expect(paused.first_response).toMatchObject({ state: 'paused', elapsedBusinessMs: min(10), breachAt: null });
    expect(paused.resolution).toMatchObject({ state: 'paused', elapsedBusinessMs: min(10) });
    const resumed = statusAt(120, facts).metrics;
    expect(resumed.first_response).toMatchObject({ state: 'running', elapsedBusinessMs: min(30), breachAt: at(150) });
    expect(resumed.resolution).toMatchObject({ elapsedBusinessMs: min(30) });
  });

  it('starts next response at each customer message awaiting an agent, from the first of them', () => {
    const facts = [opened, customer(2), replied(5), customer(20), customer(25), replied(40), customer(50)];
    expect(statusAt(30, facts).metrics.next_response).toMatchObject({
      state: 'running',
      cycle: 1,
      elapsedBusinessMs: min(10),
      breachAt: at(50),
    });
    expect(statusAt(45, facts).metrics.next_response).toMatchObject({ state: 'met', cycle: 1, completedAt: at(40) });
    expect(statusAt(55, facts).metrics.next_response).toMatchObject({
      state: 'running',
      cycle: 2,
      elapsedBusinessMs: min(5),
    });
  });

  it('stops at resolution and keeps accumulating resolution time after a reopen', () => {
    const facts = [opened, replied(5), status(60, 'resolved'), customer(200), status(200, 'in_progress')];
    const resolved = statusAt(100, facts).metrics;
    expect(resolved.resolution).toMatchObject({ state: 'met', elapsedBusinessMs: min(60), completedAt: at(60) });
    const reopened = statusAt(220, facts).metrics;
    expect(reopened.resolution).toMatchObject({ state: 'running', elapsedBusinessMs: min(80), breachAt: at(380) });
    expect(reopened.next_response).toMatchObject({ state: 'running', cycle: 1, elapsedBusinessMs: min(20) });
    expect(reopened.first_response).toMatchObject({ state: 'met', completedAt: at(5) });
  });

  it('fulfils a pending response when the ticket is solved without a reply, as Zendesk does', () => {
    const { first_response, resolution } = statusAt(30, [opened, status(10, 'closed')]).metrics;
    expect(first_response).toMatchObject({ state: 'met', completedAt: at(10), elapsedBusinessMs: min(10) });
    expect(resolution).toMatchObject({ state: 'met', completedAt: at(10) });
  });

  it('owes a reopened ticket the answer its close gave none (a spam close undone), with the time it had run', () => {
    // Closed as spam at 10 with no reply, reopened at 100: the first response runs on from 10 minutes.
    const spam = [opened, status(10, 'closed'), status(100, 'in_progress')];
    expect(statusAt(120, spam).metrics.first_response).toMatchObject({
      state: 'running',
      cycle: 1,
      elapsedBusinessMs: min(30),
      completedAt: null,
      breachAt: at(150),
    });
    expect(statusAt(200, [...spam, replied(130)]).metrics.first_response).toMatchObject({
      state: 'met',
      completedAt: at(130),
      elapsedBusinessMs: min(40),
    });
    // Resolved unanswered, then closed by the automation: still owed when reopened.
    const closedLater = [opened, status(10, 'resolved'), status(50, 'closed'), status(100, 'in_progress')];
    expect(statusAt(120, closedLater).metrics.first_response).toMatchObject({
      state: 'running',
      elapsedBusinessMs: min(30),
    });
    // A next response pending at the close runs on likewise.
    const pendingNext = [opened, replied(5), customer(20), status(30, 'resolved'), status(100, 'in_progress')];
    expect(statusAt(110, pendingNext).metrics.next_response).toMatchObject({
      state: 'running',
      cycle: 1,
      elapsedBusinessMs: min(20),
    });
    // The rule before (workflows replaying older histories ask for it): the close's fulfilment stands.
    expect(statusAt(120, spam, { reopenOwesAnswer: false }).metrics.first_response).toMatchObject({
      state: 'met',
      completedAt: at(10),
    });
    // Resolved unanswered, the customer writes, the ticket reopens: one clock runs, the first
    // response owed, not a next response beside it.
    const wroteAfter = [opened, status(10, 'resolved'), customer(50), status(50, 'in_progress')];
    const both = statusAt(70, wroteAfter).metrics;
    expect(both.first_response).toMatchObject({ state: 'running', elapsedBusinessMs: min(30) });
    expect(both.next_response.state).toBe('not_started');
    // A reply given with the resolution (the same instant) answered: nothing is owed.
    const answered = [opened, replied(10), status(10, 'resolved'), status(100, 'in_progress')];
    expect(statusAt(120, answered).metrics.first_response).toMatchObject({ state: 'met', completedAt: at(10) });
  });

  it('re-targets on a priority change, breaching at once when the new target is already behind', () => {
    const raisedEarly = statusAt(10, [opened, { kind: 'priority_changed', at: at(5), priority: 'urgent' }]);
    expect(raisedEarly.priority).toBe('urgent');
    expect(raisedEarly.metrics.first_response).toMatchObject({ targetMs: min(15), breachAt: at(15) });
    const raisedLate = statusAt(30, [opened, { kind: 'priority_changed', at: at(20), priority: 'urgent' }]);
    expect(raisedLate.metrics.first_response).toMatchObject({ state: 'breached', breachedAt: at(20) });
    const raisedOnTheDot = statusAt(30, [opened, { kind: 'priority_changed', at: at(15), priority: 'urgent' }]);
    expect(raisedOnTheDot.metrics.first_response).toMatchObject({ state: 'breached', breachedAt: at(15) });
  });

  it('keeps a breach when the priority is lowered afterwards, and a finished cycle keeps its target', () => {
    const facts = [
      opened,
      { kind: 'priority_changed', at: at(0), priority: 'urgent' } as const,
      replied(20),
      { kind: 'priority_changed', at: at(30), priority: 'low' } as const,
    ];
    const { first_response, resolution } = statusAt(40, facts).metrics;
    expect(first_response).toMatchObject({ state: 'breached', breachedAt: at(15), targetMs: min(15) });
    expect(resolution).toMatchObject({ state: 'running', targetMs: min(480) });
  });

  it('ignores facts before the opening or after now, in whatever order they come', () => {
    const facts = [replied(40), status(-10, 'resolved'), opened, replied(-5)];
    expect(statusAt(30, facts).metrics.first_response).toMatchObject({ state: 'running', elapsedBusinessMs: min(30) });
  });

  it('counts business hours only (standard policy, Dubai hours)', () => {
    const dubai = 'Asia/Dubai';
    const fridayHalfPastSeven = DateTime.fromISO('2024-06-07T19:30', { zone: dubai }).toMillis();
    const facts: SlaFact[] = [{ kind: 'opened', at: fridayHalfPastSeven }];
    const saturdayNine = DateTime.fromISO('2024-06-08T09:00', { zone: dubai }).toMillis();
    const { first_response } = slaStatus({
      policy: STANDARD_POLICY,
      priority: 'normal',
      facts,
      now: saturdayNine,
    }).metrics;
    // 30 minutes on Friday evening, then the weekend hours start at 10:00.
    expect(first_response.elapsedBusinessMs).toBe(min(30));
    expect(DateTime.fromMillis(first_response.breachAt!, { zone: dubai }).toISO()).toBe(
      '2024-06-08T11:30:00.000+04:00',
    );
    const due = firstResponseDue({ policy: STANDARD_POLICY, priority: 'normal', openedAt: fridayHalfPastSeven });
    expect(due).toBe(first_response.breachAt);
    // Recorded afterwards, the breach is still placed in business time, not two hours after opening.
    const saturdayNoon = DateTime.fromISO('2024-06-08T12:00', { zone: dubai }).toMillis();
    const later = slaStatus({ policy: STANDARD_POLICY, priority: 'normal', facts, now: saturdayNoon }).metrics;
    expect(later.first_response).toMatchObject({ state: 'breached', breachedAt: first_response.breachAt });
  });
});

describe('a closed ticket', () => {
  it('runs no clock when its customer writes and it stays closed (a spam close)', () => {
    const facts = [opened, status(5, 'closed'), customer(10)];
    const closed = statusAt(600, facts);
    expect(closed.metrics.next_response.state).not.toBe('running');
    expect(closed.metrics.next_response.breachAt).toBeNull();
    expect(nextSlaDeadline(closed)).toBeNull();
  });
});

describe('policy and category changes', () => {
  const FASTER = SlaPolicy.parse({
    ...POLICY,
    id: 'faster',
    targets: {
      ...POLICY.targets,
      normal: { firstResponseMinutes: 30, nextResponseMinutes: 15, resolutionMinutes: 100 },
    },
  });
  const policyChanged = (minutes: number, policy: SlaPolicy): SlaFact => ({
    kind: 'policy_changed',
    at: at(minutes),
    policy,
  });

  it('re-targets the running clocks on a policy change, keeping the time elapsed', () => {
    const status = statusAt(25, [opened, policyChanged(20, FASTER)]);
    expect(status.policyId).toBe('faster');
    expect(status.metrics.first_response).toMatchObject({
      state: 'running',
      elapsedBusinessMs: min(25),
      targetMs: min(30),
      breachAt: at(30),
    });
    expect(status.metrics.resolution).toMatchObject({ elapsedBusinessMs: min(25), targetMs: min(100) });
    expect(statusAt(25, [opened]).metrics.first_response).toMatchObject({ targetMs: min(60), breachAt: at(60) });
  });

  it("hands the ticket back to the deployment's policy when a change names none (the default policy cleared)", () => {
    const cleared: SlaFact = { kind: 'policy_changed', at: at(20), policy: null };
    const status = statusAt(25, [opened, policyChanged(10, FASTER), cleared]);
    expect(status.policyId).toBe(POLICY.id);
    expect(status.metrics.first_response).toMatchObject({ state: 'running', targetMs: min(60), breachAt: at(60) });
  });

  it('breaches at the change when the new policy’s target is already behind', () => {
    const status = statusAt(50, [opened, policyChanged(40, FASTER)]);
    expect(status.metrics.first_response).toMatchObject({ state: 'breached', breachedAt: at(40) });
  });

  it('re-targets on a category change, and back when the category is removed', () => {
    const policy = SlaPolicy.parse({ ...POLICY, categoryTargets: { billing: { firstResponseMinutes: 20 } } });
    const toBilling: SlaFact = { kind: 'category_changed', at: at(10), category: 'billing' };
    expect(statusAt(15, [opened, toBilling], { policy }).metrics.first_response).toMatchObject({
      elapsedBusinessMs: min(15),
      targetMs: min(20),
      breachAt: at(20),
    });
    const removed: SlaFact = { kind: 'category_changed', at: at(15), category: null };
    expect(statusAt(25, [opened, toBilling, removed], { policy }).metrics.first_response).toMatchObject({
      state: 'running',
      targetMs: min(60),
      breachAt: at(60),
    });
    const openedInBilling: SlaFact = { kind: 'opened', at: T0, category: 'billing' };
    expect(statusAt(5, [openedInBilling], { policy }).metrics.first_response.targetMs).toBe(min(20));
  });

  it('counts in the new policy’s calendar from the change on', () => {
    const dubai = 'Asia/Dubai';
    const local = (iso: string) => DateTime.fromISO(iso, { zone: dubai }).toMillis();
    const facts: SlaFact[] = [
      { kind: 'opened', at: local('2024-06-07T19:30') },
      { kind: 'policy_changed', at: local('2024-06-07T21:00'), policy: PREMIUM_POLICY },
    ];
    const { first_response } = slaStatus({
      policy: STANDARD_POLICY,
      priority: 'normal',
      facts,
      now: local('2024-06-07T22:00'),
    }).metrics;
    // 19:30-20:00 in business hours, nothing until the change, then 24/7.
    expect(first_response.elapsedBusinessMs).toBe(min(90));
  });

  it('counts an urgent ticket 24/7 while a normal one waits for business hours (calendarByPriority)', () => {
    const policy = SlaPolicy.parse({ ...STANDARD_POLICY, calendarByPriority: { urgent: { kind: '24/7' } } });
    const dubai = 'Asia/Dubai';
    const facts: SlaFact[] = [{ kind: 'opened', at: DateTime.fromISO('2024-06-07T19:30', { zone: dubai }).toMillis() }];
    const now = DateTime.fromISO('2024-06-08T09:00', { zone: dubai }).toMillis();
    const normal = slaStatus({ policy, priority: 'normal', facts, now }).metrics.resolution;
    const urgent = slaStatus({ policy, priority: 'urgent', facts, now }).metrics.resolution;
    expect(normal.elapsedBusinessMs).toBe(min(30));
    expect(urgent.elapsedBusinessMs).toBe(min(13 * 60 + 30));
    const raised: SlaFact = {
      kind: 'priority_changed',
      at: DateTime.fromISO('2024-06-08T08:00', { zone: dubai }).toMillis(),
      priority: 'urgent',
    };
    expect(
      slaStatus({ policy, priority: 'normal', facts: [...facts, raised], now }).metrics.resolution.elapsedBusinessMs,
    ).toBe(min(90));
  });
});

describe('firstResponseDue', () => {
  it.each([
    ['urgent', 15],
    ['high', 30],
    ['normal', 120],
  ] as const)('gives a %s premium ticket %d minutes, round the clock', (priority, minutes) => {
    expect(firstResponseDue({ policy: PREMIUM_POLICY, priority, openedAt: T0 })).toBe(at(minutes));
  });
});

describe('nextSlaDeadline', () => {
  it('is the earliest warning, breach or escalation ahead', () => {
    expect(nextSlaDeadline(statusAt(10, [opened]))).toEqual({
      metric: 'first_response',
      kind: 'warning',
      cycle: 1,
      at: at(30),
    });
    expect(nextSlaDeadline(statusAt(40, [opened]))).toEqual({
      metric: 'first_response',
      kind: 'breach',
      cycle: 1,
      at: at(60),
    });
    const answered = [opened, replied(5)];
    expect(nextSlaDeadline(statusAt(130, answered))).toEqual({
      metric: 'resolution',
      kind: 'escalation',
      cycle: 1,
      at: at(180),
    });
    expect(nextSlaDeadline(statusAt(200, answered))).toEqual({
      metric: 'resolution',
      kind: 'breach',
      cycle: 1,
      at: at(240),
    });
  });

  it('is null when every clock is paused or stopped', () => {
    expect(nextSlaDeadline(statusAt(20, [opened, status(10, 'waiting_customer')]))).toBeNull();
    expect(nextSlaDeadline(statusAt(20, [opened, replied(5), status(10, 'resolved')]))).toBeNull();
  });

  it('is reached when the status is recomputed at it', () => {
    const deadline = nextSlaDeadline(statusAt(10, [opened]))!;
    expect(statusAt((deadline.at - T0) / MINUTE_MS, [opened]).metrics.first_response.warnedAt).toBe(deadline.at);
  });
});
