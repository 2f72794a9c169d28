import { CategoryInput } from '@support-engine/domain/ticket';
import { z } from 'zod';

// GraphQL shapes of the SLA configuration's definitions. Only sizes are bounded here: the
// domain validates the content, so a bad time zone or a zero target is refused with its own
// code (`UNKNOWN_TIME_ZONE`, `SLA_TARGET_INVALID`) rather than a generic one.
const Text = z.string().max(200);
const Ref = z.string().max(100);
const Minutes = z.number().int();
const Ms = z.number();

const Window = z.object({ start: z.string().max(5), end: z.string().max(5) }).strict();
const Day = z.array(Window).max(6).optional();
const Targets = z.object({ firstResponseMinutes: Minutes, nextResponseMinutes: Minutes, resolutionMinutes: Minutes });
const ByPriority = <T extends z.ZodType>(value: T) =>
  z.object({ low: value, normal: value, high: value, urgent: value });

/** A calendar as GraphQL takes it: `alwaysOpen`, or a time zone with weekly windows and holidays. */
export const CalendarDefinitionInput = z
  .object({
    name: Text,
    alwaysOpen: z.boolean().optional(),
    timeZone: z.string().max(100).optional(),
    weekly: z.object({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day }).strict().optional(),
    holidays: z.array(z.string().max(20)).max(1000).optional(),
    coverage: z
      .object({ from: z.string().max(20), to: z.string().max(20) })
      .strict()
      .optional(),
  })
  .strict()
  // A 24/7 calendar has no hours to keep: windows, a zone or holidays beside it would be dropped unsaid.
  .refine(
    (input) =>
      !input.alwaysOpen || (input.weekly === undefined && input.timeZone === undefined && input.holidays === undefined),
    { message: 'an alwaysOpen calendar takes no weekly windows, time zone or holidays', path: ['alwaysOpen'] },
  );

/** A policy as GraphQL takes it (`SlaPolicyDefinitionInput`). */
export const SlaPolicyDefinitionInput = z
  .object({
    name: Text,
    calendarId: Ref,
    calendarByPriority: ByPriority(Ref.optional()).partial().optional(),
    targets: ByPriority(Targets),
    categoryTargets: z
      .array(Targets.partial().extend({ category: CategoryInput }))
      .max(200)
      // A row that sets nothing, or a second row for one category, would be dropped unsaid.
      .superRefine((rows, context) => {
        rows.forEach((row, index) => {
          if (Object.keys(row).length === 1)
            context.addIssue({ code: 'custom', path: [index], message: 'names no target for its category' });
          if (rows.findIndex((other) => other.category === row.category) < index)
            context.addIssue({
              code: 'custom',
              path: [index, 'category'],
              message: `a second row for "${row.category}"`,
            });
        });
      })
      .optional(),
    warnAtFraction: z.number().optional(),
    escalationThresholdMinutes: Minutes.optional(),
    callbackTargetMinutes: Minutes.optional(),
    complianceGoal: z.number().optional(),
    timings: z
      .object({
        firstReminderAfterMs: Ms,
        secondReminderAfterMs: Ms,
        waitingAutoCloseAfterMs: Ms,
        resolvedAutoCloseAfterMs: Ms,
      })
      .partial()
      .optional(),
  })
  .strict();

/** A category as GraphQL takes it. */
export const CategoryDefinitionInput = z
  .object({
    name: Text,
    parentId: Ref.optional(),
    defaultPriority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    slaPolicyId: Ref.optional(),
    requiredSkill: Ref.optional(),
    escalationThresholdMinutes: Minutes.optional(),
  })
  .strict();

/** The domain's calendar definition from the GraphQL input. */
export function toCalendarDefinition(input: z.output<typeof CalendarDefinitionInput>): unknown {
  const { name, alwaysOpen, timeZone, weekly, holidays, coverage } = input;
  const calendar = alwaysOpen
    ? { kind: '24/7' }
    : {
        kind: 'weekly',
        timeZone,
        weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...weekly },
        holidays: holidays ?? [],
      };
  return { name, calendar, ...(coverage === undefined ? {} : { coverage }) };
}

/** The domain's policy definition from the GraphQL input: category targets keyed by category. */
export function toSlaPolicyDefinition(input: z.output<typeof SlaPolicyDefinitionInput>): unknown {
  const { categoryTargets, ...rest } = input;
  return {
    ...rest,
    categoryTargets: Object.fromEntries((categoryTargets ?? []).map(({ category, ...targets }) => [category, targets])),
  };
}
