import { ChatTimings, DEFAULT_CHAT_TIMINGS } from '@support-engine/domain/chat';
import { CATEGORY_POLICY, PREMIUM_POLICY, SlaPolicy, STANDARD_POLICY } from '@support-engine/domain/sla';
import { DEFAULT_TICKET_TIMINGS, DocumentedTicketTimings, TicketTimings } from '@support-engine/domain/ticket';
import { z } from 'zod';
import type { ChatWorkflowSettings, TicketWorkflowSettings } from './contract.js';

/** The variable of each ticket timing. */
const TIMING_VARIABLES = {
  firstReminderAfterMs: 'TICKET_FIRST_REMINDER_MS',
  secondReminderAfterMs: 'TICKET_SECOND_REMINDER_MS',
  waitingAutoCloseAfterMs: 'TICKET_WAITING_AUTO_CLOSE_MS',
  resolvedAutoCloseAfterMs: 'TICKET_RESOLVED_AUTO_CLOSE_MS',
} as const;

/**
 * The ticket timings of the environment; a refusal names its variables (the rules across them,
 * such as the waiting delays' order, name the three waiting delays), as every other does.
 */
function ticketTimingsOf(e: TimingsEnv): { value?: TicketTimings; issues: z.core.$ZodIssue[] } {
  const schema = e.TICKET_TIMINGS_ANY_DURATION ? TicketTimings : DocumentedTicketTimings;
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(TIMING_VARIABLES).map(([field, variable]) => [field, e[variable]])),
  );
  if (parsed.success) return { value: parsed.data, issues: [] };
  const waiting = [
    TIMING_VARIABLES.firstReminderAfterMs,
    TIMING_VARIABLES.secondReminderAfterMs,
    TIMING_VARIABLES.waitingAutoCloseAfterMs,
  ];
  const variableOf = (field: PropertyKey | undefined) =>
    TIMING_VARIABLES[field as keyof typeof TIMING_VARIABLES] ?? waiting.join(', ');
  return { issues: parsed.error.issues.map((issue) => ({ ...issue, path: [variableOf(issue.path[0])] })) };
}

/** The documented SLA policies a deployment can name instead of writing one out as JSON. */
export const NAMED_SLA_POLICIES: Readonly<Record<string, SlaPolicy>> = {
  standard: STANDARD_POLICY,
  premium: PREMIUM_POLICY,
  category: CATEGORY_POLICY,
};

const Milliseconds = z.coerce.number().int().positive();
const Flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** `SLA_POLICY`: the name of a documented policy, or a policy as JSON. */
const SlaPolicySetting = z
  .string()
  .trim()
  .transform((value, ctx): SlaPolicy => {
    const named = NAMED_SLA_POLICIES[value];
    if (named) return named;
    try {
      return SlaPolicy.parse(JSON.parse(value));
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `expected ${Object.keys(NAMED_SLA_POLICIES).join(', ')} or an SLA policy as JSON (${(error as Error).message})`,
      });
      return z.NEVER;
    }
  });

/** The environment variables the worker reads; every one has a default except DATABASE_URL. */
const WorkerEnv = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('support-engine'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection string'),
  TICKET_FIRST_REMINDER_MS: Milliseconds.default(DEFAULT_TICKET_TIMINGS.firstReminderAfterMs),
  TICKET_SECOND_REMINDER_MS: Milliseconds.default(DEFAULT_TICKET_TIMINGS.secondReminderAfterMs),
  TICKET_WAITING_AUTO_CLOSE_MS: Milliseconds.default(DEFAULT_TICKET_TIMINGS.waitingAutoCloseAfterMs),
  TICKET_RESOLVED_AUTO_CLOSE_MS: Milliseconds.default(DEFAULT_TICKET_TIMINGS.resolvedAutoCloseAfterMs),
  // Off: the resolved delay must stay within the documented 24-48 h. On: any duration (demos, acceptance runs).
  TICKET_TIMINGS_ANY_DURATION: Flag.default(false),
  SLA_POLICY: SlaPolicySetting.default(STANDARD_POLICY),
  CHAT_INACTIVITY_TIMEOUT_MS: Milliseconds.default(DEFAULT_CHAT_TIMINGS.inactivityTimeoutMs),
  UPSERT_SEARCH_ATTRIBUTES: Flag.default(true),
  WORKFLOW_MAX_HISTORY_EVENTS: z.coerce.number().int().min(10).default(10_000),
  // A closed entity has nothing left to time; a later event (a rating, a reopen) starts a new run
  // that reads what it missed, so lingering only absorbs the burst right after the close. An hour
  // kept every closed ticket and chat RUNNING (and holding a timer) long after it ended.
  WORKFLOW_CLOSED_LINGER_MS: Milliseconds.default(60_000),
  REACTOR_ENABLED: Flag.default(true),
  REACTOR_NAME: z.string().min(1).max(100).default('temporal-workflows'),
  REACTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  REACTOR_POLL_INTERVAL_MS: Milliseconds.default(250),
  REACTOR_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  // A bundle written by `bundleWorkflows` from this very build: loaded instead of bundling at each
  // start (tens of seconds of webpack on a busy host), so a restarted worker is back at once.
  WORKFLOW_BUNDLE_FILE: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

/** The variables of the ticket timings, parsed on their own when others are wrong. */
const TimingsEnv = WorkerEnv.pick({
  TICKET_FIRST_REMINDER_MS: true,
  TICKET_SECOND_REMINDER_MS: true,
  TICKET_WAITING_AUTO_CLOSE_MS: true,
  TICKET_RESOLVED_AUTO_CLOSE_MS: true,
  TICKET_TIMINGS_ANY_DURATION: true,
});
type TimingsEnv = z.infer<typeof TimingsEnv>;

/** How the reactor tails the log. */
export interface ReactorConfig {
  /** Run the reactor in this process; turn off on extra worker replicas (one reactor suffices). */
  readonly enabled: boolean;
  /** Names its checkpoint row, so several reactors could tail one log independently. */
  readonly name: string;
  readonly batchSize: number;
  /** How long an idle reactor sleeps before reading the log again. */
  readonly pollIntervalMs: number;
  /** Streams delivered in parallel; events of one stream always go one at a time, in order. */
  readonly concurrency: number;
}

/** Everything the worker process needs, validated. */
export interface WorkerConfig {
  readonly temporal: { readonly address: string; readonly namespace: string; readonly taskQueue: string };
  readonly databaseUrl: string;
  readonly ticket: TicketWorkflowSettings;
  /** `TICKET_TIMINGS_ANY_DURATION`: timings (env or SLA configuration) may leave the documented range. */
  readonly anyTicketTimings: boolean;
  readonly chat: ChatWorkflowSettings;
  readonly reactor: ReactorConfig;
  /** `WORKFLOW_BUNDLE_FILE`: a prebuilt workflow bundle to load instead of bundling at start; `null`: bundle. */
  readonly workflowBundleFile: string | null;
  readonly logLevel: z.infer<typeof WorkerEnv>['LOG_LEVEL'];
}

/**
 * Reads the worker's configuration from environment variables (delays in milliseconds), with
 * the documented defaults; throws a ZodError naming every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = WorkerEnv.safeParse(env);
  // The timings' rules across variables (in order, in range) are judged whenever the timings
  // themselves parse, so one message names every problem, not these only once the rest is fixed.
  const timingsEnv = parsed.success ? parsed : TimingsEnv.safeParse(env);
  const timings = timingsEnv.success ? ticketTimingsOf(timingsEnv.data) : { issues: [] };
  if (!parsed.success || timings.value === undefined)
    throw new z.ZodError([...(parsed.success ? [] : parsed.error.issues), ...timings.issues]);
  const e = parsed.data;
  const common = {
    upsertSearchAttributes: e.UPSERT_SEARCH_ATTRIBUTES,
    maxHistoryEvents: e.WORKFLOW_MAX_HISTORY_EVENTS,
    closedLingerMs: e.WORKFLOW_CLOSED_LINGER_MS,
  };
  return {
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE },
    databaseUrl: e.DATABASE_URL,
    ticket: {
      ...common,
      timings: timings.value,
      slaPolicy: e.SLA_POLICY,
    },
    chat: { ...common, timings: ChatTimings.parse({ inactivityTimeoutMs: e.CHAT_INACTIVITY_TIMEOUT_MS }) },
    anyTicketTimings: e.TICKET_TIMINGS_ANY_DURATION,
    reactor: {
      enabled: e.REACTOR_ENABLED,
      name: e.REACTOR_NAME,
      batchSize: e.REACTOR_BATCH_SIZE,
      pollIntervalMs: e.REACTOR_POLL_INTERVAL_MS,
      concurrency: e.REACTOR_CONCURRENCY,
    },
    workflowBundleFile: e.WORKFLOW_BUNDLE_FILE ?? null,
    logLevel: e.LOG_LEVEL,
  };
}
