import { DomainError, PlanName } from '@support-engine/domain';
import { SLA_CONFIGURATION_ID, type SlaConfigCommand, SlaPreset } from '@support-engine/domain/sla-config';
import { z } from 'zod';
import { issueSummary } from '../validation.js';
import {
  CalendarDefinitionInput,
  CategoryDefinitionInput,
  SlaPolicyDefinitionInput,
  toCalendarDefinition,
  toSlaPolicyDefinition,
} from './sla-config-input.js';
import type { CommandOutcome } from './spec.js';
import { type CommandEnv, type CommandSpec, defineMutation } from './spec.js';

const Ref = z.string().max(100);

/** Sends one command to the SLA configuration stream; the outcome's id is the entity's. */
async function send(env: CommandEnv, id: string, command: SlaConfigCommand): Promise<CommandOutcome> {
  try {
    const sent = await env.bus.send('slaconfig', SLA_CONFIGURATION_ID, command, env.principal, env.commandId);
    return { id, sent };
  } catch (error) {
    throw withInputPaths(error);
  }
}

/**
 * A refusal naming a calendar's field as the input has it: GraphQL's calendar input holds its
 * zone and windows at the definition's top (`definition.timeZone`), where the domain nests them
 * (`definition.calendar.timeZone`).
 */
function withInputPaths(error: unknown): unknown {
  const issues = error instanceof DomainError ? error.details?.issues : undefined;
  if (!Array.isArray(issues) || !issues.some((issue) => String(issue?.path).startsWith(NESTED_CALENDAR))) return error;
  const moved = (issues as { path: string; message: string }[]).map((issue) => ({
    ...issue,
    path: issue.path.startsWith(NESTED_CALENDAR)
      ? `data.definition.${issue.path.slice(NESTED_CALENDAR.length)}`
      : issue.path,
  }));
  const { code, details } = error as DomainError;
  return new DomainError(code, `Invalid SLA configuration command: ${issueSummary(moved)}`, {
    ...details,
    issues: moved,
  });
}

const NESTED_CALENDAR = 'data.definition.calendar.';

/** A mutation over the SLA configuration: the input schema, then the command it makes. */
function configMutation<S extends z.ZodObject>(
  description: string,
  input: S,
  toCommand: (input: z.output<S>) => { id: string; command: SlaConfigCommand },
): CommandSpec {
  return defineMutation(description, input, (parsed, env) => {
    const { id, command } = toCommand(parsed);
    return send(env, id, command);
  });
}

const calendar = z.object({ calendarId: Ref, definition: CalendarDefinitionInput }).strict();
const policy = z.object({ policyId: Ref, definition: SlaPolicyDefinitionInput }).strict();
const category = z.object({ categoryId: Ref, definition: CategoryDefinitionInput }).strict();

/** The mutations of the SLA configuration (docs/policies.md): admins only, per the policy table. */
export const SLA_CONFIG_COMMANDS = {
  createSlaCalendar: configMutation('Adds a business calendar.', calendar, ({ calendarId, definition }) => ({
    id: calendarId,
    command: { type: 'CreateSlaCalendar', data: { calendarId, definition: toCalendarDefinition(definition) as never } },
  })),
  updateSlaCalendar: configMutation(
    "Replaces a calendar's definition; the open tickets of the policies counting in it are re-planned.",
    calendar,
    ({ calendarId, definition }) => ({
      id: calendarId,
      command: {
        type: 'UpdateSlaCalendar',
        data: { calendarId, definition: toCalendarDefinition(definition) as never },
      },
    }),
  ),
  importSlaCalendarHolidays: configMutation(
    "Adds the events of an iCalendar file to a calendar's holidays (replace: instead of them).",
    z.object({ calendarId: Ref, ics: z.string().max(1_000_000), replace: z.boolean().optional() }).strict(),
    (data) => ({ id: data.calendarId, command: { type: 'ImportSlaCalendarHolidays', data } }),
  ),
  deleteSlaCalendar: configMutation(
    'Deletes a calendar no policy counts in.',
    z.object({ calendarId: Ref }).strict(),
    (data) => ({ id: data.calendarId, command: { type: 'DeleteSlaCalendar', data } }),
  ),
  createSlaPolicy: configMutation('Adds an SLA policy.', policy, ({ policyId, definition }) => ({
    id: policyId,
    command: { type: 'CreateSlaPolicy', data: { policyId, definition: toSlaPolicyDefinition(definition) as never } },
  })),
  updateSlaPolicy: configMutation(
    "Replaces a policy's definition (a new version); the open tickets it governs are re-planned.",
    policy,
    ({ policyId, definition }) => ({
      id: policyId,
      command: { type: 'UpdateSlaPolicy', data: { policyId, definition: toSlaPolicyDefinition(definition) as never } },
    }),
  ),
  deleteSlaPolicy: configMutation(
    'Deletes a policy that is neither the default nor any category’s or plan’s.',
    z.object({ policyId: Ref }).strict(),
    (data) => ({ id: data.policyId, command: { type: 'DeleteSlaPolicy', data } }),
  ),
  setDefaultSlaPolicy: configMutation(
    'Names the policy of tickets no category gives one to (none: the deployment’s bootstrap policy).',
    z.object({ policyId: Ref.optional() }).strict(),
    ({ policyId }) => ({
      id: 'default',
      command: { type: 'SetDefaultSlaPolicy', data: { policyId: policyId ?? null } },
    }),
  ),
  setPlanSlaPolicy: configMutation(
    'Names the policy of the tickets customers on a plan open (over their category’s and the default one; none: the plan names none any more).',
    z.object({ plan: PlanName, policyId: Ref.optional() }).strict(),
    ({ plan, policyId }) => ({
      id: plan,
      command: { type: 'SetPlanSlaPolicy', data: { plan, policyId: policyId ?? null } },
    }),
  ),
  setChatHours: configMutation(
    "Names the calendar of the chat desk's opening hours: outside them customers are offered a ticket instead of a chat (none: open at all hours).",
    z.object({ calendarId: Ref.optional() }).strict(),
    ({ calendarId }) => ({
      id: 'chat-hours',
      command: { type: 'SetChatHours', data: { calendarId: calendarId ?? null } },
    }),
  ),
  setChatInactivityTimeout: configMutation(
    'Sets how long a chat started from now on may go without activity before it closes itself (none: the deployment’s timeout); open chats keep theirs.',
    z.object({ inactivityTimeoutMs: z.number().optional() }).strict(),
    ({ inactivityTimeoutMs }) => ({
      id: 'chat-inactivity',
      command: { type: 'SetChatInactivityTimeout', data: { inactivityTimeoutMs: inactivityTimeoutMs ?? null } },
    }),
  ),
  createTicketCategory: configMutation(
    'Adds a ticket category, at the top of the tree or under parentId.',
    category,
    ({ categoryId, definition }) => ({
      id: categoryId,
      command: { type: 'CreateTicketCategory', data: { categoryId, definition: { parentId: null, ...definition } } },
    }),
  ),
  updateTicketCategory: configMutation(
    "Replaces a category's definition, its place in the tree included.",
    category,
    ({ categoryId, definition }) => ({
      id: categoryId,
      command: { type: 'UpdateTicketCategory', data: { categoryId, definition: { parentId: null, ...definition } } },
    }),
  ),
  deleteTicketCategory: configMutation(
    'Deletes a category without subcategories.',
    z.object({ categoryId: Ref }).strict(),
    (data) => ({ id: data.categoryId, command: { type: 'DeleteTicketCategory', data } }),
  ),
  setAutomationTimings: configMutation(
    "Sets the deployment's reminder and auto-close delays (milliseconds).",
    z
      .object({
        firstReminderAfterMs: z.number(),
        secondReminderAfterMs: z.number(),
        waitingAutoCloseAfterMs: z.number(),
        resolvedAutoCloseAfterMs: z.number(),
      })
      .strict(),
    (timings) => ({ id: 'timings', command: { type: 'SetAutomationTimings', data: { timings } } }),
  ),
  loadSlaPresets: configMutation(
    "Loads shipped presets (their calendars, policies and categories); defaultPreset's policy becomes the default.",
    z.object({ presets: z.array(SlaPreset).min(1).max(3), defaultPreset: SlaPreset.optional() }).strict(),
    (data) => ({ id: SLA_CONFIGURATION_ID, command: { type: 'LoadSlaPresets', data } }),
  ),
} satisfies Record<string, CommandSpec>;
