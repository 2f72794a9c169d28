import type { Actor } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { AgentCommand } from './commands.js';
import type { AgentEvent } from './events.js';
import { isLead } from './roles.js';
import type { Agent, AgentState } from './state.js';

function requireAgent(state: AgentState, agentId: string): Agent {
  if (state.status === 'none' || state.agentId !== agentId) {
    throw new DomainError('NOT_FOUND', `Agent "${agentId}" does not exist`, { agentId });
  }
  return state;
}

function requireLead(actor: Actor, what: string): void {
  if (!isLead(actor))
    throw new DomainError('FORBIDDEN', `Only supervisors and admins may ${what}`, { role: actor.role });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Decides the agent stream's commands.
 *
 * Setting a value to what it already is produces no events rather than an error: presence
 * clients repeat availability updates, and an empty result keeps such retries harmless.
 * Availability may be changed by the agent themself or a supervisor/admin only, so presence
 * automation acts through a supervisor-scoped service account if it needs to.
 */
export function decideAgent(input: AgentCommand, state: AgentState, context: CommandContext): readonly AgentEvent[] {
  const command = parseOrThrow(AgentCommand, input, 'agent command');
  const { actor } = context;
  const meta = provenance(context);

  if (command.type === 'RegisterAgent') {
    if (!isLead(actor) && actor.role !== 'system') {
      throw new DomainError('FORBIDDEN', 'Only supervisors, admins and the system may register agents', {
        role: actor.role,
      });
    }
    if (state.status !== 'none') {
      throw new DomainError('ALREADY_EXISTS', `Agent "${command.data.agentId}" is already registered`, {
        agentId: command.data.agentId,
      });
    }
    return [{ type: 'AgentRegistered', data: { ...command.data, ...meta } }];
  }

  const agent = requireAgent(state, command.data.agentId);
  const { agentId } = agent;
  switch (command.type) {
    case 'SetAvailability': {
      // Ids of different roles may collide (a customer called `agent-7`): only the agent role counts as self.
      const self = actor.role === 'agent' && actor.id === agentId;
      if (!self && !isLead(actor)) {
        throw new DomainError(
          'FORBIDDEN',
          "Only the agent, supervisors and admins may change an agent's availability",
          {
            role: actor.role,
          },
        );
      }
      const { availability } = command.data;
      if (availability === agent.availability) return [];
      return [
        { type: 'AgentAvailabilityChanged', data: { agentId, availability, previous: agent.availability, ...meta } },
      ];
    }
    case 'SetCapacity': {
      requireLead(actor, "change an agent's capacity");
      if (command.data.capacity === agent.capacity) return [];
      return [{ type: 'AgentCapacityChanged', data: { agentId, capacity: command.data.capacity, ...meta } }];
    }
    case 'UpdateSkills': {
      requireLead(actor, "change an agent's skills");
      const { skills, languages } = command.data;
      if (sameList(skills, agent.skills) && sameList(languages, agent.languages)) return [];
      return [{ type: 'AgentSkillsUpdated', data: { agentId, skills, languages, ...meta } }];
    }
    case 'RatePerformance': {
      requireLead(actor, 'rate an agent');
      if (command.data.rating === agent.performanceRating) return [];
      return [{ type: 'AgentPerformanceRated', data: { agentId, rating: command.data.rating, ...meta } }];
    }
  }
}
