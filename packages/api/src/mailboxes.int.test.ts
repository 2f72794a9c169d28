import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// Mailboxes as data over GraphQL: admins configure and remove them (events on the mailbox
// configuration stream, listed by the mailboxes read model); staff read the active ones; every
// refusal has its stable code and writes nothing; admins' screens follow each other's changes.

let h: ApiHarness;
let baseUrl: string;
let admin: string;
let agent: string;

interface MailboxRow {
  address: string;
  name: string;
  category: string | null;
  language: string | null;
  priority: string | null;
  active: boolean;
  version: number;
}

const MAILBOX_FIELDS = 'address name category language priority active version';
const CONFIGURE = `mutation($input: ConfigureMailboxInput!) { configureMailbox(input: $input) { id version consistencyToken } }`;
const code = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;

async function configure(input: Record<string, unknown>, token = admin) {
  return h.gql(CONFIGURE, { input }, token);
}
async function list(token: string, variables: Record<string, unknown> = {}): Promise<MailboxRow[]> {
  return field<MailboxRow[]>(
    await h.gql(
      `query($t: String, $all: Boolean) { mailboxes(consistencyToken: $t, includeInactive: $all) { ${MAILBOX_FIELDS} } }`,
      variables,
      token,
    ),
    'mailboxes',
  );
}

beforeAll(async () => {
  // The deployment names its SMTP ingress: every mailbox says where its mail is delivered.
  h = await createApiHarness({ config: { mailInAddress: 'mx.example.com:2525' } });
  baseUrl = await listen(h.app);
  admin = await h.token('admin', 'admin-mail');
  agent = await h.token('agent', 'agent-mail');
  field(
    await h.gql(
      'mutation { createTicketCategory(input: { categoryId: "billing", definition: { name: "Billing" } }) { id } }',
      {},
      admin,
    ),
    'createTicketCategory',
  );
});
afterAll(async () => h?.close());

describe('mailboxes', () => {
  it('configures a mailbox by its lower-cased address, lists it, and replaces it with a new version', async () => {
    const added = field<{ id: string; consistencyToken: string }>(
      await configure({
        address: 'Billing@Example.com',
        name: 'Billing',
        category: 'billing',
        language: 'FR',
        priority: 'high',
        adding: true,
      }),
      'configureMailbox',
    );
    expect(added.id).toBe('billing@example.com');
    expect(await list(agent, { t: added.consistencyToken })).toContainEqual({
      address: 'billing@example.com',
      name: 'Billing',
      category: 'billing',
      language: 'fr',
      priority: 'high',
      active: true,
      version: 1,
    });
    const replaced = field<{ consistencyToken: string }>(
      await configure({ address: 'billing@example.com', name: 'Invoices', category: 'billing' }),
      'configureMailbox',
    );
    const [row] = (await list(agent, { t: replaced.consistencyToken })).filter(
      (m) => m.address === 'billing@example.com',
    );
    expect(row).toMatchObject({ name: 'Invoices', language: null, priority: null, version: 2 });
  });

  it('shows an inactive mailbox to admins only, and removes a mailbox', async () => {
    const done = field<{ consistencyToken: string }>(
      await configure({ address: 'old@example.com', name: 'Old', active: false }),
      'configureMailbox',
    );
    expect((await list(agent, { t: done.consistencyToken })).map((m) => m.address)).not.toContain('old@example.com');
    expect(code(await h.gql('{ mailboxes(includeInactive: true) { address } }', {}, agent))).toBe('FORBIDDEN');
    expect(await list(admin, { t: done.consistencyToken, all: true })).toContainEqual(
      expect.objectContaining({ address: 'old@example.com', active: false }),
    );
    const removed = field<{ consistencyToken: string }>(
      await h.gql('mutation { removeMailbox(input: { address: "OLD@example.com" }) { consistencyToken } }', {}, admin),
      'removeMailbox',
    );
    expect((await list(admin, { t: removed.consistencyToken, all: true })).map((m) => m.address)).not.toContain(
      'old@example.com',
    );
  });

  it('refuses with stable codes and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ address: 'support+vip@example.com', name: 'VIP' }, 'MAILBOX_SUB_ADDRESS'],
      [{ address: 'billing@example.com', name: 'Again', adding: true }, 'MAILBOX_ADDRESS_TAKEN'],
      [{ address: 'sales@example.com', name: 'Sales', category: 'sales' }, 'MAILBOX_CATEGORY_UNKNOWN'],
      [{ address: 'not an address', name: 'Nope' }, 'BAD_USER_INPUT'],
      [{ address: 'x@example.com', name: '' }, 'BAD_USER_INPUT'],
      [{ address: 'x@example.com', name: 'X', language: 'not a tag!' }, 'BAD_USER_INPUT'],
    ];
    for (const [input, expected] of cases) expect(code(await configure(input)), JSON.stringify(input)).toBe(expected);
    expect(code(await configure({ address: 'agent@example.com', name: 'Mine' }, agent))).toBe('FORBIDDEN');
    expect(
      code(await h.gql('mutation { removeMailbox(input: { address: "none@example.com" }) { id } }', {}, admin)),
    ).toBe('NOT_FOUND');
    const addresses = (await list(admin, { all: true })).map((m) => m.address);
    for (const refused of ['support+vip@example.com', 'sales@example.com', 'x@example.com', 'agent@example.com'])
      expect(addresses).not.toContain(refused);
  });

  it('says where mail for a mailbox is delivered, to staff reading the mailboxes, and to nobody else', async () => {
    const { consistencyToken } = field<{ consistencyToken: string }>(
      await configure({ address: 'smtp@example.com', name: 'Delivered', adding: true }),
      'configureMailbox',
    );
    const query = 'query($t: String) { mailboxes(consistencyToken: $t) { address smtpServer } }';
    const rows = field<{ address: string; smtpServer: string | null }[]>(
      await h.gql(query, { t: consistencyToken }, agent),
      'mailboxes',
    );
    expect(rows.find((row) => row.address === 'smtp@example.com')?.smtpServer).toBe('mx.example.com:2525');
    const customer = await h.token('customer', 'customer-mail');
    expect(code(await h.gql(query, { t: consistencyToken }, customer))).toBe('FORBIDDEN');
    expect(code(await h.gql(query, { t: consistencyToken }))).toBe('UNAUTHENTICATED');
  });

  it('sends admins every mailbox after another admin’s change', async () => {
    const sub = await subscribe(baseUrl, `subscription { mailboxesUpdated { ${MAILBOX_FIELDS} } }`, {}, admin);
    try {
      field(await configure({ address: 'live@example.com', name: 'Live', active: false }), 'configureMailbox');
      for (;;) {
        const payload = await sub.next();
        expect(payload.errors).toBeUndefined();
        const rows = payload.data?.mailboxesUpdated as MailboxRow[];
        if (rows.some((m) => m.address === 'live@example.com')) {
          expect(rows.find((m) => m.address === 'live@example.com')?.active).toBe(false);
          break;
        }
      }
    } finally {
      await sub.close();
    }
  });
});
