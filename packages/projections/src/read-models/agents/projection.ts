import { AGENT_EVENT_TYPES, type AgentEvent, type WorkKind } from '@support-engine/domain';
import type { Updateable } from 'kysely';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';
import type { AgentsTable } from '../../schema.js';
import { sequentialProjection } from '../sequential.js';

/** Options of {@link createAgentsProjection}. */
export interface AgentsProjectionOptions {
  /** Checkpoint and lock name; `agents` by default. */
  readonly name?: string;
}

/**
 * The `agents` read model: profile, presence, capacities and workload; and `agent_presence`, each
 * agent's presence over time (for utilisation). Workload is what each
 * agent's own ledger holds (chats and open tickets): a slot reserved counts at once, a slot given
 * back stops counting, so the counts never exceed the capacities the ledger enforces.
 */
export function createAgentsProjection(options: AgentsProjectionOptions = {}): Projection {
  return sequentialProjection<AgentEvent, null>({
    name: options.name ?? 'agents',
    eventTypes: AGENT_EVENT_TYPES,
    tables: ['agents', 'agent_presence'],
    begin: () => null,
    applyOne: (trx, event) => applyAgentEvent(trx, event),
    end: async () => {},
  });
}

async function applyAgentEvent(trx: ReadModelTransaction, event: ProjectedEvent<AgentEvent>): Promise<void> {
  const { data } = event;
  switch (event.type) {
    case 'AgentRegistered':
      await trx
        .insertInto('agents')
        .values({
          agent_id: event.data.agentId,
          name: event.data.name,
          skills: event.data.skills,
          languages: event.data.languages,
          tier: event.data.tier,
          capacity: event.data.capacity,
          ticket_capacity: event.data.ticketCapacity,
          performance_rating: event.data.performanceRating,
          availability: 'offline',
          active_tickets: 0,
          active_chats: 0,
          registered_at: data.at,
          updated_at: data.at,
        })
        .execute();
      return enterPresence(trx, event, 'offline');
    case 'AgentAvailabilityChanged':
      await updateAgent(trx, event.data.agentId, { availability: event.data.availability, updated_at: data.at });
      return enterPresence(trx, event, event.data.availability);
    case 'AgentCapacityChanged':
      return updateAgent(trx, event.data.agentId, { capacity: event.data.capacity, updated_at: data.at });
    case 'AgentTicketCapacityChanged':
      return updateAgent(trx, event.data.agentId, { ticket_capacity: event.data.ticketCapacity, updated_at: data.at });
    case 'AgentSkillsUpdated':
      return updateAgent(trx, event.data.agentId, {
        skills: event.data.skills,
        languages: event.data.languages,
        updated_at: data.at,
      });
    case 'AgentTierChanged':
      return updateAgent(trx, event.data.agentId, { tier: event.data.tier, updated_at: data.at });
    case 'AgentPerformanceRated':
      return updateAgent(trx, event.data.agentId, { performance_rating: event.data.rating, updated_at: data.at });
    case 'AgentWorkReserved':
      return addWork(trx, event.data.agentId, { [event.data.item.kind]: 1 }, data.at);
    case 'AgentWorkReleased': {
      const chat = event.data.released.filter((holding) => holding.item.kind === 'chat').length;
      return addWork(trx, event.data.agentId, { chat: -chat, ticket: chat - event.data.released.length }, data.at);
    }
  }
}

/** Ends the agent's current presence period at the event's time and opens one in `availability`. */
async function enterPresence(
  trx: ReadModelTransaction,
  event: ProjectedEvent<AgentEvent>,
  availability: string,
): Promise<void> {
  const { agentId, at } = event.data;
  await trx
    .updateTable('agent_presence')
    .set({ until: at })
    .where('agent_id', '=', agentId)
    .where('until', 'is', null)
    .execute();
  await trx
    .insertInto('agent_presence')
    .values({ agent_id: agentId, position: event.log.checkpoint.globalPosition.toString(), availability, since: at })
    .execute();
}

/** Moves the agent's workload counts by `delta` per kind of work. */
async function addWork(
  trx: ReadModelTransaction,
  agentId: string,
  delta: Partial<Record<WorkKind, number>>,
  at: string,
): Promise<void> {
  await trx
    .updateTable('agents')
    .set((eb) => ({
      active_chats: eb('active_chats', '+', delta.chat ?? 0),
      active_tickets: eb('active_tickets', '+', delta.ticket ?? 0),
      updated_at: at,
    }))
    .where('agent_id', '=', agentId)
    .execute();
}

async function updateAgent(trx: ReadModelTransaction, agentId: string, values: Updateable<AgentsTable>): Promise<void> {
  await trx.updateTable('agents').set(values).where('agent_id', '=', agentId).execute();
}
