import { z } from 'zod';
import { Availability, Capacity } from './state.js';

/**
 * An agent's current workload as read from the agents read model. Deciders that hand work to
 * an agent cannot see other streams, so the command handler reads this and passes it in.
 * `activeItems` counts what `capacity` limits: for chats, the agent's active chats.
 */
export const AgentLoad = z
  .object({
    availability: Availability,
    activeItems: z.number().int().min(0).max(10_000),
    capacity: Capacity,
  })
  .strict();
export type AgentLoad = z.infer<typeof AgentLoad>;

/** True while the agent is below capacity. */
export function hasFreeSlot(load: AgentLoad): boolean {
  return load.activeItems < load.capacity;
}

/** True when the agent may receive new work now: online and below capacity. */
export function canTakeWork(load: AgentLoad): boolean {
  return load.availability === 'online' && hasFreeSlot(load);
}
