import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ineligibility } from '../agent/eligibility.js';
import type { AssignmentCandidate } from '../assignment/score.js';
import { planRouting, type QueuedWork } from './plan.js';

const NOW = Date.parse('2026-01-05T10:00:00.000Z');

const agent = (agentId: string, overrides: Partial<AssignmentCandidate> = {}): AssignmentCandidate => ({
  agentId,
  skills: [],
  languages: [],
  tier: 1,
  performanceRating: 5,
  availability: 'available',
  capacity: 3,
  ticketCapacity: null,
  chats: 0,
  tickets: 0,
  ...overrides,
});

const item = (id: string, overrides: Partial<QueuedWork> = {}): QueuedWork => ({
  kind: 'chat',
  id,
  key: `chat:${id}`,
  priority: 'medium',
  queuedSinceMs: NOW - 60_000,
  tier: 1,
  category: null,
  requiredSkill: null,
  language: null,
  preferredAgentId: null,
  ...overrides,
});

const plan = (queue: QueuedWork[], team: AssignmentCandidate[], maxDecisions = 100) =>
  planRouting(queue, team, { nowMs: NOW, maxDecisions });

describe('planRouting', () => {
  it('gives the item to the best-scoring eligible agent and explains the choice', () => {
    const ada = agent('ada', { skills: ['billing'], languages: ['fr'] });
    const bob = agent('bob', { performanceRating: 9 });
    const [decision] = plan([item('c1', { category: 'Billing', language: 'fr-CA' })], [bob, ada]);
    expect(decision).toMatchObject({ agentId: 'ada', item: { id: 'c1' } });
    expect(decision?.explanation).toEqual({
      rule: 'best_score',
      candidates: [
        { agentId: 'ada', skill: 40, language: 20, workload: 30, performance: 25, online: 10, total: 125 },
        { agentId: 'bob', skill: 0, language: 0, workload: 30, performance: 45, online: 10, total: 85 },
      ],
      eligible: 2,
      considered: 2,
      waitedMs: 60_000,
    });
  });

  it('gives work whose category requires a skill only to agents who list it, even when others score higher', () => {
    const ada = agent('ada', { skills: ['Technical'], performanceRating: 1, tickets: 2 });
    const bob = agent('bob', { skills: ['outage'], performanceRating: 10 });
    const work = item('t1', { kind: 'ticket', category: 'outage', requiredSkill: 'technical' });
    expect(plan([work], [bob, ada]).map((d) => d.agentId)).toEqual(['ada']);
    // Ada on a break: the item waits rather than go to someone without the skill.
    expect(plan([work], [bob, { ...ada, availability: 'break' }])).toEqual([]);
  });

  it('waives a required skill nobody on the team lists, so such work still routes on score', () => {
    const bob = agent('bob', { performanceRating: 10 });
    const cy = agent('cy', { performanceRating: 2 });
    const work = item('t1', { kind: 'ticket', category: 'outage', requiredSkill: 'technical' });
    expect(plan([work], [cy, bob]).map((d) => d.agentId)).toEqual(['bob']);
  });

  it('waives a required skill only agents who left the team list, so their expertise leaving strands nothing', () => {
    const gone = agent('gone', { skills: ['technical'], availability: 'offline', deactivated: true });
    const bob = agent('bob', { performanceRating: 10 });
    const work = item('t1', { kind: 'ticket', category: 'outage', requiredSkill: 'technical' });
    expect(plan([work], [gone, bob]).map((d) => d.agentId)).toEqual(['bob']);
    // Back on the team, even off shift, the expert is waited for again.
    expect(plan([work], [{ ...gone, deactivated: false }, bob])).toEqual([]);
  });

  it("waives a required skill nobody at the work's tier lists, so escalated work is not stranded", () => {
    const junior = agent('junior', { skills: ['technical'], tier: 1 });
    const senior = agent('senior', { tier: 2 });
    const escalated = item('t1', { kind: 'ticket', tier: 2, category: 'outage', requiredSkill: 'technical' });
    expect(plan([escalated], [junior, senior]).map((d) => d.agentId)).toEqual(['senior']);
    // A tier-2 agent with the skill, on a break: the work waits for them.
    const expert = agent('expert', { skills: ['technical'], tier: 2, availability: 'break' });
    expect(plan([escalated], [junior, senior, expert])).toEqual([]);
  });

  it('takes the highest priority first, then the oldest', () => {
    const queue = [
      item('old-low', { priority: 'low', queuedSinceMs: NOW - 90_000 }),
      item('new-urgent', { priority: 'urgent', queuedSinceMs: NOW - 1_000 }),
      item('old-high', { priority: 'high', queuedSinceMs: NOW - 80_000 }),
      item('new-high', { priority: 'high', queuedSinceMs: NOW - 2_000 }),
    ];
    const decisions = plan(queue, [agent('ada', { capacity: 3 })]);
    expect(decisions.map((d) => d.item.id)).toEqual(['new-urgent', 'old-high', 'new-high']);
  });

  it('counts each decision against the agent before the next one, spreading the load', () => {
    const decisions = plan([item('c1'), item('c2'), item('c3'), item('c4')], [agent('ada'), agent('bob')]);
    expect(decisions.map((d) => d.agentId)).toEqual(['ada', 'bob', 'ada', 'bob']);
    expect(plan([item('c1'), item('c2')], [agent('ada', { capacity: 1 })]).map((d) => d.item.id)).toEqual(['c1']);
  });

  it('leaves an item queued when nobody is eligible, and routes the ones behind it', () => {
    const queue = [item('t-tier3', { kind: 'ticket', tier: 3, priority: 'urgent' }), item('c1')];
    expect(plan(queue, [agent('ada')]).map((d) => d.item.id)).toEqual(['c1']);
    expect(plan(queue, [agent('ada', { availability: 'busy' })])).toEqual([]);
  });

  it('prefers the preferred agent while eligible, whatever the scores', () => {
    const star = agent('star', { performanceRating: 10 });
    const keeper = agent('keeper', { performanceRating: 1 });
    const [kept] = plan([item('t1', { kind: 'ticket', preferredAgentId: 'keeper' })], [star, keeper]);
    expect(kept).toMatchObject({ agentId: 'keeper', explanation: { rule: 'preferred_agent' } });
    expect(kept?.explanation.candidates.map((c) => c.agentId)).toEqual(['keeper', 'star']);
    const away = plan(
      [item('t1', { kind: 'ticket', preferredAgentId: 'keeper' })],
      [star, { ...keeper, availability: 'offline' }],
    );
    expect(away[0]).toMatchObject({ agentId: 'star', explanation: { rule: 'best_score' } });
  });

  it('stops after the allowed number of decisions', () => {
    const queue = Array.from({ length: 10 }, (_, i) => item(`t${i}`, { kind: 'ticket' }));
    expect(plan(queue, [agent('ada')], 4)).toHaveLength(4);
  });

  const team = fc.uniqueArray(
    fc.record({
      agentId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      tier: fc.constantFrom(1, 2, 3 as const),
      availability: fc.constantFrom('available', 'available', 'busy', 'offline' as const),
      capacity: fc.integer({ min: 1, max: 4 }),
      ticketCapacity: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      chats: fc.integer({ min: 0, max: 4 }),
      tickets: fc.integer({ min: 0, max: 4 }),
      performanceRating: fc.integer({ min: 0, max: 10 }),
    }),
    { selector: (a) => a.agentId, maxLength: 5 },
  );
  const queue = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 3 }),
      kind: fc.constantFrom('chat', 'ticket' as const),
      tier: fc.constantFrom(1, 2, 3),
      priority: fc.constantFrom('low', 'normal', 'high', 'urgent' as const),
      queuedSinceMs: fc.integer({ min: NOW - 100_000, max: NOW }),
      preferredAgentId: fc.option(fc.constantFrom('a', 'b', 'z'), { nil: null }),
    }),
    { selector: (q) => `${q.kind}:${q.id}`, maxLength: 30 },
  );

  it('never plans past an agent’s capacity or tier, and routes every item at most once', () => {
    fc.assert(
      fc.property(team, queue, (members, waiting) => {
        const candidates = members.map((m) => agent(m.agentId, m));
        const items = waiting.map((w) => item(w.id, { ...w, key: `${w.kind}:${w.id}` }));
        const decisions = plan(items, candidates);
        expect(new Set(decisions.map((d) => d.item.key)).size).toBe(decisions.length);
        const after = new Map(candidates.map((c) => [c.agentId, { ...c }]));
        for (const decision of decisions) {
          const load = after.get(decision.agentId)!;
          expect(ineligibility(load, decision.item, 'routed')).toBeNull();
          if (decision.item.kind === 'chat') load.chats++;
          else load.tickets++;
        }
      }),
    );
  });

  it('routes something whenever some queued item has an eligible agent (nothing waits for no reason)', () => {
    fc.assert(
      fc.property(team, queue, (members, waiting) => {
        const candidates = members.map((m) => agent(m.agentId, m));
        const items = waiting.map((w) => item(w.id, { ...w, key: `${w.kind}:${w.id}` }));
        const decided = new Set(plan(items, candidates).map((d) => d.item.key));
        const loads = new Map(candidates.map((c) => [c.agentId, { ...c }]));
        for (const decision of plan(items, candidates)) {
          const load = loads.get(decision.agentId)!;
          if (decision.item.kind === 'chat') load.chats++;
          else load.tickets++;
        }
        for (const left of items.filter((i) => !decided.has(i.key))) {
          for (const load of loads.values()) expect(ineligibility(load, left, 'routed')).not.toBeNull();
        }
      }),
    );
  });
});
