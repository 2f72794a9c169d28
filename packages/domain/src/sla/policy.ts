import { z } from 'zod';
import { MINUTE_MS } from '../shared/time.js';
import { SlaMetric, TicketPriority } from '../shared/values.js';
import { ALWAYS_OPEN, BusinessCalendar, DUBAI_BUSINESS_HOURS } from './calendar.js';

/** A ticket priority as the SLA sees it: the shared `TicketPriority`, so both stay one list. */
export const SlaPriority = TicketPriority;
export type SlaPriority = TicketPriority;

/** The three SLA clocks of a ticket (docs/domain.md#sla-clocks), as the calculator names them. */
export const SlaMetricId = SlaMetric;
export type SlaMetricId = SlaMetric;

/** A target in minutes of business time: at least 1 minute, at most a year. */
export const TargetMinutes = z
  .number()
  .int()
  .positive()
  .max(365 * 24 * 60);

/** The three targets, in minutes of business time. */
export const SlaTargets = z
  .object({
    firstResponseMinutes: TargetMinutes,
    nextResponseMinutes: TargetMinutes,
    resolutionMinutes: TargetMinutes,
  })
  .strict();
export type SlaTargets = z.infer<typeof SlaTargets>;

/** A ticket category name as policies refer to it. */
export const SlaCategory = z.string().min(1).max(100);

/**
 * An SLA policy (docs/domain.md#sla-policies).
 * - `calendar`: the business hours the clocks count in; `calendarByPriority` replaces it for a
 *   priority, so one policy can run 24/7 emergency support beside business hours.
 * - `targets` by priority; `categoryTargets[category]` overrides any of them for that category,
 *   whatever the priority (the category's promise replaces the priority's).
 * - `warnAtFraction`: an `SlaWarning` is due when this fraction of a target has elapsed.
 * - `escalationThresholdMinutes`: a ticket still unresolved after this much business time on its
 *   resolution clock is escalated, breach or not.
 * - `complianceGoal`: the share of tickets that should meet each target, for reports (0.8 = 80 %).
 */
export const SlaPolicy = z
  .object({
    id: z.string().min(1).max(100),
    name: z.string().min(1).max(200),
    calendar: BusinessCalendar,
    /** The calendar a priority counts in instead of `calendar` (urgent tickets on a 24/7 calendar). */
    calendarByPriority: z
      .object({ low: BusinessCalendar, normal: BusinessCalendar, high: BusinessCalendar, urgent: BusinessCalendar })
      .partial()
      .strict()
      .optional(),
    targets: z.object({ low: SlaTargets, normal: SlaTargets, high: SlaTargets, urgent: SlaTargets }).strict(),
    categoryTargets: z
      .record(SlaCategory, SlaTargets.partial())
      .refine((byCategory) => Object.keys(byCategory).length <= 200, 'at most 200 categories')
      .default({}),
    warnAtFraction: z.number().gt(0).lt(1).default(0.8),
    escalationThresholdMinutes: TargetMinutes.optional(),
    /**
     * A critical incident (an urgent ticket) books a call to its customer this many minutes after
     * it became urgent; none when unset.
     */
    callbackTargetMinutes: TargetMinutes.optional(),
    complianceGoal: z.number().gt(0).max(1).optional(),
  })
  .strict();
export type SlaPolicy = z.infer<typeof SlaPolicy>;

/** Targets of one ticket, in milliseconds of business time, by metric. */
export type SlaTargetsMs = Readonly<Record<SlaMetricId, number>>;

/** The targets (ms of business time) that apply to a ticket of this priority and category. */
export function targetsFor(policy: SlaPolicy, priority: SlaPriority, category?: string): SlaTargetsMs {
  const override = category !== undefined && Object.hasOwn(policy.categoryTargets, category);
  const targets = { ...policy.targets[priority], ...(override ? policy.categoryTargets[category] : undefined) };
  return {
    first_response: targets.firstResponseMinutes * MINUTE_MS,
    next_response: targets.nextResponseMinutes * MINUTE_MS,
    resolution: targets.resolutionMinutes * MINUTE_MS,
  };
}

/** The business calendar a ticket of this priority counts its clocks in. */
export function calendarFor(policy: SlaPolicy, priority: SlaPriority): BusinessCalendar {
  return policy.calendarByPriority?.[priority] ?? policy.calendar;
}

/** Minutes in `n` hours, so the constants below read like the documents they come from. */
const hours = (n: number) => n * 60;

const sameForEveryPriority = (targets: SlaTargets) => ({
  low: targets,
  normal: targets,
  high: targets,
  urgent: targets,
});

/**
 * The documented standard policy: first response 2 h, next response 4 h, resolution 24 h for every
 * priority, in business hours (weekdays 08:00-20:00, weekends 10:00-18:00, UTC+4), 80 % goal.
 */
export const STANDARD_POLICY: SlaPolicy = SlaPolicy.parse({
  id: 'standard',
  name: 'Standard',
  calendar: DUBAI_BUSINESS_HOURS,
  targets: sameForEveryPriority({
    firstResponseMinutes: hours(2),
    nextResponseMinutes: hours(4),
    resolutionMinutes: hours(24),
  }),
  complianceGoal: 0.8,
});

/**
 * The documented 24/7 premium policy, by priority. First responses are the documented ones
 * (urgent 15 min, high 30 min, normal 2 h); the rest are our choice:
 * low gets 4 h first response; next response is twice the first response but never above the
 * 2 h update promise for urgent bugs (urgent 30 min, high 1 h, normal 4 h, low 8 h); resolution
 * urgent 4 h, high 8 h, normal 24 h (the standard promise), low 48 h.
 */
export const PREMIUM_POLICY: SlaPolicy = SlaPolicy.parse({
  id: 'premium',
  name: 'Premium 24/7',
  calendar: ALWAYS_OPEN,
  targets: {
    urgent: { firstResponseMinutes: 15, nextResponseMinutes: 30, resolutionMinutes: hours(4) },
    high: { firstResponseMinutes: 30, nextResponseMinutes: hours(1), resolutionMinutes: hours(8) },
    normal: { firstResponseMinutes: hours(2), nextResponseMinutes: hours(4), resolutionMinutes: hours(24) },
    low: { firstResponseMinutes: hours(4), nextResponseMinutes: hours(8), resolutionMinutes: hours(48) },
  },
  // The support plan's promise for a critical incident (seed 000): an expert calls back within 10 minutes.
  callbackTargetMinutes: 10,
});

/**
 * The documented category SLAs, from 1 h to 6 h of first response depending on the category
 * (outage 1 h, bug 2 h, billing 4 h, everything else 6 h), standard next response and resolution,
 * and escalation of anything still unresolved after 6 business hours.
 */
export const CATEGORY_POLICY: SlaPolicy = SlaPolicy.parse({
  id: 'category',
  name: 'Category SLAs',
  calendar: DUBAI_BUSINESS_HOURS,
  targets: sameForEveryPriority({
    firstResponseMinutes: hours(6),
    nextResponseMinutes: hours(4),
    resolutionMinutes: hours(24),
  }),
  categoryTargets: {
    outage: { firstResponseMinutes: hours(1) },
    bug: { firstResponseMinutes: hours(2) },
    billing: { firstResponseMinutes: hours(4) },
  },
  escalationThresholdMinutes: hours(6),
});
