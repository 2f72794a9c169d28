import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_CSV_HEADER } from './reports/chat-metrics-csv.js';
import { CHAT_METRICS_CSV_PATH } from './reports/routes.js';
import { type ApiHarness, codes, createApiHarness, field, T0 } from './testing/harness.fixture.js';

// The chat report and the supervisors' live board over HTTP, for the roles the policy names and
// no one else. The API's clock is the harness's: the report's utilisation and the board's waits
// are measured at it.

const MINUTE = 60_000;
const AGENT = 'agent-chats';
const FROM = T0.toISOString();
const TO = new Date(T0.getTime() + 60 * MINUTE).toISOString();
let h: ApiHarness;
let admin: string;
let agent: string;
let supervisor: string;
let lastToken: string;

const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

async function mutate(query: string, token: string): Promise<{ id: string; consistencyToken: string }> {
  const response = await h.gql(query, {}, token);
  const result = field<{ id: string; consistencyToken: string }>(response, Object.keys(response.data ?? {})[0] ?? '');
  lastToken = result.consistencyToken ?? lastToken;
  return result;
}

const CONSISTENT = 'id consistencyToken';

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'admin-chats');
  agent = await h.token('agent', AGENT);
  supervisor = await h.token('supervisor', 'supervisor-chats');
  // One chat answered after 2 minutes, held 10, converted and rated 4; one left by its customer
  // after 3 minutes in the queue. The agent is available from 09:00 to 09:20.
  h.clock.now = at(0);
  await mutate(`mutation { registerAgent(input: { agentId: "${AGENT}", name: "Chats" }) { ${CONSISTENT} } }`, admin);
  await mutate(
    `mutation { setAgentAvailability(input: { agentId: "${AGENT}", availability: available }) { ${CONSISTENT} } }`,
    admin,
  );
  const first = await h.token('customer', 'cust-chat-1');
  const answered = (
    await mutate(`mutation { startChat(input: { customerId: "cust-chat-1" }) { ${CONSISTENT} } }`, first)
  ).id;
  h.clock.now = at(1);
  const second = await h.token('customer', 'cust-chat-2');
  const left = (await mutate(`mutation { startChat(input: { customerId: "cust-chat-2" }) { ${CONSISTENT} } }`, second))
    .id;
  h.clock.now = at(2);
  await mutate(`mutation { acceptChat(input: { chatId: "${answered}" }) { ${CONSISTENT} } }`, agent);
  h.clock.now = at(4);
  await mutate(`mutation { closeChat(input: { chatId: "${left}" }) { ${CONSISTENT} } }`, second);
  h.clock.now = at(12);
  await mutate(`mutation { convertChatToTicket(input: { chatId: "${answered}" }) { ${CONSISTENT} } }`, agent);
  await mutate(`mutation { closeChat(input: { chatId: "${answered}" }) { ${CONSISTENT} } }`, agent);
  await mutate(`mutation { rateChat(input: { chatId: "${answered}", score: 4 }) { ${CONSISTENT} } }`, first);
  h.clock.now = at(20);
  await mutate(
    `mutation { setAgentAvailability(input: { agentId: "${AGENT}", availability: offline }) { ${CONSISTENT} } }`,
    admin,
  );
  h.clock.now = at(30);
});
afterAll(async () => h?.close());

const CHAT_METRICS = `query($from: DateTime!, $to: DateTime!, $token: String) {
  chatMetrics(from: $from, to: $to, consistencyToken: $token) {
    overall { chats waitTime { count averageMs medianMs } duration { count averageMs medianMs }
      abandonment { count of rate } conversion { count of rate } csat { count average } }
    byAgent { key metrics { chats abandonment { count } } }
    byCategory { key metrics { chats } }
    utilisation { agentId availableMs busyMs rate }
  }
}`;

describe('chatMetrics', () => {
  it('reports waits, durations, abandonment, conversion, CSAT, the breakdowns and utilisation', async () => {
    const report = field(
      await h.gql(CHAT_METRICS, { from: FROM, to: TO, token: lastToken }, supervisor),
      'chatMetrics',
    );
    expect(report).toEqual({
      overall: {
        chats: 2,
        waitTime: { count: 1, averageMs: 2 * MINUTE, medianMs: 2 * MINUTE },
        duration: { count: 2, averageMs: 7.5 * MINUTE, medianMs: 7.5 * MINUTE },
        abandonment: { count: 1, of: 2, rate: 0.5 },
        conversion: { count: 1, of: 2, rate: 0.5 },
        csat: { count: 1, average: 4 },
      },
      byAgent: expect.arrayContaining([
        { key: AGENT, metrics: { chats: 1, abandonment: { count: 0 } } },
        { key: 'unassigned', metrics: { chats: 1, abandonment: { count: 1 } } },
      ]),
      byCategory: [{ key: 'uncategorized', metrics: { chats: 2 } }],
      // Available 09:00 to 09:20, holding the chat 09:02 to 09:12.
      utilisation: [{ agentId: AGENT, availableMs: 20 * MINUTE, busyMs: 10 * MINUTE, rate: 0.5 }],
    });
  });

  it('refuses a reversed range, and customers and agents', async () => {
    const call = (from: string, to: string, token: string) => h.gql(CHAT_METRICS, { from, to }, token);
    expect(codes(await call(TO, FROM, supervisor))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await call(FROM, FROM, supervisor))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await call(FROM, TO, await h.token('customer', 'cust-chat-1')))).toEqual(['FORBIDDEN']);
    expect(codes(await call(FROM, TO, agent))).toEqual(['FORBIDDEN']);
  });
});

describe('GET /reports/chat-metrics.csv', () => {
  const csv = (query: string, token: string) => h.get(`${CHAT_METRICS_CSV_PATH}?${query}`, token);

  it('streams the chat report as CSV: overall, each agent with their utilisation, each category', async () => {
    // Caught up: the CSV route takes no consistency token.
    await h.gql(CHAT_METRICS, { from: FROM, to: TO, token: lastToken }, supervisor);
    const response = await csv(`from=${FROM}&to=${TO}`, supervisor);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="chat-metrics.csv"');
    const [header, ...rows] = response.body.split('\r\n');
    expect(header).toBe(CHAT_CSV_HEADER.join(','));
    const record = (line: string) =>
      Object.fromEntries(line.split(',').map((cell, i) => [CHAT_CSV_HEADER[i], cell] as const));
    expect(rows.at(-1)).toBe('');
    expect(rows.slice(0, -1).map(record)).toEqual([
      expect.objectContaining({
        grouping: 'overall',
        chats: '2',
        abandoned_rate: '0.5',
        csat_average: '4',
        busy_ms: '',
      }),
      expect.objectContaining({
        grouping: 'agent',
        key: AGENT,
        chats: '1',
        wait_median_ms: String(2 * MINUTE),
        available_ms: String(20 * MINUTE),
        busy_ms: String(10 * MINUTE),
        utilisation_rate: '0.5',
      }),
      expect.objectContaining({ grouping: 'agent', key: 'unassigned', chats: '1', abandoned_count: '1', busy_ms: '' }),
      expect.objectContaining({ grouping: 'category', key: 'uncategorized', chats: '2' }),
    ]);
    const categories = await csv(`from=${FROM}&to=${TO}&by=category`, supervisor);
    expect(
      categories.body
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',').slice(0, 3).join(',')),
    ).toEqual(['category,uncategorized,2']);
  });

  it('refuses agents, a reversed range and unknown groupings, as the GraphQL query does', async () => {
    const refusal = async (query: string, token: string) => {
      const response = await csv(query, token);
      return [response.statusCode, response.json().errors[0].extensions.code];
    };
    expect(await refusal(`from=${FROM}&to=${TO}`, agent)).toEqual([403, 'FORBIDDEN']);
    expect(await refusal(`from=${TO}&to=${FROM}`, supervisor)).toEqual([400, 'BAD_USER_INPUT']);
    expect(await refusal(`from=${FROM}&to=${TO}&by=tag`, supervisor)).toEqual([400, 'BAD_USER_INPUT']);
  });
});

const BOARD = `query($token: String) {
  liveBoard(consistencyToken: $token) {
    at tickets { total new } waitingChats { count longestWaitMs }
    agents { available busy break training offline }
    slaBreachesLastHour slaAtRisk callbacksDue escalations
  }
}`;

describe('liveBoard', () => {
  it('shows tickets, the queue, presence, recent breaches, calls due and escalations at the API clock', async () => {
    const customer = await h.token('customer', 'cust-board');
    h.clock.now = at(30);
    const open = (subject: string) =>
      mutate(
        `mutation { openTicket(input: { customerId: "cust-board", subject: "${subject}", description: "x", channel: web }) { ${CONSISTENT} } }`,
        customer,
      );
    const late = (await open('Nobody answers')).id;
    const escalated = (await open('Too hard')).id;
    for (let i = 0; i < 3; i++) {
      await mutate(
        `mutation { escalateTicket(input: { ticketId: "${escalated}", reason: complexity }) { ${CONSISTENT} } }`,
        supervisor,
      );
    }
    await mutate(
      `mutation { scheduleCallback(input: { ticketId: "${late}", at: "${at(40).toISOString()}", timeZone: "UTC", phone: "+44 20 7946 0000", reason: "Call me" }) { ${CONSISTENT} } }`,
      customer,
    );
    await mutate(`mutation { startChat(input: { customerId: "cust-board" }) { ${CONSISTENT} } }`, customer);
    // Every ticket's running clock (the converted chat's ticket's too), and when it misses its target.
    const page = field<{ items: { sla: { nextBreachAt: string | null } | null }[] }>(
      await h.gql(
        'query($t: String) { tickets(consistencyToken: $t) { items { sla { nextBreachAt } } } }',
        { t: lastToken },
        supervisor,
      ),
      'tickets',
    );
    const deadlines = page.items.flatMap((t) => (t.sla?.nextBreachAt ? [Date.parse(t.sla.nextBreachAt)] : []));
    const firstDeadline = Math.min(...deadlines);

    // Ten minutes after the first target: the clocks overdue by under an hour count.
    h.clock.now = new Date(firstDeadline + 10 * MINUTE);
    const now = h.clock.now.getTime();
    const board = field<Record<string, unknown>>(await h.gql(BOARD, { token: lastToken }, supervisor), 'liveBoard');
    expect(board).toEqual({
      at: h.clock.now.toISOString(),
      tickets: { total: 3, new: 3 },
      waitingChats: { count: 1, longestWaitMs: now - at(30).getTime() },
      agents: { available: 0, busy: 0, break: 0, training: 0, offline: 1 },
      slaBreachesLastHour: deadlines.filter((d) => d > now - 60 * MINUTE && d <= now).length,
      // No warning recorded yet (the automation records them): none at risk.
      slaAtRisk: 0,
      callbacksDue: 1,
      escalations: 1,
    });
    expect(board.slaBreachesLastHour).toBeGreaterThan(0);

    // Two hours on, the breaches are older than an hour.
    h.clock.now = new Date(Math.max(...deadlines) + 2 * 60 * MINUTE);
    const later = field<{ slaBreachesLastHour: number }>(await h.gql(BOARD, {}, supervisor), 'liveBoard');
    expect(later.slaBreachesLastHour).toBe(0);
  });

  it('refuses customers, agents and auditors', async () => {
    for (const token of [await h.token('customer', 'cust-board'), agent, await h.token('auditor', 'auditor-1')]) {
      expect(codes(await h.gql(BOARD, {}, token))).toEqual(['FORBIDDEN']);
    }
  });
});

describe('chatMetrics abandonment', () => {
  it('leaves out a waiting chat closed by its conversion into a ticket, not one its customer left first', async () => {
    // A fresh period after everything above: one waiting chat a supervisor turns into a ticket,
    // one its customer leaves in the queue and a supervisor converts afterwards to follow up.
    const start = new Date(h.clock.now.getTime() + 24 * 60 * MINUTE);
    const minute = (n: number) => new Date(start.getTime() + n * MINUTE);
    const customer = async (id: string) => [id, await h.token('customer', id)] as const;
    const [takenId, taken] = await customer('cust-chat-taken');
    const [leftId, left] = await customer('cust-chat-left');
    h.clock.now = minute(0);
    const convertedChat = (
      await mutate(`mutation { startChat(input: { customerId: "${takenId}" }) { ${CONSISTENT} } }`, taken)
    ).id;
    const leftChat = (
      await mutate(`mutation { startChat(input: { customerId: "${leftId}" }) { ${CONSISTENT} } }`, left)
    ).id;
    h.clock.now = minute(3);
    await mutate(
      `mutation { convertChatToTicket(input: { chatId: "${convertedChat}" }) { ${CONSISTENT} } }`,
      supervisor,
    );
    await mutate(`mutation { closeChat(input: { chatId: "${leftChat}" }) { ${CONSISTENT} } }`, left);
    h.clock.now = minute(5);
    await mutate(`mutation { convertChatToTicket(input: { chatId: "${leftChat}" }) { ${CONSISTENT} } }`, supervisor);

    const report = field<{ overall: Record<string, unknown> }>(
      await h.gql(
        CHAT_METRICS,
        { from: minute(0).toISOString(), to: minute(60).toISOString(), token: lastToken },
        supervisor,
      ),
      'chatMetrics',
    );
    expect(report.overall).toMatchObject({
      chats: 2,
      abandonment: { count: 1, of: 2, rate: 0.5 },
      conversion: { count: 2, of: 2, rate: 1 },
    });
  });
});
