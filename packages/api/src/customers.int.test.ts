import { CURSOR_PREFIX, encodeCursor } from '@support-engine/eventstore-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// Customer profiles over GraphQL: the profile with its tickets and chats, customer search, ticket
// search by the customer's email or name, and who may read or change what.

let h: ApiHarness;
let admin: string;
let agent: string;
let alice: string;
let bob: string;
let aliceTicket: string;

const code = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;
const CUSTOMER = `query($id: ID!) { customer(id: $id) {
  customerId name email company plan customerSince tickets { items { id subject } } chats { id } } }`;

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'admin-cust');
  agent = await h.token('agent', 'agent-cust');
  alice = await h.token('customer', 'cust-alice');
  bob = await h.token('customer', 'cust-bob');
  const register = (id: string, name: string, email: string, extra = '') =>
    h.gql(
      `mutation { registerCustomer(input: { customerId: "${id}", name: "${name}", email: "${email}"${extra} }) { id } }`,
      {},
      admin,
    );
  field(
    await register('cust-alice', 'Alice Martin', 'alice@example.com', ', company: "Acme", plan: "premium"'),
    'registerCustomer',
  );
  field(await register('cust-bob', 'Bob Keller', 'bob.keller@example.org'), 'registerCustomer');
  aliceTicket = field<{ id: string }>(
    await h.gql(
      'mutation { openTicket(input: { customerId: "cust-alice", subject: "Cannot export", description: "x", channel: web }) { id } }',
      {},
      alice,
    ),
    'openTicket',
  ).id;
  field(
    await h.gql(
      'mutation { startChat(input: { customerId: "cust-alice", firstMessage: { body: "Hi" } }) { id } }',
      {},
      alice,
    ),
    'startChat',
  );
});
afterAll(async () => h?.close());

describe('customers', () => {
  it('shows a customer with their profile, tickets and chats', async () => {
    await expect
      .poll(async () => (await h.gql(CUSTOMER, { id: 'cust-alice' }, agent)).data?.customer)
      .toMatchObject({ tickets: { items: [{ id: aliceTicket }] }, chats: [{}] });
    const profile = field<Record<string, unknown>>(await h.gql(CUSTOMER, { id: 'cust-alice' }, agent), 'customer');
    expect(profile).toMatchObject({
      name: 'Alice Martin',
      email: 'alice@example.com',
      company: 'Acme',
      plan: 'premium',
    });
    expect(profile.customerSince).toEqual(expect.any(String));
    // A cursor is good only for the list that handed it out: the ticket list's is not a customer's.
    const listCursor = encodeCursor({ at: new Date(), id: aliceTicket }, CURSOR_PREFIX.tickets);
    expect(
      codes(await h.gql('query($a: String) { tickets(after: $a) { nextCursor } }', { a: listCursor }, agent)),
    ).toEqual([]);
    const theirs = await h.gql(
      'query($id: ID!, $after: String) { customer(id: $id) { tickets(first: 1, after: $after) { nextCursor } } }',
      { id: 'cust-alice', after: listCursor },
      agent,
    );
    expect(codes(theirs)).toEqual(['BAD_USER_INPUT']);
    expect(field(await h.gql(CUSTOMER, { id: 'cust-alice' }, alice), 'customer')).toMatchObject({
      customerId: 'cust-alice',
    });
    expect(code(await h.gql(CUSTOMER, { id: 'cust-alice' }, bob))).toMatch(/FORBIDDEN|NOT_FOUND/);
  });

  it('dates an imported customer back to when they became one (staff only, never ahead)', async () => {
    const importOne = (token: string, id: string, since: string) =>
      h.gql(
        'mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { consistencyToken } }',
        { i: { customerId: id, name: 'Imported Ivy', customerSince: since } },
        token,
      );
    const { consistencyToken } = field<{ consistencyToken: string }>(
      await importOne(admin, 'cust-import', '2018-03-01T00:00:00Z'),
      'registerCustomer',
    );
    const ivy = field<{ customerSince: string; firstSeenAt: string }>(
      await h.gql(
        'query($id: ID!, $t: String) { customer(id: $id, consistencyToken: $t) { customerSince firstSeenAt } }',
        { id: 'cust-import', t: consistencyToken },
        agent,
      ),
      'customer',
    );
    expect(ivy.customerSince).toBe('2018-03-01T00:00:00.000Z');
    expect(Date.parse(ivy.firstSeenAt)).toBeGreaterThan(Date.parse(ivy.customerSince));
    expect(code(await importOne(admin, 'cust-later', '2999-01-01T00:00:00Z'))).toBe('BAD_USER_INPUT');
    const self = await h.token('customer', 'cust-self');
    expect(code(await importOne(self, 'cust-self', '2018-03-01T00:00:00Z'))).toBe('FORBIDDEN');
  });

  it('finds customers by name, email, company or plan, the exact email first; staff only', async () => {
    const search = async (text: string, token = agent) =>
      field<{ customerId: string }[]>(
        await h.gql('query($s: String!) { customers(search: $s) { customerId } }', { s: text }, token),
        'customers',
      ).map((c) => c.customerId);
    await expect.poll(() => search('keller')).toEqual(['cust-bob']);
    expect(await search('EXAMPLE')).toEqual(['cust-alice', 'cust-bob']);
    expect(await search('bob.keller@example.org')).toEqual(['cust-bob']);
    // A name's words in any order, as a team that writes the family name first types it.
    expect(await search('keller bob')).toEqual(['cust-bob']);
    expect(await search('keller alice')).toEqual([]);
    // By the company they work for, as a B2B team looks an account up.
    expect(await search('acme')).toEqual(['cust-alice']);
    // By their plan, whole and in any case, as a team lists its premium accounts; not by part of it.
    expect(await search(' PREMIUM ')).toEqual(['cust-alice']);
    expect(await search('premi')).toEqual([]);
    expect(await search('50%_')).toEqual([]);
    expect(code(await h.gql('{ customers(search: "a") { customerId } }', {}, alice))).toBe('FORBIDDEN');
  });

  it('puts the exact id first, ahead of customers without an email, then by name', async () => {
    const search = async (text: string) =>
      field<{ customerId: string }[]>(
        await h.gql('query($s: String!) { customers(search: $s) { customerId } }', { s: text }, agent),
        'customers',
      ).map((c) => c.customerId);
    const register = (input: Record<string, string>) =>
      h.gql('mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { id } }', { i: input }, admin);
    field(await register({ customerId: 'zed', name: 'Zed Zimmer', email: 'zed@zimmer.test' }), 'registerCustomer');
    field(await register({ customerId: 'zed-2', name: 'Aaron Zed' }), 'registerCustomer');
    field(await register({ customerId: 'zed-3', name: 'Abel Zed', email: 'abel@zimmer.test' }), 'registerCustomer');
    await expect.poll(() => search('zed')).toEqual(['zed', 'zed-2', 'zed-3']);
  });

  it('finds tickets by the customer’s email or name, and by their id', async () => {
    const tickets = async (text: string) =>
      field<{ items: { id: string }[] }>(
        await h.gql('query($s: String) { tickets(filter: { search: $s }) { items { id } } }', { s: text }, agent),
        'tickets',
      ).items.map((t) => t.id);
    await expect.poll(() => tickets('alice@example.com')).toEqual([aliceTicket]);
    expect(await tickets('Martin')).toEqual([aliceTicket]);
    expect(await tickets('bob.keller')).toEqual([]);
    // The customer's words join the ticket's in one query: several words, a phrase, an exclusion.
    expect(await tickets('Martin export')).toEqual([aliceTicket]);
    expect(await tickets('alice@example.com export')).toEqual([aliceTicket]);
    expect(await tickets('"Alice Martin"')).toEqual([aliceTicket]);
    expect(await tickets('alice -refund')).toEqual([aliceTicket]);
    expect(await tickets('Martin -export')).toEqual([]);
    expect(await tickets('Keller export')).toEqual([]);
    // Its id, as an agent pastes it; only whole.
    expect(await tickets(` ${aliceTicket} `)).toEqual([aliceTicket]);
    expect(await tickets(aliceTicket.slice(0, -2))).toEqual([]);
  });

  it('finds customers, tickets and chat messages whatever the accents, typed or written', async () => {
    field(
      await h.gql(
        'mutation { registerCustomer(input: { customerId: "cust-helene", name: "Hélène Dupré", email: "helene@example.fr" }) { id } }',
        {},
        admin,
      ),
      'registerCustomer',
    );
    const helene = await h.token('customer', 'cust-helene');
    const ticket = field<{ id: string }>(
      await h.gql(
        'mutation { openTicket(input: { customerId: "cust-helene", subject: "Problème de facture", description: "Le reçu est faux", channel: web }) { id } }',
        {},
        helene,
      ),
      'openTicket',
    ).id;
    const chat = field<{ id: string }>(
      await h.gql(
        'mutation { startChat(input: { customerId: "cust-helene", firstMessage: { body: "Mon paiement a échoué" } }) { id } }',
        {},
        helene,
      ),
      'startChat',
    ).id;
    const customers = async (text: string) =>
      field<{ customerId: string }[]>(
        await h.gql('query($s: String!) { customers(search: $s) { customerId } }', { s: text }, agent),
        'customers',
      ).map((c) => c.customerId);
    const tickets = async (text: string) =>
      field<{ items: { id: string }[] }>(
        await h.gql('query($s: String) { tickets(filter: { search: $s }) { items { id } } }', { s: text }, agent),
        'tickets',
      ).items.map((t) => t.id);
    const chatHits = async (text: string) =>
      field<{ items: { chatId: string }[] }>(
        await h.gql('query($s: String!) { searchChatMessages(text: $s) { items { chatId } } }', { s: text }, agent),
        'searchChatMessages',
      ).items.map((hit) => hit.chatId);
    await expect.poll(() => customers('helene')).toEqual(['cust-helene']);
    expect(await customers('DUPRE')).toEqual(['cust-helene']);
    await expect.poll(() => tickets('probleme')).toEqual([ticket]);
    expect(await tickets('recu')).toEqual([ticket]);
    expect(await tickets('helene')).toEqual([ticket]);
    await expect.poll(() => chatHits('echoue')).toEqual([chat]);
    // And the other way round: accents typed where the words have none.
    expect(await tickets('fâcture')).toEqual([ticket]);
    expect(await customers('hélène@example.fr')).toEqual(['cust-helene']);
    // Another form of a word, by its French or English stem: "factures" for "facture",
    // "paiements" for "paiement", "exports" for Alice's "export".
    expect(await tickets('factures')).toEqual([ticket]);
    expect(await chatHits('paiements')).toEqual([chat]);
    expect(await tickets('exports')).toEqual([aliceTicket]);
    expect(await tickets('exports -cannot')).toEqual([]);
  });

  it('keeps each email address to one customer, whatever its case; staff learn who holds it, customers nothing', async () => {
    const before = await h.eventCount();
    const taken = await h.gql(
      'mutation { registerCustomer(input: { customerId: "cust-alice-2", name: "Alice M.", email: "ALICE@example.com" }) { id } }',
      {},
      admin,
    );
    expect(code(taken)).toBe('CUSTOMER_EMAIL_TAKEN');
    expect(taken.errors?.[0]?.extensions?.customerId).toBe('cust-alice');
    expect(await h.eventCount()).toBe(before);
    // A customer giving themself a held address is answered as for any other: it is only pending
    // (docs/domain.md#customer-email-confirmation), and the holder keeps it.
    const carol = await h.token('customer', 'cust-carol');
    const signUp = await h.gql(
      'mutation { registerCustomer(input: { customerId: "cust-carol", name: "Carol", email: "bob.keller@example.org" }) { id } }',
      {},
      carol,
    );
    expect(signUp.errors).toBeUndefined();
    const steal = await h.gql(
      'mutation { updateCustomerProfile(input: { customerId: "cust-bob", email: "Alice@Example.com" }) { consistencyToken } }',
      {},
      bob,
    );
    const t = field<{ consistencyToken: string }>(steal, 'updateCustomerProfile').consistencyToken;
    const bobNow = await h.gql(
      'query($t: String) { customer(id: "cust-bob", consistencyToken: $t) { email pendingEmail { email } } }',
      { t },
      bob,
    );
    expect(field(bobNow, 'customer')).toEqual({
      email: 'bob.keller@example.org',
      pendingEmail: { email: 'Alice@Example.com' },
    });
  });

  it('updates a profile (the customer their own; an empty string clears a field)', async () => {
    const update = (token: string, input: Record<string, unknown>) =>
      h.gql(
        'mutation($i: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $i) { id version consistencyToken } }',
        { i: input },
        token,
      );
    // Her plan is staff's to change, not hers.
    expect(code(await update(alice, { customerId: 'cust-alice', plan: 'enterprise' }))).toBe('FORBIDDEN');
    field(await update(alice, { customerId: 'cust-alice', company: '' }), 'updateCustomerProfile');
    const { consistencyToken } = field<{ consistencyToken: string }>(
      await update(agent, { customerId: 'cust-alice', plan: 'enterprise' }),
      'updateCustomerProfile',
    );
    const after = field<Record<string, unknown>>(
      await h.gql(
        'query($id: ID!, $t: String) { customer(id: $id, consistencyToken: $t) { company plan name } }',
        { id: 'cust-alice', t: consistencyToken },
        agent,
      ),
      'customer',
    );
    expect(after).toEqual({ company: null, plan: 'enterprise', name: 'Alice Martin' });
    // A number on file, in international form; found by its digits; cleared by "".
    const phoned = field<{ consistencyToken: string }>(
      await update(alice, { customerId: 'cust-alice', phone: '+33 (0)6 12-34-56-78' }),
      'updateCustomerProfile',
    );
    const phoneOf = async (t: string) =>
      field<{ phone: string | null }>(
        await h.gql(
          'query($id: ID!, $t: String) { customer(id: $id, consistencyToken: $t) { phone } }',
          { id: 'cust-alice', t },
          agent,
        ),
        'customer',
      ).phone;
    expect(await phoneOf(phoned.consistencyToken)).toBe('+33612345678');
    const byPhone = async (text: string) =>
      field<{ customerId: string }[]>(
        await h.gql('query($s: String!) { customers(search: $s) { customerId } }', { s: text }, agent),
        'customers',
      ).map((c) => c.customerId);
    expect(await byPhone('12 34 56')).toEqual(['cust-alice']);
    expect(await byPhone('+33 06 99')).toEqual([]);
    // As the customer wrote it on a form (a trunk "(0)"), or as read out nationally (leading 0).
    expect(await byPhone('+33 (0)6 12 34 56 78')).toEqual(['cust-alice']);
    expect(await byPhone('06 12 34 56 78')).toEqual(['cust-alice']);
    expect(await byPhone('(06) 12-34')).toEqual(['cust-alice']);
    expect(code(await update(alice, { customerId: 'cust-alice', phone: '06 12 34 56 78' }))).toBe('BAD_USER_INPUT');
    const cleared = field<{ consistencyToken: string }>(
      await update(alice, { customerId: 'cust-alice', phone: '' }),
      'updateCustomerProfile',
    );
    expect(await phoneOf(cleared.consistencyToken)).toBeNull();
    expect(code(await update(bob, { customerId: 'cust-alice', plan: 'free' }))).toBe('FORBIDDEN');
    expect(code(await update(agent, { customerId: 'cust-alice', email: 'not an email' }))).toBe('BAD_USER_INPUT');
  });

  it('keeps the time zone a customer lives in, as the time-zone database spells it; an unknown one writes nothing', async () => {
    const update = (input: Record<string, unknown>) =>
      h.gql(
        'mutation($i: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $i) { id version consistencyToken } }',
        { i: { customerId: 'cust-bob', ...input } },
        bob,
      );
    const zoneOf = async (t: string) =>
      field<{ timeZone: string | null }>(
        await h.gql(
          'query($id: ID!, $t: String) { customer(id: $id, consistencyToken: $t) { timeZone } }',
          { id: 'cust-bob', t },
          agent,
        ),
        'customer',
      ).timeZone;
    const set = field<{ version: number; consistencyToken: string }>(
      await update({ timeZone: 'europe/zurich' }),
      'updateCustomerProfile',
    );
    expect(await zoneOf(set.consistencyToken)).toBe('Europe/Zurich');
    // An alias too, whatever the case it was typed in; spelled right, a name is kept as chosen.
    for (const [typed, spelled] of [
      ['america/montreal', 'America/Montreal'],
      ['us/eastern', 'US/Eastern'],
      ['ASIA/KOLKATA', 'Asia/Kolkata'],
      ['Europe/Kyiv', 'Europe/Kyiv'],
    ]) {
      const moved = field<{ consistencyToken: string }>(await update({ timeZone: typed }), 'updateCustomerProfile');
      expect([typed, await zoneOf(moved.consistencyToken)]).toEqual([typed, spelled]);
    }
    const back = field<{ version: number }>(await update({ timeZone: 'Europe/Zurich' }), 'updateCustomerProfile');
    expect(back.version).toBeGreaterThan(set.version);
    expect(code(await update({ timeZone: 'Europe/Atlantis' }))).toBe('UNKNOWN_TIME_ZONE');
    const again = field<{ version: number }>(await update({ name: 'Bob Keller' }), 'updateCustomerProfile');
    expect(again.version).toBe(back.version);
    const cleared = field<{ consistencyToken: string }>(await update({ timeZone: '' }), 'updateCustomerProfile');
    expect(await zoneOf(cleared.consistencyToken)).toBeNull();
  });
});

describe("a ticket's language", () => {
  it("is the customer's profile language when the ticket names none, and the one it names otherwise", async () => {
    const carla = await h.token('customer', 'cust-carla');
    field(
      await h.gql(
        'mutation { registerCustomer(input: { customerId: "cust-carla", name: "Carla Rossi", language: "fr" }) { id } }',
        {},
        admin,
      ),
      'registerCustomer',
    );
    const open = async (language: string) =>
      field<{ consistencyToken: string; id: string }>(
        await h.gql(
          `mutation { openTicket(input: { customerId: "cust-carla", subject: "Facture", description: "x", channel: web${language} }) { id consistencyToken } }`,
          {},
          carla,
        ),
        'openTicket',
      );
    const languageOf = async ({ id, consistencyToken }: { id: string; consistencyToken: string }) =>
      field<{ language: string | null }>(
        await h.gql(
          'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { language } }',
          { id, t: consistencyToken },
          agent,
        ),
        'ticket',
      ).language;
    expect(await languageOf(await open(''))).toBe('fr');
    expect(await languageOf(await open(', language: "en"'))).toBe('en');
    // Bob's profile names no language: neither does his ticket.
    const bobs = field<{ consistencyToken: string; id: string }>(
      await h.gql(
        'mutation { openTicket(input: { customerId: "cust-bob", subject: "Login", description: "x", channel: web }) { id consistencyToken } }',
        {},
        bob,
      ),
      'openTicket',
    );
    expect(await languageOf(bobs)).toBeNull();
  });
});
