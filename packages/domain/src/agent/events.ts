import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { LanguageTag } from '../shared/values.js';
import { AgentTier, Availability, Capacity, PerformanceRating, Skill } from './state.js';

/** An agent joined the team; they start `offline`. */
export const AgentRegistered = defineEvent('AgentRegistered', {
  agentId: Id,
  name: z.string().max(200),
  skills: z.array(Skill).max(50),
  languages: z.array(LanguageTag).max(20),
  tier: AgentTier,
  capacity: Capacity,
  performanceRating: PerformanceRating,
});

/** The agent went online, away or offline. */
export const AgentAvailabilityChanged = defineEvent('AgentAvailabilityChanged', {
  agentId: Id,
  availability: Availability,
  previous: Availability,
});

/** The agent's concurrent-chat capacity changed. */
export const AgentCapacityChanged = defineEvent('AgentCapacityChanged', { agentId: Id, capacity: Capacity });

/** The agent's skills and languages were replaced. */
export const AgentSkillsUpdated = defineEvent('AgentSkillsUpdated', {
  agentId: Id,
  skills: z.array(Skill).max(50),
  languages: z.array(LanguageTag).max(20),
});

/** A supervisor rated the agent's performance. */
export const AgentPerformanceRated = defineEvent('AgentPerformanceRated', { agentId: Id, rating: PerformanceRating });

/** Every event of the agent stream. */
export const AgentEvent = z.discriminatedUnion('type', [
  AgentRegistered,
  AgentAvailabilityChanged,
  AgentCapacityChanged,
  AgentSkillsUpdated,
  AgentPerformanceRated,
]);
export type AgentEvent = z.infer<typeof AgentEvent>;

/** The type names of every agent event. */
export const AGENT_EVENT_TYPES = AgentEvent.options.map((option) => option.shape.type.value);
