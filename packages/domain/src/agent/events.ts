import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { Instant } from '../shared/time.js';
import { LanguageTag } from '../shared/values.js';
import type { EventVersioning } from '../shared/versioning.js';
import {
  AgentTier,
  Availability,
  Capacity,
  normalizeAvailability,
  PerformanceRating,
  Skill,
  TicketCapacity,
} from './state.js';
import { ReleaseCause, ReservationFields, ReservationId, WorkItem } from './work.js';

/** An agent joined the team; they start `offline`. Version 2 added `ticketCapacity`. */
export const AgentRegistered = defineEvent('AgentRegistered', {
  agentId: Id,
  name: z.string().max(200),
  skills: z.array(Skill).max(50),
  languages: z.array(LanguageTag).max(20),
  tier: AgentTier,
  capacity: Capacity,
  ticketCapacity: TicketCapacity,
  performanceRating: PerformanceRating,
});

/** The agent's presence changed. Version 2 uses the five presence states (version 1 had `online`/`away`). */
export const AgentAvailabilityChanged = defineEvent('AgentAvailabilityChanged', {
  agentId: Id,
  availability: Availability,
  previous: Availability,
});

/** The agent's concurrent-chat capacity changed. */
export const AgentCapacityChanged = defineEvent('AgentCapacityChanged', { agentId: Id, capacity: Capacity });

/** The agent's cap on open tickets changed (`null`: no cap). */
export const AgentTicketCapacityChanged = defineEvent('AgentTicketCapacityChanged', {
  agentId: Id,
  ticketCapacity: TicketCapacity,
});

/** The agent's skills and languages were replaced. */
export const AgentSkillsUpdated = defineEvent('AgentSkillsUpdated', {
  agentId: Id,
  skills: z.array(Skill).max(50),
  languages: z.array(LanguageTag).max(20),
});

/** The agent moved to another support tier. */
export const AgentTierChanged = defineEvent('AgentTierChanged', { agentId: Id, tier: AgentTier, previous: AgentTier });

/** A supervisor rated the agent's performance. */
export const AgentPerformanceRated = defineEvent('AgentPerformanceRated', { agentId: Id, rating: PerformanceRating });

/** The agent's display name was corrected. */
export const AgentRenamed = defineEvent('AgentRenamed', {
  agentId: Id,
  name: z.string().max(200),
  previous: z.string().max(200),
});

/** The agent left the team: `offline`, holding nothing, given no work until reactivated. */
export const AgentDeactivated = defineEvent('AgentDeactivated', { agentId: Id });

/** A deactivated agent is back on the team, `offline` until they set their presence. */
export const AgentReactivated = defineEvent('AgentReactivated', { agentId: Id });

/**
 * One of the agent's slots is now reserved for an item. With `handOver`, the item has yet to
 * record its new agent (the hand-over's second half, which carries the router's explanation).
 */
export const AgentWorkReserved = defineEvent('AgentWorkReserved', ReservationFields);

/** A released slot and the item it held. */
export const ReleasedHolding = z.object({ reservationId: ReservationId, item: WorkItem, reservedAt: Instant }).strict();

/** Slots were given back: the item ended or moved on, or its hand-over did not happen. */
export const AgentWorkReleased = defineEvent('AgentWorkReleased', {
  agentId: Id,
  released: z.array(ReleasedHolding).min(1),
  cause: ReleaseCause,
});

/** Every event of the agent stream. */
export const AgentEvent = z.discriminatedUnion('type', [
  AgentRegistered,
  AgentAvailabilityChanged,
  AgentCapacityChanged,
  AgentTicketCapacityChanged,
  AgentSkillsUpdated,
  AgentTierChanged,
  AgentPerformanceRated,
  AgentRenamed,
  AgentDeactivated,
  AgentReactivated,
  AgentWorkReserved,
  AgentWorkReleased,
]);
export type AgentEvent = z.infer<typeof AgentEvent>;

/** The type names of every agent event. */
export const AGENT_EVENT_TYPES = AgentEvent.options.map((option) => option.shape.type.value);

/** Schema versions above 1, with how to read each older version (see the domain event registry). */
export const AGENT_EVENT_VERSIONS: Readonly<Record<string, EventVersioning>> = {
  AgentRegistered: {
    version: 2,
    upcasters: {
      // Version 1 predates ticket caps: such agents have none.
      1: (data: unknown) => ({ ...(data as object), ticketCapacity: null }),
    },
  },
  AgentAvailabilityChanged: {
    version: 2,
    upcasters: {
      1: (data: unknown) => {
        const v1 = data as { availability?: unknown; previous?: unknown };
        return { ...v1, availability: legacyAvailability(v1.availability), previous: legacyAvailability(v1.previous) };
      },
    },
  },
};

function legacyAvailability(value: unknown): unknown {
  return typeof value === 'string' ? normalizeAvailability(value) : value;
}
