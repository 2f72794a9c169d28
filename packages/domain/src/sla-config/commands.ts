import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';
import { PlanName } from '../shared/plan.js';
import { DAY_MS, SECOND_MS } from '../shared/time.js';
import { SlaCategory } from '../sla/policy.js';
import { CategoryInput } from '../ticket/values.js';
import { AutomationTimings, CalendarDefinition, CategoryDefinition, SlaPolicyDefinition } from './definitions.js';

/** The presets a deployment loads in one command (docs/policies.md#presets). */
export const SlaPreset = z.enum(['standard', 'premium', 'categories']);
export type SlaPreset = z.infer<typeof SlaPreset>;

/** Adds a business calendar. */
export const CreateSlaCalendar = defineCommand('CreateSlaCalendar', { calendarId: Id, definition: CalendarDefinition });
/** Replaces a calendar's definition; the policies that count in it re-plan their open tickets. */
export const UpdateSlaCalendar = defineCommand('UpdateSlaCalendar', { calendarId: Id, definition: CalendarDefinition });
/**
 * Adds the all-day events of an iCalendar file (RFC 5545) to a weekly calendar's holidays, or
 * replaces them (`replace`). Recurring yearly events count once per year of the calendar's coverage.
 */
export const ImportSlaCalendarHolidays = defineCommand('ImportSlaCalendarHolidays', {
  calendarId: Id,
  ics: z.string().min(1).max(1_000_000),
  replace: z.boolean().default(false),
});
/** Deletes a calendar no policy counts in. */
export const DeleteSlaCalendar = defineCommand('DeleteSlaCalendar', { calendarId: Id });

/** Adds an SLA policy. */
export const CreateSlaPolicy = defineCommand('CreateSlaPolicy', { policyId: Id, definition: SlaPolicyDefinition });
/** Replaces a policy's definition (a new version); its open tickets are re-planned. */
export const UpdateSlaPolicy = defineCommand('UpdateSlaPolicy', { policyId: Id, definition: SlaPolicyDefinition });
/** Deletes a policy that is neither the default nor any category's or plan's. */
export const DeleteSlaPolicy = defineCommand('DeleteSlaPolicy', { policyId: Id });
/** Names the policy of tickets no category gives one to (`null`: back to the bootstrap policy). */
export const SetDefaultSlaPolicy = defineCommand('SetDefaultSlaPolicy', { policyId: Id.nullable() });
/**
 * Names the policy of the tickets of customers on `plan` (their entitlement: a premium plan's
 * priority SLAs), over their category's and the default one (`null`: the plan names none any more).
 */
export const SetPlanSlaPolicy = defineCommand('SetPlanSlaPolicy', { plan: PlanName, policyId: Id.nullable() });
/**
 * Names the calendar of the chat desk's opening hours: outside them a customer cannot start a
 * chat and is offered a ticket instead (`null`: chats are open at all hours).
 */
export const SetChatHours = defineCommand('SetChatHours', { calendarId: Id.nullable() });
const TIMEOUT_RANGE =
  'The chat inactivity timeout must be from a minute to a day (from a second when the deployment allows any timings)';

/**
 * Sets how long a chat started from now on may go without activity before it closes itself
 * (`null`: the deployment's `CHAT_INACTIVITY_TIMEOUT_MS`). A minute to a day; any number of
 * seconds when the deployment allows any timings (demos and acceptance runs).
 */
export const SetChatInactivityTimeout = defineCommand('SetChatInactivityTimeout', {
  inactivityTimeoutMs: z
    .number()
    .int(`${TIMEOUT_RANGE}, in whole milliseconds`)
    .min(SECOND_MS, TIMEOUT_RANGE)
    .max(DAY_MS, TIMEOUT_RANGE)
    .nullable(),
});

/** Adds a ticket category, at the top of the tree or under `parentId`. */
export const CreateTicketCategory = defineCommand('CreateTicketCategory', {
  categoryId: CategoryInput,
  definition: CategoryDefinition,
});
/** Replaces a category's definition (moving it in the tree included). */
export const UpdateTicketCategory = defineCommand('UpdateTicketCategory', {
  categoryId: SlaCategory,
  definition: CategoryDefinition,
});
/** Deletes a category without subcategories. */
export const DeleteTicketCategory = defineCommand('DeleteTicketCategory', { categoryId: SlaCategory });

/** Sets the deployment's reminder and auto-close delays. */
export const SetAutomationTimings = defineCommand('SetAutomationTimings', { timings: AutomationTimings });

/** Loads the shipped presets: their calendars, policies and categories, created or brought back to the preset. */
export const LoadSlaPresets = defineCommand('LoadSlaPresets', {
  presets: z.array(SlaPreset).min(1).max(3),
  /** The preset whose policy becomes the default one. */
  defaultPreset: SlaPreset.optional(),
});

/** Every command of the SLA configuration stream. */
export const SlaConfigCommand = z.discriminatedUnion('type', [
  CreateSlaCalendar,
  UpdateSlaCalendar,
  ImportSlaCalendarHolidays,
  DeleteSlaCalendar,
  CreateSlaPolicy,
  UpdateSlaPolicy,
  DeleteSlaPolicy,
  SetDefaultSlaPolicy,
  SetPlanSlaPolicy,
  SetChatHours,
  SetChatInactivityTimeout,
  CreateTicketCategory,
  UpdateTicketCategory,
  DeleteTicketCategory,
  SetAutomationTimings,
  LoadSlaPresets,
]);
/** An SLA configuration command as callers write it. */
export type SlaConfigCommand = z.input<typeof SlaConfigCommand>;
