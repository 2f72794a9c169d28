import type { AgentEvent } from './events.js';
import type { AgentState } from './state.js';

/** Applies one agent event. Events other than `AgentRegistered` on an empty stream are ignored. */
export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  if (event.type === 'AgentRegistered') {
    const { agentId, name, skills, languages, tier, capacity, performanceRating } = event.data;
    return {
      status: 'registered',
      agentId,
      name,
      skills,
      languages,
      tier,
      capacity,
      performanceRating,
      availability: 'offline',
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AgentAvailabilityChanged':
      return { ...state, availability: event.data.availability };
    case 'AgentCapacityChanged':
      return { ...state, capacity: event.data.capacity };
    case 'AgentSkillsUpdated':
      return { ...state, skills: event.data.skills, languages: event.data.languages };
    case 'AgentPerformanceRated':
      return { ...state, performanceRating: event.data.rating };
  }
}
