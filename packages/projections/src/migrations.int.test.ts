import { createTestDatabase } from '@support-engine/servers/testing';
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
