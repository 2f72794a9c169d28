import { createCommandBus } from '@support-engine/application';
import { streamId } from '@support-engine/domain';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldMailIdOf, holdMail, type MailToHold } from './hold.js';

const NOW = new Date('2026-11-28T09:00:00.000Z');
let store: PostgresEventStore;

const forged = (mailKey: string, body = 'Refund me elsewhere'): MailToHold => ({
  ticketId: 'ticket-1',
  reason: 'dmarc-failed',
  content: {
    body,
    mail: {
      messageId: mailKey.slice(4),
      mailKey,
      original: 'mail-raw-1',
      from: 'ada@example.com',
      mailbox: 'support@engine.example',
      authentication: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
    },
    subject: 'Re: [#ticket-1] Refund',
    from: 'Ada <ada@example.com>',
    receivedAt: NOW.toISOString(),
  },
});

beforeAll(async () => {
  store = createPostgresEventStore({ connectionString: await createTestDatabase('mail_hold'), clock: () => NOW });
  await migrateEventStore(store.db);
});

afterAll(async () => {
  await store.close();
});

describe('holding a message', () => {
  it('holds it once under an id derived from its key, however often it is processed', async () => {
    const bus = createCommandBus(store, () => NOW);
    const first = await holdMail(bus, forged('mid:forged-1@example.com'));
    expect(first.heldMailId).toBe(heldMailIdOf('mid:forged-1@example.com'));
    expect(first.heldMailId.length).toBeLessThanOrEqual(128);
    const again = await holdMail(bus, forged('mid:forged-1@example.com'));
    expect(again.heldMailId).toBe(first.heldMailId);
    const events = await store.readStream(streamId('heldmail', first.heldMailId));
    expect(events.map((event) => event.type)).toEqual(['MailHeld']);
    expect(events[0]?.data).toMatchObject({ ticketId: 'ticket-1', reason: 'dmarc-failed', actor: { role: 'system' } });
  });

  it('holds two messages under two ids, and refuses one with nothing to add (VALIDATION_FAILED), writing nothing', async () => {
    const bus = createCommandBus(store, () => NOW);
    const other = await holdMail(bus, forged('sha256:abc'));
    expect(other.heldMailId).not.toBe(heldMailIdOf('mid:forged-1@example.com'));
    await expect(holdMail(bus, forged('mid:empty@example.com', ''))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await store.readStream(streamId('heldmail', heldMailIdOf('mid:empty@example.com')))).toEqual([]);
  });
});
