import { AGENT_EVENT_TYPES, type AgentEvent } from '@support-engine/domain/agent';
import type { Projection } from '../../projection.js';
import { foldProjection, RowSet } from '../fold.js';
import { type AgentRow, type AgentState, applyAgentEvent, type PresenceRow } from './row.js';
import { loadAgents, saveAgents, savePresence } from './store.js';

/** Options of {@link createAgentsProjection}. */
export interface AgentsProjectionOptions {
  /** Checkpoint and lock name; `agents` by default. */
  readonly name?: string;
}

/** One batch: each touched agent's state as it evolves, and the rows to write. */
interface AgentsBatch {
  readonly agents: Map<string, AgentState>;
  readonly rows: RowSet<AgentRow>;
  readonly presence: RowSet<PresenceRow>;
}

/**
 * The `agents` read model: profile, presence, capacities and workload; and `agent_presence`, each
 * agent's presence over time (for utilisation). Workload is what each
 * agent's own ledger holds (chats and open tickets): a slot reserved counts at once, a slot given
 * back stops counting, so the counts never exceed the capacities the ledger enforces.
 * Folded per batch (`fold.ts`): the events' logic is {@link applyAgentEvent}.
 */
export function createAgentsProjection(options: AgentsProjectionOptions = {}): Projection {
  return foldProjection<AgentEvent, AgentsBatch>({
    name: options.name ?? 'agents',
    eventTypes: AGENT_EVENT_TYPES,
    tables: ['agents', 'agent_presence'],
    async load(trx, events) {
      const agents = await loadAgents(trx, [...new Set(events.map((event) => event.data.agentId))]);
      return { agents, rows: new RowSet(), presence: new RowSet() };
    },
    apply(batch, event) {
      const { agentId } = event.data;
      const { state, presence } = applyAgentEvent(batch.agents.get(agentId)!, event);
      batch.agents.set(agentId, state);
      if (state.row) batch.rows.set(agentId, state.row);
      for (const period of presence) batch.presence.set(`${period.agent_id}@${period.position}`, period);
    },
    async save(trx, batch) {
      await saveAgents(trx, batch.rows.changed());
      await savePresence(trx, batch.presence.changed());
    },
  });
}
