import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inAgentQueues, type QueueMember, rankAgents } from './choose.js';
import type { AssignmentCandidate } from './score.js';

const member = (agentId: string, tier: number, skills: string[], deactivated = false): QueueMember => ({
  agentId,
  tier,
  skills,
  deactivated,
});
const ada = member('ada', 1, ['billing']);
const linus = member('linus', 2, ['technical']);
const team = [ada, linus];
const ticket = (tier: number, requiredSkill: string | null = null) => ({
  kind: 'ticket' as const,
  tier,
  requiredSkill,
});

describe('inAgentQueues', () => {
  it('keeps an item from an agent below its tier, or without the skill the team enforces', () => {
    expect(inAgentQueues(ada, ticket(1), team)).toBe(true);
    expect(inAgentQueues(ada, ticket(2), team)).toBe(false);
    expect(inAgentQueues(linus, ticket(2), team)).toBe(true);
    expect(inAgentQueues(ada, ticket(1, 'Technical'), team)).toBe(false);
    expect(inAgentQueues(linus, ticket(1, 'technical'), team)).toBe(true);
  });

  it('waives a skill nobody at the tier lists, as the router does; a deactivated agent has no queues', () => {
    expect(inAgentQueues(ada, ticket(1, 'legal'), team)).toBe(true);
    expect(inAgentQueues(linus, ticket(2, 'billing'), team)).toBe(true);
    expect(inAgentQueues(member('ada', 1, ['billing'], true), ticket(1), team)).toBe(false);
  });

  it('is who the router ranks for the item when the agent is free (property)', () => {
    const agents = fc.uniqueArray(
      fc.record({
        agentId: fc.constantFrom('a', 'b', 'c', 'd'),
        tier: fc.constantFrom(1, 2, 3),
        skills: fc.subarray(['billing', 'technical', 'legal']),
        deactivated: fc.boolean(),
      }),
      { selector: (agent) => agent.agentId, minLength: 1 },
    );
    const item = fc.record({
      kind: fc.constant('ticket' as const),
      tier: fc.constantFrom(1, 2, 3),
      requiredSkill: fc.option(fc.constantFrom('billing', 'technical', 'legal'), { nil: null }),
    });
    fc.assert(
      fc.property(agents, item, (members, waiting) => {
        const free: AssignmentCandidate[] = members.map((m) => ({
          ...m,
          languages: [],
          performanceRating: 5,
          availability: 'available',
          capacity: 1,
          ticketCapacity: null,
          chats: 0,
          tickets: 0,
        }));
        const ranked = new Set(rankAgents(free, waiting).map((choice) => choice.agentId));
        for (const m of members) expect(inAgentQueues(m, waiting, members)).toBe(ranked.has(m.agentId));
      }),
      { numRuns: 500 },
    );
  });
});
