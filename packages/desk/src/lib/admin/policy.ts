import type { VariablesOf } from '../graphql/index.ts';
import type { UpdateSlaPolicy } from '../queries/admin.ts';
import { wholeNumberProblem } from './validation.ts';

/** A policy's definition as the API takes it. */
export type PolicyInput = VariablesOf<typeof UpdateSlaPolicy>['input']['definition'];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const METRICS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const;
export type Metric = (typeof METRICS)[number];

/** The policy form's fields, as typed (text); what the form does not show is kept as loaded. */
export interface PolicyDraft {
  name: string;
  calendarId: string;
  targets: Record<Priority, Record<Metric, string>>;
  /** Percent of a target after which a warning is due. */
  warnAtPercent: string;
  /** Empty: none. */
  escalationThresholdMinutes: string;
  /** Percent of tickets that should meet each target; empty: none. */
  complianceGoalPercent: string;
  /** The definition's other fields (category targets, calendars by priority, callbacks, timings). */
  readonly kept: Pick<PolicyInput, 'calendarByPriority' | 'categoryTargets' | 'callbackTargetMinutes' | 'timings'>;
}

type Stored = {
  name?: string;
  calendarId?: string;
  targets?: Record<Priority, Record<Metric, number>>;
  categoryTargets?: Record<string, Partial<Record<Metric, number>>>;
  warnAtFraction?: number;
  escalationThresholdMinutes?: number;
  complianceGoal?: number;
  calendarByPriority?: PolicyInput['calendarByPriority'];
  callbackTargetMinutes?: number;
  timings?: PolicyInput['timings'];
};

const percent = (fraction: number) => String(Math.round(fraction * 10_000) / 100);
const text = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The form's fields for a policy's definition as `slaConfiguration` gives it. */
export function draftOf(definition: unknown): PolicyDraft {
  const stored = (definition ?? {}) as Stored;
  const targets = Object.fromEntries(
    PRIORITIES.map((priority) => [
      priority,
      Object.fromEntries(METRICS.map((metric) => [metric, text(stored.targets?.[priority]?.[metric])])),
    ]),
  ) as PolicyDraft['targets'];
  const categoryTargets = Object.entries(stored.categoryTargets ?? {}).map(([category, byMetric]) => ({
    category,
    ...byMetric,
  }));
  return {
    name: stored.name ?? '',
    calendarId: stored.calendarId ?? '',
    targets,
    warnAtPercent: percent(stored.warnAtFraction ?? 0.8),
    escalationThresholdMinutes: text(stored.escalationThresholdMinutes),
    complianceGoalPercent: stored.complianceGoal === undefined ? '' : percent(stored.complianceGoal),
    kept: {
      ...(stored.calendarByPriority ? { calendarByPriority: stored.calendarByPriority } : {}),
      ...(categoryTargets.length > 0 ? { categoryTargets } : {}),
      ...(stored.callbackTargetMinutes === undefined ? {} : { callbackTargetMinutes: stored.callbackTargetMinutes }),
      ...(stored.timings ? { timings: stored.timings } : {}),
    },
  };
}

/** A form field of the policy: `name`, `warnAtPercent`…, or a target as `<priority>.<metric>`. */
export type PolicyField = string;

/** What is wrong with each field of a draft, by field (the admin catalogue's keys); empty when nothing is. */
export type PolicyProblems = Readonly<Record<PolicyField, `admin.invalid.${string}`>>;

/** A year of minutes: the longest target the form takes. */
const MAX_MINUTES = 525_600;

/**
 * The definition the draft stands for, or what is wrong with its fields: a name, a calendar, every
 * target a whole number of minutes from 1, the warning at 1 to 99 %, the escalation empty or a
 * whole number of minutes, the compliance goal empty or 1 to 100 %.
 */
export function policyInputOf(draft: PolicyDraft): { input: PolicyInput } | { problems: PolicyProblems } {
  const problems: Record<string, `admin.invalid.${string}`> = {};
  if (draft.name.trim() === '') problems.name = 'admin.invalid.required';
  if (draft.calendarId === '') problems.calendarId = 'admin.invalid.required';
  for (const priority of PRIORITIES)
    for (const metric of METRICS) {
      const problem = wholeNumberProblem(draft.targets[priority][metric], 1, MAX_MINUTES);
      if (problem) problems[`${priority}.${metric}`] = problem;
    }
  const warn = wholeNumberProblem(draft.warnAtPercent, 1, 99);
  if (warn) problems.warnAtPercent = warn;
  const escalation = draft.escalationThresholdMinutes.trim();
  const escalationProblem = escalation === '' ? null : wholeNumberProblem(escalation, 1, MAX_MINUTES);
  if (escalationProblem) problems.escalationThresholdMinutes = escalationProblem;
  const goal = draft.complianceGoalPercent.trim();
  const goalProblem = goal === '' ? null : wholeNumberProblem(goal, 1, 100);
  if (goalProblem) problems.complianceGoalPercent = goalProblem;
  if (Object.keys(problems).length > 0) return { problems };

  const targets = Object.fromEntries(
    PRIORITIES.map((priority) => [
      priority,
      Object.fromEntries(METRICS.map((metric) => [metric, Number(draft.targets[priority][metric])])),
    ]),
  ) as PolicyInput['targets'];
  return {
    input: {
      ...draft.kept,
      name: draft.name.trim(),
      calendarId: draft.calendarId,
      targets,
      warnAtFraction: Number(draft.warnAtPercent) / 100,
      ...(escalation === '' ? {} : { escalationThresholdMinutes: Number(escalation) }),
      ...(goal === '' ? {} : { complianceGoal: Number(goal) / 100 }),
    },
  };
}
