import { planKey } from '../shared/plan.js';
import type { SlaConfigEvent } from './events.js';
import type { SlaConfiguration, Versioned } from './state.js';

/** Applies one SLA configuration event. */
export function evolveSlaConfiguration(state: SlaConfiguration, event: SlaConfigEvent): SlaConfiguration {
  const next = apply(state, event);
  const counted = versionKey(event);
  if (counted === null || !('version' in event.data)) return next;
  return { ...next, lastVersions: { ...next.lastVersions, [counted]: event.data.version } };
}

/** The key of {@link SlaConfiguration.lastVersions} an event counts in. */
function versionKey(event: SlaConfigEvent): string | null {
  switch (event.type) {
    case 'SlaCalendarSaved':
    case 'SlaCalendarDeleted':
      return `calendar:${event.data.calendarId}`;
    case 'SlaPolicySaved':
    case 'SlaPolicyDeleted':
      return `policy:${event.data.policyId}`;
    case 'TicketCategorySaved':
    case 'TicketCategoryDeleted':
      return `category:${event.data.categoryId}`;
    case 'AutomationTimingsSet':
      return 'timings';
    case 'DefaultSlaPolicySet':
    case 'PlanSlaPolicySet':
    case 'ChatHoursSet':
    case 'ChatInactivityTimeoutSet':
      return null;
  }
}

function apply(state: SlaConfiguration, event: SlaConfigEvent): SlaConfiguration {
  switch (event.type) {
    case 'SlaCalendarSaved': {
      const { calendarId, version, definition } = event.data;
      return { ...state, calendars: { ...state.calendars, [calendarId]: { id: calendarId, version, definition } } };
    }
    case 'SlaCalendarDeleted':
      return { ...state, calendars: without(state.calendars, event.data.calendarId) };
    case 'SlaPolicySaved': {
      const { policyId, version, definition } = event.data;
      return { ...state, policies: { ...state.policies, [policyId]: { id: policyId, version, definition } } };
    }
    case 'SlaPolicyDeleted':
      return { ...state, policies: without(state.policies, event.data.policyId) };
    case 'DefaultSlaPolicySet':
      return { ...state, defaultPolicyId: event.data.policyId };
    case 'PlanSlaPolicySet': {
      const { plan, policyId } = event.data;
      const key = planKey(plan);
      const { [key]: _previous, ...others } = state.planPolicies;
      return { ...state, planPolicies: policyId === null ? others : { ...others, [key]: { plan, policyId } } };
    }
    case 'ChatHoursSet':
      return { ...state, chatHoursCalendarId: event.data.calendarId };
    case 'ChatInactivityTimeoutSet':
      return { ...state, chatInactivityTimeoutMs: event.data.inactivityTimeoutMs };
    case 'TicketCategorySaved': {
      const { categoryId, version, definition } = event.data;
      return {
        ...state,
        categories: { ...state.categories, [categoryId]: { id: categoryId, version, definition } },
      };
    }
    case 'TicketCategoryDeleted':
      return { ...state, categories: without(state.categories, event.data.categoryId) };
    case 'AutomationTimingsSet':
      return { ...state, timings: { id: 'timings', version: event.data.version, definition: event.data.timings } };
  }
}

function without<T>(entries: Readonly<Record<string, Versioned<T>>>, id: string): Record<string, Versioned<T>> {
  const { [id]: _removed, ...rest } = entries;
  return rest;
}
