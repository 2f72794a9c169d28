// Shared fixtures of the SLA configuration tests (test support, not a test: `*.fixture.ts` is neither run nor built).
import { expect } from 'vitest';
import type { Actor } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { fold } from '../shared/decider.js';
import { type DomainError, type DomainErrorCode, isDomainError } from '../shared/errors.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import type { SlaConfigCommand } from './commands.js';
import type { CalendarDefinition, SlaPolicyDefinition } from './definitions.js';
import type { SlaConfigEvent } from './events.js';
import { createSlaConfigDecider } from './index.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from './state.js';

export const T0 = new Date('2025-03-03T09:00:00.000Z');
export const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
export const SYSTEM: Actor = { id: 'automation', role: 'system' };

const decider = createSlaConfigDecider();

/** Weekdays 09:00-17:00 in `timeZone`, no holidays. */
export function officeHours(timeZone = 'Europe/Berlin', holidays: string[] = []): BusinessCalendar {
  const day = [{ start: '09:00', end: '17:00' }];
  return {
    kind: 'weekly',
    timeZone,
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
    holidays,
  };
}

export const OFFICE: CalendarDefinition = { name: 'Office', calendar: officeHours() };
export const ALWAYS: CalendarDefinition = { name: '24/7', calendar: { kind: '24/7' } };

/** A policy counting in `calendarId` with the same targets (minutes) for every priority. */
export function policy(calendarId: string, firstResponse = 60, overrides: Partial<SlaPolicyDefinition> = {}) {
  const targets = { firstResponseMinutes: firstResponse, nextResponseMinutes: 120, resolutionMinutes: 480 };
  return {
    name: `Policy on ${calendarId}`,
    calendarId,
    targets: { low: targets, normal: targets, high: targets, urgent: targets },
    categoryTargets: {},
    warnAtFraction: 0.8,
    ...overrides,
  } satisfies SlaPolicyDefinition;
}

/** The events a command decides on `state`, as `actor` (an admin unless said otherwise). */
export function decide(
  state: SlaConfiguration,
  command: SlaConfigCommand,
  actor: Actor = ADMIN,
  options: { anyTimings?: boolean } = {},
): readonly SlaConfigEvent[] {
  const context: CommandContext = { now: T0, actor };
  return createSlaConfigDecider(options).decide(command, state, context);
}

/** Runs the commands one after another from `state` (the empty configuration by default); returns the state. */
export function configured(
  commands: readonly SlaConfigCommand[],
  state = EMPTY_SLA_CONFIGURATION,
  options: { anyTimings?: boolean } = {},
): SlaConfiguration {
  return commands.reduce((current, command) => fold(decider, decide(current, command, ADMIN, options), current), state);
}

/** Asserts the command is refused with `code` (so it decides nothing); returns the error. */
export function refusal(
  state: SlaConfiguration,
  command: SlaConfigCommand,
  code: DomainErrorCode,
  actor = ADMIN,
  options: { anyTimings?: boolean } = {},
) {
  let thrown: unknown;
  try {
    decide(state, command, actor, options);
  } catch (error) {
    thrown = error;
  }
  if (!isDomainError(thrown)) throw new Error(`expected DomainError ${code}, got ${String(thrown)}`);
  expect(thrown.code).toBe(code);
  return thrown as DomainError;
}

/** A configuration with the `office` and `always` calendars and policy `p` on `office`. */
export const BASE = configured([
  { type: 'CreateSlaCalendar', data: { calendarId: 'office', definition: OFFICE } },
  { type: 'CreateSlaCalendar', data: { calendarId: 'always', definition: ALWAYS } },
  { type: 'CreateSlaPolicy', data: { policyId: 'p', definition: policy('office') } },
]);
