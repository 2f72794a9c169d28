import { afterAll, beforeAll, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import { agent, createHarness, customer, type Harness, hoursAfter, SYSTEM, T0 } from '../testing/harness.fixture.js';
import { liveBoard } from './live-board.js';

// The live board's recent SLA breaches leave out the tickets thrown away as spam or invalid, as
// every SLA figure does.

let h: Harness;
const projection = createTicketsProjection();

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

it('counts a breach of the last hour, but not once its ticket is closed as spam', async () => {
  for (const ticketId of ['breached', 'thrown-away']) {
    await h.desk.ticket(
      {
        type: 'OpenTicket',
        data: { ticketId, customerId: `c-${ticketId}`, subject: 'Help', description: 'Please', channel: 'web' },
      },
      customer(`c-${ticketId}`),
      T0,
    );
    await h.desk.ticket(
      {
        type: 'RecordSlaBreach',
        data: { ticketId, metric: 'first_response', dueAt: hoursAfter(T0, 1).toISOString() },
      },
      SYSTEM,
      hoursAfter(T0, 1),
    );
  }
  await catchUp({ store: h.store, db: h.db, projection });
  expect((await liveBoard(h.db, hoursAfter(T0, 1.5))).slaBreachesLastHour).toBe(2);

  await h.desk.ticket({ type: 'CloseAsSpam', data: { ticketId: 'thrown-away' } }, agent('ag-1'), hoursAfter(T0, 1.6));
  await catchUp({ store: h.store, db: h.db, projection });
  expect((await liveBoard(h.db, hoursAfter(T0, 1.7))).slaBreachesLastHour).toBe(1);
});
