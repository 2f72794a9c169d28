import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDue, type DeliveryDb } from './outbox.js';
import { createOutboxDb, put, webhookDelivery } from './testing/outbox-db.fixture.js';

describe('claiming due deliveries', () => {
  let db: DeliveryDb;

  beforeEach(async () => {
    ({ db } = await createOutboxDb('outbox_claim'));
  });

  afterEach(async () => {
    await db.destroy();
  });

  const claim = (limit: number, perRecipient: number, saturated: string[] = []) =>
    claimDue(db, { channel: 'webhook', limit, perRecipient, saturated, leaseMs: 60_000 });
  const ids = (claimed: Awaited<ReturnType<typeof claim>>) => claimed.map((d) => d.deliveryId).sort();

  it('takes only the head of each endpoint-and-ticket line, and the next once the head is no longer pending', async () => {
    await put(db, [
      webhookDelivery('crm', 't1', 1),
      webhookDelivery('crm', 't1', 2),
      webhookDelivery('crm', 't2', 1),
      webhookDelivery('erp', 't1', 1),
    ]);
    expect(ids(await claim(10, 10))).toEqual([
      'evt_ticket-t1_1:webhook:crm',
      'evt_ticket-t1_1:webhook:erp',
      'evt_ticket-t2_1:webhook:crm',
    ]);
    // The head is leased, not delivered: its successor still waits.
    expect(await claim(10, 10)).toEqual([]);
    await db
      .updateTable('deliveries')
      .set({ status: 'delivered' })
      .where('delivery_id', '=', 'evt_ticket-t1_1:webhook:crm')
      .execute();
    expect(ids(await claim(10, 10))).toEqual(['evt_ticket-t1_2:webhook:crm']);
  });

  it('reaches deliveries behind a long line whose head is in flight (the rows it cannot take do not use up a claim)', async () => {
    // 1,500 events of one ticket to one endpoint, then one each of five other tickets.
    await put(
      db,
      Array.from({ length: 1_500 }, (_, n) => webhookDelivery('crm', 'busy', n + 1)),
    );
    await put(
      db,
      Array.from({ length: 5 }, (_, n) => webhookDelivery('crm', `quiet${n}`, 1)),
    );
    expect(ids(await claim(1, 16))).toEqual(['evt_ticket-busy_1:webhook:crm']);
    expect(await claim(10, 16)).toHaveLength(5);
  });

  it('gives one recipient at most its share per claim; the next claim, with it saturated, reaches the others behind it', async () => {
    await put(
      db,
      Array.from({ length: 300 }, (_, n) => webhookDelivery('slow', `s${n}`, 1)),
    );
    await put(
      db,
      Array.from({ length: 5 }, (_, n) => webhookDelivery('fast', `f${n}`, 1)),
    );
    const first = await claim(20, 16);
    expect(first.filter((d) => d.recipient === 'slow').length).toBeLessThanOrEqual(16);
    const second = await claim(20, 16, ['slow']);
    expect(second.map((d) => d.recipient)).toEqual(['fast', 'fast', 'fast', 'fast', 'fast']);
  });
});
