import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';
import { rowFromDb } from '../columns.js';
import { upsertRows } from '../fold.js';
import { AGENT_PRESENCE_TABLE, AGENTS_TABLE } from './columns.js';
import type { AgentRow, AgentState, PresenceRow } from './row.js';

/** The state of each agent in `ids`: its row if registered, and its open presence periods. */
export async function loadAgents(trx: ReadModelTransaction, ids: readonly string[]): Promise<Map<string, AgentState>> {
  const rows = new Map<string, AgentRow>();
  const open = new Map<string, PresenceRow[]>();
  for (const slice of chunksFor(ids, 1)) {
    for (const row of await trx.selectFrom('agents').selectAll().where('agent_id', 'in', slice).execute()) {
      rows.set(row.agent_id, rowFromDb(AGENTS_TABLE, row));
    }
    const periods = await trx
      .selectFrom('agent_presence')
      .selectAll()
      .where('agent_id', 'in', slice)
      .where('until', 'is', null)
      .orderBy('position')
      .execute();
    for (const period of periods) {
      const list = open.get(period.agent_id) ?? [];
      list.push(rowFromDb(AGENT_PRESENCE_TABLE, period));
      open.set(period.agent_id, list);
    }
  }
  return new Map(ids.map((id) => [id, { row: rows.get(id), open: open.get(id) ?? [] }]));
}

/** Inserts or overwrites agent rows, many per statement. */
export async function saveAgents(trx: ReadModelTransaction, rows: readonly AgentRow[]): Promise<void> {
  await upsertRows(trx, 'agents', ['agent_id'], rows as unknown as Record<string, unknown>[]);
}

/** Inserts presence periods, or closes those already there. */
export async function savePresence(trx: ReadModelTransaction, rows: readonly PresenceRow[]): Promise<void> {
  await upsertRows(trx, 'agent_presence', ['agent_id', 'position'], rows as unknown as Record<string, unknown>[]);
}
