import type { AgentEvent } from '@support-engine/domain/agent';
import type { ProjectedEvent } from '../../events.js';
import type { AgentRow, PresenceRow } from './columns.js';

export type { AgentRow, PresenceRow } from './columns.js';

/** One agent as a batch folds it: its row (unknown until registered) and its open presence periods. */
export interface AgentState {
  readonly row: AgentRow | undefined;
  /** Periods still open (one at most, as the events write them). */
  readonly open: readonly PresenceRow[];
}

/** What one event did: the agent's new state, and the presence rows it wrote (closed and opened). */
export interface AgentStep {
  readonly state: AgentState;
  readonly presence: readonly PresenceRow[];
}

/**
 * Applies one agent event. Workload is what the agent's own ledger holds: a slot reserved counts
 * at once, a slot given back stops counting. Changes to an agent never registered leave its row
 * unknown (as an update that matches no row), but presence is recorded from the event alone.
 */
export function applyAgentEvent(state: AgentState, event: ProjectedEvent<AgentEvent>): AgentStep {
  const { row } = state;
  const { data } = event;
  const update = (values: Partial<AgentRow>): AgentStep => ({
    state: { ...state, row: row && { ...row, ...values, updated_at: data.at } },
    presence: [],
  });
  switch (event.type) {
    case 'AgentRegistered': {
      const registered: AgentRow = {
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
        deactivated_at: null,
      };
      return enterPresence({ ...state, row: registered }, event, 'offline');
    }
    case 'AgentAvailabilityChanged': {
      const { state: next } = update({ availability: event.data.availability });
      return enterPresence(next, event, event.data.availability);
    }
    case 'AgentCapacityChanged':
      return update({ capacity: event.data.capacity });
    case 'AgentTicketCapacityChanged':
      return update({ ticket_capacity: event.data.ticketCapacity });
    case 'AgentSkillsUpdated':
      return update({ skills: event.data.skills, languages: event.data.languages });
    case 'AgentTierChanged':
      return update({ tier: event.data.tier });
    case 'AgentPerformanceRated':
      return update({ performance_rating: event.data.rating });
    case 'AgentRenamed':
      return update({ name: event.data.name });
    // The decider records the move offline as its own event just before (the presence period
    // ends there); the row says offline here too, whatever came before.
    case 'AgentDeactivated':
      return update({ deactivated_at: data.at, availability: 'offline' });
    case 'AgentReactivated':
      return update({ deactivated_at: null });
    case 'AgentWorkReserved':
      return addWork(
        state,
        event.data.item.kind === 'chat' ? 1 : 0,
        event.data.item.kind === 'ticket' ? 1 : 0,
        data.at,
      );
    case 'AgentWorkReleased': {
      const chats = event.data.released.filter((holding) => holding.item.kind === 'chat').length;
      return addWork(state, -chats, chats - event.data.released.length, data.at);
    }
  }
}

/** Ends the agent's open presence periods at the event's time and opens one in `availability`. */
function enterPresence(state: AgentState, event: ProjectedEvent<AgentEvent>, availability: string): AgentStep {
  const { agentId, at } = event.data;
  const closed = state.open.map((period) => ({ ...period, until: at }));
  const opened: PresenceRow = {
    agent_id: agentId,
    position: event.log.checkpoint.globalPosition.toString(),
    availability,
    since: at,
    until: null,
  };
  return { state: { row: state.row, open: [opened] }, presence: [...closed, opened] };
}

function addWork(state: AgentState, chats: number, tickets: number, at: string): AgentStep {
  const { row } = state;
  return {
    state: {
      ...state,
      row: row && {
        ...row,
        active_chats: row.active_chats + chats,
        active_tickets: row.active_tickets + tickets,
        updated_at: at,
      },
    },
    presence: [],
  };
}
