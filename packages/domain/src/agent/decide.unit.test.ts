import { describe, expect, it } from 'vitest';
import { createDomainEventRegistry } from '../registry.js';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { AgentCommand } from './commands.js';
import { AGENT_EVENT_TYPES, type AgentEvent } from './events.js';
import { agentDecider } from './index.js';
import { AgentTier } from './state.js';

const NOW = new Date('2025-03-03T09:00:00.000Z');
const AGENT: Actor = { id: 'agent-1', role: 'agent' };
const OTHER_AGENT: Actor = { id: 'agent-2', role: 'agent' };
const SUPERVISOR: Actor = { id: 'supervisor-1', role: 'supervisor' };
const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
const SYSTEM: Actor = { id: 'automation', role: 'system' };
const CUSTOMER: Actor = { id: 'customer-1', role: 'customer' };
const AUDITOR: Actor = { id: 'auditor-1', role: 'auditor' };

const register: AgentCommand = {
  type: 'RegisterAgent',
  data: { agentId: AGENT.id, name: 'Ada', skills: ['billing'], languages: ['en', 'fr'], tier: 2 },
};

/** Given `history`, when `actor` issues `command`: the events, or the refusal's code. */
function outcome(history: readonly AgentEvent[], command: AgentCommand, actor: Actor): readonly AgentEvent[] | string {
  try {
    return deciderSpec(agentDecider).given(history).when(command, { now: NOW, actor }).events();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

const registered = outcome([], register, SUPERVISOR) as AgentEvent[];

describe('RegisterAgent', () => {
  it('registers an offline agent with the documented defaults (capacity 3, no ticket cap, rating 5)', () => {
    expect(registered).toHaveLength(1);
    expect(fold(agentDecider, registered)).toEqual({
      status: 'registered',
      agentId: AGENT.id,
      name: 'Ada',
      skills: ['billing'],
      languages: ['en', 'fr'],
      tier: 2,
      capacity: 3,
      ticketCapacity: null,
      performanceRating: 5,
      availability: 'offline',
      holdings: [],
    });
  });

  it('is for supervisors, admins and the system', () => {
    expect(outcome([], register, ADMIN)).toHaveLength(1);
    expect(outcome([], register, SYSTEM)).toHaveLength(1);
    for (const actor of [AGENT, CUSTOMER, AUDITOR]) expect(outcome([], register, actor)).toBe('FORBIDDEN');
  });

  it('happens once', () => {
    expect(outcome(registered, register, SUPERVISOR)).toBe('ALREADY_EXISTS');
  });

  it('validates tier, capacity, rating and language tags', () => {
    const bad = (data: object) =>
      outcome([], { type: 'RegisterAgent', data: { ...register.data, ...data } } as AgentCommand, ADMIN);
    expect(bad({ tier: 4 })).toBe('VALIDATION_FAILED');
    expect(bad({ capacity: 0 })).toBe('VALIDATION_FAILED');
    expect(bad({ capacity: 21 })).toBe('VALIDATION_FAILED');
    expect(bad({ performanceRating: 10.5 })).toBe('VALIDATION_FAILED');
    expect(bad({ languages: ['english!'] })).toBe('VALIDATION_FAILED');
    // A tier out of range names the range, as capacity and rating do.
    expect(AgentTier.safeParse(4).error?.issues[0]?.message).toBe('expected a tier: 1, 2 or 3');
    expect(bad({ capacity: 20, performanceRating: 10, languages: ['pt-BR'] })).toHaveLength(1);
  });
});

describe('SetAvailability', () => {
  const online: AgentCommand = { type: 'SetAvailability', data: { agentId: AGENT.id, availability: 'available' } };

  it('lets the agent themself become available, recording the previous presence', () => {
    const events = outcome(registered, online, AGENT) as AgentEvent[];
    expect(events[0]).toMatchObject({
      type: 'AgentAvailabilityChanged',
      data: { availability: 'available', previous: 'offline' },
    });
    expect(fold(agentDecider, [...registered, ...events])).toMatchObject({ availability: 'available' });
  });

  it('knows the five presence states of the premium plan, and no others', () => {
    for (const availability of ['busy', 'break', 'training'] as const) {
      const command: AgentCommand = { type: 'SetAvailability', data: { agentId: AGENT.id, availability } };
      expect(outcome(registered, command, AGENT)).toMatchObject([{ data: { availability } }]);
    }
    const legacy = { type: 'SetAvailability', data: { agentId: AGENT.id, availability: 'online' } };
    expect(outcome(registered, legacy as unknown as AgentCommand, AGENT)).toBe('VALIDATION_FAILED');
  });

  it('lets supervisors and admins change it, nobody else', () => {
    expect(outcome(registered, online, SUPERVISOR)).toHaveLength(1);
    expect(outcome(registered, online, ADMIN)).toHaveLength(1);
    for (const actor of [OTHER_AGENT, CUSTOMER, SYSTEM, AUDITOR])
      expect(outcome(registered, online, actor)).toBe('FORBIDDEN');
  });

  it("refuses another role that happens to carry the agent's id", () => {
    for (const role of ['customer', 'auditor', 'system'] as const)
      expect(outcome(registered, online, { id: AGENT.id, role })).toBe('FORBIDDEN');
  });

  it('produces nothing when the availability does not change', () => {
    const away: AgentCommand = { type: 'SetAvailability', data: { agentId: AGENT.id, availability: 'offline' } };
    expect(outcome(registered, away, AGENT)).toEqual([]);
  });
});

describe('skills and languages', () => {
  it('refuses a skill with a control character, which no category could match', () => {
    const update: AgentCommand = {
      type: 'UpdateSkills',
      data: { agentId: AGENT.id, skills: ['billing', 'a\nb'], languages: [] },
    };
    expect(outcome(registered, update, SUPERVISOR)).toBe('VALIDATION_FAILED');
  });

  it('keeps each once, told apart without case, in the spelling first given', () => {
    const update: AgentCommand = {
      type: 'UpdateSkills',
      data: {
        agentId: AGENT.id,
        skills: ['Billing', ' billing ', 'BILLING', 'refunds'],
        languages: ['fr', 'FR', 'en'],
      },
    };
    expect(outcome(registered, update, SUPERVISOR)).toMatchObject([
      { type: 'AgentSkillsUpdated', data: { skills: ['Billing', 'refunds'], languages: ['fr', 'en'] } },
    ]);
  });
});

describe('supervisor-only settings', () => {
  const capacity: AgentCommand = { type: 'SetCapacity', data: { agentId: AGENT.id, capacity: 5 } };
  const skills: AgentCommand = {
    type: 'UpdateSkills',
    data: { agentId: AGENT.id, skills: ['refunds'], languages: ['de'] },
  };
  const rating: AgentCommand = { type: 'RatePerformance', data: { agentId: AGENT.id, rating: 8.5 } };
  const tier: AgentCommand = { type: 'ChangeTier', data: { agentId: AGENT.id, tier: 3 } };
  const ticketCap: AgentCommand = { type: 'SetTicketCapacity', data: { agentId: AGENT.id, ticketCapacity: 12 } };

  it('apply and fold into the state', () => {
    const events = [capacity, skills, rating, tier, ticketCap].flatMap(
      (command) => outcome(registered, command, SUPERVISOR) as AgentEvent[],
    );
    expect(events.map((e) => e.type)).toEqual([
      'AgentCapacityChanged',
      'AgentSkillsUpdated',
      'AgentPerformanceRated',
      'AgentTierChanged',
      'AgentTicketCapacityChanged',
    ]);
    expect(events[3]).toMatchObject({ data: { tier: 3, previous: 2 } });
    expect(fold(agentDecider, [...registered, ...events])).toMatchObject({
      capacity: 5,
      skills: ['refunds'],
      languages: ['de'],
      performanceRating: 8.5,
      tier: 3,
      ticketCapacity: 12,
    });
    const lifted = outcome(
      [...registered, ...events],
      { type: 'SetTicketCapacity', data: { agentId: AGENT.id, ticketCapacity: null } },
      ADMIN,
    );
    expect(fold(agentDecider, [...registered, ...events, ...(lifted as AgentEvent[])])).toMatchObject({
      ticketCapacity: null,
    });
  });

  it('are refused to agents (even themselves), customers, the system and auditors', () => {
    for (const command of [capacity, skills, rating, tier, ticketCap]) {
      for (const actor of [AGENT, CUSTOMER, SYSTEM, AUDITOR])
        expect(outcome(registered, command, actor)).toBe('FORBIDDEN');
    }
  });

  it('produce nothing when the value does not change', () => {
    const same: AgentCommand[] = [
      { type: 'SetCapacity', data: { agentId: AGENT.id, capacity: 3 } },
      { type: 'UpdateSkills', data: { agentId: AGENT.id, skills: ['billing'], languages: ['en', 'fr'] } },
      { type: 'RatePerformance', data: { agentId: AGENT.id, rating: 5 } },
      { type: 'ChangeTier', data: { agentId: AGENT.id, tier: 2 } },
      { type: 'SetTicketCapacity', data: { agentId: AGENT.id, ticketCapacity: null } },
    ];
    expect(same.map((command) => outcome(registered, command, ADMIN))).toEqual([[], [], [], [], []]);
  });

  it('keep capacity within 1..20 and ratings within 0..10', () => {
    expect(outcome(registered, { type: 'SetCapacity', data: { agentId: AGENT.id, capacity: 21 } }, ADMIN)).toBe(
      'VALIDATION_FAILED',
    );
    expect(outcome(registered, { type: 'RatePerformance', data: { agentId: AGENT.id, rating: -1 } }, ADMIN)).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('RenameAgent', () => {
  const rename = (name: string): AgentCommand => ({ type: 'RenameAgent', data: { agentId: AGENT.id, name } });

  it('corrects the name, recording the previous one, for supervisors and admins only', () => {
    const events = outcome(registered, rename('  Ada Lovelace '), SUPERVISOR) as AgentEvent[];
    expect(events).toMatchObject([
      { type: 'AgentRenamed', data: { agentId: AGENT.id, name: 'Ada Lovelace', previous: 'Ada' } },
    ]);
    expect(fold(agentDecider, [...registered, ...events])).toMatchObject({ name: 'Ada Lovelace' });
    for (const actor of [AGENT, CUSTOMER, SYSTEM, AUDITOR])
      expect(outcome(registered, rename('Ada L.'), actor)).toBe('FORBIDDEN');
    expect(outcome(registered, rename('Ada'), ADMIN)).toEqual([]);
  });

  it('refuses an empty name or one with a line break, as registration does', () => {
    expect(outcome(registered, rename('   '), ADMIN)).toBe('VALIDATION_FAILED');
    expect(outcome(registered, rename('Ada\nAdmin'), ADMIN)).toBe('VALIDATION_FAILED');
    const withTab = { ...register, data: { ...register.data, name: 'Ada\tL' } } as AgentCommand;
    expect(outcome([], withTab, ADMIN)).toBe('VALIDATION_FAILED');
  });
});

describe('unknown agents', () => {
  it('are NOT_FOUND for every command but registration', () => {
    const commands: AgentCommand[] = [
      { type: 'SetAvailability', data: { agentId: AGENT.id, availability: 'available' } },
      { type: 'SetCapacity', data: { agentId: AGENT.id, capacity: 4 } },
      { type: 'UpdateSkills', data: { agentId: AGENT.id, skills: [], languages: [] } },
      { type: 'RatePerformance', data: { agentId: AGENT.id, rating: 1 } },
      { type: 'ChangeTier', data: { agentId: AGENT.id, tier: 2 } },
      { type: 'ReleaseWork', data: { agentId: AGENT.id, reservationIds: ['r-1'], cause: 'ended' } },
      { type: 'RenameAgent', data: { agentId: AGENT.id, name: 'Ada' } },
      { type: 'DeactivateAgent', data: { agentId: AGENT.id } },
      { type: 'ReactivateAgent', data: { agentId: AGENT.id } },
    ];
    expect(commands.map((command) => outcome([], command, ADMIN))).toEqual(commands.map(() => 'NOT_FOUND'));
    const elsewhere: AgentCommand = { type: 'SetCapacity', data: { agentId: OTHER_AGENT.id, capacity: 4 } };
    expect(outcome(registered, elsewhere, ADMIN)).toBe('NOT_FOUND');
  });
});

describe('Agent events in the domain registry', () => {
  it('registers every agent event type at version 1', () => {
    const registry = createDomainEventRegistry();
    expect(AGENT_EVENT_TYPES).toEqual([
      'AgentRegistered',
      'AgentAvailabilityChanged',
      'AgentCapacityChanged',
      'AgentTicketCapacityChanged',
      'AgentSkillsUpdated',
      'AgentTierChanged',
      'AgentPerformanceRated',
      'AgentRenamed',
      'AgentDeactivated',
      'AgentReactivated',
      'AgentWorkReserved',
      'AgentWorkReleased',
    ]);
    const versions = Object.fromEntries(AGENT_EVENT_TYPES.map((type) => [type, registry.currentVersion(type)]));
    expect(versions).toMatchObject({ AgentRegistered: 2, AgentAvailabilityChanged: 2, AgentWorkReserved: 1 });
  });

  it('reads version 1 events: no ticket cap, and online/away as available/break', () => {
    const registry = createDomainEventRegistry();
    const v1 = { agentId: 'a', name: 'A', skills: [], languages: [], tier: 1, capacity: 3, performanceRating: 5 };
    expect(registry.upcast({ type: 'AgentRegistered', schemaVersion: 1, data: v1 }).data).toEqual({
      ...v1,
      ticketCapacity: null,
    });
    const change = { agentId: 'a', availability: 'online', previous: 'away' };
    expect(registry.upcast({ type: 'AgentAvailabilityChanged', schemaVersion: 1, data: change }).data).toEqual({
      agentId: 'a',
      availability: 'available',
      previous: 'break',
    });
  });
});
