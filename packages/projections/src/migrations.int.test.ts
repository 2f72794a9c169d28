import type { SlaFact } from '@support-engine/domain/sla';
import { customerUpdateDueFromFacts } from '@support-engine/domain/ticket';
import { listCustomerNotifications, migrateCustomerInbox } from '@support-engine/inbox';
import { createTestDatabase } from '@support-engine/servers/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelDb } from './database.js';
import { migrateReadModels } from './migrations.js';

describe('read-model migrations', () => {
  let db: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('projections-migrations'));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('0005 gives inbox rows written before titles the title of their English text', async () => {
    await migrateReadModels(db, { to: '0004_public_message_counts' });
    const texts = [
      "Your ticket 'Why is resolved shown?' has a new reply",
      "Reminder: Your ticket 'A' is waiting for your reply",
      "Second reminder: Your ticket 'A' is waiting for your reply",
      "Your ticket 'A' is waiting for your reply",
      "Your ticket 'A' is resolved",
      "Your ticket 'A' is closed",
      "Your ticket 'A' is closed for lack of response",
    ];
    // Rows as 0004 held them, without `title` (hence the cast: the typed schema is the latest).
    for (const [n, text] of texts.entries()) {
      await db
        .insertInto('customer_notifications')
        .values({
          notification_id: `notification:ticket-a:${n}`,
          customer_id: 'c',
          ticket_id: 'a',
          kind: 'info',
          text,
          channels: ['web'],
          created_at: '2025-03-03T09:00:00.000Z',
        } as never)
        .execute();
    }
    await migrateReadModels(db);
    const rows = await db
      .selectFrom('customer_notifications')
      .select(['text', 'title'])
      .orderBy('notification_id')
      .execute();
    expect(rows.map((row) => row.title)).toEqual([
      'Support ticket: New reply',
      'Support ticket: Reminder',
      'Support ticket: Second reminder',
      'Support ticket: Waiting for your reply',
      'Support ticket: Resolved',
      'Support ticket: Closed',
      'Support ticket: Closed',
    ]);
  });
});

describe('read-model migration 0016', () => {
  let db: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('projections-migrations-0016'));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('counts the report facts of rows written before it back from what they kept', async () => {
    await migrateReadModels(db, { to: '0015_message_attachments' });
    const ticket = (
      id: string,
      status: string,
      facts: { resolution_ms?: number; reopen_count?: number; with_supervisors?: boolean },
    ) =>
      sql`insert into tickets (ticket_id, customer_id, subject, status, priority, opening_priority, channel, tier,
          proactive, opened_at, updated_at, status_since, resolution_ms, reopen_count, reminders_sent, message_count,
          sla_state, sla_first_response, sla_next_response, sla_resolution, sla_warnings_recorded,
          sla_breaches_recorded, sla_facts, follow_up_requested, version, with_supervisors)
        values (${id}, 'c', 'S', ${status}, 'normal', 'normal', 'web', 3, false, now(), now(), now(),
          ${facts.resolution_ms ?? null}, ${facts.reopen_count ?? 0}, 0, 0, 'running', 'running', 'running',
          'running', 0, 0, '[]', false, 1, ${facts.with_supervisors ?? false})`.execute(db);
    const message = (ticketId: string, seq: number, author_kind: string, source: string, internal = false) =>
      sql`insert into ticket_messages (message_id, ticket_id, seq, author_kind, author_id, source, internal, body, at)
        values (${`${ticketId}:${seq}`}, ${ticketId}, ${seq}, ${author_kind}, 'x', ${source}, ${internal}, 'b', now())`.execute(
        db,
      );
    await ticket('resolved', 'resolved', { resolution_ms: 60_000 });
    await message('resolved', 1, 'customer', 'description');
    await message('resolved', 2, 'agent', 'reply');
    await message('resolved', 3, 'agent', 'reply', true);
    await message('resolved', 4, 'customer', 'reply');
    await message('resolved', 5, 'agent', 'transcript');
    await ticket('reopened', 'in_progress', { reopen_count: 1, with_supervisors: true });
    await ticket('fresh', 'new', {});
    await migrateReadModels(db);
    const rows = await db
      .selectFrom('tickets')
      .select(['ticket_id', 'agent_reply_count', 'resolved_once', 'escalated_to_supervisors'])
      .orderBy('ticket_id')
      .execute();
    expect(rows).toEqual([
      { ticket_id: 'fresh', agent_reply_count: 0, resolved_once: false, escalated_to_supervisors: false },
      { ticket_id: 'reopened', agent_reply_count: 0, resolved_once: true, escalated_to_supervisors: true },
      { ticket_id: 'resolved', agent_reply_count: 1, resolved_once: true, escalated_to_supervisors: false },
    ]);
  });
});

describe('read-model migration 0019', () => {
  let db: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('projections-migrations-0019'));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('gives articles written before passages their blocks as passages, each analysed', async () => {
    await migrateReadModels(db, { to: '0018_chat_reports' });
    await sql`insert into kb_articles (article_id, locale, slug, status, title, excerpt, body_markdown, body_html,
        body_text, tags, author_id, created_at, updated_at, search_config, title_folded, search)
      values ('a', 'en', 'a', 'draft', 'T', '', '', '', ${'Reset the password.\n\nInvoices arrive monthly.'}, '{}',
        'w', now(), now(), 'kb_english', 't', to_tsvector('kb_english', 'invoices'))`.execute(db);
    await migrateReadModels(db);
    const { rows } = await sql<{ passages: string[]; matches: boolean[] }>`
      select passages, array(select v @@ 'invoic'::tsquery from unnest(passage_search) v) as matches
      from kb_articles`.execute(db);
    expect(rows).toEqual([{ passages: ['Reset the password.', 'Invoices arrive monthly.'], matches: [false, true] }]);
  });
});

describe('read-model migration 0020', () => {
  let db: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('projections-migrations-0020'));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('fills the report rollup from the tickets already there', async () => {
    await migrateReadModels(db, { to: '0019_kb_passages' });
    const ticket = (id: string, openedAt: string, assignee: string | null, frMs: number | null, tags: string[]) =>
      sql`insert into tickets (ticket_id, customer_id, subject, status, priority, opening_priority, channel, tier,
          assignee_id, proactive, opened_at, updated_at, status_since, first_response_ms, reopen_count,
          reminders_sent, message_count, sla_state, sla_first_response, sla_next_response, sla_resolution,
          sla_warnings_recorded, sla_breaches_recorded, sla_facts, follow_up_requested, version, tags)
        values (${id}, 'c', 'S', 'in_progress', 'normal', 'normal', 'web', 1, ${assignee}, false, ${openedAt},
          ${openedAt}, ${openedAt}, ${frMs}, 0, 0, 0, 'running', 'met', 'running', 'running', 0, 0, '[]', false, 1,
          ${tags})`.execute(db);
    await ticket('a', '2026-03-02T10:15:00Z', 'al', 30 * 60_000, ['vip']);
    await ticket('b', '2026-03-02T10:45:00Z', null, null, []);
    await ticket('c', '2026-03-03T08:00:00Z', 'al', 90 * 60_000, ['vip', 'bug']);
    await migrateReadModels(db);
    type Row = {
      dimension: string;
      bucket: Date;
      key: string;
      tickets: number;
      fr_count: number;
      first_response_met: number;
    };
    const { rows } = await sql<Row>`
      select dimension, bucket, key, tickets, fr_count, first_response_met from ticket_report_rollup
      where (dimension = 'all' and grain = 'hour') or (dimension in ('agent', 'tag') and grain = 'day')
      order by dimension, bucket, key`.execute(db);
    const day = (iso: string) => new Date(iso);
    expect(rows).toEqual([
      { dimension: 'agent', bucket: day('2026-03-02'), key: 'al', tickets: 1, fr_count: 1, first_response_met: 1 },
      {
        dimension: 'agent',
        bucket: day('2026-03-02'),
        key: 'unassigned',
        tickets: 1,
        fr_count: 0,
        first_response_met: 1,
      },
      { dimension: 'agent', bucket: day('2026-03-03'), key: 'al', tickets: 1, fr_count: 1, first_response_met: 1 },
      { dimension: 'all', bucket: day('2026-03-02T10:00Z'), key: '', tickets: 2, fr_count: 1, first_response_met: 2 },
      { dimension: 'all', bucket: day('2026-03-03T08:00Z'), key: '', tickets: 1, fr_count: 1, first_response_met: 1 },
      { dimension: 'tag', bucket: day('2026-03-02'), key: 'vip', tickets: 1, fr_count: 1, first_response_met: 1 },
      { dimension: 'tag', bucket: day('2026-03-03'), key: 'bug', tickets: 1, fr_count: 1, first_response_met: 1 },
      { dimension: 'tag', bucket: day('2026-03-03'), key: 'vip', tickets: 1, fr_count: 1, first_response_met: 1 },
    ]);
    // The same tickets by the week (weeks start on the epoch's weekday, a Thursday): one week here.
    const { rows: weeks } = await sql<{ dimension: string; bucket: Date; tickets: number }>`
      select dimension, bucket, sum(tickets)::int as tickets from ticket_report_rollup where grain = 'week'
      group by dimension, bucket order by dimension`.execute(db);
    expect(weeks.map((row) => [row.dimension, row.bucket.toISOString(), row.tickets])).toEqual(
      ['agent', 'all', 'category', 'channel', 'policy', 'priority', 'tag', 'tier'].map((dimension) => [
        dimension,
        '2026-02-26T00:00:00.000Z',
        3, // the tag rows: `vip` twice and `bug` once
      ]),
    );
  });
});

describe('read-model migration 0026', () => {
  let db: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('projections-migrations-0026'));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('takes the tickets closed as spam or invalid out of the SLA compliance the rollup kept', async () => {
    await migrateReadModels(db, { to: '0024_customer_phones' });
    const ticket = (id: string, status: string, closeReason: string | null) =>
      sql`insert into tickets (ticket_id, customer_id, subject, status, close_reason, priority, opening_priority,
          channel, tier, proactive, opened_at, updated_at, status_since, reopen_count, reminders_sent, message_count,
          sla_state, sla_first_response, sla_next_response, sla_resolution, sla_warnings_recorded,
          sla_breaches_recorded, sla_facts, follow_up_requested, version)
        values (${id}, 'c', 'S', ${status}, ${closeReason}, 'normal', 'normal', 'web', 1, false,
          '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', 0, 0, 0, 'met', 'met',
          'not_started', 'met', 0, 0, '[]', false, 1)`.execute(db);
    await ticket('answered', 'closed', 'manual');
    await ticket('spam', 'closed', 'spam');
    await ticket('invalid', 'closed', 'invalid');
    // The day's row as the rollup kept it before: every ticket's clocks counted as met.
    await sql`insert into ticket_report_rollup (dimension, grain, bucket, key, tickets, first_response_met, resolution_met)
      values ('all', 'day', '2026-03-02T00:00:00Z', '', 3, 3, 3)`.execute(db);
    await migrateReadModels(db);
    const { rows } = await sql<{ grain: string; tickets: number; first_response_met: number; resolution_met: number }>`
      select grain, tickets, first_response_met, resolution_met from ticket_report_rollup
      where dimension = 'all' order by grain`.execute(db);
    expect(rows).toEqual(
      ['day', 'hour', 'week'].map((grain) => ({ grain, tickets: 3, first_response_met: 1, resolution_met: 1 })),
    );
  });
});

describe('read-model migration 0027', () => {
  let db: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('projections-migrations-0027'));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("fills the open urgent tickets' next customer update as the domain reads it from their SLA facts", async () => {
    await migrateReadModels(db, { to: '0026_sla_compliance_exclusions' });
    const hour = (h: number) => Date.parse('2026-03-02T10:00:00Z') + h * 3_600_000;
    const cases: [string, string, string, string, SlaFact[]][] = [
      // Opened urgent, no reply: 2 hours after opening.
      ['opened-urgent', 'urgent', 'urgent', 'new', [{ kind: 'opened', at: hour(0) }]],
      // Raised, then a public reply: 2 hours after the reply.
      [
        'raised-replied',
        'normal',
        'urgent',
        'in_progress',
        [
          { kind: 'opened', at: hour(0) },
          { kind: 'priority_changed', at: hour(1), priority: 'urgent' },
          { kind: 'agent_replied', at: hour(3) },
        ],
      ],
      // A reply older than the raise: 2 hours after the raise.
      [
        'replied-raised',
        'normal',
        'urgent',
        'in_progress',
        [
          { kind: 'opened', at: hour(0) },
          { kind: 'agent_replied', at: hour(1) },
          { kind: 'priority_changed', at: hour(4), priority: 'urgent' },
        ],
      ],
      ['waiting', 'urgent', 'urgent', 'waiting_customer', [{ kind: 'opened', at: hour(0) }]],
      [
        'lowered',
        'urgent',
        'high',
        'new',
        [
          { kind: 'opened', at: hour(0) },
          { kind: 'priority_changed', at: hour(1), priority: 'high' },
        ],
      ],
    ];
    for (const [id, opening, priority, status, facts] of cases)
      await sql`insert into tickets (ticket_id, customer_id, subject, status, priority, opening_priority,
          channel, tier, proactive, opened_at, updated_at, status_since, reopen_count, reminders_sent, message_count,
          sla_state, sla_first_response, sla_next_response, sla_resolution, sla_warnings_recorded,
          sla_breaches_recorded, sla_facts, follow_up_requested, version)
        values (${id}, 'c', 'S', ${status}, ${priority}, ${opening}, 'web', 1, false,
          '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', 0, 0, 0, 'running', 'running',
          'not_started', 'running', 0, 0, ${JSON.stringify(facts)}, false, 1)`.execute(db);
    await migrateReadModels(db);
    const { rows } = await sql<{ ticket_id: string; due: Date | null }>`
      select ticket_id, customer_update_due_at as due from tickets order by ticket_id`.execute(db);
    const expected = Object.fromEntries(
      cases.map(([id, opening, priority, status, facts]) => [
        id,
        customerUpdateDueFromFacts({
          priority: priority as 'urgent',
          status: status as 'new',
          openingPriority: opening as 'urgent',
          facts,
        }),
      ]),
    );
    expect(Object.fromEntries(rows.map((row) => [row.ticket_id, row.due?.toISOString() ?? null]))).toEqual(expected);
    expect(expected).toMatchObject({
      'opened-urgent': new Date(hour(2)).toISOString(),
      'raised-replied': new Date(hour(5)).toISOString(),
      'replied-raised': new Date(hour(6)).toISOString(),
      waiting: null,
      lowered: null,
    });
  });
});

describe("the customer inbox's tables, the inbox package's after the read-model migrations", () => {
  let live: ReturnType<typeof createReadModelDb>;
  let alone: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    const url = await createTestDatabase('projections-inbox-ddl');
    live = createReadModelDb(url);
    await sql`create schema inbox_alone`.execute(live);
    alone = createReadModelDb(url, { schema: 'inbox_alone' });
  });
  afterAll(async () => {
    await Promise.all([live?.destroy(), alone?.destroy()]);
  });

  /** Each column and index of the two tables in `schema`, with the schema's name taken out. */
  async function shapeOf<DB>(db: Kysely<DB>, schema: string) {
    const columns = await sql`
      select table_name, ordinal_position, column_name, data_type, udt_name, is_nullable, column_default
        from information_schema.columns
       where table_schema = ${schema} and table_name in ('customer_notifications', 'customer_notification_reads')
       order by table_name, ordinal_position`.execute(db);
    const indexes = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes
       where schemaname = ${schema} and tablename in ('customer_notifications', 'customer_notification_reads')
       order by indexname`.execute(db);
    return {
      columns: columns.rows,
      indexes: indexes.rows.map((row) => ({ ...row, indexdef: row.indexdef.replaceAll(`${schema}.`, '') })),
    };
  }

  it('keeps what a database migrated before held, and makes the same tables on its own', async () => {
    // The inbox as the read-model migrations left it before its DDL moved to the inbox package.
    await migrateReadModels(live, { to: '0040_customer_notification_reads' });
    await live
      .insertInto('customer_notifications')
      .values({
        notification_id: 'notification:ticket-a:2',
        customer_id: 'c',
        ticket_id: 'a',
        kind: 'info',
        template: 'ticket.resolved',
        title: 'Support ticket: Resolved',
        text: "Your ticket 'A' is resolved",
        channels: ['web'],
        created_at: '2025-03-03T09:00:00.000Z',
      })
      .execute();
    const readAt = new Date('2025-03-03T10:00:00.000Z');
    await live
      .insertInto('customer_notification_reads')
      .values({ customer_id: 'c', notification_id: 'notification:ticket-a:2', read_at: readAt })
      .execute();

    await migrateReadModels(live);
    await migrateReadModels(live);

    const inbox = await listCustomerNotifications(live, 'c');
    expect(inbox.items.map(({ notificationId, template, readAt }) => ({ notificationId, template, readAt }))).toEqual([
      { notificationId: 'notification:ticket-a:2', template: 'ticket.resolved', readAt },
    ]);
    await migrateCustomerInbox(alone);
    const made = await shapeOf(alone, 'inbox_alone');
    expect(made.columns).toHaveLength(13);
    expect(made).toEqual(await shapeOf(live, 'public'));
  });
});
