import { checkingContext, type Decider } from '../shared/decider.js';
import type { AgentCommand } from './commands.js';
import { decideAgent } from './decide.js';
import type { AgentEvent } from './events.js';
import { evolveAgent } from './evolve.js';
import { type AgentState, initialAgentState } from './state.js';

export * from './commands.js';
export { decideAgent } from './decide.js';
export * from './eligibility.js';
export * from './events.js';
export { evolveAgent } from './evolve.js';
export * from './load.js';
export * from './roles.js';
export * from './state.js';
export * from './work.js';

/**
 * The agent aggregate: registration, presence, capacities, skills, tier, performance rating, and
 * the work ledger (the slots the agent's chats and tickets occupy).
 */
export const agentDecider: Decider<AgentCommand, AgentEvent, AgentState> = checkingContext<
  AgentCommand,
  AgentEvent,
  AgentState
>({
  initialState: initialAgentState,
  decide: decideAgent,
  evolve: evolveAgent,
});
