import type { Actor } from '@support-engine/domain';
import type { SlaConfigEvent } from '@support-engine/domain/sla-config';

/** What a configuration change is about. */
export type ConfigurationEntity =
  | 'calendar'
  | 'policy'
  | 'category'
  | 'default_policy'
  | 'plan_policy'
  | 'chat_hours'
  | 'chat_inactivity'
  | 'timings';

/** One change to the SLA configuration as `slaConfigurationHistory` shows it. */
export interface ConfigurationChange {
  readonly type: SlaConfigEvent['type'];
  readonly entity: ConfigurationEntity;
  /** The entity's id; the plan for a plan's policy; `default` for the default-policy slot, `chat-hours` for the chat desk's hours, `chat-inactivity` for the chat timeout, `timings` for the timings. */
  readonly entityId: string;
  /** The entity's version after the change; `null` for the default-policy slot and the chat settings, which have none. */
  readonly version: number | null;
  /** How it was saved: by an admin, an iCalendar import or a preset; `null` for deletions and the rest. */
  readonly source: string | null;
  readonly at: string;
  readonly actor: Actor;
  /** The definition as saved (the policy id for the default slot, the calendar id for the chat hours, the timeout for the chats); `null` for a deletion. */
  readonly definition: Readonly<Record<string, unknown>> | null;
}

/** The change an SLA configuration event records, with the entity it concerns. */
export function configurationChange(event: SlaConfigEvent): ConfigurationChange {
  const { at, actor } = event.data;
  const base = { type: event.type, at, actor };
  switch (event.type) {
    case 'SlaCalendarSaved':
    case 'SlaPolicySaved':
    case 'TicketCategorySaved': {
      const { version, definition, source } = event.data;
      return { ...base, ...entityOf(event), version, source, definition };
    }
    case 'SlaCalendarDeleted':
    case 'SlaPolicyDeleted':
    case 'TicketCategoryDeleted':
      return { ...base, ...entityOf(event), version: event.data.version, source: null, definition: null };
    case 'DefaultSlaPolicySet':
      return {
        ...base,
        entity: 'default_policy',
        entityId: 'default',
        version: null,
        source: null,
        definition: { policyId: event.data.policyId },
      };
    case 'PlanSlaPolicySet':
      return {
        ...base,
        entity: 'plan_policy',
        entityId: event.data.plan,
        version: null,
        source: null,
        definition: { plan: event.data.plan, policyId: event.data.policyId },
      };
    case 'ChatHoursSet':
      return {
        ...base,
        entity: 'chat_hours',
        entityId: 'chat-hours',
        version: null,
        source: null,
        definition: { calendarId: event.data.calendarId },
      };
    case 'ChatInactivityTimeoutSet':
      return {
        ...base,
        entity: 'chat_inactivity',
        entityId: 'chat-inactivity',
        version: null,
        source: null,
        definition: { inactivityTimeoutMs: event.data.inactivityTimeoutMs },
      };
    case 'AutomationTimingsSet':
      return {
        ...base,
        entity: 'timings',
        entityId: 'timings',
        version: event.data.version,
        source: null,
        definition: event.data.timings,
      };
  }
}

type EntityEvent = Exclude<
  SlaConfigEvent,
  {
    type:
      | 'DefaultSlaPolicySet'
      | 'PlanSlaPolicySet'
      | 'ChatHoursSet'
      | 'ChatInactivityTimeoutSet'
      | 'AutomationTimingsSet';
  }
>;

function entityOf(event: EntityEvent): { entity: ConfigurationEntity; entityId: string } {
  const data = event.data;
  if ('calendarId' in data) return { entity: 'calendar', entityId: data.calendarId };
  if ('policyId' in data) return { entity: 'policy', entityId: data.policyId };
  return { entity: 'category', entityId: data.categoryId };
}
