import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';
import type { BusinessWindowSpec } from '../sla/calendar.js';
import type { SlaConfigCommand } from './commands.js';
import {
  ADMIN,
  ALWAYS,
  BASE,
  configured,
  decide,
  OFFICE,
  officeHours,
  policy,
  refusal,
  SYSTEM,
} from './sla-config.fixture.js';
import { EMPTY_SLA_CONFIGURATION } from './state.js';

const createCalendar = (calendarId: string, definition: unknown): SlaConfigCommand =>
  ({ type: 'CreateSlaCalendar', data: { calendarId, definition } }) as SlaConfigCommand;
const weekly = (days: Partial<Record<'mon' | 'tue' | 'sat' | 'sun', BusinessWindowSpec[]>>) => ({
  name: 'Shifts',
  calendar: {
    kind: 'weekly',
    timeZone: 'UTC',
    weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...days },
  },
});
const window = (start: string, end: string) => ({ start, end });
const category = (categoryId: string, parentId: string | null, extra: object = {}): SlaConfigCommand => ({
  type: 'CreateTicketCategory',
  data: { categoryId, definition: { name: categoryId, parentId, ...extra } },
});
const moveCategory = (categoryId: string, parentId: string | null): SlaConfigCommand => ({
  type: 'UpdateTicketCategory',
  data: { categoryId, definition: { name: categoryId, parentId } },
});

const DAY = 24 * HOUR_MS;
const small = { firstResponseMinutes: 10, nextResponseMinutes: 20, resolutionMinutes: 30 };

describe('calendar windows', () => {
  it.each([
    ['the same day', { mon: [window('08:00', '12:00'), window('11:00', '14:00')] }],
    [
      'an overnight window spilling into the next day',
      { mon: [window('22:00', '06:00')], tue: [window('05:00', '09:00')] },
    ],
    ['Sunday night into Monday morning', { sun: [window('20:00', '02:00')], mon: [window('01:00', '09:00')] }],
    [
      'a 24-hour window and any other of the next day',
      { mon: [window('09:00', '09:00')], tue: [window('08:00', '10:00')] },
    ],
  ])('refuses windows overlapping on %s', (_, days) => {
    const error = refusal(EMPTY_SLA_CONFIGURATION, createCalendar('c', weekly(days)), 'CALENDAR_WINDOWS_OVERLAP');
    expect(error.details).toMatchObject({ calendarId: 'c' });
  });

  it.each([
    ['split shifts that touch', { mon: [window('08:00', '12:00'), window('12:00', '16:00')] }],
    [
      'an overnight window ending as the next one starts',
      { mon: [window('22:00', '06:00')], tue: [window('06:00', '09:00')] },
    ],
    ['Sunday night ending as Monday opens', { sun: [window('20:00', '02:00')], mon: [window('02:00', '09:00')] }],
  ])('accepts %s', (_, days) => {
    expect(decide(EMPTY_SLA_CONFIGURATION, createCalendar('c', weekly(days)))).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('refuses an unknown time zone with UNKNOWN_TIME_ZONE', () => {
    refusal(
      EMPTY_SLA_CONFIGURATION,
      createCalendar('c', { name: 'Mars', calendar: officeHours('Mars/Olympus') }),
      'UNKNOWN_TIME_ZONE',
    );
  });

  it('refuses a weekly calendar without a time zone as malformed (VALIDATION_FAILED), not as an unknown zone', () => {
    const { timeZone: _zone, ...calendar } = officeHours('Europe/Paris') as { timeZone: string };
    refusal(EMPTY_SLA_CONFIGURATION, createCalendar('c', { name: 'Nowhere', calendar }), 'VALIDATION_FAILED');
  });

  it('records a time zone typed in another case as the time-zone database spells it', () => {
    const saved = decide(
      EMPTY_SLA_CONFIGURATION,
      createCalendar('c', { name: 'Dubai', calendar: officeHours('asia/dubai') }),
    );
    expect(saved).toMatchObject([{ data: { definition: { calendar: { timeZone: 'Asia/Dubai' } } } }]);
  });

  it('refuses a holiday outside the coverage with HOLIDAY_OUT_OF_RANGE', () => {
    const definition = {
      ...OFFICE,
      calendar: officeHours('UTC', ['2026-01-01']),
      coverage: { from: '2025-01-01', to: '2025-12-31' },
    };
    const error = refusal(EMPTY_SLA_CONFIGURATION, createCalendar('c', definition), 'HOLIDAY_OUT_OF_RANGE');
    expect(error.details).toMatchObject({ holiday: '2026-01-01' });
    const old = { ...OFFICE, calendar: officeHours('UTC', ['1999-12-31']) };
    refusal(EMPTY_SLA_CONFIGURATION, createCalendar('c', old), 'HOLIDAY_OUT_OF_RANGE');
  });

  it.each([0, -30])('refuses a target or threshold of %i with SLA_TARGET_INVALID', (minutes) => {
    const zeroTarget = policy('office', minutes);
    refusal(BASE, { type: 'CreateSlaPolicy', data: { policyId: 'q', definition: zeroTarget } }, 'SLA_TARGET_INVALID');
    const threshold = policy('office', 60, { escalationThresholdMinutes: minutes });
    refusal(BASE, { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: threshold } }, 'SLA_TARGET_INVALID');
    const categoryTarget = policy('office', 60, { categoryTargets: { bug: { resolutionMinutes: minutes } } });
    refusal(
      BASE,
      { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: categoryTarget } },
      'SLA_TARGET_INVALID',
    );
    refusal(BASE, category('bug', null, { escalationThresholdMinutes: minutes }), 'SLA_TARGET_INVALID');
  });

  it('refuses other malformed definitions with VALIDATION_FAILED', () => {
    refusal(
      BASE,
      { type: 'CreateSlaPolicy', data: { policyId: 'q', definition: policy('office', 1.5) } },
      'VALIDATION_FAILED',
    );
    refusal(
      BASE,
      { type: 'CreateSlaPolicy', data: { policyId: 'q', definition: { ...policy('office'), name: ' ' } } },
      'VALIDATION_FAILED',
    );
    const backwards = { ...OFFICE, coverage: { from: '2025-12-31', to: '2025-01-01' } };
    refusal(BASE, createCalendar('c', backwards), 'VALIDATION_FAILED');
  });

  describe('category cycles', () => {
    const tree = configured([category('a', null), category('b', 'a'), category('c', 'b')], BASE);

    it.each([
      ['itself', 'a', 'a'],
      ['its child (a 2-cycle)', 'a', 'b'],
      ['its grandchild (a 3-cycle)', 'a', 'c'],
      ['a child under its own child', 'b', 'c'],
    ])('refuses moving a category under %s with CATEGORY_CYCLE', (_, id, parent) => {
      refusal(tree, moveCategory(id, parent), 'CATEGORY_CYCLE');
    });

    it('accepts moving a subtree elsewhere', () => {
      const moved = configured([category('z', null), moveCategory('b', 'z')], tree);
      expect(moved.categories.b?.definition.parentId).toBe('z');
    });

    it('refuses a tree deeper than it may be', () => {
      const ids = Array.from({ length: 10 }, (_, i) => `level-${i}`);
      const deep = configured(
        ids.map((id, i) => category(id, i === 0 ? null : ids[i - 1]!)),
        BASE,
      );
      refusal(deep, category('too-deep', 'level-9'), 'VALIDATION_FAILED');
    });

    it('refuses a new category whose id holds control characters', () => {
      refusal(BASE, category('multi\nline', null), 'VALIDATION_FAILED');
      expect(configured([category('billing', null)], BASE).categories.billing).toBeDefined();
    });
  });

  it('refuses deleting a policy in use, as the default or by a category, with SLA_POLICY_IN_USE', () => {
    const asDefault = configured([{ type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } }], BASE);
    const deleteP: SlaConfigCommand = { type: 'DeleteSlaPolicy', data: { policyId: 'p' } };
    expect(refusal(asDefault, deleteP, 'SLA_POLICY_IN_USE').details).toMatchObject({ usedBy: ['default'] });
    const byCategory = configured([category('bug', null, { slaPolicyId: 'p' })], BASE);
    expect(refusal(byCategory, deleteP, 'SLA_POLICY_IN_USE').details).toMatchObject({ usedBy: ['category:bug'] });
    expect(decide(BASE, deleteP)).toMatchObject([{ type: 'SlaPolicyDeleted', data: { policyId: 'p', version: 2 } }]);
  });

  it('refuses deleting a calendar a policy counts in, for a priority included, with CALENDAR_IN_USE', () => {
    refusal(BASE, { type: 'DeleteSlaCalendar', data: { calendarId: 'office' } }, 'CALENDAR_IN_USE');
    const urgent = configured(
      [
        {
          type: 'UpdateSlaPolicy',
          data: { policyId: 'p', definition: policy('office', 60, { calendarByPriority: { urgent: 'always' } }) },
        },
      ],
      BASE,
    );
    const error = refusal(urgent, { type: 'DeleteSlaCalendar', data: { calendarId: 'always' } }, 'CALENDAR_IN_USE');
    expect(error.details).toMatchObject({ usedBy: ['policy:p'] });
    expect(decide(BASE, { type: 'DeleteSlaCalendar', data: { calendarId: 'always' } })).toHaveLength(1);
  });

  it('names the chat desk hours, keeps their calendar, and lifts them', () => {
    refusal(BASE, { type: 'SetChatHours', data: { calendarId: 'nothing' } }, 'NOT_FOUND');
    const set: SlaConfigCommand = { type: 'SetChatHours', data: { calendarId: 'always' } };
    expect(decide(BASE, set)).toMatchObject([{ type: 'ChatHoursSet', data: { calendarId: 'always' } }]);
    const withHours = configured([set], BASE);
    expect(withHours.chatHoursCalendarId).toBe('always');
    expect(decide(withHours, set)).toEqual([]);
    const error = refusal(withHours, { type: 'DeleteSlaCalendar', data: { calendarId: 'always' } }, 'CALENDAR_IN_USE');
    expect(error.details).toMatchObject({ usedBy: ['chat-hours'] });
    const lifted = configured([{ type: 'SetChatHours', data: { calendarId: null } }], withHours);
    expect(lifted.chatHoursCalendarId).toBeNull();
    expect(decide(lifted, { type: 'DeleteSlaCalendar', data: { calendarId: 'always' } })).toHaveLength(1);
  });

  it('sets the chat inactivity timeout from a minute to a day, and lifts it', () => {
    const set = (inactivityTimeoutMs: number | null): SlaConfigCommand => ({
      type: 'SetChatInactivityTimeout',
      data: { inactivityTimeoutMs },
    });
    expect(decide(BASE, set(20 * MINUTE_MS))).toMatchObject([
      { type: 'ChatInactivityTimeoutSet', data: { inactivityTimeoutMs: 20 * MINUTE_MS } },
    ]);
    const withTimeout = configured([set(20 * MINUTE_MS)], BASE);
    expect(withTimeout.chatInactivityTimeoutMs).toBe(20 * MINUTE_MS);
    expect(decide(withTimeout, set(20 * MINUTE_MS))).toEqual([]);
    for (const ms of [59_999, DAY + 1]) refusal(BASE, set(ms), 'VALIDATION_FAILED');
    // The floor below any setting states the range the rule enforces, not only the schema's floor.
    expect(refusal(BASE, set(500), 'VALIDATION_FAILED').message).toContain('from a minute to a day');
    expect(decide(BASE, set(5_000), ADMIN, { anyTimings: true })).toHaveLength(1);
    refusal(BASE, set(20 * MINUTE_MS), 'FORBIDDEN', { id: 'agent-1', role: 'agent' });
    expect(configured([set(null)], withTimeout).chatInactivityTimeoutMs).toBeNull();
  });

  it('refuses targets a calendar cannot reach within ten years with SLA_TARGET_INVALID, on a policy save or a calendar edit', () => {
    const YEAR = 365 * 24 * 60;
    const createPolicy = (policyId: string, definition: object): SlaConfigCommand =>
      ({ type: 'CreateSlaPolicy', data: { policyId, definition } }) as SlaConfigCommand;
    const minuteAWeek = configured([createCalendar('tiny', weekly({ mon: [window('09:00', '09:01')] }))]);
    // A year of business time on a calendar open a minute a week: ten thousand years away.
    const error = refusal(minuteAWeek, createPolicy('p', policy('tiny', YEAR)), 'SLA_TARGET_INVALID');
    expect(error.details).toMatchObject({ calendarId: 'tiny', targetMinutes: YEAR, weeklyMinutes: 1 });
    // A category's target and the escalation threshold count too.
    refusal(
      minuteAWeek,
      createPolicy('p', policy('tiny', 1, { categoryTargets: { x: { resolutionMinutes: YEAR } } })),
      'SLA_TARGET_INVALID',
    );
    refusal(
      minuteAWeek,
      createPolicy('p', policy('tiny', 1, { escalationThresholdMinutes: YEAR })),
      'SLA_TARGET_INVALID',
    );
    // A year on office hours (about 4 years of weeks) is fine; the short targets fit a minute a week.
    expect(
      decide(configured([createCalendar('office', OFFICE)]), createPolicy('p', policy('office', YEAR))),
    ).toHaveLength(1);
    const fitted = configured(
      [createPolicy('p', policy('tiny', 10, { targets: { low: small, normal: small, high: small, urgent: small } }))],
      minuteAWeek,
    );
    // Shrinking the calendar under a policy's targets is refused in turn.
    const office = configured([createCalendar('office', OFFICE), createPolicy('long', policy('office', YEAR))]);
    refusal(
      office,
      {
        type: 'UpdateSlaCalendar',
        data: { calendarId: 'office', definition: weekly({ mon: [window('09:00', '10:00')] }) },
      } as SlaConfigCommand,
      'SLA_TARGET_INVALID',
    );
    expect(Object.keys(fitted.policies)).toEqual(['p']);
  });

  it('refuses deleting a category with subcategories with CATEGORY_IN_USE', () => {
    const tree = configured([category('a', null), category('b', 'a')], BASE);
    refusal(tree, { type: 'DeleteTicketCategory', data: { categoryId: 'a' } }, 'CATEGORY_IN_USE');
    expect(decide(tree, { type: 'DeleteTicketCategory', data: { categoryId: 'b' } })).toHaveLength(1);
  });

  it('refuses an unreadable iCalendar file with ICAL_INVALID', () => {
    refusal(
      BASE,
      { type: 'ImportSlaCalendarHolidays', data: { calendarId: 'office', ics: 'not a calendar' } },
      'ICAL_INVALID',
    );
  });

  it('refuses references to unknown calendars, policies and parents with NOT_FOUND', () => {
    refusal(BASE, { type: 'CreateSlaPolicy', data: { policyId: 'q', definition: policy('nowhere') } }, 'NOT_FOUND');
    const byPriority = policy('office', 60, { calendarByPriority: { high: 'nowhere' } });
    refusal(BASE, { type: 'CreateSlaPolicy', data: { policyId: 'q', definition: byPriority } }, 'NOT_FOUND');
    refusal(BASE, category('bug', null, { slaPolicyId: 'nothing' }), 'NOT_FOUND');
    refusal(BASE, category('bug', 'no-parent'), 'NOT_FOUND');
    refusal(BASE, { type: 'SetDefaultSlaPolicy', data: { policyId: 'nothing' } }, 'NOT_FOUND');
    refusal(
      BASE,
      { type: 'UpdateSlaPolicy', data: { policyId: 'nothing', definition: policy('office') } },
      'NOT_FOUND',
    );
    refusal(BASE, { type: 'UpdateSlaCalendar', data: { calendarId: 'nothing', definition: OFFICE } }, 'NOT_FOUND');
    refusal(BASE, { type: 'DeleteTicketCategory', data: { categoryId: 'nothing' } }, 'NOT_FOUND');
    refusal(
      BASE,
      { type: 'ImportSlaCalendarHolidays', data: { calendarId: 'nothing', ics: 'BEGIN:VCALENDAR' } },
      'NOT_FOUND',
    );
  });

  it('refuses creating what exists with ALREADY_EXISTS', () => {
    refusal(BASE, createCalendar('office', ALWAYS), 'ALREADY_EXISTS');
    refusal(BASE, { type: 'CreateSlaPolicy', data: { policyId: 'p', definition: policy('always') } }, 'ALREADY_EXISTS');
    refusal(configured([category('bug', null)], BASE), category('bug', null), 'ALREADY_EXISTS');
  });

  it.each<Actor>([
    { id: 'agent-1', role: 'agent' },
    { id: 'supervisor-1', role: 'supervisor' },
    { id: 'customer-1', role: 'customer' },
    { id: 'auditor-1', role: 'auditor' },
  ])('refuses $role with FORBIDDEN', (actor) => {
    refusal(
      BASE,
      { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: policy('office', 30) } },
      'FORBIDDEN',
      actor,
    );
    refusal(EMPTY_SLA_CONFIGURATION, { type: 'LoadSlaPresets', data: { presets: ['standard'] } }, 'FORBIDDEN', actor);
  });

  it('lets the system change the configuration', () => {
    expect(
      decide(BASE, { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: policy('office', 30) } }, SYSTEM),
    ).toHaveLength(1);
  });
});

describe('versions', () => {
  const update = (firstResponse: number): SlaConfigCommand => ({
    type: 'UpdateSlaPolicy',
    data: { policyId: 'p', definition: policy('office', firstResponse) },
  });

  it('counts each entity from 1, an update bumping it', () => {
    expect(BASE.policies.p?.version).toBe(1);
    expect(BASE.calendars.office?.version).toBe(1);
    const state = configured([update(30), update(45)], BASE);
    expect(state.policies.p).toMatchObject({
      version: 3,
      definition: { targets: { normal: { firstResponseMinutes: 45 } } },
    });
  });

  it('goes on counting when an entity is deleted and created again', () => {
    const state = configured([update(30), { type: 'DeleteSlaPolicy', data: { policyId: 'p' } }], BASE);
    expect(state.policies.p).toBeUndefined();
    expect(
      decide(state, { type: 'CreateSlaPolicy', data: { policyId: 'p', definition: policy('office') } }),
    ).toMatchObject([{ type: 'SlaPolicySaved', data: { policyId: 'p', version: 4 } }]);
  });

  it('decides nothing for a definition equal to the current one, whatever the order of its fields', () => {
    const { name, ...rest } = policy('office');
    const reordered = { ...rest, name };
    expect(decide(BASE, { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: reordered } })).toEqual([]);
    expect(decide(BASE, { type: 'UpdateSlaCalendar', data: { calendarId: 'office', definition: OFFICE } })).toEqual([]);
    const tree = configured([category('bug', null)], BASE);
    expect(decide(tree, moveCategory('bug', null))).toEqual([]);
    const withDefault = configured([{ type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } }], BASE);
    expect(decide(withDefault, { type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } })).toEqual([]);
  });

  it('decides nothing for a calendar listing the same windows and holidays in another order', () => {
    const monday = [
      { start: '13:00', end: '17:00' },
      { start: '08:00', end: '12:00' },
    ];
    const split = (windows: typeof monday, holidays: string[]) => ({
      name: 'Split',
      calendar: { kind: 'weekly', timeZone: 'Europe/Paris', weekly: { mon: windows }, holidays },
    });
    const first = createCalendar('split', split(monday, ['2026-12-25', '2026-01-01']));
    const saved = decide(BASE, first);
    expect(saved).toMatchObject([
      {
        data: {
          definition: {
            calendar: {
              weekly: { mon: [{ start: '08:00' }, { start: '13:00' }] },
              holidays: ['2026-01-01', '2026-12-25'],
            },
          },
        },
      },
    ]);
    const state = configured([first], BASE);
    const again = split([...monday].reverse(), ['2026-01-01', '2026-12-25', '2026-01-01']);
    expect(
      decide(state, {
        type: 'UpdateSlaCalendar',
        data: { calendarId: 'split', definition: again },
      } as SlaConfigCommand),
    ).toEqual([]);
  });
});

describe('LoadSlaPresets', () => {
  const loadAll: SlaConfigCommand = {
    type: 'LoadSlaPresets',
    data: { presets: ['standard', 'premium', 'categories'] },
  };

  it('loads all three presets, the first one giving the default policy', () => {
    const state = configured([loadAll]);
    expect(Object.keys(state.calendars).sort()).toEqual(['24-7', 'business-hours']);
    expect(Object.keys(state.policies).sort()).toEqual(['premium', 'standard', 'support-categories']);
    expect(Object.keys(state.categories).sort()).toEqual([
      'account',
      'billing',
      'bug',
      'general',
      'outage',
      'technical',
    ]);
    expect(state.categories.outage?.definition).toMatchObject({ parentId: 'technical', defaultPriority: 'urgent' });
    expect(state.defaultPolicyId).toBe('standard');
  });

  it('decides nothing when loaded again', () => {
    expect(decide(configured([loadAll]), loadAll)).toEqual([]);
  });

  it('brings an edited preset entity back to the preset', () => {
    const edited = configured([
      loadAll,
      { type: 'UpdateSlaPolicy', data: { policyId: 'standard', definition: policy('24-7') } },
    ]);
    expect(decide(edited, loadAll)).toMatchObject([
      { type: 'SlaPolicySaved', data: { policyId: 'standard', version: 3, source: 'preset' } },
    ]);
  });

  it('makes the policy of defaultPreset the default one', () => {
    const state = configured([
      { type: 'LoadSlaPresets', data: { presets: ['standard', 'premium'], defaultPreset: 'premium' } },
    ]);
    expect(state.defaultPolicyId).toBe('premium');
    const later = configured([{ type: 'LoadSlaPresets', data: { presets: ['categories'] } }], state);
    expect(later.defaultPolicyId).toBe('premium');
  });

  it('refuses a defaultPreset that is neither loaded now nor before, deciding nothing', () => {
    const command: SlaConfigCommand = {
      type: 'LoadSlaPresets',
      data: { presets: ['standard'], defaultPreset: 'premium' },
    };
    refusal(EMPTY_SLA_CONFIGURATION, command, 'VALIDATION_FAILED');
    const premiumLoaded = configured([{ type: 'LoadSlaPresets', data: { presets: ['premium'] } }]);
    expect(configured([command], premiumLoaded).defaultPolicyId).toBe('premium');
  });
});

describe('SetAutomationTimings', () => {
  const timings = (resolvedAutoCloseAfterMs: number) => ({
    firstReminderAfterMs: 3 * 24 * HOUR_MS,
    secondReminderAfterMs: 5 * 24 * HOUR_MS,
    waitingAutoCloseAfterMs: 7 * 24 * HOUR_MS,
    resolvedAutoCloseAfterMs,
  });
  const set = (ms: number): SlaConfigCommand => ({ type: 'SetAutomationTimings', data: { timings: timings(ms) } });

  it('holds the resolved auto-close delay to the documented 24-48 h', () => {
    expect(decide(BASE, set(36 * HOUR_MS))).toMatchObject([{ type: 'AutomationTimingsSet', data: { version: 1 } }]);
    refusal(BASE, set(10 * 1000), 'VALIDATION_FAILED');
    refusal(BASE, set(49 * HOUR_MS), 'VALIDATION_FAILED');
  });

  it('takes any duration from a deployment that allows it (TICKET_TIMINGS_ANY_DURATION)', () => {
    expect(decide(BASE, set(10 * 1000), undefined, { anyTimings: true })).toHaveLength(1);
  });

  it('refuses waiting delays out of order and decides nothing for the same timings', () => {
    refusal(
      BASE,
      {
        type: 'SetAutomationTimings',
        data: { timings: { ...timings(24 * HOUR_MS), firstReminderAfterMs: 6 * 24 * HOUR_MS } },
      },
      'VALIDATION_FAILED',
    );
    const state = configured([set(24 * HOUR_MS)], BASE);
    expect(decide(state, set(24 * HOUR_MS))).toEqual([]);
    expect(decide(state, set(48 * HOUR_MS))).toMatchObject([{ data: { version: 2 } }]);
  });

  it('holds a policy’s resolved auto-close delay to the same range', () => {
    const quick = policy('office', 60, { timings: { resolvedAutoCloseAfterMs: 10 * 1000 } });
    refusal(BASE, { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: quick } }, 'VALIDATION_FAILED');
    expect(
      decide(BASE, { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: quick } }, undefined, {
        anyTimings: true,
      }),
    ).toHaveLength(1);
    const longer = policy('office', 60, {
      timings: { resolvedAutoCloseAfterMs: 30 * HOUR_MS, firstReminderAfterMs: 2 * HOUR_MS },
    });
    expect(decide(BASE, { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: longer } })).toHaveLength(1);
  });

  it('holds every waiting delay an admin sets to at least an hour, unless the deployment allows any duration', () => {
    // Seconds typed where milliseconds are meant: three days would be 259,200 ms, about 4 minutes.
    const typo = { ...timings(24 * HOUR_MS), firstReminderAfterMs: 259_200, secondReminderAfterMs: 432_000 };
    const setTypo: SlaConfigCommand = { type: 'SetAutomationTimings', data: { timings: typo } };
    expect(refusal(BASE, setTypo, 'VALIDATION_FAILED').message).toMatch(/firstReminderAfterMs must be at least 1 hour/);
    expect(decide(BASE, setTypo, undefined, { anyTimings: true })).toHaveLength(1);
    for (const [field, ms] of [
      ['firstReminderAfterMs', 30 * MINUTE_MS],
      ['waitingAutoCloseAfterMs', 300],
    ] as const) {
      const quick = policy('office', 60, { timings: { [field]: ms } });
      const update: SlaConfigCommand = { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: quick } };
      expect(refusal(BASE, update, 'VALIDATION_FAILED').message).toContain(
        `Policy p: ${field} must be at least 1 hour`,
      );
      expect(decide(BASE, update, undefined, { anyTimings: true })).toHaveLength(1);
    }
    const hour = policy('office', 60, { timings: { firstReminderAfterMs: HOUR_MS } });
    expect(decide(BASE, { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: hour } })).toHaveLength(1);
  });

  it('holds every waiting delay an admin sets to at most 90 days, whatever the deployment allows', () => {
    // Microseconds typed where milliseconds are meant: seven days would be about 19 years.
    const slip = { ...timings(24 * HOUR_MS), waitingAutoCloseAfterMs: 7 * DAY * 1000 };
    const setSlip: SlaConfigCommand = { type: 'SetAutomationTimings', data: { timings: slip } };
    for (const options of [undefined, { anyTimings: true }])
      expect(refusal(BASE, setSlip, 'VALIDATION_FAILED', undefined, options).message).toMatch(
        /waitingAutoCloseAfterMs must be at most 90 days/,
      );
    const long = policy('office', 60, { timings: { firstReminderAfterMs: 91 * DAY } });
    const update: SlaConfigCommand = { type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: long } };
    expect(refusal(BASE, update, 'VALIDATION_FAILED', undefined, { anyTimings: true }).message).toContain(
      'Policy p: firstReminderAfterMs must be at most 90 days',
    );
    const ninety = { ...timings(24 * HOUR_MS), waitingAutoCloseAfterMs: 90 * DAY };
    expect(decide(BASE, { type: 'SetAutomationTimings', data: { timings: ninety } })).toHaveLength(1);
  });

  it('refuses policy timings that, laid over the configured ones, would not increase, and timings that break a policy', () => {
    // Configured: 2, 4 and 6 days; a policy moving only the second reminder to 1.5 days.
    const configuredTimings: SlaConfigCommand = {
      type: 'SetAutomationTimings',
      data: {
        timings: {
          firstReminderAfterMs: 2 * DAY,
          secondReminderAfterMs: 4 * DAY,
          waitingAutoCloseAfterMs: 6 * DAY,
          resolvedAutoCloseAfterMs: 36 * HOUR_MS,
        },
      },
    };
    const state = configured([configuredTimings], BASE);
    const secondAt = (ms: number): SlaConfigCommand => ({
      type: 'UpdateSlaPolicy',
      data: { policyId: 'p', definition: policy('office', 60, { timings: { secondReminderAfterMs: ms } }) },
    });
    const refused = refusal(state, secondAt(36 * HOUR_MS), 'VALIDATION_FAILED');
    expect(refused.message).toMatch(
      /Policy p: laid over the configured timings, its waiting delays would not increase/,
    );
    expect(refused.details?.issues).toEqual([expect.objectContaining({ path: 'data.definition.timings' })]);
    expect(decide(state, secondAt(3 * DAY))).toHaveLength(1);
    // Without configured timings the environment's fill the gap: only the operator knows them.
    expect(decide(BASE, secondAt(36 * HOUR_MS))).toHaveLength(1);
    // Timings set later that would break a saved policy's mix are refused, naming it.
    const withPolicy = configured([secondAt(3 * DAY)], BASE);
    // In order themselves (1, 2.5 and 2.9 days), but the policy's 3-day second reminder would come after the close.
    const later: SlaConfigCommand = {
      type: 'SetAutomationTimings',
      data: {
        timings: {
          firstReminderAfterMs: DAY,
          secondReminderAfterMs: 2.5 * DAY,
          waitingAutoCloseAfterMs: 2.9 * DAY,
          resolvedAutoCloseAfterMs: 36 * HOUR_MS,
        },
      },
    };
    expect(refusal(withPolicy, later, 'VALIDATION_FAILED').message).toMatch(/^Policy p: /);
  });

  it('refuses a policy whose own waiting delays do not increase, whatever the deployment allows', () => {
    const update = (timings: Record<string, number>) => ({
      type: 'UpdateSlaPolicy' as const,
      data: { policyId: 'p', definition: policy('office', 60, { timings }) },
    });
    const outOfOrder: Record<string, number>[] = [
      { firstReminderAfterMs: 5 * DAY, secondReminderAfterMs: 3 * DAY },
      { firstReminderAfterMs: 3 * DAY, waitingAutoCloseAfterMs: 3 * DAY },
      { secondReminderAfterMs: 8 * DAY, waitingAutoCloseAfterMs: 7 * DAY },
    ];
    for (const timings of outOfOrder) {
      refusal(BASE, update(timings), 'VALIDATION_FAILED');
      expect(() => decide(BASE, update(timings), undefined, { anyTimings: true })).toThrow(/must increase/);
    }
    expect(decide(BASE, update({ firstReminderAfterMs: 2 * DAY, waitingAutoCloseAfterMs: 4 * DAY }))).toHaveLength(1);
  });
});
