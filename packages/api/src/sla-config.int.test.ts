import { STANDARD_POLICY } from '@support-engine/domain/sla';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, type GqlResponse, T0 } from './testing/harness.fixture.js';
import { SLA_POLICY_INPUT } from './testing/operations.fixture.js';

// The SLA configuration as an admin meets it over GraphQL: presets in one call, edits with
// versions and history, refusals that write nothing, tickets that record their terms, and a
// what-if that agrees with the read models under the policy that really governed.

const HOUR = 3_600_000;
let h: ApiHarness;
let admin: string;
let agent: string;
let supervisor: string;

async function ok(query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse> {
  const response = await h.gql(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response;
}

const LOAD = 'mutation($i: LoadSlaPresetsInput!) { loadSlaPresets(input: $i) { version consistencyToken } }';
const CONFIG = `{ slaConfiguration { defaultPolicyId policies { id version name } calendars { id version }
  categories { id parentId defaultPriority slaPolicyId requiredSkill } } }`;
const OPEN = 'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id consistencyToken } }';
const REPLY = 'mutation($i: ReplyToTicketInput!) { replyToTicket(input: $i) { id consistencyToken } }';
const HISTORY = 'query($id: ID!) { ticketHistory(ticketId: $id) { type data } }';

const at = (ms: number) => {
  h.clock.now = new Date(T0.getTime() + ms);
};

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'ada-admin');
  agent = await h.token('agent', 'al');
  supervisor = await h.token('supervisor', 'sue');
  await ok(
    'mutation { registerCustomer(input: { customerId: "carl", name: "Carl" }) { id } }',
    {},
    await h.token('system', 'setup'),
  );
});

afterAll(async () => {
  await h?.close();
});

describe('the SLA configuration over GraphQL', () => {
  it('loads the three presets in one call, and a second load changes nothing', async () => {
    const first = field<{ version: number }>(
      await ok(LOAD, { i: { presets: ['standard', 'premium', 'categories'], defaultPreset: 'premium' } }, admin),
      'loadSlaPresets',
    );
    const again = field<{ version: number }>(
      await ok(LOAD, { i: { presets: ['standard', 'premium', 'categories'], defaultPreset: 'premium' } }, admin),
      'loadSlaPresets',
    );
    expect(again.version).toBe(first.version);
    const config = field<{
      defaultPolicyId: string;
      policies: { id: string; version: number; name: string }[];
      categories: { id: string; parentId: string | null; defaultPriority: string | null }[];
    }>(await ok(CONFIG, {}, agent), 'slaConfiguration');
    expect(config.defaultPolicyId).toBe('premium');
    expect(config.policies.map((p) => [p.id, p.name])).toEqual([
      ['premium', 'Premium 24/7'],
      ['standard', 'Standard'],
      ['support-categories', 'Support categories'],
    ]);
    expect(config.categories.find((c) => c.id === 'outage')).toMatchObject({
      parentId: 'technical',
      defaultPriority: 'urgent',
    });
  });

  it.each([
    [
      'overlapping windows',
      'CALENDAR_WINDOWS_OVERLAP',
      'createSlaCalendar',
      {
        calendarId: 'split',
        definition: {
          name: 'Split',
          timeZone: 'Europe/Paris',
          weekly: {
            mon: [
              { start: '08:00', end: '12:00' },
              { start: '11:00', end: '18:00' },
            ],
          },
        },
      },
    ],
    [
      'an unknown time zone',
      'UNKNOWN_TIME_ZONE',
      'createSlaCalendar',
      {
        calendarId: 'mars',
        definition: { name: 'Mars', timeZone: 'Mars/Olympus', weekly: { mon: [{ start: '08:00', end: '12:00' }] } },
      },
    ],
    [
      'a holiday outside the coverage',
      'HOLIDAY_OUT_OF_RANGE',
      'createSlaCalendar',
      {
        calendarId: 'paris',
        definition: {
          name: 'Paris',
          timeZone: 'Europe/Paris',
          weekly: { mon: [{ start: '08:00', end: '12:00' }] },
          holidays: ['2031-12-25'],
          coverage: { from: '2026-01-01', to: '2027-12-31' },
        },
      },
    ],
    [
      'a target of zero',
      'SLA_TARGET_INVALID',
      'createSlaPolicy',
      {
        policyId: 'zero',
        definition: {
          ...SLA_POLICY_INPUT,
          calendarId: '24-7',
          targets: {
            ...SLA_POLICY_INPUT.targets,
            urgent: { firstResponseMinutes: 0, nextResponseMinutes: 30, resolutionMinutes: 60 },
          },
        },
      },
    ],
    [
      'a category cycle',
      'CATEGORY_CYCLE',
      'updateTicketCategory',
      { categoryId: 'technical', definition: { name: 'Technical', parentId: 'outage' } },
    ],
    ['deleting the default policy', 'SLA_POLICY_IN_USE', 'deleteSlaPolicy', { policyId: 'premium' }],
    ['deleting a category’s policy', 'SLA_POLICY_IN_USE', 'deleteSlaPolicy', { policyId: 'support-categories' }],
    ['deleting a calendar in use', 'CALENDAR_IN_USE', 'deleteSlaCalendar', { calendarId: '24-7' }],
    [
      'a policy on an unknown calendar',
      'NOT_FOUND',
      'createSlaPolicy',
      { policyId: 'lost', definition: { ...SLA_POLICY_INPUT, calendarId: 'nowhere' } },
    ],
  ])('refuses %s with %s and writes nothing', async (_what, code, mutation, input) => {
    const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    const before = await h.eventCount();
    const response = await h.gql(`mutation($i: ${inputType}!) { ${mutation}(input: $i) { id } }`, { i: input }, admin);
    expect(codes(response)).toEqual([code]);
    expect(await h.eventCount()).toBe(before);
  });

  it("names a refused field where the client wrote it, in the API's words, whatever its code", async () => {
    const message = async (mutation: string, input: object) => {
      const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
      const response = await h.gql(
        `mutation($i: ${inputType}!) { ${mutation}(input: $i) { id } }`,
        { i: input },
        admin,
      );
      return response.errors?.[0]?.message;
    };
    // The calendar input holds its zone and windows at the definition's top: no `calendar` level.
    const mars = { name: 'Mars', timeZone: 'Mars/Olympus', weekly: { mon: [{ start: '08:00', end: '12:00' }] } };
    expect(await message('createSlaCalendar', { calendarId: 'mars', definition: mars })).toMatch(
      /^Invalid input: input\.definition\.timeZone: /,
    );
    const late = { name: 'Late', timeZone: 'UTC', weekly: { mon: [{ start: '08:00', end: '8pm' }] } };
    expect(await message('createSlaCalendar', { calendarId: 'late', definition: late })).toMatch(
      /^Invalid input: input\.definition\.weekly\.mon\.0\.end: /,
    );
  });

  it.each([
    [
      'two rows for one category',
      [
        { category: 'bug', firstResponseMinutes: 5 },
        { category: 'bug', firstResponseMinutes: 7 },
      ],
    ],
    ['a category row that sets no target', [{ category: 'bug' }]],
    ['a category no ticket can carry (a line break)', [{ category: 'a\nb', firstResponseMinutes: 5 }]],
  ])('refuses a policy with %s as bad input, writing nothing', async (_what, categoryTargets) => {
    const before = await h.eventCount();
    const definition = { ...SLA_POLICY_INPUT, calendarId: '24-7', categoryTargets };
    const response = await h.gql(
      'mutation($i: CreateSlaPolicyInput!) { createSlaPolicy(input: $i) { id } }',
      { i: { policyId: 'by-category', definition } },
      admin,
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(await h.eventCount()).toBe(before);
  });

  it('keeps each edit of a policy as a new version, with who made it in the history', async () => {
    const edited = { ...SLA_POLICY_INPUT, name: 'Premium 24/7 (faster)', calendarId: '24-7' };
    await ok(
      'mutation($i: UpdateSlaPolicyInput!) { updateSlaPolicy(input: $i) { id } }',
      { i: { policyId: 'premium', definition: edited } },
      admin,
    );
    const config = field<{ policies: { id: string; version: number; name: string }[] }>(
      await ok(CONFIG, {}, agent),
      'slaConfiguration',
    );
    expect(config.policies.find((p) => p.id === 'premium')).toMatchObject({
      version: 2,
      name: 'Premium 24/7 (faster)',
    });
    type Change = {
      cursor: string;
      node: {
        type: string;
        entity: string;
        entityId: string;
        version: number | null;
        actor: { id: string };
        definition: { name?: string; policyId?: string } | null;
      };
    };
    type Page = { edges: Change[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const HISTORY_PAGE = `query($after: String) { slaConfigurationHistory(entityId: "premium", first: 2, after: $after) {
      edges { cursor node { type entity entityId version actor { id } definition } } pageInfo { hasNextPage endCursor } } }`;
    const auditor = await h.token('auditor', 'audrey');
    const first = field<Page>(await ok(HISTORY_PAGE, {}, auditor), 'slaConfigurationHistory');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = field<Page>(
      await ok(HISTORY_PAGE, { after: first.pageInfo.endCursor }, auditor),
      'slaConfigurationHistory',
    );
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges.at(-1)?.cursor });
    // The entity's own versions (the default slot has none), and each change's definition as saved.
    expect(
      [...first.edges, ...second.edges].map(({ node }) => [
        node.type,
        node.entity,
        node.entityId,
        node.version,
        node.actor.id,
        node.definition?.name ?? node.definition?.policyId,
      ]),
    ).toEqual([
      ['SlaPolicySaved', 'policy', 'premium', 1, 'ada-admin', 'Premium 24/7'],
      ['DefaultSlaPolicySet', 'default_policy', 'default', null, 'ada-admin', 'premium'],
      ['SlaPolicySaved', 'policy', 'premium', 2, 'ada-admin', 'Premium 24/7 (faster)'],
    ]);
    const badCursor = await h.gql(
      '{ slaConfigurationHistory(after: "not-a-cursor") { edges { cursor } } }',
      {},
      auditor,
    );
    expect(codes(badCursor)).toEqual(['BAD_USER_INPUT']);
  });

  it('gives a ticket opened in a category that category’s priority and policy, recorded on the ticket', async () => {
    at(-30 * 24 * HOUR);
    const opened = field<{ id: string }>(
      await ok(
        OPEN,
        {
          i: {
            ticketId: 'outage-1',
            customerId: 'carl',
            subject: 'Down',
            description: 'All down',
            channel: 'web',
            category: 'outage',
          },
        },
        agent,
      ),
      'openTicket',
    );
    const history = field<{ type: string; data: Record<string, unknown> }[]>(
      await ok(HISTORY, { id: opened.id }, agent),
      'ticketHistory',
    );
    expect(history[0]).toMatchObject({ type: 'TicketOpened', data: { priority: 'urgent', category: 'outage' } });
    expect(history[1]).toMatchObject({
      type: 'TicketSlaPolicyApplied',
      data: { policyId: 'support-categories', policyVersion: 1, cause: 'opened' },
    });
  });
});

describe('slaWhatIf', () => {
  const FROM = T0.toISOString();
  const TO = new Date(T0.getTime() + 24 * HOUR).toISOString();
  const FIGURES =
    '{ tickets breaches warnings compliance { firstResponse { met breached rate } resolution { met breached } } }';
  const WHAT_IF = `query($p: SlaPolicyDefinitionInput!, $from: DateTime!, $to: DateTime!) {
    slaWhatIf(policy: $p, from: $from, to: $to) { overall { actual ${FIGURES} whatIf ${FIGURES} } byPriority { key actual ${FIGURES} whatIf ${FIGURES} } byCategory { key }
      changedTickets { ticketId priority category actual { breached warned escalated } whatIf { breached warned escalated } } } }`;
  const METRICS = `query($from: DateTime!, $to: DateTime!, $token: String) { ticketMetrics(from: $from, to: $to, consistencyToken: $token) {
    overall { tickets slaCompliance { firstResponse { met breached rate } resolution { met breached } } } } }`;
  const PREMIUM = {
    name: 'Premium 24/7 (faster)',
    calendarId: '24-7',
    targets: SLA_POLICY_INPUT.targets,
  };

  it('matches the read models exactly under the policy that governed, and counts more breaches under a stricter draft', async () => {
    // Three tickets under the edited premium policy (first response 60 min): one answered in
    // 30 min, one in 90 min (breached), one opened at 1 h and never answered (asked at 1.5 h:
    // its first response is due at 2 h).
    let token = '';
    for (const [id, openedAt, answerAfter] of [
      ['w-1', 0, 0.5],
      ['w-2', 0, 1.5],
      ['w-3', 1, null],
    ] as const) {
      at(HOUR + openedAt * HOUR);
      const opened = field<{ consistencyToken: string }>(
        await ok(
          OPEN,
          {
            i: {
              ticketId: id,
              customerId: 'carl',
              subject: 'Slow',
              description: 'Pages load slowly',
              channel: 'email',
              priority: 'normal',
            },
          },
          agent,
        ),
        'openTicket',
      );
      token = opened.consistencyToken;
      if (answerAfter !== null) {
        at(HOUR + answerAfter * HOUR);
        token = field<{ consistencyToken: string }>(
          await ok(REPLY, { i: { ticketId: id, body: 'Looking into it' } }, agent),
          'replyToTicket',
        ).consistencyToken;
      }
    }
    at(HOUR + 1.5 * HOUR);
    const metrics = field<{ overall: { tickets: number; slaCompliance: unknown } }>(
      await ok(METRICS, { from: FROM, to: TO, token }, supervisor),
      'ticketMetrics',
    );
    expect(metrics.overall.tickets).toBe(3);
    type Figures = {
      tickets: number;
      breaches: number;
      compliance: { firstResponse: { met: number; breached: number } };
    };
    type Outcome = { breached: string[]; warned: string[]; escalated: boolean };
    type Changed = { ticketId: string; priority: string; category: string | null; actual: Outcome; whatIf: Outcome };
    const same = field<{
      overall: { actual: Figures; whatIf: Figures };
      byCategory: { key: string }[];
      changedTickets: Changed[];
    }>(await ok(WHAT_IF, { p: PREMIUM, from: FROM, to: TO }, supervisor), 'slaWhatIf');
    expect(same.overall.actual.compliance).toEqual(metrics.overall.slaCompliance);
    expect(same.overall.whatIf).toEqual(same.overall.actual);
    expect(same.changedTickets).toEqual([]);
    // Tickets without a category group as the reports group them.
    expect(same.byCategory).toEqual([{ key: 'uncategorized' }]);
    expect(same.overall.actual.compliance.firstResponse).toEqual({ met: 1, breached: 1, rate: 0.5 });

    const strict = {
      ...PREMIUM,
      targets: Object.fromEntries(
        Object.keys(SLA_POLICY_INPUT.targets).map((p) => [
          p,
          { firstResponseMinutes: 20, nextResponseMinutes: 60, resolutionMinutes: 480 },
        ]),
      ),
    };
    const stricter = field<{ overall: { actual: Figures; whatIf: Figures }; changedTickets: Changed[] }>(
      await ok(WHAT_IF, { p: strict, from: FROM, to: TO }, supervisor),
      'slaWhatIf',
    );
    expect(stricter.overall.actual).toEqual(same.overall.actual);
    // w-3, still unanswered, passed the draft's 20 minutes at 1 h 20: breached too, though
    // nothing happened to it since it was opened.
    expect(stricter.overall.whatIf.compliance.firstResponse).toMatchObject({ met: 0, breached: 3 });
    expect(stricter.overall.whatIf.breaches).toBeGreaterThan(stricter.overall.actual.breaches);
    // Which tickets that is: w-1 (answered in 30 min) and w-3; w-2 was late under both.
    expect(stricter.changedTickets.map((ticket) => ticket.ticketId)).toEqual(['w-1', 'w-3']);
    expect(stricter.changedTickets[0]).toMatchObject({
      priority: 'normal',
      category: null,
      actual: { breached: [], escalated: false },
      whatIf: { breached: expect.arrayContaining(['firstResponse']), escalated: false },
    });
  });

  it('writes nothing and refuses a draft on an unknown calendar', async () => {
    const before = await h.eventCount();
    await ok(WHAT_IF, { p: PREMIUM, from: FROM, to: TO }, supervisor);
    const refused = await h.gql(WHAT_IF, { p: { ...PREMIUM, calendarId: 'nowhere' }, from: FROM, to: TO }, supervisor);
    expect(codes(refused)).toEqual(['NOT_FOUND']);
    // Validated like a saved policy, its timings too.
    const quick = await h.gql(
      WHAT_IF,
      { p: { ...PREMIUM, timings: { resolvedAutoCloseAfterMs: 1000 } }, from: FROM, to: TO },
      supervisor,
    );
    expect(codes(quick)).toEqual(['BAD_USER_INPUT']);
    const reversed = await h.gql(WHAT_IF, { p: PREMIUM, from: TO, to: FROM }, supervisor);
    expect(codes(reversed)).toEqual(['BAD_USER_INPUT']);
    // Scoped to a policy no ticket can have recorded (a typo): refused, not an empty report.
    const scoped = `query($p: SlaPolicyDefinitionInput!, $from: DateTime!, $to: DateTime!, $id: ID) {
      slaWhatIf(policy: $p, from: $from, to: $to, policyId: $id) { overall { actual { tickets } } } }`;
    const typo = await h.gql(scoped, { p: PREMIUM, from: FROM, to: TO, id: 'premuim' }, supervisor);
    expect(codes(typo)).toEqual(['NOT_FOUND']);
    // The deployment's bootstrap policy governs tickets that recorded no terms: a scope.
    expect(codes(await h.gql(scoped, { p: PREMIUM, from: FROM, to: TO, id: STANDARD_POLICY.id }, supervisor))).toEqual(
      [],
    );
    expect(await h.eventCount()).toBe(before);
  });
});
