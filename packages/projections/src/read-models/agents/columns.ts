import { instant, int8, nullableInstant, plain, type RowOf, type TableOf } from '../columns.js';

/** `agents`: availability, capacity and current workload (see `read-models/columns.ts` for what derives from it). */
export const AGENTS_TABLE = {
  agent_id: plain<string>(),
  name: plain<string>(),
  skills: plain<string[]>(),
  languages: plain<string[]>(),
  tier: plain<number>(),
  capacity: plain<number>(),
  /** Most open tickets the agent may hold, or null (no cap). */
  ticket_capacity: plain<number | null>(),
  performance_rating: plain<number>(),
  availability: plain<string>(),
  /** Open tickets the agent's ledger holds. */
  active_tickets: plain<number>(),
  /** Chats the agent's ledger holds. */
  active_chats: plain<number>(),
  registered_at: instant,
  updated_at: instant,
  /** When the agent left the team, or null while on it. */
  deactivated_at: nullableInstant,
};

/**
 * `agent_presence`: each agent's presence over time, one row per availability change, open
 * (`until` null) while it lasts. Keyed by the event's log position, so a rebuild writes the same rows.
 */
export const AGENT_PRESENCE_TABLE = {
  agent_id: plain<string>(),
  /** The log position of the event that began it. */
  position: int8,
  availability: plain<string>(),
  since: instant,
  until: nullableInstant,
};

export type AgentsColumns = TableOf<typeof AGENTS_TABLE>;
export type AgentPresenceColumns = TableOf<typeof AGENT_PRESENCE_TABLE>;

/** An `agents` row held in memory while a batch is folded; instants are ISO strings. */
export type AgentRow = RowOf<typeof AGENTS_TABLE>;
/** An `agent_presence` row: one period in one availability, open (`until` null) while it lasts. */
export type PresenceRow = RowOf<typeof AGENT_PRESENCE_TABLE>;
