import { streamId } from '@support-engine/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// Callbacks over GraphQL: a customer books a call on their own ticket (the number normalized),
// sees it on the ticket; bad times, zones and numbers are typed refusals that write nothing;
// staff see the calls owed in the callbacks queue, and record the call made.

const CUSTOMER = 'cust-callback';
let h: ApiHarness;
let customer: string;
let agent: string;

const inHours = (n: number) => new Date(h.clock.now.getTime() + n * 3_600_000).toISOString();

const BOOK = `mutation($t: ID!, $at: DateTime!, $z: String!, $p: String, $c: ID) {
  scheduleCallback(input: { ticketId: $t, callbackId: $c, at: $at, timeZone: $z, phone: $p, reason: "The export fails" }) { id consistencyToken }
}`;
const CALLBACKS =
  'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { version callbacks { callbackId at timeZone phone reason status requestedBy { id role } outcome } } }';
const QUEUE =
  'query($t: String, $s: [CallbackStatus!]) { callbacks(status: $s, consistencyToken: $t) { ticketId subject callback { callbackId status outcome } } }';

/** The callbacks queue as staff read it at `t`, each entry with `fields` of its call. */
const queueAt = async <Call>(t: string, fields: string) =>
  field<{ ticketId: string; customerId: string; customerName: string | null; callback: Call }[]>(
    await h.gql(
      `query($t: String) { callbacks(consistencyToken: $t) { ticketId customerId customerName callback { ${fields} } } }`,
      { t },
      agent,
    ),
    'callbacks',
  );

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', 'agent-callback');
});
afterAll(async () => h?.close());

it('books, lists, refuses bad input with typed errors, and records the call made', async () => {
  const opened = await h.gql(
    `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "Export broken", description: "x", channel: web }) { id } }`,
    {},
    customer,
  );
  const ticketId = field<{ id: string }>(opened, 'openTicket').id;
  const at = inHours(3);
  const booked = await h.gql(
    BOOK,
    { t: ticketId, at, z: 'Europe/Paris', p: '+33 6 12 34 56 78', c: 'cb-export' },
    customer,
  );
  const token = field<{ consistencyToken: string }>(booked, 'scheduleCallback').consistencyToken;
  const read = async (as: string, t: string) =>
    field<{ version: number; callbacks: unknown[] }>(await h.gql(CALLBACKS, { id: ticketId, t }, as), 'ticket');
  const before = await read(customer, token);
  expect(before.callbacks).toEqual([
    {
      callbackId: 'cb-export',
      at,
      timeZone: 'Europe/Paris',
      phone: '+33612345678',
      reason: 'The export fails',
      status: 'scheduled',
      requestedBy: { id: CUSTOMER, role: 'customer' },
      outcome: null,
    },
  ]);

  // Refusals: each typed, none written.
  const refused = async (variables: Record<string, unknown>, as = customer) =>
    codes(
      await h.gql(BOOK, { t: ticketId, at: inHours(2), z: 'Europe/Paris', p: '+33 6 12 34 56 78', ...variables }, as),
    );
  expect(await refused({ at: inHours(-1) })).toEqual(['CALLBACK_IN_PAST']);
  expect(await refused({ z: 'Mars/Olympus' })).toEqual(['UNKNOWN_TIME_ZONE']);
  expect(await refused({ p: '0612' })).toEqual(['BAD_USER_INPUT']);
  expect(await refused({ c: 'cb-export' })).toEqual(['ALREADY_EXISTS']);
  // Another customer's ticket does not exist for them.
  expect(await refused({}, await h.token('customer', 'someone-else'))).toEqual(['NOT_FOUND']);
  expect((await read(agent, token)).version).toBe(before.version);

  // Staff work the queue of calls owed, and record the call; a customer may not.
  const queue = field<{ ticketId: string; callback: { callbackId: string } }[]>(
    await h.gql(QUEUE, { t: token }, agent),
    'callbacks',
  );
  expect(queue).toContainEqual({
    ticketId,
    subject: 'Export broken',
    callback: { callbackId: 'cb-export', status: 'scheduled', outcome: null },
  });
  expect(codes(await h.gql(QUEUE, {}, customer))).toEqual(['FORBIDDEN']);
  const complete = (as: string) =>
    h.gql(
      'mutation($t: ID!) { completeCallback(input: { ticketId: $t, callbackId: "cb-export", outcome: "Walked through it" }) { consistencyToken } }',
      { t: ticketId },
      as,
    );
  expect(codes(await complete(customer))).toEqual(['FORBIDDEN']);
  const done = field<{ consistencyToken: string }>(await complete(agent), 'completeCallback').consistencyToken;
  expect(codes(await complete(agent))).toEqual(['CALLBACK_NOT_OPEN']);
  const completed = field<{ callback: unknown }[]>(
    await h.gql(QUEUE, { t: done, s: ['completed'] }, agent),
    'callbacks',
  );
  expect(completed).toContainEqual({
    ticketId,
    subject: 'Export broken',
    callback: { callbackId: 'cb-export', status: 'completed', outcome: 'Walked through it' },
  });
  // The outcome is the team's note of the call: the customer sees the call completed, not the note.
  const outcomeFor = async (as: string) =>
    (await read(as, done)).callbacks.map((callback) => (callback as { outcome: string | null }).outcome);
  expect(await outcomeFor(agent)).toEqual(['Walked through it']);
  expect(await outcomeFor(customer)).toEqual([null]);
  const open = field<{ callback: { callbackId: string } }[]>(await h.gql(QUEUE, { t: done }, agent), 'callbacks');
  expect(open.map((entry) => entry.callback.callbackId)).not.toContain('cb-export');
});

it('calls the number on file when the booking names none, as the profile holds it now', async () => {
  const owner = 'cust-on-file';
  const as = await h.token('customer', owner);
  const profile = (input: string) =>
    h
      .gql(`mutation { ${input} { consistencyToken } }`, {}, as)
      .then((r) =>
        field<{ consistencyToken: string }>(
          r,
          input.startsWith('register') ? 'registerCustomer' : 'updateCustomerProfile',
        ),
      );
  await profile(`registerCustomer(input: { customerId: "${owner}", name: "Nora Blum", phone: "+49 30 1234567" })`);
  const opened = await h.gql(
    `mutation { openTicket(input: { customerId: "${owner}", subject: "Invoice wrong", description: "x", channel: web }) { id } }`,
    {},
    as,
  );
  const ticketId = field<{ id: string }>(opened, 'openTicket').id;
  const booked = await h.gql(BOOK, { t: ticketId, at: inHours(4), z: 'Europe/Berlin', c: 'cb-on-file' }, as);
  const token = field<{ consistencyToken: string }>(booked, 'scheduleCallback').consistencyToken;
  const phones = async (t: string) => {
    const ticket = field<{ callbacks: { phone: string | null }[] }>(
      await h.gql(CALLBACKS, { id: ticketId, t }, agent),
      'ticket',
    );
    const queue = (await queueAt<{ phone: string | null }>(t, 'callbackId phone')).filter(
      (entry) => entry.customerId === owner,
    );
    return { onTicket: ticket.callbacks.map((c) => c.phone), inQueue: queue };
  };
  expect(await phones(token)).toEqual({
    onTicket: ['+49301234567'],
    inQueue: [
      {
        ticketId,
        customerId: owner,
        customerName: 'Nora Blum',
        callback: { callbackId: 'cb-on-file', phone: '+49301234567' },
      },
    ],
  });
  // The call follows the profile: a new number on file is the one to dial; none left, none shown.
  const changed = await profile(`updateCustomerProfile(input: { customerId: "${owner}", phone: "+49 30 7654321" })`);
  expect((await phones(changed.consistencyToken)).onTicket).toEqual(['+49307654321']);
  const cleared = await profile(`updateCustomerProfile(input: { customerId: "${owner}", phone: "" })`);
  const none = await phones(cleared.consistencyToken);
  expect(none.onTicket).toEqual([null]);
  expect(none.inQueue.map((entry) => entry.callback.phone)).toEqual([null]);
});

it("shows a critical incident's own call, booked by the automation in UTC, in the customer's zone", async () => {
  const owner = 'cust-incident';
  const as = await h.token('customer', owner);
  const registered = await h.gql(
    `mutation { registerCustomer(input: { customerId: "${owner}", name: "Hélène Roux", timeZone: "europe/paris", phone: "+33 1 23 45 67 89" }) { id } }`,
    {},
    as,
  );
  expect(registered.errors).toBeUndefined();
  const opened = await h.gql(
    `mutation { openTicket(input: { customerId: "${owner}", subject: "Site down", description: "x", channel: web, priority: urgent }) { id } }`,
    {},
    as,
  );
  const ticketId = field<{ id: string }>(opened, 'openTicket').id;
  // What the ticket's workflow books when a policy promises a call for a critical incident.
  const incidentCall = `incident@${h.clock.now.toISOString()}`;
  const automation = await h.token('system', 'automation');
  const booked = await h.gql(BOOK, { t: ticketId, at: inHours(1), z: 'UTC', c: incidentCall }, automation);
  expect(booked.errors).toBeUndefined();
  // And a call the customer booked in a zone of their choosing keeps it.
  const travel = await h.gql(BOOK, { t: ticketId, at: inHours(5), z: 'America/New_York', c: 'cb-travel' }, as);
  const t = field<{ consistencyToken: string }>(travel, 'scheduleCallback').consistencyToken;
  const ticket = field<{ callbacks: { callbackId: string; timeZone: string }[] }>(
    await h.gql(CALLBACKS, { id: ticketId, t }, agent),
    'ticket',
  );
  expect(ticket.callbacks.map((c) => [c.callbackId, c.timeZone])).toEqual([
    [incidentCall, 'Europe/Paris'],
    ['cb-travel', 'America/New_York'],
  ]);
  const queue = (await queueAt<{ timeZone: string }>(t, 'callbackId timeZone')).filter(
    (entry) => entry.ticketId === ticketId,
  );
  expect(queue.map((entry) => entry.callback.timeZone)).toEqual(['Europe/Paris', 'America/New_York']);
});

it("keeps a call's zone as the time-zone database spells it, whatever the case it was typed in, an alias too", async () => {
  const opened = await h.gql(
    `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "Zones", description: "x", channel: web }) { id } }`,
    {},
    customer,
  );
  const ticketId = field<{ id: string }>(opened, 'openTicket').id;
  const typed = {
    'cb-montreal': 'america/montreal',
    'cb-eastern': 'us/eastern',
    'cb-paris': 'EUROPE/PARIS',
    'cb-kyiv': 'Europe/Kyiv',
  };
  let t = '';
  for (const [c, z] of Object.entries(typed)) {
    const booked = await h.gql(BOOK, { t: ticketId, at: inHours(4), z, p: '+33 6 12 34 56 78', c }, customer);
    t = field<{ consistencyToken: string }>(booked, 'scheduleCallback').consistencyToken;
  }
  const expected = [
    ['cb-montreal', 'America/Montreal'],
    ['cb-eastern', 'US/Eastern'],
    ['cb-paris', 'Europe/Paris'],
    // Spelled right, a name is kept as chosen: not turned into the runtime's older one (Europe/Kiev).
    ['cb-kyiv', 'Europe/Kyiv'],
  ];
  const ticket = field<{ callbacks: { callbackId: string; timeZone: string }[] }>(
    await h.gql(CALLBACKS, { id: ticketId, t }, agent),
    'ticket',
  );
  expect(ticket.callbacks.map((c) => [c.callbackId, c.timeZone])).toEqual(expected);
  const queue = (await queueAt<{ callbackId: string; timeZone: string }>(t, 'callbackId timeZone')).filter(
    (entry) => entry.ticketId === ticketId,
  );
  // The queue orders calls due at once by other keys: the same calls, in any order.
  expect(queue.map((entry) => [entry.callback.callbackId, entry.callback.timeZone]).sort()).toEqual(
    [...expected].sort(),
  );
});

it('refuses a call booked with no number to dial, none given and none on file, writing nothing', async () => {
  const owner = 'cust-no-phone';
  const as = await h.token('customer', owner);
  const opened = await h.gql(
    `mutation { openTicket(input: { customerId: "${owner}", subject: "Call me", description: "x", channel: web }) { id version } }`,
    {},
    as,
  );
  const { id: ticketId, version } = field<{ id: string; version: number }>(opened, 'openTicket');
  const refused = await h.gql(BOOK, { t: ticketId, at: inHours(4), z: 'Europe/Berlin', c: 'cb-nowhere' }, as);
  expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  expect(refused.errors?.[0]?.extensions?.issues).toEqual([
    { path: 'input.phone', message: expect.stringMatching(/no phone number on file/) },
  ]);
  expect((await h.store.readStream(streamId('ticket', ticketId))).length).toBe(version);
  // A number given, it is booked.
  const booked = await h.gql(
    BOOK,
    { t: ticketId, at: inHours(4), z: 'Europe/Berlin', p: '+49 30 7654321', c: 'cb-given' },
    as,
  );
  expect(booked.errors).toBeUndefined();
});
