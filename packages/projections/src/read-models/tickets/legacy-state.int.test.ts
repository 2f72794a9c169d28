import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../../projector.js';
import { rebuildProjection } from '../../rebuild.js';
import { agent, createHarness, type Harness, hoursAfter, T0, ticketLife } from '../../testing/harness.fixture.js';
import { createTicketsProjection } from './projection.js';

describe('a ticket row migration 0048 left without a state', () => {
  let h: Harness;
  const projection = createTicketsProjection();
  const ids = ['waiting', 'open'] as const;

  beforeAll(async () => {
    h = await createHarness();
    for (const [i, shape] of ids.entries()) {
      await ticketLife(h.desk, {
        id: shape,
        customerId: `c-${i}`,
        agentId: `a-${i}`,
        subject: `Legacy ${shape}`,
        openedAt: hoursAfter(T0, i),
        shape,
        priority: 'urgent',
      });
    }
    await catchUp({ store: h.store, db: h.db, projection });
  });

  afterAll(async () => {
    await h.close();
  });

  it('takes its next events into the same columns as a rebuild', async () => {
    // As a row projected before the column existed: every column, no state.
    await h.db.updateTable('tickets').set({ state: sql`null` }).execute();
    const who = agent('a-1');
    const at = (hours: number) => hoursAfter(T0, hours);
    await h.desk.ticket({ type: 'AddTicketTags', data: { ticketId: 'open', tags: ['refund'] } }, who, at(3));
    await h.desk.ticket({ type: 'ChangePriority', data: { ticketId: 'open', priority: 'high' } }, who, at(4));
    await h.desk.ticket({ type: 'ChangeStatus', data: { ticketId: 'open', to: 'resolved' } }, who, at(5));
    await h.desk.ticket({ type: 'ChangeStatus', data: { ticketId: 'waiting', to: 'closed' } }, agent('a-0'), at(6));
    await catchUp({ store: h.store, db: h.db, projection });

    const rebuilt = await rebuildProjection({ store: h.store, connectionString: h.connectionString, projection });
    const columns = (schema: string) =>
      sql<{ row: Record<string, unknown> }>`select to_jsonb(t) - 'state' as row from ${sql.table(`${schema}.tickets`)} t
        order by ticket_id`
        .execute(h.db)
        .then((result) => result.rows.map((r) => r.row));
    const live = await columns('public');
    expect(live.map((row) => [row.ticket_id, row.status, row.priority, row.tags])).toEqual([
      ['open', 'resolved', 'high', ['refund']],
      ['waiting', 'closed', 'urgent', []],
    ]);
    expect(live).toEqual(await columns(rebuilt.schema));
    const states = await h.db.selectFrom('tickets').select(['ticket_id', 'state']).orderBy('ticket_id').execute();
    expect(states.map((row) => [row.ticket_id, row.state?.status])).toEqual([
      ['open', 'resolved'],
      ['waiting', 'closed'],
    ]);
  });
});
