import type { Actor } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError, invalidField } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { planKey } from '../shared/plan.js';
import { type BusinessWindowSpec, canonicalTimeZone, WEEKDAYS, type WeeklyCalendar } from '../sla/calendar.js';
import { parseTicketTimings, requireWaitingDelayRange } from '../ticket/timings.js';
import { SlaConfigCommand } from './commands.js';
import {
  CalendarDefinition,
  CategoryDefinition,
  DEFAULT_CALENDAR_COVERAGE,
  SlaPolicyDefinition,
} from './definitions.js';
import type { SlaConfigEvent } from './events.js';
import { evolveSlaConfiguration } from './evolve.js';
import { termsKey } from './governing.js';
import { holidaysFromICalendar } from './ical.js';
import { SLA_PRESETS } from './presets.js';
import {
  calendarUsers,
  parseConfigInput,
  policyUsers,
  requireCalendars,
  requireHolidaysInRange,
  requireInactivityTimeout,
  requireIncreasingMix,
  requireNoOverlap,
  requirePolicyTimings,
  requireReachableTargets,
  requireTreePlace,
} from './rules.js';
import type { SlaConfiguration } from './state.js';

/** What a deployment decides about its configuration: whether timings may leave the documented range. */
export interface SlaConfigOptions {
  /** `TICKET_TIMINGS_ANY_DURATION`: any resolved auto-close delay, for demos and acceptance runs. */
  readonly anyTimings?: boolean;
}

type Source = 'admin' | 'preset';

/**
 * Decides an SLA configuration command (docs/policies.md). Only admins (and the system) change
 * the configuration. Saving a definition equal to the current one yields no event, so retries
 * and repeated preset loads are harmless; every refusal has its own code and writes nothing.
 */
export function decideSlaConfiguration(
  input: SlaConfigCommand,
  state: SlaConfiguration,
  context: CommandContext,
  options: SlaConfigOptions = {},
): SlaConfigEvent[] {
  const command = parseConfigInput(SlaConfigCommand, input, 'SLA configuration command');
  requireAdmin(context.actor);
  const meta = provenance(context);
  const next = (key: string) => (state.lastVersions[key] ?? 0) + 1;
  switch (command.type) {
    case 'CreateSlaCalendar':
    case 'UpdateSlaCalendar': {
      const { calendarId } = command.data;
      requirePresence(
        state.calendars[calendarId] !== undefined,
        command.type === 'UpdateSlaCalendar',
        'Calendar',
        calendarId,
      );
      return saveCalendar(state, calendarId, command.data.definition, 'admin', meta);
    }
    case 'ImportSlaCalendarHolidays': {
      const { calendarId, ics, replace } = command.data;
      const current = state.calendars[calendarId];
      requirePresence(current !== undefined, true, 'Calendar', calendarId);
      const { definition } = current!;
      if (definition.calendar.kind !== 'weekly')
        throw invalidField('calendarId', `Calendar ${calendarId} is open 24/7: it has no holidays`, { calendarId });
      const { timeZone } = definition.calendar;
      const imported = holidaysFromICalendar(ics, definition.coverage ?? DEFAULT_CALENDAR_COVERAGE, timeZone);
      const holidays = [...new Set([...(replace ? [] : definition.calendar.holidays), ...imported])].sort();
      const updated = { ...definition, calendar: { ...definition.calendar, holidays } };
      return saveCalendar(state, calendarId, updated, 'ical', meta);
    }
    case 'DeleteSlaCalendar': {
      const { calendarId } = command.data;
      requirePresence(state.calendars[calendarId] !== undefined, true, 'Calendar', calendarId);
      const users = calendarUsers(state, calendarId);
      if (users.length > 0)
        throw new DomainError('CALENDAR_IN_USE', `Calendar ${calendarId} is used by ${users.join(', ')}`, {
          calendarId,
          usedBy: users,
        });
      return [{ type: 'SlaCalendarDeleted', data: { ...meta, calendarId, version: next(`calendar:${calendarId}`) } }];
    }
    case 'CreateSlaPolicy':
    case 'UpdateSlaPolicy': {
      const { policyId } = command.data;
      requirePresence(
        state.policies[policyId] !== undefined,
        command.type === 'UpdateSlaPolicy',
        'SLA policy',
        policyId,
      );
      return savePolicy(state, policyId, command.data.definition, 'admin', meta, options);
    }
    case 'DeleteSlaPolicy': {
      const { policyId } = command.data;
      requirePresence(state.policies[policyId] !== undefined, true, 'SLA policy', policyId);
      const users = policyUsers(state, policyId);
      if (users.length > 0)
        throw new DomainError('SLA_POLICY_IN_USE', `SLA policy ${policyId} is used by ${users.join(', ')}`, {
          policyId,
          usedBy: users,
        });
      return [{ type: 'SlaPolicyDeleted', data: { ...meta, policyId, version: next(`policy:${policyId}`) } }];
    }
    case 'SetDefaultSlaPolicy': {
      const { policyId } = command.data;
      if (policyId !== null) requirePresence(state.policies[policyId] !== undefined, true, 'SLA policy', policyId);
      return policyId === state.defaultPolicyId ? [] : [{ type: 'DefaultSlaPolicySet', data: { ...meta, policyId } }];
    }
    case 'SetPlanSlaPolicy': {
      const { plan, policyId } = command.data;
      if (policyId !== null) requirePresence(state.policies[policyId] !== undefined, true, 'SLA policy', policyId);
      const current = state.planPolicies[planKey(plan)];
      // The same policy under the plan's spelling of the day changes nothing.
      return (current?.policyId ?? null) === policyId
        ? []
        : [{ type: 'PlanSlaPolicySet', data: { ...meta, plan, policyId } }];
    }
    case 'SetChatHours': {
      const { calendarId } = command.data;
      if (calendarId !== null) requirePresence(state.calendars[calendarId] !== undefined, true, 'Calendar', calendarId);
      return calendarId === state.chatHoursCalendarId ? [] : [{ type: 'ChatHoursSet', data: { ...meta, calendarId } }];
    }
    case 'SetChatInactivityTimeout': {
      const { inactivityTimeoutMs } = command.data;
      if (inactivityTimeoutMs !== null && !options.anyTimings) requireInactivityTimeout(inactivityTimeoutMs);
      if (inactivityTimeoutMs === state.chatInactivityTimeoutMs) return [];
      return [{ type: 'ChatInactivityTimeoutSet', data: { ...meta, inactivityTimeoutMs } }];
    }
    case 'CreateTicketCategory':
    case 'UpdateTicketCategory': {
      const { categoryId } = command.data;
      const update = command.type === 'UpdateTicketCategory';
      requirePresence(state.categories[categoryId] !== undefined, update, 'Category', categoryId);
      return saveCategory(state, categoryId, command.data.definition, 'admin', meta);
    }
    case 'DeleteTicketCategory': {
      const { categoryId } = command.data;
      requirePresence(state.categories[categoryId] !== undefined, true, 'Category', categoryId);
      const children = Object.values(state.categories).filter((c) => c.definition.parentId === categoryId);
      if (children.length > 0)
        throw new DomainError('CATEGORY_IN_USE', `Category ${categoryId} has subcategories`, {
          categoryId,
          subcategories: children.map((c) => c.id),
        });
      return [
        { type: 'TicketCategoryDeleted', data: { ...meta, categoryId, version: next(`category:${categoryId}`) } },
      ];
    }
    case 'SetAutomationTimings': {
      const timings = parseTicketTimings(command.data.timings, { anyDuration: options.anyTimings ?? false });
      requireWaitingDelayRange('Automation timings', 'timings', timings, options.anyTimings ?? false);
      for (const policy of Object.values(state.policies))
        requireIncreasingMix(policy.id, timings, policy.definition.timings, 'timings');
      if (state.timings !== null && termsKey(state.timings.definition) === termsKey(timings)) return [];
      return [{ type: 'AutomationTimingsSet', data: { ...meta, version: next('timings'), timings } }];
    }
    case 'LoadSlaPresets':
      return loadPresets(state, command.data.presets, command.data.defaultPreset, meta, options);
  }
}

type Meta = ReturnType<typeof provenance>;

function saveCalendar(
  state: SlaConfiguration,
  calendarId: string,
  input: unknown,
  source: Source | 'ical',
  meta: Meta,
): SlaConfigEvent[] {
  const parsed = parseConfigInput(CalendarDefinition, input, `calendar ${calendarId}`);
  const { calendar } = parsed;
  const definition = calendar.kind === 'weekly' ? { ...parsed, calendar: canonicalWeekly(calendar) } : parsed;
  requireNoOverlap(calendarId, definition);
  requireHolidaysInRange(calendarId, definition, definition.coverage ?? DEFAULT_CALENDAR_COVERAGE);
  // Fewer hours may leave a policy counting in it a target it can no longer reach.
  const edited = (id: string) => (id === calendarId ? definition : state.calendars[id]?.definition);
  for (const policy of Object.values(state.policies)) requireReachableTargets(edited, policy.id, policy.definition);
  const current = state.calendars[calendarId];
  if (current !== undefined && termsKey(current.definition) === termsKey(definition)) return [];
  const version = (state.lastVersions[`calendar:${calendarId}`] ?? 0) + 1;
  return [{ type: 'SlaCalendarSaved', data: { ...meta, calendarId, version, definition, source } }];
}

/**
 * A weekly calendar as recorded: its zone's canonical name, each day's windows in order of opening
 * and the holidays sorted once each. Neither order means anything, so a calendar saved again with
 * its windows or holidays listed another way is the same calendar: no new version, no re-planning.
 */
function canonicalWeekly(calendar: WeeklyCalendar): WeeklyCalendar {
  const byOpening = (a: BusinessWindowSpec, b: BusinessWindowSpec) =>
    a.start.localeCompare(b.start) || a.end.localeCompare(b.end);
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => [day, [...calendar.weekly[day]].sort(byOpening)]),
  ) as WeeklyCalendar['weekly'];
  const holidays = [...new Set(calendar.holidays)].sort();
  return { ...calendar, timeZone: canonicalTimeZone(calendar.timeZone), weekly, holidays };
}

function savePolicy(
  state: SlaConfiguration,
  policyId: string,
  input: unknown,
  source: Source,
  meta: Meta,
  options: SlaConfigOptions,
): SlaConfigEvent[] {
  const definition = parseConfigInput(SlaPolicyDefinition, input, `SLA policy ${policyId}`);
  requireCalendars(state, policyId, definition);
  requireReachableTargets((id) => state.calendars[id]?.definition, policyId, definition);
  requirePolicyTimings(policyId, definition, options.anyTimings ?? false);
  requireIncreasingMix(policyId, state.timings?.definition, definition.timings, 'definition.timings');
  const current = state.policies[policyId];
  if (current !== undefined && termsKey(current.definition) === termsKey(definition)) return [];
  const version = (state.lastVersions[`policy:${policyId}`] ?? 0) + 1;
  return [{ type: 'SlaPolicySaved', data: { ...meta, policyId, version, definition, source } }];
}

function saveCategory(
  state: SlaConfiguration,
  categoryId: string,
  input: unknown,
  source: Source,
  meta: Meta,
): SlaConfigEvent[] {
  const definition = parseConfigInput(CategoryDefinition, input, `category ${categoryId}`);
  requireTreePlace(state, categoryId, definition.parentId);
  if (definition.slaPolicyId !== undefined && state.policies[definition.slaPolicyId] === undefined)
    throw new DomainError(
      'NOT_FOUND',
      `Category ${categoryId} names SLA policy ${definition.slaPolicyId}, which does not exist`,
      {
        categoryId,
        policyId: definition.slaPolicyId,
      },
    );
  const current = state.categories[categoryId];
  if (current !== undefined && termsKey(current.definition) === termsKey(definition)) return [];
  const version = (state.lastVersions[`category:${categoryId}`] ?? 0) + 1;
  return [{ type: 'TicketCategorySaved', data: { ...meta, categoryId, version, definition, source } }];
}

/**
 * Creates each preset's calendars, policies and categories, or brings them back to the preset
 * (parents before children), then sets the default policy: `defaultPreset`'s (which must be loaded now
 * or before), else the first preset's when none is set yet. Each step sees the ones before it.
 */
function loadPresets(
  initial: SlaConfiguration,
  presets: readonly (keyof typeof SLA_PRESETS)[],
  defaultPreset: keyof typeof SLA_PRESETS | undefined,
  meta: Meta,
  options: SlaConfigOptions,
): SlaConfigEvent[] {
  let state = initial;
  const events: SlaConfigEvent[] = [];
  const record = (produced: SlaConfigEvent[]) => {
    for (const event of produced) {
      events.push(event);
      state = evolveSlaConfiguration(state, event);
    }
  };
  for (const name of presets) {
    const preset = SLA_PRESETS[name];
    for (const [id, definition] of Object.entries(preset.calendars))
      record(saveCalendar(state, id, definition, 'preset', meta));
    for (const [id, definition] of Object.entries(preset.policies))
      record(savePolicy(state, id, definition, 'preset', meta, options));
    for (const [id, definition] of parentsFirst(preset.categories))
      record(saveCategory(state, id, definition, 'preset', meta));
  }
  const chosen = defaultPreset ?? (initial.defaultPolicyId === null ? presets[0] : undefined);
  const policyId = chosen === undefined ? null : SLA_PRESETS[chosen].defaultPolicyId;
  if (policyId !== null && state.policies[policyId] === undefined)
    throw invalidField(
      'defaultPreset',
      `Preset ${chosen} is neither among the presets loaded nor loaded before: its policy cannot be the default`,
      { defaultPreset: chosen },
    );
  if (policyId !== null && policyId !== state.defaultPolicyId)
    record([{ type: 'DefaultSlaPolicySet', data: { ...meta, policyId } }]);
  return events;
}

function parentsFirst<T extends { readonly parentId?: string | null }>(
  entries: Readonly<Record<string, T>>,
): [string, T][] {
  const depth = (id: string): number => {
    const parent = entries[id]?.parentId;
    return parent === undefined || parent === null || entries[parent] === undefined ? 0 : 1 + depth(parent);
  };
  return Object.entries(entries).sort(([a], [b]) => depth(a) - depth(b));
}

function requirePresence(exists: boolean, mustExist: boolean, what: string, id: string): void {
  if (exists && !mustExist) throw new DomainError('ALREADY_EXISTS', `${what} ${id} exists`, { id });
  if (!exists && mustExist) throw new DomainError('NOT_FOUND', `${what} ${id} does not exist`, { id });
}

function requireAdmin(actor: Actor): void {
  if (actor.role === 'admin' || actor.role === 'system') return;
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not change the SLA configuration`, {
    role: actor.role,
  });
}
