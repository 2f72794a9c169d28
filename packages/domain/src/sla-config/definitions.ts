import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { TicketPriority } from '../shared/values.js';
import { BusinessCalendar, LocalDate } from '../sla/calendar.js';
import { TargetMinutes as Minutes, SlaCategory, SlaTargets } from '../sla/policy.js';
import { PartialTicketTimings, TicketTimings } from '../ticket/timings.js';

/** The dates a calendar is maintained for: its holidays must fall inside. */
export const CalendarCoverage = z.object({ from: LocalDate, to: LocalDate }).strict();
export type CalendarCoverage = z.infer<typeof CalendarCoverage>;

/** What a deployment's calendar without a stated coverage is maintained for. */
export const DEFAULT_CALENDAR_COVERAGE: CalendarCoverage = { from: '2000-01-01', to: '2099-12-31' };

/** A named business calendar an SLA policy counts in (docs/policies.md#calendars-and-icalendar-holidays). */
export const CalendarDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    calendar: BusinessCalendar,
    coverage: CalendarCoverage.optional(),
  })
  .strict();
export type CalendarDefinition = z.infer<typeof CalendarDefinition>;

const ByPriority = <T extends z.ZodType>(value: T) =>
  z.object({ low: value, normal: value, high: value, urgent: value }).strict();

/**
 * An SLA policy as admins write it: like the domain's `SlaPolicy`, but its calendars are named
 * (by id) rather than inlined, and it may override the deployment's automation timings.
 */
export const SlaPolicyDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    calendarId: Id,
    calendarByPriority: ByPriority(Id).partial().optional(),
    targets: ByPriority(SlaTargets),
    categoryTargets: z
      .record(SlaCategory, SlaTargets.partial())
      .refine((byCategory) => Object.keys(byCategory).length <= 200, 'at most 200 categories')
      .default({}),
    warnAtFraction: z.number().gt(0).lt(1).default(0.8),
    escalationThresholdMinutes: Minutes.optional(),
    /** A critical incident (an urgent ticket) books a call to its customer within this many minutes. */
    callbackTargetMinutes: Minutes.optional(),
    complianceGoal: z.number().gt(0).max(1).optional(),
    /** Replaces some of the deployment's reminder and auto-close delays for the tickets it governs. */
    timings: PartialTicketTimings.optional(),
  })
  .strict();
export type SlaPolicyDefinition = z.infer<typeof SlaPolicyDefinition>;

/**
 * A ticket category (docs/policies.md#which-terms-govern-a-ticket): a node of a tree, with what a ticket in it
 * gets unless its own fields say otherwise. A subcategory inherits each unset field from the
 * nearest ancestor that sets it.
 */
export const CategoryDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    parentId: SlaCategory.nullable().default(null),
    defaultPriority: TicketPriority.optional(),
    slaPolicyId: Id.optional(),
    requiredSkill: z.string().trim().min(1).max(100).optional(),
    escalationThresholdMinutes: Minutes.optional(),
  })
  .strict();
export type CategoryDefinition = z.infer<typeof CategoryDefinition>;

/** The deployment's automation timings, as recorded (validated against the documented range unless allowed). */
export const AutomationTimings = TicketTimings;
export type AutomationTimings = z.infer<typeof AutomationTimings>;
