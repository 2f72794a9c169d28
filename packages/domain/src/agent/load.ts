import { z } from 'zod';
import { Availability, Capacity } from './state.js';

/**
 * An agent's chat load as a read model sees it: presence, active chats and chat capacity. The
 * queue's wait estimate works from it; capacity itself is enforced on the agent's own stream.
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
