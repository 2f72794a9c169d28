import { loadDeliveryConfig, readEmailConfirmation, runDeliveryService } from '@support-engine/delivery';
import { type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// An address a customer gives themself, over GraphQL with the delivery service sending real mail
// to a mail catcher: pending until confirmed through the signed link mailed to it (the only mail
// it gets), while notifications go on to the confirmed address; a customer is never told that
// another customer holds an address; and a ticket subject's links reach no mail as links.

const KEY = 'ab'.repeat(32);
const CONFIRM_URL = 'https://support.example.test/confirm-email?token={token}';
const DAY_MS = 24 * 3_600_000;
const SUBJECT = 'Login broken, see https://evil.example.test/login or write to help@evil.example.test';

let h: ApiHarness;
let admin: string;
let ana: string;
let mail: RunningMailCatcher;
const stopDelivery = new AbortController();
let delivering: Promise<void>;

const PROFILE = `query($id: ID!, $t: String) { customer(id: $id, consistencyToken: $t) {
  email pendingEmail { email expiresAt } } }`;
const UPDATE = `mutation($i: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $i) { consistencyToken } }`;
const CONFIRM = `mutation($token: String!) { confirmCustomerEmail(input: { token: $token }) { consistencyToken } }`;
const REGISTER = `mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { consistencyToken } }`;
const OPEN = `mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }`;

const profile = async (customerId: string, token: string, t: string) =>
  field<{ email: string | null; pendingEmail: { email: string; expiresAt: string } | null }>(
    await h.gql(PROFILE, { id: customerId, t }, token),
    'customer',
  );
const setEmail = async (customerId: string, email: string, token: string) =>
  field<{ consistencyToken: string }>(await h.gql(UPDATE, { i: { customerId, email } }, token), 'updateCustomerProfile')
    .consistencyToken;
const mailsTo = (address: string) => mail.messages().filter((message) => message.to.includes(address));
/** The token of the confirmation link in the `nth` mail to `address` (the first by default). */
async function linkTokenSentTo(address: string, nth = 0): Promise<string> {
  await mail.waitFor(() => mailsTo(address).length > nth, 20_000);
  const text = mailsTo(address)[nth]!.text;
  const match = /confirm-email\?token=(\S+)/.exec(text);
  if (!match) throw new Error(`no confirmation link in ${text}`);
  return decodeURIComponent(match[1]!);
}
/** Every email the outbox holds for `customerId`: to which address, about what. */
const emailsFor = async (customerId: string) =>
  (
    await h.delivery
      .selectFrom('deliveries')
      .select(['recipient', 'topic'])
      .where('person_id', '=', customerId)
      .where('channel', '=', 'email')
      .orderBy('position')
      .execute()
  ).map((row) => `${row.topic} → ${row.recipient}`);

beforeAll(async () => {
  h = await createApiHarness({ delivery: { emailConfirmation: { key: Buffer.from(KEY, 'hex'), validityMs: DAY_MS } } });
  admin = await h.token('admin', 'admin-1');
  ana = await h.token('customer', 'cust-ana');
  mail = await startMailCatcher();
  const config = loadDeliveryConfig({
    SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
    MAIL_FROM: 'Support <support@example.test>',
    DELIVERY_POLL_INTERVAL_MS: '50',
    EMAIL_CONFIRMATION_KEY: KEY,
    EMAIL_CONFIRMATION_URL: CONFIRM_URL,
  });
  const { store, delivery: db, connectionString } = h;
  const logger = pino({ level: 'silent' });
  delivering = runDeliveryService({ store, db, connectionString, config, logger }, stopDelivery.signal);
  field(
    await h.gql(REGISTER, { i: { customerId: 'cust-ana', name: 'Ana', email: 'ana@old.example.test' } }, admin),
    'registerCustomer',
  );
});
afterAll(async () => {
  stopDelivery.abort();
  await delivering;
  await h?.close();
  await mail?.stop();
});

describe('an address a customer gives themself', () => {
  let firstToken = '';

  it('is pending: the profile shows it, notifications go on to the confirmed address, only the link goes to it', async () => {
    const t = await setEmail('cust-ana', 'ana@new.example.test', ana);
    const pending = await profile('cust-ana', ana, t);
    expect(pending).toEqual({
      email: 'ana@old.example.test',
      pendingEmail: {
        email: 'ana@new.example.test',
        expiresAt: new Date(h.clock.now.getTime() + DAY_MS).toISOString(),
      },
    });
    field(
      await h.gql(OPEN, { i: { customerId: 'cust-ana', subject: SUBJECT, description: 'x', channel: 'web' } }, ana),
      'openTicket',
    );
    firstToken = await linkTokenSentTo('ana@new.example.test');
    await mail.waitFor(() => mailsTo('ana@old.example.test').length === 1, 20_000);
    expect(await emailsFor('cust-ana')).toEqual([
      'customer.email.confirm → ana@new.example.test',
      'ticket.opened → ana@old.example.test',
    ]);
    const [confirmation] = mailsTo('ana@new.example.test');
    expect(confirmation?.from).toContain('support@example.test');
    expect(confirmation?.subject).toBe('Support: Confirm your email address');
    expect(confirmation?.text).not.toContain('Login broken');
  });

  it("shows the ticket's subject in mail as inert text: no link, no address a mail client would link", async () => {
    const [opened] = mailsTo('ana@old.example.test');
    for (const body of [opened!.text, opened!.html ?? '']) {
      expect(body).not.toMatch(/https?:\/\//);
      expect(body).not.toContain('evil.example.test');
      expect(body).not.toContain('help@evil');
      // The reader still sees every character of it.
      expect(body.replaceAll('\u2060', '')).toContain(SUBJECT);
    }
    expect(opened!.html).not.toContain('<a ');
  });

  it('refuses a forged or altered link with EMAIL_CONFIRMATION_INVALID, writing nothing', async () => {
    const before = await h.eventCount();
    const [payload, signature] = firstToken.split('.');
    const altered = `${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    for (const token of [
      altered,
      'not-a-link',
      `${Buffer.from('[1,"cust-ana","x@y.z","2030-01-01T00:00:00.000Z"]').toString('base64url')}.${signature}`,
    ])
      expect(codes(await h.gql(CONFIRM, { token }, ana))).toEqual(['EMAIL_CONFIRMATION_INVALID']);
    // Another customer holding the link cannot attach the address to themself, nor to its customer.
    const eve = await h.token('customer', 'cust-eve');
    expect(codes(await h.gql(CONFIRM, { token: firstToken }, eve))).toEqual(['FORBIDDEN']);
    expect(await h.eventCount()).toBe(before);
  });

  it('switches the profile once confirmed, once: a replayed link is refused; mail then goes to the new address', async () => {
    const confirmed = field<{ consistencyToken: string }>(
      await h.gql(CONFIRM, { token: firstToken }, ana),
      'confirmCustomerEmail',
    );
    expect(await profile('cust-ana', ana, confirmed.consistencyToken)).toEqual({
      email: 'ana@new.example.test',
      pendingEmail: null,
    });
    expect(codes(await h.gql(CONFIRM, { token: firstToken }, ana))).toEqual(['EMAIL_CONFIRMATION_INVALID']);
    field(
      await h.gql(OPEN, { i: { customerId: 'cust-ana', subject: 'Second', description: 'x', channel: 'web' } }, ana),
      'openTicket',
    );
    await mail.waitFor(() => mailsTo('ana@new.example.test').length === 2, 20_000);
    expect((await emailsFor('cust-ana')).at(-1)).toBe('ticket.opened → ana@new.example.test');
  });

  it('refuses an expired link with EMAIL_CONFIRMATION_EXPIRED', async () => {
    await setEmail('cust-ana', 'ana@later.example.test', ana);
    const token = await linkTokenSentTo('ana@later.example.test');
    h.clock.now = new Date(h.clock.now.getTime() + DAY_MS);
    expect(codes(await h.gql(CONFIRM, { token }, ana))).toEqual(['EMAIL_CONFIRMATION_EXPIRED']);
  });
});

describe("another customer's address", () => {
  it('is accepted as pending without a word about its holder, and its real owner can still register', async () => {
    const bob = await h.token('customer', 'cust-bob');
    field(await h.gql(REGISTER, { i: { customerId: 'cust-bob', name: 'Bob' } }, bob), 'registerCustomer');
    // Ana holds this one: Bob is answered as for any address.
    const held = await h.gql(UPDATE, { i: { customerId: 'cust-bob', email: 'ANA@new.example.test' } }, bob);
    expect(codes(held)).toEqual([]);
    // Nobody holds this one yet: Bob's pending request does not keep its real owner out.
    const t = await setEmail('cust-bob', 'owner@example.test', bob);
    expect((await profile('cust-bob', bob, t)).pendingEmail?.email).toBe('owner@example.test');
    const owner = await h.token('customer', 'cust-owner');
    field(
      await h.gql(REGISTER, { i: { customerId: 'cust-owner', name: 'Owner', email: 'owner@example.test' } }, owner),
      'registerCustomer',
    );
    field(
      await h.gql(REGISTER, { i: { customerId: 'cust-owner-2', name: 'Owner', email: 'owner@example.test' } }, admin),
      'registerCustomer',
    );
    // Bob's link, were he to get hold of it, gives him no address another customer holds, and
    // the refusal names nobody. The owner registering themself was mailed a link too, and the two
    // may arrive in either order: Bob's is the one that names him.
    const links = await Promise.all([0, 1].map((nth) => linkTokenSentTo('owner@example.test', nth)));
    const token = links.find((link) => readEmailConfirmation(link, Buffer.from(KEY, 'hex'))?.customerId === 'cust-bob');
    if (token === undefined) throw new Error('no link for cust-bob among those mailed to owner@example.test');
    const before = await h.eventCount();
    const refused = await h.gql(CONFIRM, { token }, bob);
    expect(codes(refused)).toEqual(['EMAIL_CONFIRMATION_REFUSED']);
    expect(JSON.stringify(refused)).not.toContain('cust-owner');
    expect(await h.eventCount()).toBe(before);
  });
});
