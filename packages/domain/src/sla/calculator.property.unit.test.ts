import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../shared/time.js';
import { SLA_METRICS } from '../shared/values.js';
import { bruteSlaStatus, businessMinutePredicate, calendarAndInstantArb } from './brute-force.fixture.js';
import { type SlaStatus, slaStatus } from './calculator.js';
import { businessTimeBetween } from './calendar.js';
import { type SlaFact, SlaTicketStatus } from './facts.js';
import { SlaPolicy, SlaPriority, type SlaTargets } from './policy.js';

const targetsArb: fc.Arbitrary<SlaTargets> = fc.record({
  firstResponseMinutes: fc.integer({ min: 1, max: 180 }),
  nextResponseMinutes: fc.integer({ min: 1, max: 180 }),
  resolutionMinutes: fc.integer({ min: 1, max: 480 }),
});

/** A random policy around a calendar; the `billing` category overrides some targets. */
const policyArb = calendarAndInstantArb.chain(({ calendar, at }) =>
  fc.record({
    openedAt: fc.constant(at),
    policy: fc
      .record({
        targets: fc.record({ low: targetsArb, normal: targetsArb, high: targetsArb, urgent: targetsArb }),
        billing: targetsArb.map((t) => ({ firstResponseMinutes: t.firstResponseMinutes })),
        warnAtFraction: fc.oneof(fc.constantFrom(0.5, 0.8), fc.double({ min: 0.01, max: 0.99, noNaN: true })),
        escalationThresholdMinutes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
      })
      .map(({ billing, ...rest }) =>
        SlaPolicy.parse({ id: 'random', name: 'Random', calendar, categoryTargets: { billing }, ...rest }),
      ),
  }),
);

type FactWithoutTime = SlaFact extends infer F ? (F extends SlaFact ? Omit<F, 'at'> : never) : never;

/** Any fact, status changes mostly back to work so that clocks run long enough to warn and breach. */
const factArb: fc.Arbitrary<FactWithoutTime> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'agent_replied' as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'customer_messaged' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'status_changed' as const, to: 'in_progress' as const }), weight: 2 },
  fc.record({ kind: fc.constant('status_changed' as const), to: fc.constantFrom(...SlaTicketStatus.options) }),
  fc.record({ kind: fc.constant('priority_changed' as const), priority: fc.constantFrom(...SlaPriority.options) }),
);

/** A ticket history: opened, then facts at random minute-aligned delays (several at the same minute too). */
const historyArb = fc
  .record({
    setup: policyArb,
    priority: fc.constantFrom(...SlaPriority.options),
    category: fc.constantFrom(undefined, 'billing', 'other'),
    steps: fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 600 })), factArb), { maxLength: 12 }),
    nowFraction: fc.double({ min: 0, max: 1.2, noNaN: true }),
  })
  .map(({ setup: { policy, openedAt }, priority, category, steps, nowFraction }) => {
    let t = openedAt;
    const facts: SlaFact[] = [{ kind: 'opened', at: openedAt }];
    for (const [delay, fact] of steps) {
      t += delay * MINUTE_MS;
      facts.push({ ...fact, at: t } as SlaFact);
    }
    const span = Math.max(t - openedAt, 60 * MINUTE_MS);
    const now = openedAt + Math.round((nowFraction * span) / MINUTE_MS) * MINUTE_MS;
    return { policy, priority, category, facts, now };
  });

/** Where the breach is: reached, projected, or never (met, paused, not started). */
const breachInstant = (status: SlaStatus, metric: (typeof SLA_METRICS)[number]) =>
  status.metrics[metric].breachedAt ?? status.metrics[metric].breachAt ?? Number.POSITIVE_INFINITY;

/** Property tests replay many histories; give them room on a busy 2-core CI machine. */
const PROPERTY_TIMEOUT_MS = 30_000;

describe('the SLA calculator', () => {
  it(
    'agrees with a minute-by-minute replay of the clocks',
    () => {
      fc.assert(
        fc.property(historyArb, (input) => {
          const opened = input.facts[0]!.at;
          const horizon = input.now + 10 * DAY_MS;
          const brute = bruteSlaStatus(input, businessMinutePredicate(input.policy.calendar, opened, horizon), horizon);
          const actual = slaStatus(input);
          // Beyond the oracle's horizon it found nothing: the calculator must not find anything before it.
          const expectProjected = (value: number | null, expected: number | undefined) => {
            if (expected !== undefined) expect(value).toBe(expected);
            else if (value !== null) expect(value).toBeGreaterThanOrEqual(horizon);
          };
          for (const metric of SLA_METRICS) {
            const got = actual.metrics[metric];
            const want = brute[metric];
            expect({ metric, state: got.state, cycle: got.cycle }).toEqual({
              metric,
              state: want.state,
              cycle: want.cycle,
            });
            expect(got.elapsedBusinessMs).toBe(want.elapsed);
            expect(got.completedAt).toBe(want.completedAt);
            expect(got.warnedAt).toBe(want.reached.warning ?? null);
            expect(got.breachedAt).toBe(want.reached.breach ?? null);
            expectProjected(got.warningAt, want.projected.warning);
            expectProjected(got.breachAt, want.projected.breach);
          }
          const escalation = input.policy.escalationThresholdMinutes;
          if (escalation === undefined) expect(actual.escalation).toBeNull();
          else {
            expect(actual.escalation?.reachedAt).toBe(brute.resolution.reached.escalation ?? null);
            expectProjected(actual.escalation!.dueAt, brute.resolution.projected.escalation);
          }
        }),
        { numRuns: 120 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'never counts the business time of a waiting_customer period',
    () => {
      fc.assert(
        fc.property(
          historyArb,
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (input, where, length) => {
            // A pause [a, b) inside the last gap between facts (or after the last one), strictly.
            const lastFact = Math.max(...input.facts.map((f) => f.at));
            const a = lastFact + 1 + Math.floor(where * DAY_MS);
            const b = a + 1 + Math.floor(length * DAY_MS);
            const now = b + Math.floor(where * DAY_MS);
            const before = slaStatus({ ...input, now: a });
            fc.pre(before.status === 'new' || before.status === 'in_progress');
            const paused: SlaFact[] = [
              ...input.facts,
              { kind: 'status_changed', at: a, to: 'waiting_customer' },
              { kind: 'status_changed', at: b, to: before.status! },
            ];
            const without = slaStatus({ ...input, now });
            const withPause = slaStatus({ ...input, facts: paused, now });
            const pauseBusinessTime = businessTimeBetween(input.policy.calendar, a, b);
            for (const metric of SLA_METRICS) {
              const openAtA = before.metrics[metric].cycle > 0 && before.metrics[metric].completedAt === null;
              const skipped = openAtA ? pauseBusinessTime : 0;
              expect(withPause.metrics[metric].elapsedBusinessMs).toBe(
                without.metrics[metric].elapsedBusinessMs - skipped,
              );
            }
          },
        ),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'never breaches earlier with bigger targets',
    () => {
      const bump = (targets: SlaTargets, extra: number): SlaTargets => ({
        firstResponseMinutes: targets.firstResponseMinutes + extra,
        nextResponseMinutes: targets.nextResponseMinutes + extra,
        resolutionMinutes: targets.resolutionMinutes + extra,
      });
      fc.assert(
        fc.property(historyArb, fc.integer({ min: 0, max: 120 }), (input, extra) => {
          const { targets, categoryTargets } = input.policy;
          const looser: SlaPolicy = {
            ...input.policy,
            targets: {
              low: bump(targets.low, extra),
              normal: bump(targets.normal, extra),
              high: bump(targets.high, extra),
              urgent: bump(targets.urgent, extra),
            },
            categoryTargets: {
              billing: { firstResponseMinutes: categoryTargets.billing!.firstResponseMinutes! + extra },
            },
          };
          const strict = slaStatus(input);
          const loose = slaStatus({ ...input, policy: looser });
          for (const metric of SLA_METRICS) {
            expect(breachInstant(loose, metric)).toBeGreaterThanOrEqual(breachInstant(strict, metric));
          }
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'gives a policy_changed fact at the opening instant exactly the status of opening under that policy',
    () => {
      fc.assert(
        fc.property(historyArb, policyArb, (input, { policy: governing }) => {
          const [opened, ...rest] = input.facts;
          const renamed = { ...governing, id: 'governing' };
          const changed: SlaFact[] = [opened!, { kind: 'policy_changed', at: opened!.at, policy: renamed }, ...rest];
          const recorded = slaStatus({ ...input, facts: changed });
          expect(recorded).toEqual(slaStatus({ ...input, policy: renamed }));
        }),
        { numRuns: 80 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
