import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { HOUR_MS } from '../shared/time.js';
import { PREMIUM_POLICY } from '../sla/policy.js';
import { type TicketCommandInput, type TicketEvent, ticketDecider } from '../ticket/index.js';
import { SlaWhatIf } from './what-if.js';

const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const CUSTOMER: Actor = { id: 'customer-1', role: 'customer' };
const AGENT: Actor = { id: 'agent-1', role: 'agent' };

/** A ticket opened at `T0` (first response due 2 h later), then `then` done by the agent at `afterMs`. */
function ticket(ticketId: string, then: TicketCommandInput, afterMs: number): TicketEvent[] {
  const events: TicketEvent[] = [];
  for (const [command, actor, at] of [
    [
      {
        type: 'OpenTicket',
        data: { ticketId, customerId: CUSTOMER.id, subject: 's', description: 'd', channel: 'web' },
      },
      CUSTOMER,
      T0,
    ],
    [then, AGENT, T0 + afterMs],
  ] as const) {
    events.push(...ticketDecider.decide(command, fold(ticketDecider, events), { now: new Date(at), actor }));
  }
  return events;
}

const reply = (ticketId: string) => ({ type: 'ReplyToTicket', data: { ticketId, body: 'On it' } }) as const;
const discard = (ticketId: string, kind: 'spam' | 'invalid') =>
  ({ type: 'CloseAsSpam', data: { ticketId, kind } }) as const;

function whatIf(histories: readonly TicketEvent[][], draft = PREMIUM_POLICY, governedBy?: string) {
  const replay = new SlaWhatIf({
    draft,
    bootstrap: PREMIUM_POLICY,
    from: T0,
    to: T0 + HOUR_MS,
    now: T0 + 24 * HOUR_MS,
    ...(governedBy === undefined ? {} : { governedBy }),
  });
  for (const event of histories.flat()) replay.apply(event);
  return replay.report();
}

describe('SlaWhatIf', () => {
  const answered = [ticket('met', reply('met'), HOUR_MS / 2), ticket('late', reply('late'), 3 * HOUR_MS)];
  // Thrown away after the first response was due (breached, had it counted) and before (met).
  const discarded = [
    ticket('spam', discard('spam', 'spam'), 3 * HOUR_MS),
    ticket('invalid', discard('invalid', 'invalid'), 60_000),
  ];

  it('counts tickets closed as spam or invalid as tickets, neither met nor breached, under both terms', () => {
    const report = whatIf([...answered, ...discarded]);
    for (const figures of [report.overall.actual, report.overall.whatIf]) {
      expect(figures.tickets).toBe(4);
      expect(figures.compliance.first_response).toEqual({
        met: 1,
        breached: 1,
        rate: 0.5,
        goal: null,
        meetsGoal: null,
      });
    }
  });

  it("holds the draft's figures to the draft's compliance goal, and the actual ones to the recorded policy's", () => {
    const report = whatIf(answered, { ...PREMIUM_POLICY, complianceGoal: 0.5 });
    expect(report.overall.whatIf.compliance.first_response).toMatchObject({ rate: 0.5, goal: 0.5, meetsGoal: true });
    // The tickets recorded no policy: the bootstrap governs them, and it sets no goal.
    expect(report.overall.actual.compliance.first_response).toMatchObject({ rate: 0.5, goal: null, meetsGoal: null });
    const strict = whatIf(answered, { ...PREMIUM_POLICY, complianceGoal: 0.9 });
    expect(strict.byPriority.normal?.whatIf.compliance.first_response).toMatchObject({ goal: 0.9, meetsGoal: false });
  });

  it('previews an edit of one policy on the tickets it governs only', () => {
    const [opened, ...rest] = ticket('fast', reply('fast'), HOUR_MS / 2);
    const fast = { ...PREMIUM_POLICY, id: 'fast' };
    const applied = {
      type: 'TicketSlaPolicyApplied',
      data: {
        at: new Date(T0).toISOString(),
        actor: CUSTOMER,
        ticketId: 'fast',
        policyId: 'fast',
        policyVersion: 1,
        policy: fast,
        timings: {},
        key: 'fast-1',
        requiredSkill: null,
        cause: 'opened',
      },
    } as TicketEvent;
    const histories = [...answered, [opened!, applied, ...rest]];
    expect(whatIf(histories).overall.actual.tickets).toBe(3);
    expect(whatIf(histories, PREMIUM_POLICY, 'fast').overall.actual.tickets).toBe(1);
    // Those that recorded no terms are the bootstrap policy's.
    expect(whatIf(histories, PREMIUM_POLICY, PREMIUM_POLICY.id).overall.whatIf.tickets).toBe(2);
    expect(whatIf(histories, PREMIUM_POLICY, 'nobody').overall.actual.tickets).toBe(0);
  });

  it('leaves them out of the breaches, warnings and escalations too, in every group', () => {
    const all = whatIf([...answered, ...discarded]);
    const counted = whatIf(answered);
    const withoutTickets = ({ tickets: _, ...figures }: { tickets: number }) => figures;
    for (const [key, groups] of [
      ['overall', [all.overall, counted.overall]],
      ['byAgent', [all.byAgent.unassigned, counted.byAgent.unassigned]],
      ['byCategory', [all.byCategory.uncategorized, counted.byCategory.uncategorized]],
    ] as const) {
      expect(withoutTickets(groups[0]!.actual), key).toEqual(withoutTickets(groups[1]!.actual));
      expect(withoutTickets(groups[0]!.whatIf), key).toEqual(withoutTickets(groups[1]!.whatIf));
    }
    expect(counted.overall.actual.breaches).toBeGreaterThan(0);
  });

  it('lists the tickets whose outcome the draft changes, by id, and none closed as spam or invalid', () => {
    const replay = (draft: typeof PREMIUM_POLICY) => {
      const fold = new SlaWhatIf({
        draft,
        bootstrap: PREMIUM_POLICY,
        from: T0,
        to: T0 + HOUR_MS,
        now: T0 + 3.5 * HOUR_MS,
      });
      for (const event of [...answered, ...discarded].flat()) fold.apply(event);
      return fold.report();
    };
    expect(replay(PREMIUM_POLICY).changedTickets).toEqual([]);
    // First responses due in 4 h: the one answered at 3 h is no longer late (nor warned, at 3.2 h);
    // the spam thrown away at 3 h would no longer be either, but it counts toward no SLA.
    const { targets } = PREMIUM_POLICY;
    const lenient = {
      ...PREMIUM_POLICY,
      targets: { ...targets, normal: { ...targets.normal, firstResponseMinutes: 240 } },
    };
    const none = { breached: [], warned: [], escalated: false };
    expect(replay(lenient).changedTickets).toEqual([
      {
        ticketId: 'late',
        priority: 'normal',
        category: null,
        actual: { breached: ['first_response'], warned: ['first_response'], escalated: false },
        whatIf: none,
      },
    ]);
  });
});
