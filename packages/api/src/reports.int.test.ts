import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from './reports/metrics-csv.js';
import { TICKET_METRICS_CSV_PATH, TICKET_SERIES_CSV_PATH } from './reports/routes.js';
import { SERIES_CSV_HEADER } from './reports/series-csv.js';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// Ticket reports over HTTP: the new breakdowns and figures of ticketMetrics, the time series,
// and the CSV export, each for the roles the policy names and no one else.

const CUSTOMER = 'cust-reports';
const FROM = '2025-03-03T00:00:00.000Z';
const TO = '2025-03-04T00:00:00.000Z';
let h: ApiHarness;
let customer: string;
let agent: string;
let supervisor: string;
let lastToken: string;

async function mutate(query: string, token: string): Promise<{ id: string; consistencyToken: string }> {
  const response = await h.gql(query, {}, token);
  return field(response, Object.keys(response.data ?? {})[0] ?? 'nothing');
}

const csv = (query: string, token?: string) => h.get(`${TICKET_METRICS_CSV_PATH}?${query}`, token);

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', 'agent-reports');
  supervisor = await h.token('supervisor', 'supervisor-reports');
  // Two tickets opened at 09:00 UTC: one answered once and resolved (a first-contact
  // resolution), tagged; one escalated, in the billing category.
  const open = (subject: string, category = '') =>
    mutate(
      `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "${subject}", description: "x", channel: email${category} }) { id } }`,
      customer,
    );
  const solved = (await open('Solved at once')).id;
  const escalated = (await open('Hard one', ', category: "billing"')).id;
  h.clock.now = new Date(h.clock.now.getTime() + 30 * 60_000);
  await mutate(`mutation { replyToTicket(input: { ticketId: "${solved}", body: "Fixed" }) { id } }`, agent);
  await mutate(`mutation { addTicketTags(input: { ticketId: "${solved}", tags: ["vip", "refund"] }) { id } }`, agent);
  await mutate(`mutation { changeTicketStatus(input: { ticketId: "${solved}", to: resolved }) { id } }`, agent);
  lastToken = (
    await mutate(
      `mutation { escalateTicket(input: { ticketId: "${escalated}", reason: complexity }) { id consistencyToken } }`,
      agent,
    )
  ).consistencyToken;
});
afterAll(async () => h?.close());

const METRICS = `query($from: DateTime!, $to: DateTime!, $token: String) {
  ticketMetrics(from: $from, to: $to, consistencyToken: $token) {
    overall { tickets firstContactResolution { count of rate } reopens { count of rate } escalation { count of rate }
      escalationByTier { tier count of rate } }
    byCategory { key metrics { tickets } }
    byTier { key metrics { tickets escalation { rate } } }
    byTag { key metrics { tickets firstContactResolution { rate } } }
  }
}`;

describe('ticketMetrics', () => {
  it('breaks the tickets down by category, tier and tag, with first-contact resolution, reopens and escalation', async () => {
    const report = field<Record<string, unknown>>(
      await h.gql(METRICS, { from: FROM, to: TO, token: lastToken }, supervisor),
      'ticketMetrics',
    );
    expect(report).toEqual({
      overall: {
        tickets: 2,
        firstContactResolution: { count: 1, of: 1, rate: 1 },
        reopens: { count: 0, of: 1, rate: 0 },
        escalation: { count: 1, of: 2, rate: 0.5 },
        escalationByTier: [
          { tier: 1, count: 1, of: 2, rate: 0.5 },
          { tier: 2, count: 0, of: 1, rate: 0 },
          { tier: 3, count: 0, of: 0, rate: null },
        ],
      },
      byCategory: expect.arrayContaining([
        { key: 'billing', metrics: { tickets: 1 } },
        { key: 'uncategorized', metrics: { tickets: 1 } },
      ]),
      byTier: expect.arrayContaining([
        { key: '1', metrics: { tickets: 1, escalation: { rate: 0 } } },
        { key: '2', metrics: { tickets: 1, escalation: { rate: 1 } } },
      ]),
      byTag: expect.arrayContaining([
        { key: 'vip', metrics: { tickets: 1, firstContactResolution: { rate: 1 } } },
        { key: 'refund', metrics: { tickets: 1, firstContactResolution: { rate: 1 } } },
      ]),
    });
  });

  it('refuses an empty or reversed period, as its CSV does, rather than report nothing', async () => {
    for (const [from, to] of [
      [TO, FROM],
      [FROM, FROM],
    ]) {
      const refused = await h.gql(METRICS, { from, to }, supervisor);
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0]?.message).toMatch(/from must be before to/);
    }
  });
});

describe('ticketMetrics, only what is selected', () => {
  it('computes the breakdowns a request selects (aliased too) the same as in a fuller report', async () => {
    const only = field<Record<string, unknown>>(
      await h.gql(
        'query($from: DateTime!, $to: DateTime!) { m: ticketMetrics(from: $from, to: $to) { byTag { key metrics { tickets } } } }',
        { from: FROM, to: TO },
        supervisor,
      ),
      'm',
    );
    const full = field<{ byTag: unknown[] }>(
      await h.gql(
        `query($from: DateTime!, $to: DateTime!) { ticketMetrics(from: $from, to: $to) { byAgent { key } byTag { key metrics { tickets } } } }`,
        { from: FROM, to: TO },
        supervisor,
      ),
      'ticketMetrics',
    );
    expect(only).toEqual({ byTag: full.byTag });
    expect(full.byTag.length).toBeGreaterThan(0);
    // Behind a fragment every breakdown is computed, so nothing selected comes back empty.
    const viaFragment = field<{ byCategory: unknown[] }>(
      await h.gql(
        `query($from: DateTime!, $to: DateTime!) { ticketMetrics(from: $from, to: $to) { ...F } }
         fragment F on TicketMetrics { byCategory { key } }`,
        { from: FROM, to: TO },
        supervisor,
      ),
      'ticketMetrics',
    );
    expect(viaFragment.byCategory.length).toBeGreaterThan(0);
  });
});

const SERIES = `query($from: DateTime!, $to: DateTime!, $interval: ReportInterval!) {
  ticketTimeSeries(from: $from, to: $to, interval: $interval) {
    interval
    current { from to buckets { start opened firstResponseMedianMs slaCompliance { firstResponse { met breached } } } }
    previous { from buckets { opened } }
    peakHours { hour opened }
  }
}`;

describe('ticketTimeSeries', () => {
  it('counts the tickets opened per UTC hour beside the period before, and finds the peak hour', async () => {
    const series = field<{
      interval: string;
      current: {
        from: string;
        to: string;
        buckets: { start: string; opened: number; firstResponseMedianMs: number | null }[];
      };
      previous: { from: string; buckets: { opened: number }[] };
      peakHours: { hour: number; opened: number }[];
    }>(await h.gql(SERIES, { from: FROM, to: TO, interval: 'hour' }, supervisor), 'ticketTimeSeries');
    expect(series.interval).toBe('hour');
    expect(series.current.buckets).toHaveLength(24);
    expect(series.current.buckets[9]).toMatchObject({
      start: '2025-03-03T09:00:00.000Z',
      opened: 2,
      firstResponseMedianMs: 30 * 60_000,
    });
    expect(series.current.buckets.reduce((sum, bucket) => sum + bucket.opened, 0)).toBe(2);
    expect(series.previous.from).toBe('2025-03-02T00:00:00.000Z');
    expect(series.previous.buckets.every((bucket) => bucket.opened === 0)).toBe(true);
    expect(series.peakHours[0]).toEqual({ hour: 9, opened: 2 });
    expect(series.peakHours).toHaveLength(24);
  });

  it('refuses an empty or reversed range and too many buckets, and customers and agents', async () => {
    const call = (variables: Record<string, unknown>, token = supervisor) => h.gql(SERIES, variables, token);
    expect(codes(await call({ from: TO, to: FROM, interval: 'day' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await call({ from: FROM, to: FROM, interval: 'day' }))).toEqual(['BAD_USER_INPUT']);
    const tooLong = await call({ from: '2025-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z', interval: 'hour' });
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors?.[0]?.message).toMatch(/at most 1000 buckets/);
    expect(codes(await call({ from: '2025-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z', interval: 'day' }))).toEqual(
      [],
    );
    expect(codes(await call({ from: FROM, to: TO, interval: 'day' }, customer))).toEqual(['FORBIDDEN']);
    expect(codes(await call({ from: FROM, to: TO, interval: 'day' }, agent))).toEqual(['FORBIDDEN']);
  });
});

const ZONED_SERIES = `query($from: DateTime!, $to: DateTime!, $interval: ReportInterval!, $zone: String) {
  ticketTimeSeries(from: $from, to: $to, interval: $interval, timeZone: $zone) {
    timeZone
    current { buckets { start opened } }
    peakHours { hour opened }
  }
}`;

describe('ticketTimeSeries in a time zone', () => {
  type Zoned = {
    timeZone: string;
    current: { buckets: { start: string; opened: number }[] };
    peakHours: { hour: number }[];
  };
  // Paris is an hour ahead of UTC in March 2025: its 3 March runs from 23:00 UTC the day before.
  const PARIS_DAY = { from: '2025-03-02T23:00:00.000Z', to: '2025-03-03T23:00:00.000Z' };

  it("cuts the days and peak hours on the zone's clocks, naming the zone as the database spells it", async () => {
    const series = field<Zoned>(
      await h.gql(ZONED_SERIES, { ...PARIS_DAY, interval: 'day', zone: 'europe/paris' }, supervisor),
      'ticketTimeSeries',
    );
    expect(series.timeZone).toBe('Europe/Paris');
    expect(series.current.buckets).toEqual([{ start: PARIS_DAY.from, opened: 2 }]);
    // Opened at 09:00 UTC, 10:00 in Paris.
    expect(series.peakHours[0]).toEqual({ hour: 10, opened: 2 });
    const utc = field<Zoned>(
      await h.gql(ZONED_SERIES, { ...PARIS_DAY, interval: 'day' }, supervisor),
      'ticketTimeSeries',
    );
    expect(utc.timeZone).toBe('UTC');
    expect(utc.current.buckets.map((bucket) => bucket.start)).toEqual([
      '2025-03-02T00:00:00.000Z',
      '2025-03-03T00:00:00.000Z',
    ]);
    expect(utc.peakHours[0]).toEqual({ hour: 9, opened: 2 });
  });

  it('refuses a zone the time-zone database does not know with UNKNOWN_TIME_ZONE, as its CSV does', async () => {
    const refused = await h.gql(ZONED_SERIES, { ...PARIS_DAY, interval: 'day', zone: 'Mars/Olympus_Mons' }, supervisor);
    expect(codes(refused)).toEqual(['UNKNOWN_TIME_ZONE']);
    const response = await h.get(
      `${TICKET_SERIES_CSV_PATH}?from=${PARIS_DAY.from}&to=${PARIS_DAY.to}&interval=day&timeZone=Mars/Olympus_Mons`,
      supervisor,
    );
    expect([response.statusCode, response.json().errors[0].extensions.code]).toEqual([400, 'UNKNOWN_TIME_ZONE']);
  });

  it('serves the same local days as CSV', async () => {
    const response = await h.get(
      `${TICKET_SERIES_CSV_PATH}?from=${PARIS_DAY.from}&to=${PARIS_DAY.to}&interval=day&timeZone=Europe/Paris`,
      supervisor,
    );
    const rows = response.body
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',').slice(0, 3));
    expect(rows).toEqual([
      ['current', PARIS_DAY.from, '2'],
      ['previous', '2025-03-01T23:00:00.000Z', '0'],
    ]);
  });
});

describe('GET /reports/ticket-metrics.csv', () => {
  it('streams the report as CSV to supervisors and auditors: a header, then a row per group', async () => {
    for (const token of [supervisor, await h.token('auditor', 'auditor-reports')]) {
      const response = await csv(`from=${FROM}&to=${TO}&by=overall,tag`, token);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="ticket-metrics.csv"');
      const lines = response.body.split('\r\n');
      expect(lines[0]).toBe(CSV_HEADER.join(','));
      expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
        'overall,,2',
        'tag,refund,1',
        'tag,vip,1',
        '',
      ]);
    }
  });

  it('gives every grouping when by is left out, and takes by repeated', async () => {
    const all = await csv(`from=${FROM}&to=${TO}`, supervisor);
    const groupings = new Set(
      all.body
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]),
    );
    expect([...groupings]).toEqual(['overall', 'agent', 'channel', 'priority', 'category', 'tier', 'tag', 'policy']);
    const repeated = await csv(`from=${FROM}&to=${TO}&by=channel&by=channel&by=tier`, supervisor);
    expect(
      repeated.body
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',').slice(0, 2).join(',')),
    ).toEqual([
      // Every channel and tier, those without tickets too (zeros, so a chart keeps its bars).
      ...['api', 'chat', 'email', 'phone', 'web'].map((channel) => `channel,${channel}`),
      ...['1', '2', '3'].map((tier) => `tier,${tier}`),
    ]);
  });

  it('refuses callers without a token, customers and agents, as the GraphQL query does', async () => {
    const query = `from=${FROM}&to=${TO}`;
    const refusal = async (token: string | undefined) => {
      const response = await csv(query, token);
      return [response.statusCode, response.json().errors[0].extensions.code];
    };
    expect(await refusal(undefined)).toEqual([401, 'UNAUTHENTICATED']);
    expect(await refusal('not-a-token')).toEqual([401, 'UNAUTHENTICATED']);
    expect(await refusal(customer)).toEqual([403, 'FORBIDDEN']);
    expect(await refusal(agent)).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses bad dates, a reversed range and unknown groupings with BAD_USER_INPUT', async () => {
    for (const query of [
      `to=${TO}`,
      `from=yesterday&to=${TO}`,
      `from=2025-03-03T00:00:00&to=${TO}`,
      `from=${TO}&to=${FROM}`,
      `from=${FROM}&to=${TO}&by=weather`,
      `from=${FROM}&to=${TO}&by=`,
    ]) {
      const response = await csv(query, supervisor);
      expect([query, response.statusCode, response.json().errors[0].extensions.code]).toEqual([
        query,
        400,
        'BAD_USER_INPUT',
      ]);
    }
    // Each bad field named in `issues`, as GraphQL names them; a malformed bound is not also a reversed range.
    const malformed = (await csv(`from=junk&to=${TO}`, supervisor)).json().errors[0];
    expect(malformed.extensions.issues.map((issue: { path: string }) => issue.path)).toEqual(['from']);
    const reversed = (await csv(`from=${TO}&to=${FROM}`, supervisor)).json().errors[0];
    expect(reversed.extensions.issues).toEqual([
      expect.objectContaining({ path: 'to', message: 'from must be before to' }),
    ]);
  });
});

describe('GET /reports/ticket-series.csv', () => {
  const series = (query: string, token: string) => h.get(`${TICKET_SERIES_CSV_PATH}?${query}`, token);

  it('streams a row per bucket, the current period then the previous one', async () => {
    const response = await series(`from=${FROM}&to=${TO}&interval=hour`, supervisor);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="ticket-series.csv"');
    const [header, ...rows] = response.body.split('\r\n');
    expect(header).toBe(SERIES_CSV_HEADER.join(','));
    const cells = rows.slice(0, -1).map((line) => line.split(','));
    expect(cells).toHaveLength(48);
    expect(cells.slice(0, 24).every(([period]) => period === 'current')).toBe(true);
    expect(cells[0]!.slice(0, 2)).toEqual(['current', FROM]);
    expect(cells[24]!.slice(0, 2)).toEqual(['previous', '2025-03-02T00:00:00.000Z']);
    // Both tickets were opened at 09:00 UTC.
    expect(cells.filter((row) => row[2] !== '0').map((row) => row.slice(0, 3))).toEqual([
      ['current', '2025-03-03T09:00:00.000Z', '2'],
    ]);
  });

  it('refuses agents, an unknown interval and too many buckets with the codes of the GraphQL query', async () => {
    const refusal = async (query: string, token: string) => {
      const response = await series(query, token);
      return [response.statusCode, response.json().errors[0].extensions.code];
    };
    expect(await refusal(`from=${FROM}&to=${TO}&interval=day`, agent)).toEqual([403, 'FORBIDDEN']);
    expect(await refusal(`from=${FROM}&to=${TO}&interval=week`, supervisor)).toEqual([400, 'BAD_USER_INPUT']);
    expect(await refusal(`from=2020-01-01T00:00:00Z&to=${TO}&interval=hour`, supervisor)).toEqual([
      400,
      'BAD_USER_INPUT',
    ]);
  });
});
