import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../../projector.js';
import { getCustomer } from '../../queries/customers.js';
import { agent, createHarness, type Harness, hoursAfter, SYSTEM, T0 } from '../../testing/harness.fixture.js';
import { createTicketsProjection } from './projection.js';

describe('a customer’s soft bounces in the read model', () => {
  let h: Harness;
  const projection = createTicketsProjection();

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('show when their address last failed for now, until it changes to another mailbox', async () => {
    await h.desk.customer(
      { type: 'RegisterCustomer', data: { customerId: 'erin', name: 'Erin', email: 'erin@example.test' } },
      agent('agent-a'),
      T0,
    );
    await catchUp({ store: h.store, db: h.db, projection });
    expect(await getCustomer(h.db, 'erin')).toMatchObject({ emailSoftBouncedAt: null, emailBounced: null });

    const soft = (at: Date) =>
      h.desk.customer(
        {
          type: 'RecordEmailSoftBounce',
          data: { customerId: 'erin', address: 'Erin@example.test', reason: '4.2.2 mailbox full' },
        },
        SYSTEM,
        at,
      );
    await soft(hoursAfter(T0, 1));
    await soft(hoursAfter(T0, 2));
    await catchUp({ store: h.store, db: h.db, projection });
    expect(await getCustomer(h.db, 'erin')).toMatchObject({
      emailSoftBouncedAt: hoursAfter(T0, 2),
      emailBounced: null,
    });

    // The third within a week: a hard bounce.
    await soft(hoursAfter(T0, 3));
    await catchUp({ store: h.store, db: h.db, projection });
    expect(await getCustomer(h.db, 'erin')).toMatchObject({
      emailSoftBouncedAt: hoursAfter(T0, 3),
      emailBounced: 'erin@example.test',
    });

    await h.desk.customer(
      { type: 'UpdateCustomerProfile', data: { customerId: 'erin', email: 'erin@new.example' } },
      agent('agent-a'),
      hoursAfter(T0, 4),
    );
    await catchUp({ store: h.store, db: h.db, projection });
    expect(await getCustomer(h.db, 'erin')).toMatchObject({ emailSoftBouncedAt: null, emailBounced: null });
  });
});
