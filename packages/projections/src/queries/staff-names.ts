import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/**
 * The names of the staff among `staffIds`, read in one query: an agent's as the agents' read model
 * holds it (the name the team's lists show), else the one their profile gives (`staff_members`:
 * supervisors and admins); ids of neither (customers, the system, one never named) are left out.
 */
export async function staffNames(
  db: Kysely<ReadModelTables>,
  staffIds: readonly string[],
): Promise<Map<string, string>> {
  if (staffIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; name: string }>`
    select id, coalesce(a.name, s.name) as name
    from unnest(${[...staffIds]}::text[]) as id
    left join agents a on a.agent_id = id
    left join staff_members s on s.staff_id = id
    where coalesce(a.name, s.name) is not null`.execute(db);
  return new Map(rows.map((row) => [row.id, row.name]));
}
