import type { Kysely } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { type AgentView, agentView } from './views.js';

/**
 * Agents by id, optionally only those with one of the given availabilities; agents who left the
 * team only with `includeDeactivated`.
 */
export async function listAgents(
  db: Kysely<ReadModelTables>,
  filter: { availability?: readonly string[]; includeDeactivated?: boolean } = {},
): Promise<AgentView[]> {
  let query = db.selectFrom('agents').selectAll();
  if (filter.availability?.length) query = query.where('availability', 'in', filter.availability);
  if (!filter.includeDeactivated) query = query.where('deactivated_at', 'is', null);
  return (await query.orderBy('agent_id').execute()).map(agentView);
}

/** One agent, or `null`. */
export async function getAgent(db: Kysely<ReadModelTables>, agentId: string): Promise<AgentView | null> {
  const row = await db.selectFrom('agents').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
  return row ? agentView(row) : null;
}
