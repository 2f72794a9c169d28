import { createTestDatabase } from '@support-engine/servers/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CustomerNotificationRow,
  saveCustomerNotifications,
  unreadCustomerNotifications,
} from './customer-inbox.js';
import { type CustomerInboxTables, migrateCustomerInbox } from './schema.js';

describe('the customer inbox', () => {
  let db: Kysely<CustomerInboxTables>;

  beforeAll(async () => {
    const connectionString = await createTestDatabase('inbox-customer');
    db = new Kysely<CustomerInboxTables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString }) }) });
    await migrateCustomerInbox(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('saves more rows at once than one statement can bind (a rebuild batch of 7,000 events)', async () => {
    const rows: CustomerNotificationRow[] = Array.from({ length: 7_000 }, (_, n) => ({
      notification_id: `notification:ticket-${n}:1`,
      customer_id: 'many',
      ticket_id: `${n}`,
      suggestion_id: null,
      kind: 'info',
      template: 'ticket.resolved',
      title: 'Support ticket: Resolved',
      text: `Your ticket '${n}' is resolved`,
      channels: ['web'],
      created_at: '2025-03-03T09:00:00.000Z',
    }));
    await db.transaction().execute((trx) => saveCustomerNotifications(trx, rows));
    expect(await unreadCustomerNotifications(db, 'many')).toBe(7_000);
  });
});
