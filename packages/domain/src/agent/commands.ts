import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';
import { LanguageTag } from '../shared/values.js';
import {
  AgentTier,
  Availability,
  Capacity,
  DEFAULT_CAPACITY,
  DEFAULT_PERFORMANCE_RATING,
  PerformanceRating,
  Skill,
} from './state.js';

const Skills = z.array(Skill).max(50);
const Languages = z.array(LanguageTag).max(20);

/** Adds an agent to the team, initially `offline`. Supervisors, admins and the system only. */
export const RegisterAgent = defineCommand('RegisterAgent', {
  agentId: Id,
  name: z.string().trim().min(1).max(200),
  skills: Skills.default([]),
  languages: Languages.default([]),
  tier: AgentTier.default(1),
  capacity: Capacity.default(DEFAULT_CAPACITY),
  performanceRating: PerformanceRating.default(DEFAULT_PERFORMANCE_RATING),
});

/** Goes online, away or offline. The agent themself, supervisors and admins only. */
export const SetAvailability = defineCommand('SetAvailability', { agentId: Id, availability: Availability });

/** Changes how many chats the agent handles at once (1 to 20). Supervisors and admins only. */
export const SetCapacity = defineCommand('SetCapacity', { agentId: Id, capacity: Capacity });

/** Replaces the agent's skills (categories) and languages. Supervisors and admins only. */
export const UpdateSkills = defineCommand('UpdateSkills', { agentId: Id, skills: Skills, languages: Languages });

/** Records a supervisor's performance rating (0 to 10). Supervisors and admins only. */
export const RatePerformance = defineCommand('RatePerformance', { agentId: Id, rating: PerformanceRating });

/** Every command the agent decider accepts, as parsed (defaults applied). */
export const AgentCommand = z.discriminatedUnion('type', [
  RegisterAgent,
  SetAvailability,
  SetCapacity,
  UpdateSkills,
  RatePerformance,
]);
/** An agent command as a caller writes it (defaults may be omitted). */
export type AgentCommand = z.input<typeof AgentCommand>;
