import { isStorableText, Role, UNSTORABLE_TEXT_MESSAGE } from '@support-engine/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY, roleAllows } from './auth/policy.js';
import { COMMANDS, inputTypeName, type MutationName } from './commands/table.js';
import { API_ERROR_CODES } from './errors/codes.js';
import {
  GraphQLID,
  type GraphQLInputType,
  GraphQLString,
  getNullableType,
  isInputObjectType,
  isListType,
  Kind,
  parse,
  typeFromAST,
} from './graphql/engine.js';
import { createApiSchema } from './graphql/schema.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, codes, createApiHarness } from './testing/harness.fixture.js';
import { CALLABLE, FIXTURES } from './testing/operations.fixture.js';

// Hostile input at every mutation over HTTP. Each sample is guaranteed to be refused (bad or
// missing credentials, a role the policy refuses, or input no schema accepts), so the log must
// not move; and whatever comes back must be a known error code, never a 500.

const HOSTILE_STRINGS = [
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose.
  '${process.exit(1)}',
  '{{7*7}}',
  '../../etc/passwd',
  '\u0000\u202e\ud800',
  '__proto__',
  'constructor',
];

/** Text PostgreSQL cannot store: a NUL or an unpaired surrogate amid ordinary characters. */
const unstorableText = fc
  .tuple(fc.string(), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'), fc.string())
  .map(([before, bad, after]) => before + bad + after);

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  unstorableText,
  fc.string({ unit: 'binary' }),
  fc.nat({ max: 50_000 }).map((n) => 'x'.repeat(20_001 + n)),
);

/**
 * Values of the wrong kind for any field (objects, arrays, numbers where strings belong, ...).
 * Never one JSON sends as null or leaves out (NaN, Infinity, undefined): that is an absent field,
 * which an optional field accepts.
 */
const wrongValue = fc
  .oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.array(fc.anything(), { maxLength: 5 }),
    fc.dictionary(fc.string(), fc.anything(), { maxKeys: 5 }),
    fc.anything({ maxDepth: 6 }),
  )
  .filter((value) => !['null', undefined].includes(JSON.stringify(value)));

/** Input that neither GraphQL nor zod accepts. */
function invalidInput(name: MutationName) {
  const fields = Object.keys(COMMANDS[name].input.shape);
  const wellTyped = fc.record(Object.fromEntries(fields.map((field) => [field, hostileString])));
  return fc.oneof(
    // Not an object at all.
    fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything())),
    // An unknown field next to well-typed ones.
    fc
      .tuple(
        wellTyped,
        fc.string({ minLength: 1 }).filter((key) => !fields.includes(key)),
        fc.anything(),
      )
      .map(([input, key, value]) => ({ ...input, [key]: value })),
    // A field of the wrong type (not one the command's schema takes as it is: an empty array
    // is a wrong value for most fields, but a valid list of view ids to reorder).
    fc
      .tuple(wellTyped, fc.constantFrom(...fields), wrongValue)
      .map(([input, field, value]) => ({ ...input, [field]: value }))
      .filter((input) => !COMMANDS[name].input.safeParse(input).success),
    // Every field a string far over any limit the domain sets.
    fc.constant(Object.fromEntries(fields.map((field) => [field, 'y'.repeat(30_000)]))),
  );
}

/** Any input, even one a schema would accept: sent only without a usable, allowed credential. */
function anyInput(name: MutationName) {
  const fields = Object.keys(COMMANDS[name].input.shape);
  return fc.oneof(fc.record(Object.fromEntries(fields.map((field) => [field, hostileString]))), fc.anything());
}

let h: ApiHarness;
const tokens = new Map<string, string>();

beforeAll(async () => {
  h = await createApiHarness();
  for (const role of Role.options) tokens.set(role, await h.token(role, `${role}-fuzz`));
});
afterAll(async () => h?.close());

type Auth = { kind: 'none' } | { kind: 'garbage'; header: string } | { kind: 'role'; role: Role };

function authHeader(auth: Auth): Record<string, string> {
  if (auth.kind === 'none') return {};
  if (auth.kind === 'garbage') return { authorization: auth.header };
  return { authorization: `Bearer ${tokens.get(auth.role)}` };
}

describe.each(Object.keys(COMMANDS) as MutationName[])('%s', (name) => {
  const denied = Role.options.filter((role) => !roleAllows(name, role));
  const refusedAuth: fc.Arbitrary<Auth> = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.oneof(fc.string(), fc.constantFrom('Bearer', 'Bearer x.y.z', `Bearer ${'a'.repeat(5000)}`)).map((header) => ({
      kind: 'garbage' as const,
      header: header.replace(/[\r\n]/g, ''),
    })),
    ...(denied.length ? [fc.constantFrom(...denied).map((role) => ({ kind: 'role' as const, role }))] : []),
  );
  const anyAuth: fc.Arbitrary<Auth> = fc.oneof(
    refusedAuth,
    fc.constantFrom(...Role.options).map((role) => ({ kind: 'role' as const, role })),
  );
  const sample = fc.oneof(fc.tuple(refusedAuth, anyInput(name)), fc.tuple(anyAuth, invalidInput(name)));

  it('refuses hostile input with a known code and writes nothing', async () => {
    // Mutations answering with a type of their own are read through __typename, which every type has.
    const selection = COMMANDS[name].returns === undefined ? 'id version' : '__typename';
    const query = `mutation($input: ${inputTypeName(name)}!, $commandId: ID) { ${name}(input: $input, commandId: $commandId) { ${selection} } }`;
    await fc.assert(
      fc.asyncProperty(sample, fc.option(hostileString), async ([auth, input], commandId) => {
        const before = await h.eventCount();
        const response = await h.app.inject({
          method: 'POST',
          url: GRAPHQL_PATH,
          headers: { 'content-type': 'application/json', ...authHeader(auth) },
          payload: JSON.stringify({ query, variables: { input, commandId } }),
        });
        expect(response.statusCode).toBeLessThan(500);
        const found = codes({ status: response.statusCode, ...JSON.parse(response.body) });
        expect(found.length).toBeGreaterThan(0);
        for (const code of found) expect(API_ERROR_CODES).toContain(code);
        expect(await h.eventCount()).toBe(before);
      }),
      { numRuns: 30 },
    );
  });
});

// The new inputs of notification delivery, as an admin, customer or staff member would send them:
// each sample breaks at least one rule, and is refused with that rule's code, never INTERNAL.
describe('delivery inputs', () => {
  const expectRefused = async (query: string, input: unknown, role: Role, allowed: readonly string[]) => {
    const before = await h.eventCount();
    const response = await h.gql(query, { input }, tokens.get(role)!);
    const found = codes(response);
    expect(found.length).toBeGreaterThan(0);
    for (const code of found) expect(allowed).toContain(code);
    expect(await h.eventCount()).toBe(before);
  };
  const PUBLIC_URL = 'https://93.184.215.14/hook';
  const badUrl = fc.oneof(
    hostileString,
    fc.constantFrom(
      'http://127.0.0.1/hook',
      'http://[::1]/hook',
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/',
      'http://[::ffff:7f00:1]/',
      'ftp://93.184.215.14/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://admin:secret@93.184.215.14/',
    ),
    fc.nat({ max: 1000 }).map((n) => `https://93.184.215.14/${'p'.repeat(2048 + n)}`),
  );
  // Push endpoints follow the URL rule only (the push service is whoever the browser names).
  const badPushEndpoint = fc.oneof(
    hostileString,
    fc.constantFrom('ftp://push.example/', 'javascript:alert(1)', 'https://user:pw@push.example/'),
    fc.nat({ max: 1000 }).map((n) => `https://push.example/${'p'.repeat(2048 + n)}`),
  );
  const badEventTypes = fc.oneof(
    fc.constant([]),
    fc.array(fc.constant('TicketOpened'), { minLength: 101, maxLength: 150 }),
    fc.array(hostileString, { minLength: 1, maxLength: 5 }),
    fc.array(
      fc.string({ minLength: 1, maxLength: 30 }).filter((type) => !/^(Ticket|Chat)|^\*$/.test(type)),
      {
        minLength: 1,
        maxLength: 5,
      },
    ),
  );
  const WEBHOOK_CODES = [
    // A few hostile event types of tens of kilobytes each outgrow the request body limit.
    'PAYLOAD_TOO_LARGE',
    'BAD_USER_INPUT',
    'WEBHOOK_URL_INVALID',
    'WEBHOOK_URL_NOT_ALLOWED',
    'WEBHOOK_EVENT_TYPE_UNKNOWN',
  ] as const;
  const REGISTER =
    'mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret } }';

  it('refuses bad webhook URLs and event types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ url: badUrl, eventTypes: fc.constant(['TicketOpened']) }),
          fc.record({ url: fc.constant(PUBLIC_URL), eventTypes: badEventTypes }),
          fc.record({
            url: fc.constant(PUBLIC_URL),
            eventTypes: fc.constant(['*']),
            description: fc.nat({ max: 1000 }).map((n) => 'd'.repeat(501 + n)),
          }),
        ),
        async (input) => {
          await expectRefused(REGISTER, input, 'admin', WEBHOOK_CODES);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses bad push subscriptions', async () => {
    const key = fc.oneof(hostileString, fc.string({ maxLength: 100 }), fc.constant(`${'A'.repeat(86)}=`));
    const REGISTER_PUSH =
      'mutation($input: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $input) { id } }';
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            endpoint: badPushEndpoint,
            keys: fc.constant({ p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) }),
          }),
          fc.record({ endpoint: fc.constant(PUBLIC_URL), keys: fc.record({ p256dh: key, auth: key }) }),
        ),
        fc.constantFrom<Role>('customer', 'agent', 'admin'),
        async (input, role) => {
          const validKeys =
            /^[A-Za-z0-9_-]{87}$/.test(input.keys.p256dh) && /^[A-Za-z0-9_-]{22}$/.test(input.keys.auth);
          fc.pre(input.endpoint !== PUBLIC_URL || !validKeys);
          // Two hostile keys of tens of kilobytes each may outgrow the request body limit.
          await expectRefused(REGISTER_PUSH, input, role, ['BAD_USER_INPUT', 'PAYLOAD_TOO_LARGE']);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Whether the time-zone database knows `zone`. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// An email address another customer holds, in any mix of cases, as a registration or a profile
// update by staff: refused with CUSTOMER_EMAIL_TAKEN, and nothing written (one a customer gives
// themself is only pending, and they are told nothing: customer-emails.int.test.ts); and so is a
// time zone nobody knows, by anyone, with UNKNOWN_TIME_ZONE.
describe('customer email addresses', () => {
  const HELD = 'held.address@example.com';
  const recased = fc
    .array(fc.boolean(), { minLength: HELD.length, maxLength: HELD.length })
    .map((upper) => [...HELD].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join(''));
  const REGISTER = 'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }';
  const UPDATE = 'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { id } }';

  // `customer-fuzz` (the customer token's subject) has a profile to update; `newcomer-fuzz` signs up.
  let newcomer: string;
  beforeAll(async () => {
    const admin = tokens.get('admin')!;
    for (const [customerId, email] of [
      ['email-holder', HELD],
      ['customer-fuzz', 'customer.fuzz@example.com'],
    ])
      expect(codes(await h.gql(REGISTER, { input: { customerId, name: customerId, email } }, admin))).toEqual([]);
    newcomer = await h.token('customer', 'newcomer-fuzz');
  });

  /**
   * Asserts that giving a profile `fields`, as `role`, by a sign-up (`newcomer-fuzz`) or an update
   * (`customer-fuzz`), is refused with `code` alone and writes nothing.
   */
  async function refusedProfile(role: Role, update: boolean, fields: Record<string, unknown>, code: string) {
    const before = await h.eventCount();
    const caller = role === 'customer' && !update ? newcomer : tokens.get(role)!;
    const response = update
      ? await h.gql(UPDATE, { input: { customerId: 'customer-fuzz', ...fields } }, caller)
      : await h.gql(REGISTER, { input: { customerId: 'newcomer-fuzz', name: 'Newcomer', ...fields } }, caller);
    expect([fields, codes(response)]).toEqual([fields, [code]]);
    expect(await h.eventCount()).toBe(before);
  }
  const roles = fc.constantFrom<Role>('customer', 'agent', 'admin');

  it('refuses an address another customer holds, whatever its case', async () => {
    await fc.assert(
      fc.asyncProperty(recased, fc.constantFrom<Role>('agent', 'admin'), fc.boolean(), (email, role, update) =>
        refusedProfile(role, update, { email }, 'CUSTOMER_EMAIL_TAKEN'),
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a time zone the time-zone database does not know with UNKNOWN_TIME_ZONE, writing nothing', async () => {
    const zone = fc
      .oneof(
        fc.stringMatching(/^[A-Z][a-z]{1,12}\/[A-Z][a-z_]{1,20}$/),
        fc.constantFrom('Mars/Olympus', 'UTC+25', 'Europe/Atlantis', 'GMT+99'),
      )
      .filter((candidate) => !isTimeZone(candidate));
    await fc.assert(
      fc.asyncProperty(zone, roles, fc.boolean(), (timeZone, role, update) =>
        refusedProfile(role, update, { timeZone }, 'UNKNOWN_TIME_ZONE'),
      ),
      { numRuns: 40 },
    );
  });
});

// The SLA configuration's inputs as an admin sends them: well-formed GraphQL whose content breaks
// one of the configuration's rules. Each is refused with that rule's own code (never INTERNAL,
// never a generic one where the domain has a specific one), and nothing is written.
describe('SLA configuration inputs', () => {
  const COVERAGE = { from: '2026-01-01', to: '2027-12-31' };
  const WEEKDAY = fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const calendar = (extra: Record<string, unknown>) => ({
    name: 'Fuzz',
    timeZone: 'Europe/Paris',
    weekly: { mon: [{ start: '08:00', end: '18:00' }] },
    coverage: COVERAGE,
    ...extra,
  });
  const TARGETS = { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 480 };
  const POLICY_DEFINITION = {
    name: 'Fuzz',
    calendarId: 'fuzz-cal',
    targets: { low: TARGETS, normal: TARGETS, high: TARGETS, urgent: TARGETS },
  };

  /** Storable text a GraphQL String carries as it is. */
  const text = (maxLength: number, minLength = 0) => fc.string({ minLength, maxLength }).filter(isStorableText);

  const unknownZone = fc
    .oneof(text(64), fc.constantFrom('Mars/Olympus', 'UTC+4', 'Europe/Atlantis', 'GMT+25'))
    .filter((zone) => !isTimeZone(zone));
  // Two windows of one day, the second starting inside the first (ends stay before midnight).
  const overlapping = fc
    .tuple(WEEKDAY, fc.integer({ min: 0, max: 20 * 60 }), fc.integer({ min: 2, max: 180 }), fc.nat({ max: 60 }))
    .map(([day, start, length, lag]) => {
      const second = start + Math.min(lag, length - 1);
      return {
        [day]: [
          { start: hhmm(start), end: hhmm(start + length) },
          { start: hhmm(second), end: hhmm(Math.min(second + length, 23 * 60 + 59)) },
        ],
      };
    });
  const outsideCoverage = fc
    .oneof(fc.integer({ min: 2000, max: 2025 }), fc.integer({ min: 2028, max: 2099 }))
    .chain((year) =>
      fc.date({ noInvalidDate: true, min: new Date(Date.UTC(year, 0, 1)), max: new Date(Date.UTC(year, 11, 31)) }),
    )
    .map((date) => date.toISOString().slice(0, 10));
  const PRIORITY = fc.constantFrom('low', 'normal', 'high', 'urgent');
  const METRIC = fc.constantFrom('firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes');
  const notPositive = fc.integer({ min: -1_000_000, max: 0 });
  // A file the importer cannot read (an empty one is no file: BAD_USER_INPUT): no calendar at all, an event without a readable start, or a
  // repetition other than yearly.
  const unreadableIcs = fc.oneof(
    text(200, 1).filter((ics) => !/^\s*BEGIN:VCALENDAR\s*$/im.test(ics)),
    text(20)
      .filter((start) => !/^\d{8}/.test(start))
      .map((start) => `BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:${start}\nEND:VEVENT\nEND:VCALENDAR`),
    fc
      .constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'HOURLY', '')
      .map(
        (freq) =>
          `BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=${freq}\nEND:VEVENT\nEND:VCALENDAR`,
      ),
  );
  // Delays the domain refuses: not a positive integer, a resolved auto-close outside 24-48 h or a
  // waiting delay under an hour (this deployment keeps the documented range) or over 90 days, or
  // waiting delays that do not increase.
  const badTimings = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(
          'firstReminderAfterMs',
          'secondReminderAfterMs',
          'waitingAutoCloseAfterMs',
          'resolvedAutoCloseAfterMs',
        ),
        fc.oneof(notPositive, fc.double({ min: 1, max: 1e9, noInteger: true, noNaN: true })),
      )
      .map(([key, value]) => ({ [key]: value })),
    fc
      .oneof(fc.integer({ min: 1, max: 86_399_999 }), fc.integer({ min: 172_800_001, max: 2 ** 31 }))
      .map((ms) => ({ resolvedAutoCloseAfterMs: ms })),
    fc.constant({ firstReminderAfterMs: 604_800_000, waitingAutoCloseAfterMs: 259_200_000 }),
    // A waiting delay under an hour (seconds typed for milliseconds), still in order.
    fc.integer({ min: 1, max: 3_599_999 }).map((ms) => ({
      firstReminderAfterMs: ms,
      secondReminderAfterMs: 3_600_000,
      waitingAutoCloseAfterMs: 7_200_000,
    })),
    // A close over 90 days (a few zeros too many), still in order.
    fc.integer({ min: 7_776_000_001, max: Number.MAX_SAFE_INTEGER }).map((ms) => ({ waitingAutoCloseAfterMs: ms })),
  );
  const TIMINGS = {
    firstReminderAfterMs: 259_200_000,
    secondReminderAfterMs: 432_000_000,
    waitingAutoCloseAfterMs: 604_800_000,
    resolvedAutoCloseAfterMs: 86_400_000,
  };

  type Case = readonly [mutation: string, input: unknown, code: string];
  const cases: fc.Arbitrary<Case> = fc.oneof(
    unknownZone.map(
      (timeZone): Case => [
        'createSlaCalendar',
        { calendarId: 'c', definition: calendar({ timeZone }) },
        'UNKNOWN_TIME_ZONE',
      ],
    ),
    overlapping.map(
      (weekly): Case => [
        'updateSlaCalendar',
        { calendarId: 'fuzz-cal', definition: calendar({ weekly }) },
        'CALENDAR_WINDOWS_OVERLAP',
      ],
    ),
    outsideCoverage.map(
      (day): Case => [
        'createSlaCalendar',
        { calendarId: 'c', definition: calendar({ holidays: [day] }) },
        'HOLIDAY_OUT_OF_RANGE',
      ],
    ),
    unreadableIcs.map((ics): Case => ['importSlaCalendarHolidays', { calendarId: 'fuzz-cal', ics }, 'ICAL_INVALID']),
    // A staff profile's zone is trimmed first: blank is a missing value, not an unknown zone.
    unknownZone
      .filter((zone) => zone.trim() !== '' && !isTimeZone(zone.trim()))
      .map(
        (timeZone): Case => ['setStaffProfile', { staffId: 'fuzz-staff', name: 'Fuzz', timeZone }, 'UNKNOWN_TIME_ZONE'],
      ),
    // Round the clock, yet with hours, a zone or holidays that would be dropped unsaid.
    fc
      .constantFrom<Record<string, unknown>>(
        { weekly: { mon: [{ start: '08:00', end: '18:00' }] } },
        { timeZone: 'Europe/Paris' },
        { holidays: ['2026-12-25'] },
      )
      .map(
        (hours): Case => [
          'createSlaCalendar',
          { calendarId: 'c', definition: { name: 'Both', alwaysOpen: true, ...hours } },
          'BAD_USER_INPUT',
        ],
      ),
    fc.tuple(PRIORITY, METRIC, notPositive).map(([priority, metric, minutes]): Case => {
      const targets = { ...POLICY_DEFINITION.targets, [priority]: { ...TARGETS, [metric]: minutes } };
      return [
        'updateSlaPolicy',
        { policyId: 'fuzz-policy', definition: { ...POLICY_DEFINITION, targets } },
        'SLA_TARGET_INVALID',
      ];
    }),
    fc
      .tuple(fc.constantFrom('fuzz-parent', 'fuzz-child'))
      .map(
        ([parentId]): Case => [
          'updateTicketCategory',
          { categoryId: 'fuzz-parent', definition: { name: 'P', parentId } },
          'CATEGORY_CYCLE',
        ],
      ),
    fc.constantFrom<Case>(
      ['deleteSlaPolicy', { policyId: 'fuzz-policy' }, 'SLA_POLICY_IN_USE'],
      ['deleteSlaCalendar', { calendarId: 'fuzz-cal' }, 'CALENDAR_IN_USE'],
      ['deleteTicketCategory', { categoryId: 'fuzz-parent' }, 'CATEGORY_IN_USE'],
      [
        'createSlaPolicy',
        { policyId: 'p', definition: { ...POLICY_DEFINITION, calendarId: 'no-such-calendar' } },
        'NOT_FOUND',
      ],
    ),
    badTimings.map((change): Case => ['setAutomationTimings', { ...TIMINGS, ...change }, 'BAD_USER_INPUT']),
    // A chat timeout outside a minute to a day, or fractional. (Not NaN: JSON sends it as null,
    // which asks for the deployment's default.)
    fc
      .oneof(
        fc.integer({ min: -1e6, max: 59_999 }),
        fc.integer({ min: 86_400_001, max: 2 ** 40 }),
        fc.double({ min: 60_000.1, max: 61_000, noInteger: true, noNaN: true }),
      )
      .map((inactivityTimeoutMs): Case => ['setChatInactivityTimeout', { inactivityTimeoutMs }, 'BAD_USER_INPUT']),
  );

  beforeAll(async () => {
    const admin = tokens.get('admin')!;
    const setUp: [string, unknown][] = [
      ['createSlaCalendar', { calendarId: 'fuzz-cal', definition: calendar({}) }],
      ['createSlaPolicy', { policyId: 'fuzz-policy', definition: POLICY_DEFINITION }],
      ['createTicketCategory', { categoryId: 'fuzz-parent', definition: { name: 'Parent' } }],
      [
        'createTicketCategory',
        {
          categoryId: 'fuzz-child',
          definition: { name: 'Child', parentId: 'fuzz-parent', slaPolicyId: 'fuzz-policy' },
        },
      ],
    ];
    for (const [name, input] of setUp) {
      const response = await h.gql(
        `mutation($input: ${inputTypeName(name as MutationName)}!) { ${name}(input: $input) { id } }`,
        { input },
        admin,
      );
      expect(response.errors).toBeUndefined();
    }
  });

  it("refuses each broken rule with the rule's own code and writes nothing", async () => {
    const admin = tokens.get('admin')!;
    await fc.assert(
      fc.asyncProperty(cases, async ([name, input, code]) => {
        const before = await h.eventCount();
        const query = `mutation($input: ${inputTypeName(name as MutationName)}!) { ${name}(input: $input) { id } }`;
        const response = await h.gql(query, { input: input as Record<string, unknown> }, admin);
        expect(codes(response)).toEqual([code]);
        expect(await h.eventCount()).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});

// The chat lists and the transcript search as staff send them: any text, instants in any order,
// cursors of any kind. Each answer is a page or BAD_USER_INPUT (never INTERNAL), and writes nothing.
describe('chat list and transcript search inputs', () => {
  const SEARCH =
    'query($q: String!, $from: DateTime, $to: DateTime, $ag: ID, $a: String, $f: Int) { searchChatMessages(text: $q, from: $from, to: $to, agentId: $ag, after: $a, first: $f) { items { chatId snippet } nextCursor } }';
  const MY_CHATS =
    'query($s: [String!], $c: String, $a: String, $f: Int) { myChats(status: $s, category: $c, after: $a, first: $f) { items { id } nextCursor } }';
  const instant = fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  const cursor = fc.oneof(
    hostileString,
    fc.constantFrom('m1.', 'a1.', 'k1.'),
    fc
      .tuple(fc.constantFrom('m1.', 'a1.'), fc.oneof(fc.string(), fc.json()))
      .map(([prefix, body]) => prefix + Buffer.from(body).toString('base64url')),
    fc
      .tuple(
        fc.constantFrom('m1.', 'a1.'),
        instant,
        fc.oneof(
          hostileString,
          fc.nat().map((n) => `${n}:chat-1`),
        ),
      )
      .map(([prefix, at, id]) => prefix + Buffer.from(JSON.stringify([at, id])).toString('base64url')),
  );
  const ALLOWED = ['BAD_USER_INPUT', 'PAYLOAD_TOO_LARGE'];

  const expectPageOrRefusal = async (query: string, variables: Record<string, unknown>, field: string) => {
    const before = await h.eventCount();
    const response = await h.gql(query, variables, tokens.get('agent')!);
    expect(response.status).toBeLessThan(500);
    const found = codes(response);
    for (const code of found) expect(ALLOWED).toContain(code);
    if (found.length === 0) expect(response.data?.[field]).toMatchObject({ items: expect.any(Array) });
    expect(await h.eventCount()).toBe(before);
  };

  it('searchChatMessages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            q: fc.oneof(
              hostileString,
              fc.string(),
              fc.array(fc.string(), { maxLength: 40 }).map((w) => w.join(' ')),
            ),
            from: fc.oneof(instant, hostileString),
            to: instant,
            ag: hostileString,
            a: cursor,
            f: fc.integer(),
          },
          { requiredKeys: ['q'] },
        ),
        async (variables) => expectPageOrRefusal(SEARCH, variables, 'searchChatMessages'),
      ),
      { numRuns: 100 },
    );
  });

  it('myChats', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            s: fc.array(fc.oneof(fc.constantFrom('active', 'closed', 'waiting'), hostileString), { maxLength: 3 }),
            c: hostileString,
            a: cursor,
            f: fc.integer(),
          },
          { requiredKeys: [] },
        ),
        async (variables) => expectPageOrRefusal(MY_CHATS, variables, 'myChats'),
      ),
      { numRuns: 60 },
    );
  });
});

/** The paths (in `variables`) of every value the query declares as `String` or `ID`, however deep. */
function textPaths(query: string, variables: Record<string, unknown>): (string | number)[][] {
  const schema = createApiSchema();
  const walk = (type: GraphQLInputType, value: unknown, path: (string | number)[]): (string | number)[][] => {
    const named = getNullableType(type);
    if (isListType(named) && Array.isArray(value))
      return value.flatMap((item, i) => walk(named.ofType, item, [...path, i]));
    if (isInputObjectType(named) && value !== null && typeof value === 'object') {
      const fields = named.getFields();
      return Object.entries(value).flatMap(([key, item]) => walk(fields[key]!.type, item, [...path, key]));
    }
    return named === GraphQLString || named === GraphQLID ? [path] : [];
  };
  const [operation] = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return (operation?.variableDefinitions ?? []).flatMap((definition) => {
    const name = definition.variable.name.value;
    return walk(typeFromAST(schema, definition.type) as GraphQLInputType, variables[name], [name]);
  });
}

/** `value` with the leaf at `path` replaced by `leaf`. */
function replaced(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaced(copy[head], rest, leaf);
  return copy;
}

// Otherwise well-formed calls of every operation with one text argument made unstorable: refused
// as the client's input before any lookup, whoever calls, and nothing written.
describe('unstorable text in a well-formed call', () => {
  const withText = CALLABLE.filter(
    (operation) => textPaths(FIXTURES[operation].query, FIXTURES[operation].variables ?? {}).length > 0,
  );

  it.each(withText)('%s', async (operation) => {
    const { query, variables = {} } = FIXTURES[operation];
    const role = POLICY[operation].roles[0];
    const token = tokens.get(role)!;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...textPaths(query, variables)), unstorableText, async (path, text) => {
        const before = await h.eventCount();
        const response = await h.gql(query, replaced(variables, path, text) as Record<string, unknown>, token);
        expect(codes(response)).toEqual(['BAD_USER_INPUT']);
        expect(response.errors?.[0]?.message).toContain(UNSTORABLE_TEXT_MESSAGE);
        expect(await h.eventCount()).toBe(before);
      }),
      { numRuns: 10 },
    );
  });
});

it('refuses malformed and oversized bodies without a 500', async () => {
  const token = tokens.get('admin')!;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string(),
        fc.constant('{"query": '),
        fc.nat({ max: 200_000 }).map((n) => JSON.stringify({ query: `{ ${'a'.repeat(100_000 + n)} }` })),
      ),
      async (payload) => {
        const response = await h.app.inject({
          method: 'POST',
          url: GRAPHQL_PATH,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          payload,
        });
        expect(response.statusCode).toBeLessThan(500);
        for (const code of codes({ status: response.statusCode, ...JSON.parse(response.body) }))
          expect(API_ERROR_CODES).toContain(code);
      },
    ),
    { numRuns: 40 },
  );
  const huge = await h.gql(`{ agents { name } } # ${'z'.repeat(200_000)}`, {}, token);
  expect(codes(huge)).toEqual(['PAYLOAD_TOO_LARGE']);
});

it('refuses deep and expensive queries', async () => {
  const token = tokens.get('supervisor')!;
  const deep = await h.gql('{ tickets { items { messages { body } sla { state } csat { score } } } }', {}, token);
  expect(deep.errors).toBeUndefined();
  const expensive = await h.gql(
    '{ a: tickets(first: 100) { items { messages { body at authorId internal source } } } }',
    {},
    token,
  );
  expect(codes(expensive)).toEqual(['QUERY_TOO_COMPLEX']);
});
