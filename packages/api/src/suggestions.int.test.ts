import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// A proactive suggestion is visible to the customer it was made for (and to staff), by the id
// acceptSuggestion takes; no other customer sees it.

const CUSTOMER = 'cust-suggested';
let h: ApiHarness;
let customer: string;
let token: string;

const LIST =
  'query($c: ID!) { proactiveSuggestions(customerId: $c) { suggestionId customerId subject priority signals { type } } }';

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  const registered = await h.gql(
    `mutation { registerCustomer(input: { customerId: "${CUSTOMER}", name: "Sam Suggested" }) { consistencyToken } }`,
    {},
    customer,
  );
  token = field<{ consistencyToken: string }>(registered, 'registerCustomer').consistencyToken;
});
afterAll(async () => h?.close());

it('lists the pending suggestion for its customer and staff, and takes its id to open the ticket', async () => {
  expect(field(await h.gql(LIST, { c: CUSTOMER }, customer), 'proactiveSuggestions')).toEqual([]);
  let recordedToken = '';
  for (let i = 0; i < 3; i++) {
    const recorded = await h.gql(
      `mutation { recordCustomerActivity(input: { customerId: "${CUSTOMER}", signalType: login_failed }) { id consistencyToken } }`,
      {},
      customer,
    );
    expect(recorded.errors).toBeUndefined();
    recordedToken = field<{ consistencyToken: string }>(recorded, 'recordCustomerActivity').consistencyToken;
  }
  const [suggestion] = field<{ suggestionId: string; subject: string; priority: string; signals: unknown[] }[]>(
    await h.gql(LIST, { c: CUSTOMER }, customer),
    'proactiveSuggestions',
  );
  expect(suggestion).toMatchObject({ customerId: CUSTOMER, priority: 'normal' });
  expect(suggestion?.signals).toHaveLength(3);

  // The customer's inbox tells them too, with the id the answer takes and no ticket yet.
  const inbox = (as: string) =>
    h.gql(
      'query($t: String) { myNotifications(consistencyToken: $t) { items { ticketId suggestionId kind template title text } } }',
      { t: recordedToken },
      as,
    );
  expect(field<{ items: unknown[] }>(await inbox(customer), 'myNotifications').items).toEqual([
    {
      ticketId: null,
      suggestionId: suggestion!.suggestionId,
      kind: 'info',
      template: 'suggestion.offered',
      title: 'Support: Can we help?',
      text: `${suggestion!.subject} Accept our suggestion and a ticket is opened for you, with what we noticed.`,
    },
  ]);
  const stranger = await h.token('customer', 'someone-else');
  expect(field<{ items: unknown[] }>(await inbox(stranger), 'myNotifications').items).toEqual([]);

  expect(codes(await h.gql(LIST, { c: CUSTOMER }, stranger))).toEqual(['FORBIDDEN']);
  const staff = await h.gql(
    'query($c: ID!, $t: String) { customer(id: $c, consistencyToken: $t) { pendingSuggestions { suggestionId } } }',
    { c: CUSTOMER, t: token },
    await h.token('agent', 'agent-1'),
  );
  expect(field<{ pendingSuggestions: unknown[] }>(staff, 'customer').pendingSuggestions).toEqual([
    { suggestionId: suggestion!.suggestionId },
  ]);
  expect(
    field(await h.gql(LIST, { c: CUSTOMER }, await h.token('supervisor', 'lead-1')), 'proactiveSuggestions'),
  ).toEqual([suggestion]);

  const accepted = await h.gql(
    'mutation($c: ID!, $s: ID!) { acceptSuggestion(input: { customerId: $c, suggestionId: $s }) { ticketId consistencyToken } }',
    { c: CUSTOMER, s: suggestion!.suggestionId },
    customer,
  );
  const { ticketId, consistencyToken } = field<{ ticketId: string; consistencyToken: string }>(
    accepted,
    'acceptSuggestion',
  );
  expect(ticketId).toBeTruthy();
  expect(field(await h.gql(LIST, { c: CUSTOMER }, customer), 'proactiveSuggestions')).toEqual([]);

  // The ticket names the suggestion it was opened from, and the team lists a suggestion's tickets.
  const agent = await h.token('agent', 'agent-1');
  const opened = await h.gql(
    'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { suggestionId } }',
    { id: ticketId, t: consistencyToken },
    agent,
  );
  expect(field(opened, 'ticket')).toEqual({ suggestionId: suggestion!.suggestionId });
  const past = await h.gql(
    'query($id: ID!, $at: DateTime!) { ticket(id: $id, asOf: $at) { suggestionId } }',
    { id: ticketId, at: h.clock.now.toISOString() },
    agent,
  );
  expect(field(past, 'ticket')).toEqual({ suggestionId: suggestion!.suggestionId });
  const bySuggestion = (ids: string[]) =>
    h.gql(
      'query($s: [ID!]) { tickets(filter: { suggestionId: $s }) { items { id suggestionId } } }',
      { s: ids },
      agent,
    );
  expect(field<{ items: unknown[] }>(await bySuggestion([suggestion!.suggestionId, 'other']), 'tickets').items).toEqual(
    [{ id: ticketId, suggestionId: suggestion!.suggestionId }],
  );
  expect(field<{ items: unknown[] }>(await bySuggestion(['other']), 'tickets').items).toEqual([]);
});

it("speaks the customer's language: the suggestion, its notification and the ticket it opens in French for a French profile", async () => {
  const FRENCH = 'cust-francophone';
  const french = await h.token('customer', FRENCH);
  await h.gql(
    `mutation { registerCustomer(input: { customerId: "${FRENCH}", name: "Camille", language: "fr" }) { id } }`,
    {},
    french,
  );
  let recordedToken = '';
  for (let i = 0; i < 3; i++) {
    const recorded = await h.gql(
      `mutation { recordCustomerActivity(input: { customerId: "${FRENCH}", signalType: form_error }) { consistencyToken } }`,
      {},
      french,
    );
    recordedToken = field<{ consistencyToken: string }>(recorded, 'recordCustomerActivity').consistencyToken;
  }
  const [suggestion] = field<{ suggestionId: string; subject: string; description: string }[]>(
    await h.gql(
      'query($c: ID!) { proactiveSuggestions(customerId: $c) { suggestionId subject description } }',
      { c: FRENCH },
      french,
    ),
    'proactiveSuggestions',
  );
  expect(suggestion).toEqual({
    suggestionId: expect.any(String) as unknown,
    subject: 'Des difficultés à remplir un formulaire ?',
    description: expect.stringContaining('Nous avons remarqué 3 problèmes') as unknown,
  });
  const inbox = await h.gql(
    'query($t: String) { myNotifications(consistencyToken: $t) { items { title text } } }',
    { t: recordedToken },
    french,
  );
  expect(field<{ items: { title: string; text: string }[] }>(inbox, 'myNotifications').items).toEqual([
    {
      title: 'Support : Pouvons-nous vous aider ?',
      text: expect.stringMatching(/^Des difficultés à remplir un formulaire \?/),
    },
  ]);

  // Accepted, the ticket is written as the offer read, and its confirmation names it so.
  const accepted = await h.gql(
    'mutation($c: ID!, $s: ID!) { acceptSuggestion(input: { customerId: $c, suggestionId: $s }) { ticketId consistencyToken } }',
    { c: FRENCH, s: suggestion!.suggestionId },
    french,
  );
  const { ticketId, consistencyToken } = field<{ ticketId: string; consistencyToken: string }>(
    accepted,
    'acceptSuggestion',
  );
  const opened = field<{ subject: string; language: string; messages: { body: string }[] }>(
    await h.gql(
      'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { subject language messages { body } } }',
      { id: ticketId, t: consistencyToken },
      french,
    ),
    'ticket',
  );
  expect(opened).toMatchObject({ subject: 'Des difficultés à remplir un formulaire ?', language: 'fr' });
  expect(opened.messages[0]?.body).toMatch(
    /^Nous avons remarqué 3 problèmes [^?]*\.\n\nCe que nous avons remarqué :\n- \d{4}-\d\d-\d\d \d\d:\d\d UTC erreur de formulaire$/m,
  );
  const confirmed = await h.gql(
    'query($t: String) { myNotifications(consistencyToken: $t) { items { text } } }',
    { t: consistencyToken },
    french,
  );
  expect(field<{ items: { text: string }[] }>(confirmed, 'myNotifications').items[0]).toEqual({
    text: "Votre ticket 'Des difficultés à remplir un formulaire ?' a bien été reçu.",
  });
});
