import type { Decider } from '../shared/decider.js';
import type { AgentCommand } from './commands.js';
import { decideAgent } from './decide.js';
import type { AgentEvent } from './events.js';
import { evolveAgent } from './evolve.js';
import { type AgentState, initialAgentState } from './state.js';

export * from './commands.js';
export { decideAgent } from './decide.js';
export * from './events.js';
export { evolveAgent } from './evolve.js';
export * from './load.js';
export * from './roles.js';
export * from './state.js';

/** The agent aggregate: registration, availability, capacity, skills and performance rating. */
export const agentDecider: Decider<AgentCommand, AgentEvent, AgentState> = {
  initialState: initialAgentState,
  decide: decideAgent,
  evolve: evolveAgent,
};
