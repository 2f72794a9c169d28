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
  TicketCapacity,
} from './state.js';
import { ReleaseCause, ReservationFields, ReservationId } from './work.js';

/** Each once, told apart without case (as routing matches them), in the spelling first given. */
const once = (values: readonly string[]) =>
  values.filter((value, i) => values.findIndex((other) => other.toLowerCase() === value.toLowerCase()) === i);
/**
 * A skill as a command sets it: also without control characters, as a category is set
 * (`CategoryInput`), so a skill can match the categories tickets carry. Events keep {@link Skill}.
 */
const SkillInput = Skill.refine(
  (skill) => !/\p{Cc}/u.test(skill),
  'a skill has no control characters (line breaks, tabs)',
);
const Skills = z.array(SkillInput).max(50).transform(once);
const Languages = z.array(LanguageTag).max(20).transform(once);
const Reason = z.string().trim().min(1).max(2000);
/** A display name as a command sets it: one line, without control characters. */
const AgentName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => !/\p{Cc}/u.test(name), 'a name has no control characters (line breaks, tabs)');

/** Adds an agent to the team, initially `offline`. Supervisors, admins and the system only. */
export const RegisterAgent = defineCommand('RegisterAgent', {
  agentId: Id,
  name: AgentName,
  skills: Skills.default([]),
  languages: Languages.default([]),
  tier: AgentTier.default(1),
  capacity: Capacity.default(DEFAULT_CAPACITY),
  ticketCapacity: TicketCapacity.default(null),
  performanceRating: PerformanceRating.default(DEFAULT_PERFORMANCE_RATING),
});

/** Changes the agent's presence. The agent themself, supervisors and admins only. */
export const SetAvailability = defineCommand('SetAvailability', { agentId: Id, availability: Availability });

/**
 * Changes how many chats the agent handles at once (1 to 20). Supervisors and admins only; never
 * below the chats the agent holds now (transfer or close some first).
 */
export const SetCapacity = defineCommand('SetCapacity', { agentId: Id, capacity: Capacity });

/** Caps the agent's open tickets, or lifts the cap (`null`). Supervisors and admins only. */
export const SetTicketCapacity = defineCommand('SetTicketCapacity', { agentId: Id, ticketCapacity: TicketCapacity });

/** Replaces the agent's skills (categories) and languages. Supervisors and admins only. */
export const UpdateSkills = defineCommand('UpdateSkills', { agentId: Id, skills: Skills, languages: Languages });

/** Moves the agent to another support tier. Supervisors and admins only. */
export const ChangeTier = defineCommand('ChangeTier', { agentId: Id, tier: AgentTier });

/** Records a supervisor's performance rating (0 to 10). Supervisors and admins only. */
export const RatePerformance = defineCommand('RatePerformance', { agentId: Id, rating: PerformanceRating });

/** Corrects the agent's display name. Supervisors and admins only. */
export const RenameAgent = defineCommand('RenameAgent', { agentId: Id, name: AgentName });

/**
 * Takes the agent off the team (they left, or moved to another role): they go `offline`, may not
 * come back online and are given no work, while their history, reports and past replies keep
 * their name. Refused while they hold chats or tickets (hand them over first), so nothing is left
 * with nobody. Supervisors and admins only; repeating it is a no-op.
 */
export const DeactivateAgent = defineCommand('DeactivateAgent', { agentId: Id, reason: Reason.optional() });

/** Brings a deactivated agent back, `offline` until they set their presence. Supervisors and admins only. */
export const ReactivateAgent = defineCommand('ReactivateAgent', { agentId: Id });

/**
 * Reserves one of the agent's slots for a chat or ticket: the first half of every hand-over.
 * Refused when the agent is not eligible (presence, capacity, tier), which is what makes
 * capacity an invariant: the agent's stream version is the lock. `itemVersion` is the item's
 * stream version the hand-over was decided at; `handOver` is the item command that completes it
 * (none for a reopened ticket that resumes with its assignee). Repeating a reservation id is a no-op.
 */
export const ReserveWork = defineCommand('ReserveWork', { ...ReservationFields, reason: Reason.optional() });

/** Gives slots back: the item ended or moved on, or its hand-over did not happen. Unknown ids are ignored. */
export const ReleaseWork = defineCommand('ReleaseWork', {
  agentId: Id,
  reservationIds: z.array(ReservationId).min(1).max(100),
  cause: ReleaseCause,
  reason: Reason.optional(),
});

/** Every command the agent decider accepts, as parsed (defaults applied). */
export const AgentCommand = z.discriminatedUnion('type', [
  RegisterAgent,
  SetAvailability,
  SetCapacity,
  SetTicketCapacity,
  UpdateSkills,
  ChangeTier,
  RatePerformance,
  RenameAgent,
  DeactivateAgent,
  ReactivateAgent,
  ReserveWork,
  ReleaseWork,
]);
/** An agent command as a caller writes it (defaults may be omitted). */
export type AgentCommand = z.input<typeof AgentCommand>;
