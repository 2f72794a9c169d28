import type { AutomationTimings, CalendarDefinition, CategoryDefinition, SlaPolicyDefinition } from './definitions.js';

/** One configured entity at its latest version; `version` counts its create and updates from 1. */
export interface Versioned<T> {
  readonly id: string;
  readonly version: number;
  readonly definition: T;
}

/**
 * The deployment's SLA configuration (stream `slaconfig-default`): calendars, policies,
 * categories, the default policy, the plans' policies and the automation timings. One stream, so that the rules
 * spanning them (a policy names an existing calendar, a category tree has no cycle, a policy in
 * use cannot be deleted) are checked atomically. Each entity keeps its own version; a policy's
 * earlier versions stay readable, since tickets record the version that governs them.
 */
export interface SlaConfiguration {
  readonly calendars: Readonly<Record<string, Versioned<CalendarDefinition>>>;
  readonly policies: Readonly<Record<string, Versioned<SlaPolicyDefinition>>>;
  readonly categories: Readonly<Record<string, Versioned<CategoryDefinition>>>;
  readonly defaultPolicyId: string | null;
  /**
   * The policies plans name, keyed by `planKey` (the plan as an admin last named it beside its
   * policy): a customer's plan picks their tickets' policy before their category does.
   */
  readonly planPolicies: Readonly<Record<string, { readonly plan: string; readonly policyId: string }>>;
  /** The calendar of the chat desk's opening hours; `null`: chats are open at all hours. */
  readonly chatHoursCalendarId: string | null;
  /** How long a chat started now may go without activity; `null`: the deployment's timeout. */
  readonly chatInactivityTimeoutMs: number | null;
  readonly timings: Versioned<AutomationTimings> | null;
  /**
   * The last version of every entity ever saved, deleted ones included (`policy:<id>`,
   * `calendar:<id>`, `category:<id>`), so a re-created entity goes on from there and a version
   * a ticket recorded always names one definition.
   */
  readonly lastVersions: Readonly<Record<string, number>>;
}

/** The configuration before any event: nothing configured, the deployment's bootstrap defaults apply. */
export const EMPTY_SLA_CONFIGURATION: SlaConfiguration = {
  calendars: {},
  policies: {},
  categories: {},
  defaultPolicyId: null,
  planPolicies: {},
  chatHoursCalendarId: null,
  chatInactivityTimeoutMs: null,
  timings: null,
  lastVersions: {},
};
