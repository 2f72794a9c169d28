import type { TicketCallback } from '@support-engine/domain/ticket';
import { getTicket, type ReadModelTables } from '@support-engine/projections';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiContext } from '../graphql/context.js';
import { type ApiHarness, createApiHarness, field } from '../testing/harness.fixture.js';
import { ticketCallbacks } from './callbacks.js';
import { ticketMessagesLoader } from './ticket-messages-loader.js';

// A list page's `messages` fields, and its callbacks' numbers on file: one query for all its
// tickets, each ticket given its own.

let h: ApiHarness;
let counted: Kysely<ReadModelTables>;
const statements: string[] = [];
const ids = ['loader-1', 'loader-2', 'loader-3'];

beforeAll(async () => {
  h = await createApiHarness();
  counted = new Kysely<ReadModelTables>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: h.connectionString, max: 2 }) }),
    log: (event) => {
      if (event.level === 'query') statements.push(event.query.sql);
    },
  });
  const agent = await h.token('agent', 'al');
  for (const [customerId, phone] of [
    ['carl', '+33 1 23 45 67 89'],
    ['dana', '+44 20 7946 0000'],
  ])
    await h.gql(
      'mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { id } }',
      { i: { customerId, name: customerId, phone } },
      await h.token('admin', 'admin-1'),
    );
  let token = '';
  for (const ticketId of ids) {
    const opened = await h.gql(
      'mutation($i: OpenTicketInput!) { openTicket(input: $i) { consistencyToken } }',
      { i: { ticketId, customerId: 'carl', channel: 'web', subject: `About ${ticketId}`, description: 'It broke.' } },
      agent,
    );
    const replied = await h.gql(
      'mutation($i: ReplyToTicketInput!) { replyToTicket(input: $i) { consistencyToken } }',
      { i: { ticketId, body: 'Only staff see this', visibility: 'internal' } },
      agent,
    );
    token = field<{ consistencyToken: string }>(replied, 'replyToTicket').consistencyToken;
    expect(field(opened, 'openTicket')).toBeTruthy();
  }
  // Wait until the read model holds the last write.
  const caughtUp = await h.gql(
    'query($t: String) { tickets(consistencyToken: $t) { items { id } } customer(id: "dana", consistencyToken: $t) { customerId } }',
    { t: token },
    agent,
  );
  expect(caughtUp.errors).toBeUndefined();
});

afterAll(async () => {
  await counted?.destroy();
  await h?.close();
});

const contextOver = (db: Kysely<ReadModelTables>) => ({ services: { deps: { db } } }) as unknown as ApiContext;

describe("the loader of tickets' messages", () => {
  it('loads the tickets of one request together, in one query', async () => {
    const context = contextOver(counted);
    statements.length = 0;
    const loader = ticketMessagesLoader(context, { includeInternal: true, first: 100 });
    const loaded = await Promise.all(ids.map((id) => loader.load(id)));
    expect(statements).toHaveLength(1);
    for (const [i, id] of ids.entries()) {
      expect(loaded[i]).toEqual((await getTicket(h.db, id, { includeInternal: true }))?.messages);
      expect(loaded[i]).toHaveLength(2);
    }
  });

  it("keeps a customer's view apart: no internal note, even in the request that loaded staff's", async () => {
    const context = contextOver(counted);
    const staff = await ticketMessagesLoader(context, { includeInternal: true, first: 100 }).load('loader-1');
    const customer = await ticketMessagesLoader(context, { includeInternal: false, first: 100 }).load('loader-1');
    expect(staff.some((message) => message.internal)).toBe(true);
    expect(customer.map((message) => message.internal)).toEqual([false]);
    expect(ticketMessagesLoader(contextOver(counted), { includeInternal: true, first: 100 })).not.toBe(
      ticketMessagesLoader(context, { includeInternal: true, first: 100 }),
    );
  });
});

describe("the loader of callbacks' numbers on file", () => {
  it("reads the numbers of a request's customers together, each call given its customer's", async () => {
    const context = contextOver(counted);
    statements.length = 0;
    const requestedBy = { id: 'agent-1', role: 'agent' };
    const call = { callbackId: 'cb', phone: null, requestedBy } as unknown as TicketCallback;
    const booked = { callbackId: 'cb-booked', phone: '+15550100', requestedBy } as unknown as TicketCallback;
    const resolved = await Promise.all(
      ['carl', 'dana', 'carl', 'nobody'].map((customerId) =>
        ticketCallbacks({ customerId, callbacks: [call, booked] }, {}, context),
      ),
    );
    expect(statements).toHaveLength(1);
    expect(resolved.map((calls) => calls.map((c) => c.phone))).toEqual([
      ['+33123456789', '+15550100'],
      ['+442079460000', '+15550100'],
      ['+33123456789', '+15550100'],
      [null, '+15550100'],
    ]);
  });
});
