import { createDomainEventRegistry, planKey, streamId } from '@support-engine/domain';
import {
  SLA_CONFIGURATION_ID,
  type SlaConfigEvent,
  type SlaConfiguration,
  type Versioned,
} from '@support-engine/domain/sla-config';
import {
  CURSOR_PREFIX,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  pageSize,
  toConnection,
} from '@support-engine/eventstore-postgres';
import { defineQuery } from '../graphql/secure.js';
import { type ConfigurationChange, configurationChange } from './sla-config-change.js';

const STREAM = streamId('slaconfig', SLA_CONFIGURATION_ID);

interface HistoryArgs {
  readonly entityId?: string | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** The stream version a history cursor points at; `INVALID_CURSOR` (a bad input) for anything else. */
function versionOf(cursor: string): number {
  const version = Number(decodeCursor(cursor, CURSOR_PREFIX.slaConfigHistory).id);
  if (!Number.isSafeInteger(version) || version < 1) throw new InvalidCursorError(cursor);
  return version;
}

/**
 * Whether a change is the entity's own (a plan's whatever its spelling: plans compare by
 * `planKey`), or a default-policy or plan-policy change naming it.
 */
const concerns = (change: ConfigurationChange, entityId: string) =>
  change.entityId === entityId ||
  (change.entity === 'plan_policy' && planKey(change.entityId) === planKey(entityId)) ||
  ((change.entity === 'default_policy' || change.entity === 'plan_policy') && change.definition?.policyId === entityId);

const entries = <T>(byId: Readonly<Record<string, Versioned<T>>>) =>
  Object.values(byId).sort((a, b) => a.id.localeCompare(b.id));

/** The schema's `SlaConfiguration` from the folded stream. */
export function slaConfigurationView(config: SlaConfiguration) {
  return {
    defaultPolicyId: config.defaultPolicyId,
    planPolicies: Object.values(config.planPolicies).sort((a, b) => a.plan.localeCompare(b.plan)),
    chatHoursCalendarId: config.chatHoursCalendarId,
    chatInactivityTimeoutMs: config.chatInactivityTimeoutMs,
    timings: config.timings === null ? null : { version: config.timings.version, ...config.timings.definition },
    calendars: entries(config.calendars).map(({ id, version, definition }) => ({
      id,
      version,
      name: definition.name,
      definition,
    })),
    policies: entries(config.policies).map(({ id, version, definition }) => ({
      id,
      version,
      name: definition.name,
      definition,
    })),
    categories: entries(config.categories).map(({ id, version, definition }) => ({ id, version, ...definition })),
  };
}

/**
 * The SLA configuration as the log holds it now, folded from its stream (small: one event per
 * edit), so an admin reads their own edit at once.
 */
export const slaConfiguration = defineQuery<Record<string, never>>(null, async (_args, context) => {
  return slaConfigurationView(await context.services.bus.configuration.current());
});

/**
 * Every change to the SLA configuration, oldest first, or only those of one entity (with the
 * default-policy changes that name it): who, when, what, in pages of `first` after a cursor.
 */
export const slaConfigurationHistory = defineQuery<HistoryArgs>(null, async (args, context) => {
  const after = args.after == null ? 0 : versionOf(args.after);
  const limit = pageSize(args.first ?? undefined);
  const events = await context.services.deps.store.readStream(STREAM, { fromVersion: after + 1 });
  const registry = createDomainEventRegistry();
  const changes = events
    .map((event) => ({ event, change: configurationChange(registry.upcast(event) as SlaConfigEvent) }))
    .filter(({ change }) => args.entityId == null || concerns(change, args.entityId));
  return toConnection(
    changes,
    limit,
    ({ event }) =>
      encodeCursor({ at: event.recordedAt, id: String(event.streamVersion) }, CURSOR_PREFIX.slaConfigHistory),
    ({ change }) => change,
  );
});
