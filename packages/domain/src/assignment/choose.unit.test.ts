import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAgent, isEligible, rankAgents } from './choose.js';
import { type AssignmentCandidate, scoreAgent, type WorkItem } from './score.js';

const agent = (
  overrides: Partial<AssignmentCandidate> & Pick<AssignmentCandidate, 'agentId'>,
): AssignmentCandidate => ({
  skills: [],
  languages: [],
  tier: 1,
  performanceRating: 5,
  availability: 'online',
  activeItems: 0,
  capacity: 3,
  ...overrides,
});

const BILLING_EN: WorkItem = { category: 'Billing', language: 'en-GB' };

describe('scoreAgent (worked examples)', () => {
  it('adds skill 40, language 20, workload 30 - active, rating x5 and online 10', () => {
    const ada = agent({ agentId: 'ada', skills: ['billing'], languages: ['en'], performanceRating: 8, activeItems: 2 });
    expect(scoreAgent(ada, BILLING_EN)).toEqual({
      skill: 40,
      language: 20,
      workload: 28,
      performance: 40,
      online: 10,
      total: 138,
    });
  });

  it('gives no skill or language bonus without a match, or when the item has none', () => {
    const bob = agent({ agentId: 'bob', skills: ['tech'], languages: ['fr'], performanceRating: 10 });
    expect(scoreAgent(bob, BILLING_EN)).toEqual({
      skill: 0,
      language: 0,
      workload: 30,
      performance: 50,
      online: 10,
      total: 90,
    });
    const ada = agent({ agentId: 'ada', skills: ['billing'], languages: ['en'] });
    expect(scoreAgent(ada, {})).toMatchObject({ skill: 0, language: 0 });
  });

  it('floors the workload at 0 and gives an away agent no online bonus', () => {
    const busy = agent({ agentId: 'busy', activeItems: 42, availability: 'away', performanceRating: 0 });
    expect(scoreAgent(busy, {})).toEqual({ skill: 0, language: 0, workload: 0, performance: 0, online: 0, total: 0 });
  });
});

describe('chooseAgent', () => {
  it('picks the highest score and explains it', () => {
    const ada = agent({ agentId: 'ada', skills: ['billing'], languages: ['en'], performanceRating: 8, activeItems: 2 });
    const bob = agent({ agentId: 'bob', skills: ['tech'], languages: ['en', 'fr'], performanceRating: 10 });
    expect(chooseAgent([bob, ada], BILLING_EN)).toEqual({ agentId: 'ada', score: scoreAgent(ada, BILLING_EN) });
    expect(rankAgents([bob, ada], BILLING_EN).map((c) => [c.agentId, c.score.total])).toEqual([
      ['ada', 138],
      ['bob', 110],
    ]);
  });

  it('breaks ties by fewer active items, then agent id', () => {
    const loaded = agent({ agentId: 'a-loaded', performanceRating: 6, activeItems: 2 }); // 28 + 30 + 10 = 68
    const idle = agent({ agentId: 'z-idle', performanceRating: 5.6, activeItems: 0 }); // 30 + 28 + 10 = 68
    expect(scoreAgent(loaded, {}).total).toBe(scoreAgent(idle, {}).total);
    expect(chooseAgent([loaded, idle], {})?.agentId).toBe('z-idle');
    expect(chooseAgent([agent({ agentId: 'b' }), agent({ agentId: 'a' })], {})?.agentId).toBe('a');
  });

  it('only offers work to online agents under capacity and of the required tier', () => {
    const star = agent({ agentId: 'star', skills: ['billing'], languages: ['en'], performanceRating: 10 });
    expect(chooseAgent([{ ...star, availability: 'away' }], BILLING_EN)).toBeNull();
    expect(chooseAgent([{ ...star, availability: 'offline' }], BILLING_EN)).toBeNull();
    expect(chooseAgent([{ ...star, activeItems: 3, capacity: 3 }], BILLING_EN)).toBeNull();
    expect(chooseAgent([star], { ...BILLING_EN, minimumTier: 2 })).toBeNull();
    expect(chooseAgent([{ ...star, tier: 3 }], { ...BILLING_EN, minimumTier: 2 })?.agentId).toBe('star');
    expect(chooseAgent([], BILLING_EN)).toBeNull();
  });
});

const candidate = fc.record({
  skills: fc.subarray(['billing', 'tech', 'sales']),
  languages: fc.subarray(['en', 'fr', 'de-AT']),
  tier: fc.constantFrom(1, 2, 3 as const),
  performanceRating: fc.integer({ min: 0, max: 20 }).map((half) => half / 2),
  availability: fc.constantFrom('online', 'online', 'away', 'offline' as const),
  activeItems: fc.integer({ min: 0, max: 40 }),
  capacity: fc.integer({ min: 1, max: 20 }),
});
const team = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 12 })
  .chain((ids) => fc.tuple(...ids.map((agentId) => candidate.map((c): AssignmentCandidate => ({ ...c, agentId })))));
const item = fc.record({
  category: fc.option(fc.constantFrom('billing', 'TECH', 'legal'), { nil: undefined }),
  language: fc.option(fc.constantFrom('en', 'FR-ca', 'de', 'ja'), { nil: undefined }),
  minimumTier: fc.option(fc.constantFrom(1, 2, 3 as const), { nil: undefined }),
});

describe('assignment properties', () => {
  it('keeps every score component within its bounds', () => {
    fc.assert(
      fc.property(candidate, item, (c, work) => {
        const s = scoreAgent({ ...c, agentId: 'x' }, work);
        expect([0, 40]).toContain(s.skill);
        expect([0, 20]).toContain(s.language);
        expect([0, 10]).toContain(s.online);
        expect(s.workload).toBeGreaterThanOrEqual(0);
        expect(s.workload).toBeLessThanOrEqual(30);
        expect(s.performance).toBeGreaterThanOrEqual(0);
        expect(s.performance).toBeLessThanOrEqual(50);
        expect(s.total).toBe(s.skill + s.language + s.workload + s.performance + s.online);
      }),
    );
  });

  it('never depends on the order of the agent list', () => {
    const shuffled = team.chain((agents) =>
      fc.tuple(
        fc.constant(agents),
        fc.shuffledSubarray(agents, { minLength: agents.length, maxLength: agents.length }),
      ),
    );
    fc.assert(
      fc.property(shuffled, item, ([agents, reordered], work) => {
        expect(chooseAgent(reordered, work)).toEqual(chooseAgent(agents, work));
      }),
    );
  });

  it('never changes its choice when an ineligible agent joins', () => {
    fc.assert(
      fc.property(team, item, candidate, fc.nat(), (agents, work, extra, at) => {
        const ineligible: AssignmentCandidate = { ...extra, agentId: 'newcomer', availability: 'away' };
        const withExtra = [
          ...agents.slice(0, at % (agents.length + 1)),
          ineligible,
          ...agents.slice(at % (agents.length + 1)),
        ];
        expect(isEligible(ineligible, work)).toBe(false);
        expect(chooseAgent(withExtra, work)).toEqual(chooseAgent(agents, work));
      }),
    );
  });

  it('chooses an eligible agent with the best score, or nobody when none is eligible', () => {
    fc.assert(
      fc.property(team, item, (agents, work) => {
        const eligible = agents.filter((a) => isEligible(a, work));
        const choice = chooseAgent(agents, work);
        if (eligible.length === 0) {
          expect(choice).toBeNull();
          return;
        }
        const best = Math.max(...eligible.map((a) => scoreAgent(a, work).total));
        expect(eligible.map((a) => a.agentId)).toContain(choice?.agentId);
        expect(choice?.score.total).toBe(best);
      }),
    );
  });
});
