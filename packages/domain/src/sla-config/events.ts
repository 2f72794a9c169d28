import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { PlanName } from '../shared/plan.js';
import { SlaCategory } from '../sla/policy.js';
import { AutomationTimings, CalendarDefinition, CategoryDefinition, SlaPolicyDefinition } from './definitions.js';

const Version = z.int().positive();

// Each event carries the entity's whole definition as it now is, so one event tells an auditor
// what a version was without folding the ones before it.

/** A business calendar was created (version 1) or changed; `source` says how (`ical`: holidays imported). */
export const SlaCalendarSaved = defineEvent('SlaCalendarSaved', {
  calendarId: Id,
  version: Version,
  definition: CalendarDefinition,
  source: z.enum(['admin', 'ical', 'preset']),
});

/** A business calendar no policy uses any more was deleted. */
export const SlaCalendarDeleted = defineEvent('SlaCalendarDeleted', { calendarId: Id, version: Version });

/** An SLA policy was created (version 1) or changed. */
export const SlaPolicySaved = defineEvent('SlaPolicySaved', {
  policyId: Id,
  version: Version,
  definition: SlaPolicyDefinition,
  source: z.enum(['admin', 'preset']),
});

/** An SLA policy nothing uses any more was deleted; tickets it governed keep the version they recorded. */
export const SlaPolicyDeleted = defineEvent('SlaPolicyDeleted', { policyId: Id, version: Version });

/** The policy that governs tickets no category assigns one to (`null`: the deployment's bootstrap policy). */
export const DefaultSlaPolicySet = defineEvent('DefaultSlaPolicySet', { policyId: Id.nullable() });

/** The tickets of customers on `plan` now follow this policy (`null`: the plan names none any more). */
export const PlanSlaPolicySet = defineEvent('PlanSlaPolicySet', { plan: PlanName, policyId: Id.nullable() });

/** The chat desk's opening hours now follow this calendar (`null`: open at all hours). */
export const ChatHoursSet = defineEvent('ChatHoursSet', { calendarId: Id.nullable() });

/** Chats started from now on close after this long without activity (`null`: the deployment's timeout). */
export const ChatInactivityTimeoutSet = defineEvent('ChatInactivityTimeoutSet', {
  inactivityTimeoutMs: z.int().positive().nullable(),
});

/** A ticket category was created (version 1) or changed. */
export const TicketCategorySaved = defineEvent('TicketCategorySaved', {
  categoryId: SlaCategory,
  version: Version,
  definition: CategoryDefinition,
  source: z.enum(['admin', 'preset']),
});

/** A ticket category without subcategories was deleted; tickets keep their category name. */
export const TicketCategoryDeleted = defineEvent('TicketCategoryDeleted', {
  categoryId: SlaCategory,
  version: Version,
});

/** The deployment's reminder and auto-close delays changed. */
export const AutomationTimingsSet = defineEvent('AutomationTimingsSet', {
  version: Version,
  timings: AutomationTimings,
});

/** Every event of the SLA configuration stream. */
export const SlaConfigEvent = z.discriminatedUnion('type', [
  SlaCalendarSaved,
  SlaCalendarDeleted,
  SlaPolicySaved,
  SlaPolicyDeleted,
  DefaultSlaPolicySet,
  PlanSlaPolicySet,
  ChatHoursSet,
  ChatInactivityTimeoutSet,
  TicketCategorySaved,
  TicketCategoryDeleted,
  AutomationTimingsSet,
]);
export type SlaConfigEvent = z.infer<typeof SlaConfigEvent>;

/** The SLA configuration stream's event types, for the event schema registry. */
export const SLA_CONFIG_EVENT_TYPES = SlaConfigEvent.options.map((option) => option.shape.type.value);
