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
    await ok(SET_HOURS, { i: { calendarId: 'chat-desk' } }, admin);
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
    await ok(SET_HOURS, { i: {} }, admin);
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
