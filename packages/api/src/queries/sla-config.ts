import {
  createDomainEventRegistry,
  SLA_CONFIGURATION_ID,
  type SlaConfiguration,
  streamId,
  type Versioned,
} from '@support-engine/domain';
import { streamHistory } from '@support-engine/projections';
import { createSlaConfigurationSource } from '@support-engine/routing';
import { defineQuery } from '../graphql/secure.js';

const STREAM = streamId('slaconfig', SLA_CONFIGURATION_ID);

const entries = <T>(byId: Readonly<Record<string, Versioned<T>>>) =>
  Object.values(byId).sort((a, b) => a.id.localeCompare(b.id));

/** The schema's `SlaConfiguration` from the folded stream. */
function view(config: SlaConfiguration) {
  return {
    defaultPolicyId: config.defaultPolicyId,
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
  const { store } = context.services.deps;
  return view(await createSlaConfigurationSource(store, createDomainEventRegistry()).current());
});

/** Every change to the SLA configuration, oldest first, or only those of one entity: who, when, what. */
export const slaConfigurationHistory = defineQuery<{ entityId?: string | null }>(null, async (args, context) => {
  const history = await streamHistory(context.services.deps.store, STREAM);
  const id = args.entityId ?? null;
  if (id === null) return history;
  return history.filter((entry) => {
    const data = entry.data as Record<string, unknown>;
    return [data.calendarId, data.policyId, data.categoryId].includes(id);
  });
});
