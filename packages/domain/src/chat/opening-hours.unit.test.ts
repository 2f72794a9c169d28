import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/errors.js';
import { MINUTE_MS } from '../shared/time.js';
import { bruteBusinessMinutes, calendarAndInstantArb } from '../sla/brute-force.fixture.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from '../sla-config/state.js';
import { AGENT, CUSTOMER, START_CHAT, SYSTEM } from './chat.fixture.js';
import { chatDecider } from './index.js';
import { chatAvailability, requireChatDeskOpen } from './opening-hours.js';

/** Weekdays 09:00-18:00 in Paris (UTC+1 in winter), closed on New Year's Day 2025. */
const PARIS_OFFICE: BusinessCalendar = {
  kind: 'weekly',
  timeZone: 'Europe/Paris',
  weekly: {
    mon: [{ start: '09:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '18:00' }],
    fri: [{ start: '09:00', end: '18:00' }],
    sat: [],
    sun: [],
  },
  holidays: ['2025-01-01'],
};

const withHours = (calendar: BusinessCalendar, calendarId = 'desk'): SlaConfiguration => ({
  ...EMPTY_SLA_CONFIGURATION,
  calendars: { [calendarId]: { id: calendarId, version: 1, definition: { name: 'Chat desk', calendar } } },
  chatHoursCalendarId: calendarId,
});

const at = (iso: string) => new Date(iso);

describe('the chat desk availability', () => {
  it('is open at all hours without chat hours, or when their calendar is gone', () => {
    const always = { open: true, closesAt: null, nextOpeningAt: null, calendarId: null };
    expect(chatAvailability(undefined, at('2025-01-04T03:00:00Z'))).toEqual(always);
    expect(chatAvailability(EMPTY_SLA_CONFIGURATION, at('2025-01-04T03:00:00Z'))).toEqual(always);
    const gone = { ...withHours(PARIS_OFFICE), calendars: {} };
    expect(chatAvailability(gone, at('2025-01-04T03:00:00Z'))).toEqual(always);
    expect(chatAvailability(withHours({ kind: '24/7' }), at('2025-01-04T03:00:00Z'))).toMatchObject({
      open: true,
      closesAt: null,
      calendarId: 'desk',
    });
  });

  it('is open in the calendar hours, until they end', () => {
    expect(chatAvailability(withHours(PARIS_OFFICE), at('2025-01-02T08:00:00Z'))).toEqual({
      open: true,
      closesAt: at('2025-01-02T17:00:00Z'),
      nextOpeningAt: null,
      calendarId: 'desk',
    });
  });

  it('is closed outside them, on the weekend and on holidays, with the next opening', () => {
    const config = withHours(PARIS_OFFICE);
    // Tuesday 31 December, 19:00 in Paris: the 1st is a holiday, so the desk opens on the 2nd.
    expect(chatAvailability(config, at('2024-12-31T18:00:00Z'))).toMatchObject({
      open: false,
      nextOpeningAt: at('2025-01-02T08:00:00Z'),
    });
    // The closing instant itself is closed (windows are half-open); Friday's close opens Monday.
    expect(chatAvailability(config, at('2025-01-03T17:00:00Z'))).toMatchObject({
      open: false,
      nextOpeningAt: at('2025-01-06T08:00:00Z'),
    });
  });

  it('knows no next opening when the calendar has none in the next 60 days', () => {
    const never: BusinessCalendar = {
      ...PARIS_OFFICE,
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    expect(chatAvailability(withHours(never), at('2025-01-02T08:00:00Z'))).toEqual({
      open: false,
      closesAt: null,
      nextOpeningAt: null,
      calendarId: 'desk',
    });
  });

  it('agrees with a minute-by-minute reading of the calendar', () => {
    const WEEK_MINUTES = 8 * 24 * 60;
    fc.assert(
      fc.property(calendarAndInstantArb, ({ calendar, at: instant }) => {
        const minutes = bruteBusinessMinutes(calendar, instant, instant + WEEK_MINUTES * MINUTE_MS);
        const availability = chatAvailability(withHours(calendar), new Date(instant));
        expect(availability.open).toBe(minutes[0]);
        const change = minutes.findIndex((business) => business !== minutes[0]);
        const changeAt = change === -1 ? null : new Date(instant + change * MINUTE_MS);
        if (availability.open) {
          expect(availability.nextOpeningAt).toBeNull();
          if (changeAt !== null) expect(availability.closesAt).toEqual(changeAt);
          else
            expect(
              availability.closesAt === null || availability.closesAt > new Date(instant + WEEK_MINUTES * MINUTE_MS),
            ).toBe(true);
        } else {
          expect(availability.closesAt).toBeNull();
          if (changeAt !== null) expect(availability.nextOpeningAt).toEqual(changeAt);
          else
            expect(
              availability.nextOpeningAt === null ||
                availability.nextOpeningAt > new Date(instant + WEEK_MINUTES * MINUTE_MS),
            ).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
    // Eight days read minute by minute, 150 times: 15 s on a busy two-core machine; the limit only catches a hang.
  }, 90_000);
});

describe('starting a chat outside the opening hours', () => {
  const closed = { now: at('2025-01-04T10:00:00Z'), slaConfiguration: withHours(PARIS_OFFICE) };

  it('is refused to a customer, with the next opening and the offer of a ticket', () => {
    expect(() => requireChatDeskOpen(closed.slaConfiguration, closed.now)).toThrowError(
      'The chat desk is closed until 2025-01-06T08:00:00.000Z: open a ticket instead',
    );
    try {
      chatDecider.decide(START_CHAT, chatDecider.initialState, { ...closed, actor: CUSTOMER });
      expect.unreachable('a closed desk starts no chat');
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('CHAT_OUTSIDE_OPENING_HOURS');
      expect(isDomainError(error) && error.details).toEqual({
        nextOpeningAt: '2025-01-06T08:00:00.000Z',
        calendarId: 'desk',
        offer: 'ticket',
      });
    }
  });

  it('is allowed to staff and the system, who open it on the customer’s behalf', () => {
    for (const actor of [AGENT, SYSTEM]) {
      const events = chatDecider.decide(START_CHAT, chatDecider.initialState, { ...closed, actor });
      expect(events[0]?.type).toBe('ChatStarted');
    }
  });

  it('is allowed to a customer while the desk is open', () => {
    const open = { now: at('2025-01-06T09:00:00Z'), slaConfiguration: withHours(PARIS_OFFICE), actor: CUSTOMER };
    expect(chatDecider.decide(START_CHAT, chatDecider.initialState, open)[0]?.type).toBe('ChatStarted');
  });
});
