import type { AgentEvent } from './events.js';
import type { AgentState } from './state.js';

/** Applies one agent event. Events other than `AgentRegistered` on an empty stream are ignored. */
export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  if (event.type === 'AgentRegistered') {
    const { agentId, name, skills, languages, tier, capacity, ticketCapacity, performanceRating } = event.data;
    return {
      status: 'registered',
      agentId,
      name,
      skills,
      languages,
      tier,
      capacity,
      ticketCapacity,
      performanceRating,
      availability: 'offline',
      holdings: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AgentAvailabilityChanged':
      return { ...state, availability: event.data.availability };
    case 'AgentCapacityChanged':
      return { ...state, capacity: event.data.capacity };
    case 'AgentTicketCapacityChanged':
      return { ...state, ticketCapacity: event.data.ticketCapacity };
    case 'AgentSkillsUpdated':
      return { ...state, skills: event.data.skills, languages: event.data.languages };
    case 'AgentTierChanged':
      return { ...state, tier: event.data.tier };
    case 'AgentPerformanceRated':
      return { ...state, performanceRating: event.data.rating };
    case 'AgentRenamed':
      return { ...state, name: event.data.name };
    case 'AgentDeactivated':
      return { ...state, availability: 'offline', deactivated: true };
    case 'AgentReactivated':
      return { ...state, deactivated: false };
    case 'AgentWorkReserved': {
      const { reservationId, item, itemVersion, mode, at } = event.data;
      return { ...state, holdings: [...state.holdings, { reservationId, item, itemVersion, mode, reservedAt: at }] };
    }
    case 'AgentWorkReleased': {
      const released = new Set(event.data.released.map((holding) => holding.reservationId));
      return { ...state, holdings: state.holdings.filter((holding) => !released.has(holding.reservationId)) };
    }
  }
}
