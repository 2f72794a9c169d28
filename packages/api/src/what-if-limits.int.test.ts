import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordedEvent } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, T0 } from './testing/harness.fixture.js';
import { SLA_POLICY_INPUT } from './testing/operations.fixture.js';

// What a what-if may cost: only the tickets of its period are read, within a budget, once per
// operation. Reads are counted as the events the store hands out, never as time.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const MAX_TICKETS = 3;
const MAX_EVENTS = 12;
const POLICY = { name: 'Draft', calendarId: '24-7', targets: SLA_POLICY_INPUT.targets };
const WHAT_IF = `query($p: SlaPolicyDefinitionInput!, $from: DateTime!, $to: DateTime!) {
  slaWhatIf(policy: $p, from: $from, to: $to) { overall { actual { tickets } whatIf { tickets } } } }`;
const OPEN = 'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id consistencyToken } }';
const NOTE = 'mutation($i: ReplyToTicketInput!) { replyToTicket(input: $i) { id consistencyToken } }';

let h: ApiHarness;
let supervisor: string;
let agent: string;

const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** Waits for the read models (and so the projector's reads of the log) to reach `token`. */
async function settle(token: string): Promise<void> {
  await h.gql('query($t: String) { ticket(id: "x", consistencyToken: $t) { id } }', { t: token }, agent);
}

/** Opens a ticket at `ms` after T0. */
async function open(ticketId: string, ms: number): Promise<void> {
  h.clock.now = new Date(T0.getTime() + ms);
  const i = { ticketId, customerId: 'carl', subject: 'Slow', description: 'Pages load slowly', channel: 'email' };
  expect((await h.gql(OPEN, { i }, agent)).errors).toBeUndefined();
}

/** Marks the async context of the work `eventsRead` measures. */
const measured = new AsyncLocalStorage<true>();

/**
 * The ticket events the store handed out (from the whole log or from streams) to `work`, the
 * request it makes included; the SLA configuration's own stream, read to validate the draft, is
 * not counted, and neither are the reads of the projectors and the router polling the same store
 * meanwhile (a loaded machine leaves them behind the log).
 */
async function eventsRead(work: () => Promise<unknown>): Promise<number> {
  const pages: Promise<RecordedEvent[]>[] = [];
  const counted =
    <A extends unknown[]>(read: (...args: A) => Promise<RecordedEvent[]>) =>
    (...args: A) => {
      const page = read(...args);
      if (measured.getStore()) pages.push(page);
      return page;
    };
  const readAll = counted(h.store.readAll.bind(h.store));
  const readStream = counted(h.store.readStream.bind(h.store));
  const all = vi.spyOn(h.store, 'readAll').mockImplementation(readAll);
  const streams = vi.spyOn(h.store, 'readStream').mockImplementation(readStream);
  try {
    await measured.run(true, work);
    return (await Promise.all(pages)).flat().filter((event) => event.streamId.startsWith('ticket-')).length;
  } finally {
    all.mockRestore();
    streams.mockRestore();
  }
}

beforeAll(async () => {
  h = await createApiHarness({ config: { whatIf: { maxTickets: MAX_TICKETS, maxEvents: MAX_EVENTS } } });
  supervisor = await h.token('supervisor', 'sue');
  agent = await h.token('agent', 'al');
  const system = await h.token('system', 'setup');
  const presets = 'mutation { loadSlaPresets(input: { presets: [standard, premium] }) { version } }';
  expect((await h.gql(presets, {}, await h.token('admin', 'ada'))).errors).toBeUndefined();
  await h.gql('mutation { registerCustomer(input: { customerId: "carl", name: "Carl" }) { id } }', {}, system);
  // Day 1: four tickets a minute apart. Day 2: one with many notes.
  for (const n of [0, 1, 2, 3]) await open(`quiet-${n}`, DAY + n * MINUTE);
  await open('busy', 2 * DAY);
  let token = '';
  for (let n = 0; n < MAX_EVENTS; n++) {
    const i = { ticketId: 'busy', body: `Note ${n}`, visibility: 'internal' };
    token = field<{ consistencyToken: string }>(await h.gql(NOTE, { i }, agent), 'replyToTicket').consistencyToken;
  }
  await settle(token);
}, 60_000);

afterAll(async () => h?.close());

describe('slaWhatIf limits', () => {
  it('reads no ticket event for a period without tickets, however full the log', async () => {
    let response: Awaited<ReturnType<ApiHarness['gql']>> | undefined;
    const read = await eventsRead(async () => {
      response = await h.gql(
        WHAT_IF,
        { p: POLICY, from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' },
        supervisor,
      );
    });
    expect(field<{ overall: { actual: { tickets: number } } }>(response!, 'slaWhatIf').overall.actual.tickets).toBe(0);
    expect(read).toBe(0);
  });

  it('reads only the streams of the tickets of its period', async () => {
    let tickets = 0;
    const read = await eventsRead(async () => {
      const response = await h.gql(WHAT_IF, { p: POLICY, from: iso(DAY), to: iso(DAY + 3 * MINUTE) }, supervisor);
      tickets = field<{ overall: { actual: { tickets: number } } }>(response, 'slaWhatIf').overall.actual.tickets;
    });
    expect(tickets).toBe(3);
    const own = await Promise.all([0, 1, 2].map((n) => h.store.readStream(`ticket-quiet-${n}`)));
    expect(read).toBe(own.reduce((sum, events) => sum + events.length, 0));
  });

  it('refuses a period with more tickets than the budget, before reading any stream', async () => {
    let response: Awaited<ReturnType<ApiHarness['gql']>> | undefined;
    const read = await eventsRead(async () => {
      response = await h.gql(WHAT_IF, { p: POLICY, from: iso(DAY), to: iso(DAY + 4 * MINUTE) }, supervisor);
    });
    expect(codes(response!)).toEqual(['WHAT_IF_TOO_LARGE']);
    expect(read).toBe(0);
  });

  it('refuses a period whose tickets hold more events than the budget', async () => {
    const response = await h.gql(WHAT_IF, { p: POLICY, from: iso(2 * DAY), to: iso(3 * DAY) }, supervisor);
    expect(codes(response)).toEqual(['WHAT_IF_TOO_LARGE']);
    expect(response.errors?.[0]?.message).toMatch(/more than 12 events/);
  });

  it('refuses a second what-if in one operation, aliased or spread from a fragment, reading nothing', async () => {
    const variables = { p: POLICY, from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' };
    const args = 'policy: $p, from: $from, to: $to';
    const head = 'query($p: SlaPolicyDefinitionInput!, $from: DateTime!, $to: DateTime!)';
    const aliased = `${head} { a: slaWhatIf(${args}) { from } b: slaWhatIf(${args}) { from } }`;
    const spread = `${head} { a: slaWhatIf(${args}) { from } ...F } fragment F on Query { b: slaWhatIf(${args}) { to } }`;
    for (const query of [aliased, spread]) {
      let response: Awaited<ReturnType<ApiHarness['gql']>> | undefined;
      const read = await eventsRead(async () => {
        response = await h.gql(query, variables, supervisor);
      });
      expect(codes(response!)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(response!.errors?.[0]?.message).toMatch(/slaWhatIf more than once/);
      expect(read).toBe(0);
    }
  });
});
