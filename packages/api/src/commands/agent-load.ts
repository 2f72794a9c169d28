import {
  type AgentEvent,
  type AgentLoad,
  agentDecider,
  createDomainEventRegistry,
  DomainError,
  fold,
  streamId,
} from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';
import { getAgent, type ReadModelTables } from '@support-engine/projections';
import type { Kysely } from 'kysely';

/** Reads an agent's current load, which chat commands that hand work to an agent must carry. */
export interface AgentLoads {
  loadOf(agentId: string): Promise<AgentLoad>;
}

/**
 * Availability and capacity come from the agent's own stream (authoritative: an agent who just
 * went online can accept at once); the count of active chats spans many chat streams, so it
 * comes from the agents read model.
 */
export function createAgentLoads(store: Pick<EventStore, 'readStream'>, db: Kysely<ReadModelTables>): AgentLoads {
  const registry = createDomainEventRegistry();
  return {
    async loadOf(agentId) {
      const events = await store.readStream(streamId('agent', agentId));
      // Events of an agent stream were written by the agent decider, so they upcast to agent events.
      const agent = fold(
        agentDecider,
        events.map((event) => registry.upcast(event) as AgentEvent),
      );
      if (agent.status === 'none')
        throw new DomainError('NOT_FOUND', `Agent "${agentId}" is not registered`, { agentId });
      const view = await getAgent(db, agentId);
      return { availability: agent.availability, capacity: agent.capacity, activeItems: view?.activeChats ?? 0 };
    },
  };
}
