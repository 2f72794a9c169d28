import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import { ALWAYS_OPEN } from '../sla/calendar.js';
import type { SlaConfigCommand } from './commands.js';
import { decideSlaConfiguration } from './decide.js';
import { evolveSlaConfiguration } from './evolve.js';
import { createSlaConfigDecider } from './index.js';
import { SLA_PRESETS } from './presets.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from './state.js';

const ADMIN: Actor = { id: 'ada', role: 'admin' };
const NOW = new Date('2026-03-02T09:00:00Z');

function run(state: SlaConfiguration, command: SlaConfigCommand, actor: Actor = ADMIN) {
  return decideSlaConfiguration(command, state, { now: NOW, actor });
}

function after(...commands: SlaConfigCommand[]): SlaConfiguration {
  return commands.reduce(
    (state, command) => run(state, command).reduce(evolveSlaConfiguration, state),
    EMPTY_SLA_CONFIGURATION,
  );
}

function refusal(state: SlaConfiguration, command: SlaConfigCommand, actor: Actor = ADMIN): string {
  try {
    run(state, command, actor);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('the command was accepted');
}

const weekly = (days: Record<string, { start: string; end: string }[]>, extra: Record<string, unknown> = {}) => ({
  name: 'Office',
  calendar: {
    kind: 'weekly' as const,
    timeZone: 'Europe/Paris',
    weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...days },
    holidays: [],
    ...extra,
  },
});
const calendar = (definition: unknown): SlaConfigCommand => ({
  type: 'CreateSlaCalendar',
  data: { calendarId: 'office', definition: definition as never },
});
const TARGETS = { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 480 };
const policy = (calendarId = '24-7', overrides: Record<string, unknown> = {}) => ({
  name: 'Gold',
  calendarId,
  targets: { low: TARGETS, normal: TARGETS, high: TARGETS, urgent: TARGETS },
  ...overrides,
});
const PRESETS = after({ type: 'LoadSlaPresets', data: { presets: ['standard', 'premium', 'categories'] } });

describe('calendars', () => {
  it.each([
    [
      'the same day',
      {
        mon: [
          { start: '08:00', end: '12:00' },
          { start: '11:30', end: '14:00' },
        ],
      },
    ],
    [
      'a night shift running into the next morning',
      { mon: [{ start: '22:00', end: '06:00' }], tue: [{ start: '05:00', end: '09:00' }] },
    ],
    ['Sunday night into Monday', { sun: [{ start: '20:00', end: '04:00' }], mon: [{ start: '03:00', end: '09:00' }] }],
    [
      'a whole day beside another window',
      {
        wed: [
          { start: '09:00', end: '09:00' },
          { start: '10:00', end: '11:00' },
        ],
      },
    ],
  ])('refuses windows overlapping on %s', (_what, days) => {
    expect(refusal(EMPTY_SLA_CONFIGURATION, calendar(weekly(days)))).toBe('CALENDAR_WINDOWS_OVERLAP');
  });

  it('accepts a split shift whose windows touch, and a night shift ending as the next day starts', () => {
    const events = run(
      EMPTY_SLA_CONFIGURATION,
      calendar(
        weekly({
          mon: [
            { start: '08:00', end: '12:00' },
            { start: '12:00', end: '16:00' },
            { start: '22:00', end: '06:00' },
          ],
          tue: [{ start: '06:00', end: '10:00' }],
        }),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['SlaCalendarSaved']);
  });

  it('refuses an unknown time zone and a holiday outside the coverage, each with its code', () => {
    const mars = weekly({ mon: [{ start: '08:00', end: '12:00' }] });
    expect(
      refusal(EMPTY_SLA_CONFIGURATION, calendar({ ...mars, calendar: { ...mars.calendar, timeZone: 'Mars/Olympus' } })),
    ).toBe('UNKNOWN_TIME_ZONE');
    const covered = {
      ...weekly({ mon: [{ start: '08:00', end: '12:00' }] }, { holidays: ['2031-01-01'] }),
      coverage: { from: '2026-01-01', to: '2027-12-31' },
    };
    expect(refusal(EMPTY_SLA_CONFIGURATION, calendar(covered))).toBe('HOLIDAY_OUT_OF_RANGE');
  });

  it('imports iCalendar holidays: folded lines, multi-day events, yearly repetitions within the coverage', () => {
    const state = after(
      calendar({
        ...weekly({ mon: [{ start: '08:00', end: '12:00' }] }),
        coverage: { from: '2026-01-01', to: '2028-12-31' },
      }),
    );
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'SUMMARY:New',
      ' Year',
      'DTSTART;VALUE=DATE:20260101',
      'RRULE:FREQ=YEARLY;COUNT=2',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261224',
      'DTEND;VALUE=DATE:20261227',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20260501T090000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const [saved] = run(state, { type: 'ImportSlaCalendarHolidays', data: { calendarId: 'office', ics } });
    expect(saved).toMatchObject({ type: 'SlaCalendarSaved', data: { version: 2, source: 'ical' } });
    const calendarOf = saved?.type === 'SlaCalendarSaved' ? saved.data.definition.calendar : null;
    expect(calendarOf?.kind === 'weekly' ? calendarOf.holidays : null).toEqual([
      '2026-01-01',
      '2026-05-01',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2027-01-01',
    ]);
    expect(
      refusal(state, { type: 'ImportSlaCalendarHolidays', data: { calendarId: 'office', ics: 'BEGIN:VEVENT' } }),
    ).toBe('ICAL_INVALID');
  });
});

describe('policies and categories', () => {
  it('refuses a target or threshold of zero or less', () => {
    const zero = { ...TARGETS, firstResponseMinutes: 0 };
    expect(
      refusal(PRESETS, {
        type: 'CreateSlaPolicy',
        data: {
          policyId: 'z',
          definition: policy('24-7', {
            targets: { low: zero, normal: TARGETS, high: TARGETS, urgent: TARGETS },
          }) as never,
        },
      }),
    ).toBe('SLA_TARGET_INVALID');
    expect(
      refusal(PRESETS, {
        type: 'CreateSlaPolicy',
        data: { policyId: 'z', definition: policy('24-7', { escalationThresholdMinutes: -5 }) as never },
      }),
    ).toBe('SLA_TARGET_INVALID');
  });

  it('refuses category cycles of one, two and three', () => {
    const tree = after(
      { type: 'LoadSlaPresets', data: { presets: ['categories'] } },
      { type: 'CreateTicketCategory', data: { categoryId: 'crash', definition: { name: 'Crash', parentId: 'bug' } } },
    );
    const move = (categoryId: string, parentId: string): SlaConfigCommand => ({
      type: 'UpdateTicketCategory',
      data: { categoryId, definition: { name: categoryId, parentId } },
    });
    expect(refusal(tree, move('bug', 'bug'))).toBe('CATEGORY_CYCLE');
    expect(refusal(tree, move('bug', 'crash'))).toBe('CATEGORY_CYCLE');
    expect(refusal(tree, move('technical', 'crash'))).toBe('CATEGORY_CYCLE');
  });

  it('refuses deleting what is in use', () => {
    expect(refusal(PRESETS, { type: 'DeleteSlaPolicy', data: { policyId: 'standard' } })).toBe('SLA_POLICY_IN_USE');
    expect(refusal(PRESETS, { type: 'DeleteSlaPolicy', data: { policyId: 'support-categories' } })).toBe(
      'SLA_POLICY_IN_USE',
    );
    expect(refusal(PRESETS, { type: 'DeleteSlaCalendar', data: { calendarId: 'business-hours' } })).toBe(
      'CALENDAR_IN_USE',
    );
    expect(refusal(PRESETS, { type: 'DeleteTicketCategory', data: { categoryId: 'technical' } })).toBe(
      'CATEGORY_IN_USE',
    );
    expect(run(PRESETS, { type: 'DeleteSlaPolicy', data: { policyId: 'premium' } }).map((e) => e.type)).toEqual([
      'SlaPolicyDeleted',
    ]);
  });

  it('refuses unknown references, existing ids and every role but admin and system', () => {
    expect(
      refusal(PRESETS, { type: 'CreateSlaPolicy', data: { policyId: 'x', definition: policy('nowhere') as never } }),
    ).toBe('NOT_FOUND');
    expect(
      refusal(PRESETS, { type: 'CreateSlaPolicy', data: { policyId: 'premium', definition: policy() as never } }),
    ).toBe('ALREADY_EXISTS');
    expect(
      refusal(PRESETS, {
        type: 'CreateTicketCategory',
        data: { categoryId: 'x', definition: { name: 'X', parentId: 'nope' } },
      }),
    ).toBe('NOT_FOUND');
    for (const role of ['agent', 'supervisor', 'customer', 'auditor'] as const)
      expect(refusal(PRESETS, { type: 'SetDefaultSlaPolicy', data: { policyId: 'premium' } }, { id: 'x', role })).toBe(
        'FORBIDDEN',
      );
  });

  it('counts versions per entity: an edit bumps it, an equal save writes nothing, a re-created entity goes on', () => {
    const created = after({ type: 'LoadSlaPresets', data: { presets: ['premium'] } });
    const gold = (name: string): SlaConfigCommand => ({
      type: 'CreateSlaPolicy',
      data: { policyId: 'gold', definition: policy('24-7', { name }) as never },
    });
    const edited = after({ type: 'LoadSlaPresets', data: { presets: ['premium'] } }, gold('Gold'), {
      type: 'UpdateSlaPolicy',
      data: { policyId: 'gold', definition: policy('24-7', { name: 'Gold 2' }) as never },
    });
    expect(edited.policies.gold?.version).toBe(2);
    expect(
      run(edited, {
        type: 'UpdateSlaPolicy',
        data: { policyId: 'gold', definition: policy('24-7', { name: 'Gold 2' }) as never },
      }),
    ).toEqual([]);
    const recreated = [{ type: 'DeleteSlaPolicy', data: { policyId: 'gold' } } as const, gold('Gold again')].reduce(
      (state, command) => run(state, command).reduce(evolveSlaConfiguration, state),
      edited,
    );
    expect(recreated.policies.gold?.version).toBe(4);
    expect(created.policies.gold).toBeUndefined();
  });
});

describe('presets and timings', () => {
  it('loads the three presets, sets the first as default, and writes nothing the second time', () => {
    expect(Object.keys(PRESETS.policies).sort()).toEqual(['premium', 'standard', 'support-categories']);
    expect(PRESETS.defaultPolicyId).toBe('standard');
    expect(PRESETS.calendars['24-7']?.definition.calendar).toEqual(ALWAYS_OPEN);
    expect(PRESETS.categories.outage?.definition).toMatchObject({ parentId: 'technical', defaultPriority: 'urgent' });
    expect(run(PRESETS, { type: 'LoadSlaPresets', data: { presets: ['standard', 'premium', 'categories'] } })).toEqual(
      [],
    );
    expect(
      run(PRESETS, { type: 'LoadSlaPresets', data: { presets: ['premium'], defaultPreset: 'premium' } }).map(
        (e) => e.type,
      ),
    ).toEqual(['DefaultSlaPolicySet']);
    expect(Object.keys(SLA_PRESETS)).toEqual(['standard', 'premium', 'categories']);
  });

  it('holds the resolved auto-close delay to 24-48 h unless the deployment allows any duration', () => {
    const timings = {
      firstReminderAfterMs: 60_000,
      secondReminderAfterMs: 120_000,
      waitingAutoCloseAfterMs: 180_000,
      resolvedAutoCloseAfterMs: 30_000,
    };
    const command: SlaConfigCommand = { type: 'SetAutomationTimings', data: { timings } };
    expect(refusal(EMPTY_SLA_CONFIGURATION, command)).toBe('VALIDATION_FAILED');
    const any = createSlaConfigDecider({ anyTimings: true });
    expect(any.decide(command, EMPTY_SLA_CONFIGURATION, { now: NOW, actor: ADMIN }).map((e) => e.type)).toEqual([
      'AutomationTimingsSet',
    ]);
  });
});
