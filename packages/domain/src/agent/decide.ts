import type { z } from 'zod';
import { type Actor, isStaff } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { counted } from '../shared/text.js';
import { parseOrThrow } from '../shared/validation.js';
import { AgentCommand } from './commands.js';
import { requireEligible, requireMatchingHandOver } from './eligibility.js';
import type { AgentEvent } from './events.js';
import { isLead } from './roles.js';
import { type Agent, type AgentState, heldCount } from './state.js';

type Parsed = z.output<typeof AgentCommand>;
type Of<T extends Parsed['type']> = Extract<Parsed, { type: T }>['data'];

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
 *
 * The stream is also the agent's work ledger: every chat or ticket the agent holds occupies a
 * slot reserved here (`ReserveWork`) before the item records its agent, and given back
 * (`ReleaseWork`) when it ends or moves. Because a reservation is decided against the stream's
 * current version, two concurrent hand-overs to the same agent can never both take the last slot.
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
      if (agent.deactivated) {
        throw new DomainError(
          'AGENT_DEACTIVATED',
          `Agent "${agentId}" is deactivated; a supervisor or admin must reactivate them first`,
          { agentId },
        );
      }
      return [
        { type: 'AgentAvailabilityChanged', data: { agentId, availability, previous: agent.availability, ...meta } },
      ];
    }
    case 'SetCapacity': {
      requireLead(actor, "change an agent's capacity");
      const { capacity } = command.data;
      if (capacity === agent.capacity) return [];
      requireNotBelowLoad(agent, 'chat', capacity);
      return [{ type: 'AgentCapacityChanged', data: { agentId, capacity, ...meta } }];
    }
    case 'SetTicketCapacity': {
      requireLead(actor, "change an agent's ticket capacity");
      const { ticketCapacity } = command.data;
      if (ticketCapacity === agent.ticketCapacity) return [];
      if (ticketCapacity !== null) requireNotBelowLoad(agent, 'ticket', ticketCapacity);
      return [{ type: 'AgentTicketCapacityChanged', data: { agentId, ticketCapacity, ...meta } }];
    }
    case 'UpdateSkills': {
      requireLead(actor, "change an agent's skills");
      const { skills, languages } = command.data;
      if (sameList(skills, agent.skills) && sameList(languages, agent.languages)) return [];
      return [{ type: 'AgentSkillsUpdated', data: { agentId, skills, languages, ...meta } }];
    }
    case 'ChangeTier': {
      requireLead(actor, "change an agent's tier");
      if (command.data.tier === agent.tier) return [];
      return [{ type: 'AgentTierChanged', data: { agentId, tier: command.data.tier, previous: agent.tier, ...meta } }];
    }
    case 'RatePerformance': {
      requireLead(actor, 'rate an agent');
      if (command.data.rating === agent.performanceRating) return [];
      return [{ type: 'AgentPerformanceRated', data: { agentId, rating: command.data.rating, ...meta } }];
    }
    case 'RenameAgent': {
      requireLead(actor, 'rename an agent');
      if (command.data.name === agent.name) return [];
      return [{ type: 'AgentRenamed', data: { agentId, name: command.data.name, previous: agent.name, ...meta } }];
    }
    case 'DeactivateAgent':
      requireLead(actor, 'deactivate an agent');
      return deactivate(agent, command.data.reason, context);
    case 'ReactivateAgent':
      requireLead(actor, 'reactivate an agent');
      return agent.deactivated ? [{ type: 'AgentReactivated', data: { agentId, ...meta } }] : [];
    case 'ReserveWork':
      return reserveWork(agent, command.data, context);
    case 'ReleaseWork':
      return releaseWork(agent, command.data, context);
  }
}

/**
 * Takes the agent off the team. Nothing they hold may be left with nobody, so they must hold
 * nothing; a present agent goes `offline` first (as its own event, so presence reports end there).
 */
function deactivate(agent: Agent, reason: string | undefined, context: CommandContext): readonly AgentEvent[] {
  if (agent.deactivated) return [];
  const { agentId } = agent;
  const chats = heldCount(agent, 'chat');
  const tickets = heldCount(agent, 'ticket');
  if (chats + tickets > 0) {
    const held = [tickets && counted(tickets, 'open ticket'), chats && counted(chats, 'active chat')].filter(Boolean);
    // Offline first, or the router gives a ticket put back in the queue straight back to them.
    const steps = [
      agent.availability === 'offline' ? '' : 'set them offline, ',
      tickets ? `assign the ${tickets === 1 ? 'ticket' : 'tickets'} to a colleague or back to the queue` : '',
      tickets && chats ? ' and ' : '',
      chats ? `transfer the ${chats === 1 ? 'chat' : 'chats'} to a colleague` : '',
    ].join('');
    throw new DomainError(
      'AGENT_HOLDS_WORK',
      `Agent "${agentId}" still holds ${held.join(' and ')}: ${steps}, then deactivate them`,
      { agentId, tickets, chats },
    );
  }
  const meta = provenance(context, reason);
  const offline: AgentEvent[] =
    agent.availability === 'offline'
      ? []
      : [
          {
            type: 'AgentAvailabilityChanged',
            data: { agentId, availability: 'offline', previous: agent.availability, ...provenance(context) },
          },
        ];
  return [...offline, { type: 'AgentDeactivated', data: { agentId, ...meta } }];
}

/** A capacity may not drop below what the agent holds: the invariant holds at every instant. */
function requireNotBelowLoad(agent: Agent, kind: 'chat' | 'ticket', limit: number): void {
  const held = heldCount(agent, kind);
  if (limit < held) {
    throw new DomainError(
      'CAPACITY_BELOW_LOAD',
      `Agent "${agent.agentId}" holds ${held} ${kind}s; hand some over before lowering the limit to ${limit}`,
      { agentId: agent.agentId, held, limit },
    );
  }
}

function reserveWork(agent: Agent, data: Of<'ReserveWork'>, context: CommandContext): readonly AgentEvent[] {
  // A repeated reservation (a retried hand-over) is already in the ledger.
  if (agent.holdings.some((holding) => holding.reservationId === data.reservationId)) return [];
  requireMayReserve(context.actor, agent, data.mode);
  requireMatchingHandOver(agent.agentId, data);
  requireEligible(agent, data.item, data.mode);
  const { reason, ...reservation } = data;
  return [{ type: 'AgentWorkReserved', data: { ...reservation, ...provenance(context, reason) } }];
}

/** Who may take a slot: the agent accepting for themself, staff and the system handing over, the router routing. */
function requireMayReserve(actor: Actor, agent: Agent, mode: Of<'ReserveWork'>['mode']): void {
  const allowed =
    mode === 'accepted'
      ? isStaff(actor) && actor.id === agent.agentId
      : mode === 'assigned' || mode === 'transferred'
        ? isStaff(actor) || actor.role === 'system'
        : actor.role === 'system';
  if (!allowed) {
    throw new DomainError('FORBIDDEN', mayNot(actor.role, `reserve ${mode} work for "${agent.agentId}"`), {
      role: actor.role,
      mode,
    });
  }
}

function releaseWork(agent: Agent, data: Of<'ReleaseWork'>, context: CommandContext): readonly AgentEvent[] {
  const { actor } = context;
  if (!isStaff(actor) && actor.role !== 'system') {
    throw new DomainError('FORBIDDEN', mayNot(actor.role, "release an agent's work"), { role: actor.role });
  }
  const ids = new Set(data.reservationIds);
  const released = agent.holdings
    .filter((holding) => ids.has(holding.reservationId))
    .map(({ reservationId, item, reservedAt }) => ({ reservationId, item, reservedAt }));
  // Releasing what is not held (already released, never reserved) is a retry: nothing to do.
  if (released.length === 0) return [];
  return [
    {
      type: 'AgentWorkReleased',
      data: { agentId: agent.agentId, released, cause: data.cause, ...provenance(context, data.reason) },
    },
  ];
}
