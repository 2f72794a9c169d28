import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAgent, isEligible, rankAgents } from './choose.js';
import { type AssignableItem, type AssignmentCandidate, scoreAgent } from './score.js';

const agent = (
  overrides: Partial<AssignmentCandidate> & Pick<AssignmentCandidate, 'agentId'>,
): AssignmentCandidate => ({
  skills: [],
  languages: [],
  tier: 1,
  performanceRating: 5,
  availability: 'available',
  chats: 0,
  tickets: 0,
  capacity: 3,
  ticketCapacity: null,
  ...overrides,
});

const BILLING_EN: AssignableItem = { kind: 'chat', tier: 1, category: 'Billing', language: 'en-GB' };
const PLAIN_CHAT: AssignableItem = { kind: 'chat', tier: 1 };
const PLAIN_TICKET: AssignableItem = { kind: 'ticket', tier: 1 };

describe('scoreAgent (worked examples)', () => {
  it('adds skill 40, language 20, workload 30 - active items (chats and tickets), rating x5 and available 10', () => {
    const ada = agent({
      agentId: 'ada',
      skills: ['billing'],
      languages: ['en'],
      performanceRating: 8,
      chats: 1,
      tickets: 1,
    });
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
    expect(scoreAgent(ada, PLAIN_CHAT)).toMatchObject({ skill: 0, language: 0 });
  });

  it("gives the skill bonus for the skill a ticket's category requires, as for the category itself", () => {
    const bug: AssignableItem = { kind: 'ticket', tier: 1, category: 'bug', requiredSkill: 'Technical' };
    expect(scoreAgent(agent({ agentId: 'tech', skills: ['technical'] }), bug).skill).toBe(40);
    expect(scoreAgent(agent({ agentId: 'bugs', skills: ['BUG'] }), bug).skill).toBe(40);
    expect(scoreAgent(agent({ agentId: 'billing', skills: ['billing'] }), bug).skill).toBe(0);
  });

  it('floors the workload at 0 and gives an agent who is not available no online bonus', () => {
    const busy = agent({ agentId: 'busy', chats: 2, tickets: 40, availability: 'busy', performanceRating: 0 });
    expect(scoreAgent(busy, PLAIN_TICKET)).toEqual({
      skill: 0,
      language: 0,
      workload: 0,
      performance: 0,
      online: 0,
      total: 0,
    });
  });
});

describe('chooseAgent', () => {
  it('picks the highest score and explains it', () => {
    const ada = agent({ agentId: 'ada', skills: ['billing'], languages: ['en'], performanceRating: 8, chats: 2 });
    const bob = agent({ agentId: 'bob', skills: ['tech'], languages: ['en', 'fr'], performanceRating: 10 });
    expect(chooseAgent([bob, ada], BILLING_EN)).toEqual({ agentId: 'ada', score: scoreAgent(ada, BILLING_EN) });
    expect(rankAgents([bob, ada], BILLING_EN).map((c) => [c.agentId, c.score.total])).toEqual([
      ['ada', 138],
      ['bob', 110],
    ]);
  });

  it('breaks ties by fewer active items, then agent id', () => {
    const loaded = agent({ agentId: 'a-loaded', performanceRating: 6, tickets: 2 }); // 28 + 30 + 10 = 68
    const idle = agent({ agentId: 'z-idle', performanceRating: 5.6 }); // 30 + 28 + 10 = 68
    expect(scoreAgent(loaded, PLAIN_CHAT).total).toBe(scoreAgent(idle, PLAIN_CHAT).total);
    expect(chooseAgent([loaded, idle], PLAIN_CHAT)?.agentId).toBe('z-idle');
    expect(chooseAgent([agent({ agentId: 'b' }), agent({ agentId: 'a' })], PLAIN_CHAT)?.agentId).toBe('a');
  });

  it('only offers work to available agents with a free slot of its kind and of the required tier', () => {
    const star = agent({ agentId: 'star', skills: ['billing'], languages: ['en'], performanceRating: 10 });
    for (const availability of ['busy', 'break', 'training', 'offline'] as const)
      expect(chooseAgent([{ ...star, availability }], BILLING_EN)).toBeNull();
    expect(chooseAgent([{ ...star, chats: 3, capacity: 3 }], BILLING_EN)).toBeNull();
    // A full chat load leaves ticket slots free (uncapped), and a ticket cap leaves chat slots free.
    expect(chooseAgent([{ ...star, chats: 3, capacity: 3 }], PLAIN_TICKET)?.agentId).toBe('star');
    expect(chooseAgent([{ ...star, tickets: 4, ticketCapacity: 4 }], PLAIN_TICKET)).toBeNull();
    expect(chooseAgent([{ ...star, tickets: 4, ticketCapacity: 4 }], BILLING_EN)?.agentId).toBe('star');
    expect(chooseAgent([star], { ...PLAIN_TICKET, tier: 2 })).toBeNull();
    expect(chooseAgent([{ ...star, tier: 3 }], { ...PLAIN_TICKET, tier: 2 })?.agentId).toBe('star');
    expect(chooseAgent([], BILLING_EN)).toBeNull();
  });
});

const candidate = fc.record({
  skills: fc.subarray(['billing', 'tech', 'sales']),
  languages: fc.subarray(['en', 'fr', 'de-AT']),
  tier: fc.constantFrom(1, 2, 3 as const),
  performanceRating: fc.integer({ min: 0, max: 20 }).map((half) => half / 2),
  availability: fc.constantFrom('available', 'available', 'busy', 'break', 'offline' as const),
  chats: fc.integer({ min: 0, max: 20 }),
  tickets: fc.integer({ min: 0, max: 30 }),
  capacity: fc.integer({ min: 1, max: 20 }),
  ticketCapacity: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
});
const team = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 12 })
  .chain((ids) => fc.tuple(...ids.map((agentId) => candidate.map((c): AssignmentCandidate => ({ ...c, agentId })))));
const item = fc.record({
  kind: fc.constantFrom('chat', 'ticket' as const),
  tier: fc.constantFrom(1, 2, 3),
  category: fc.option(fc.constantFrom('billing', 'TECH', 'legal'), { nil: undefined }),
  language: fc.option(fc.constantFrom('en', 'FR-ca', 'de', 'ja'), { nil: undefined }),
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
        const ineligible: AssignmentCandidate = { ...extra, agentId: 'newcomer', availability: 'break' };
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
