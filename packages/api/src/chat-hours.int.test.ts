import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, type GqlResponse, T0 } from './testing/harness.fixture.js';

// The chat desk's opening hours as a support team meets them: an admin names a calendar, a chat
// widget asks whether to offer a chat or a ticket, and a customer who starts a chat after hours
// is refused with the next opening and nothing written; staff may still open one for them.

const HOUR = 3_600_000;
let h: ApiHarness;
let admin: string;
let agent: string;
let carl: string;

async function ok(query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse> {
  const response = await h.gql(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response;
}

const SET_HOURS = 'mutation($i: SetChatHoursInput!) { setChatHours(input: $i) { id version } }';
const AVAILABILITY = '{ chatAvailability { open closesAt nextOpeningAt calendarId offerTicket } }';
const START = 'mutation($i: StartChatInput!) { startChat(input: $i) { id } }';
const at = (ms: number) => {
  h.clock.now = new Date(T0.getTime() + ms);
};

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'ada-admin');
  agent = await h.token('agent', 'al');
  carl = await h.token('customer', 'carl');
  await ok(
    'mutation($i: CreateSlaCalendarInput!) { createSlaCalendar(input: $i) { id } }',
    {
      i: {
        calendarId: 'chat-desk',
        // Paris office hours: T0 (Monday 09:00 UTC) is 10:00 there, in winter time (UTC+1).
        definition: {
          name: 'Chat desk',
          timeZone: 'Europe/Paris',
          weekly: {
            mon: [{ start: '09:00', end: '18:00' }],
            tue: [{ start: '09:00', end: '18:00' }],
          },
        },
      },
    },
    admin,
  );
});

afterAll(async () => {
  await h?.close();
});

describe('the chat desk opening hours', () => {
  it('are open at all hours until an admin names a calendar', async () => {
    at(12 * HOUR);
    expect(field(await ok(AVAILABILITY, {}, carl), 'chatAvailability')).toEqual({
      open: true,
      closesAt: null,
      nextOpeningAt: null,
      calendarId: null,
      offerTicket: false,
    });
    await ok(START, { i: { customerId: 'carl' } }, carl);
  });

  it('refuses an unknown calendar, and leaves the hours as they were', async () => {
    const response = await h.gql(SET_HOURS, { i: { calendarId: 'nowhere' } }, admin);
    expect(codes(response)).toEqual(['NOT_FOUND']);
    expect(codes(await h.gql(SET_HOURS, { i: { calendarId: 'chat-desk' } }, agent))).toEqual(['FORBIDDEN']);
    expect(field<{ calendarId: null }>(await ok(AVAILABILITY, {}, carl), 'chatAvailability').calendarId).toBeNull();
  });

  it('follow the calendar once named: open in its hours, with the time they end', async () => {
    // The answer names the setting, as its history does, whichever calendar it now names.
    expect(field(await ok(SET_HOURS, { i: { calendarId: 'chat-desk' } }, admin), 'setChatHours')).toMatchObject({
      id: 'chat-hours',
    });
    at(0);
    expect(field(await ok(AVAILABILITY, {}, carl), 'chatAvailability')).toEqual({
      open: true,
      closesAt: '2025-03-03T17:00:00.000Z',
      nextOpeningAt: null,
      calendarId: 'chat-desk',
      offerTicket: false,
    });
    await ok(START, { i: { customerId: 'carl' } }, carl);
  });

  it('after hours, offer a ticket and refuse a chat with the next opening, writing nothing', async () => {
    at(11 * HOUR); // Monday 21:00 in Paris.
    expect(field(await ok(AVAILABILITY, {}, carl), 'chatAvailability')).toEqual({
      open: false,
      closesAt: null,
      nextOpeningAt: '2025-03-04T08:00:00.000Z',
      calendarId: 'chat-desk',
      offerTicket: true,
    });
    const before = await h.eventCount();
    const refused = await h.gql(START, { i: { customerId: 'carl' } }, carl);
    expect(codes(refused)).toEqual(['CHAT_OUTSIDE_OPENING_HOURS']);
    expect(refused.errors?.[0]?.message).toBe(
      'The chat desk is closed until 2025-03-04T08:00:00.000Z: open a ticket instead',
    );
    expect(await h.eventCount()).toBe(before);
    // The ticket it offers instead is open at all hours.
    await ok(
      'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }',
      { i: { customerId: 'carl', channel: 'chat', subject: 'Chat was closed', description: 'Please call me back.' } },
      carl,
    );
    // Staff may still open a chat on the customer's behalf.
    await ok(START, { i: { customerId: 'carl', chatId: 'staff-opened' } }, agent);
  });

  it('on a day the calendar has no hours, point at the next day that has', async () => {
    at(4 * 24 * HOUR); // Friday 10:00 in Paris: the desk opens Mondays and Tuesdays only.
    const availability = field<{ open: boolean; nextOpeningAt: string }>(
      await ok(AVAILABILITY, {}, carl),
      'chatAvailability',
    );
    expect(availability).toMatchObject({ open: false, nextOpeningAt: '2025-03-10T08:00:00.000Z' });
  });

  it('keep their calendar from being deleted, and can be lifted', async () => {
    const deleting = await h.gql(
      'mutation($i: DeleteSlaCalendarInput!) { deleteSlaCalendar(input: $i) { id } }',
      { i: { calendarId: 'chat-desk' } },
      admin,
    );
    expect(codes(deleting)).toEqual(['CALENDAR_IN_USE']);
    expect(deleting.errors?.[0]?.message).toBe('Calendar chat-desk is used by chat-hours');
    expect(field(await ok(SET_HOURS, { i: {} }, admin), 'setChatHours')).toMatchObject({ id: 'chat-hours' });
    await ok(START, { i: { customerId: 'carl' } }, carl);
    const history = field<{ edges: { node: { entity: string; definition: unknown } }[] }>(
      await ok('{ slaConfigurationHistory { edges { node { entity definition } } } }', {}, admin),
      'slaConfigurationHistory',
    );
    expect(
      history.edges.filter((edge) => edge.node.entity === 'chat_hours').map((edge) => edge.node.definition),
    ).toEqual([{ calendarId: 'chat-desk' }, { calendarId: null }]);
  });
});

describe('the chat inactivity timeout', () => {
  const SET_TIMEOUT =
    'mutation($i: SetChatInactivityTimeoutInput!) { setChatInactivityTimeout(input: $i) { id version } }';
  const CHAT =
    'query($id: ID!, $c: String) { chat(id: $id, consistencyToken: $c) { lastActivityAt closesForInactivityAt } }';
  let written = '';
  /** Sends a mutation and keeps its consistency token for the reads that follow. */
  const write = async (name: string, input: Record<string, unknown>, token = agent) => {
    const response = await ok(
      `mutation($i: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { consistencyToken } }`,
      { i: input },
      token,
    );
    written = field<{ consistencyToken: string }>(response, name).consistencyToken;
  };
  /** How long after its last activity the chat closes for inactivity (NaN: it will not). */
  const closing = async (chatId: string, token = agent) => {
    const chat = field<{ lastActivityAt: string; closesForInactivityAt: string | null }>(
      await ok(CHAT, { id: chatId, c: written }, token),
      'chat',
    );
    return Date.parse(chat.closesForInactivityAt ?? 'NaN') - Date.parse(chat.lastActivityAt);
  };

  it('is the deployment’s until an admin sets one; bad or unallowed settings write nothing', async () => {
    await write('startChat', { customerId: 'carl', chatId: 'before-timeout' });
    expect(await closing('before-timeout')).toBe(30 * 60_000);
    const before = await h.eventCount();
    for (const ms of [30_000, 25 * HOUR, 0, 60_000.5]) {
      const refused = await h.gql(SET_TIMEOUT, { i: { inactivityTimeoutMs: ms } }, admin);
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      // Each in the rule's words, a fraction of a millisecond included.
      expect(refused.errors?.[0]?.message).toMatch(/chat inactivity timeout must be from a minute to a day/);
    }
    expect(codes(await h.gql(SET_TIMEOUT, { i: { inactivityTimeoutMs: 600_000 } }, agent))).toEqual(['FORBIDDEN']);
    expect(await h.eventCount()).toBe(before);
  });

  it('governs the chats started after it, shown to staff and to the customer; open chats keep theirs', async () => {
    await ok(SET_TIMEOUT, { i: { inactivityTimeoutMs: 10 * 60_000 } }, admin);
    const config = field<{ chatInactivityTimeoutMs: number }>(
      await ok('{ slaConfiguration { chatInactivityTimeoutMs } }', {}, admin),
      'slaConfiguration',
    );
    expect(config.chatInactivityTimeoutMs).toBe(10 * 60_000);
    await write('startChat', { customerId: 'carl', chatId: 'after-timeout' });
    expect(await closing('after-timeout')).toBe(10 * 60_000);
    expect(await closing('after-timeout', carl)).toBe(10 * 60_000);
    expect(await closing('before-timeout')).toBe(30 * 60_000);
    await write('closeChat', { chatId: 'after-timeout' }, carl);
    expect(await closing('after-timeout')).toBeNaN();
  });

  it('can be lifted, and its history says who set what', async () => {
    await ok(SET_TIMEOUT, { i: {} }, admin);
    await write('startChat', { customerId: 'carl', chatId: 'lifted-timeout' });
    expect(await closing('lifted-timeout')).toBe(30 * 60_000);
    const history = field<{ edges: { node: { entity: string; entityId: string; definition: unknown } }[] }>(
      await ok(
        '{ slaConfigurationHistory(entityId: "chat-inactivity") { edges { node { entity entityId definition } } } }',
        {},
        admin,
      ),
      'slaConfigurationHistory',
    );
    expect(history.edges.map((edge) => edge.node)).toEqual([
      { entity: 'chat_inactivity', entityId: 'chat-inactivity', definition: { inactivityTimeoutMs: 600_000 } },
      { entity: 'chat_inactivity', entityId: 'chat-inactivity', definition: { inactivityTimeoutMs: null } },
    ]);
  });
});
