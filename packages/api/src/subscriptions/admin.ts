import { parseStreamId } from '@support-engine/domain';
import type { RecordedEvent } from '@support-engine/eventstore';
import { getAgent } from '@support-engine/projections';
import { defineSubscription } from '../graphql/secure.js';
import { mailboxesFor } from '../queries/mailboxes.js';
import { slaConfigurationView } from '../queries/sla-config.js';
import { widgetsFor } from '../queries/widgets.js';
import { readOnce } from './shared-reads.js';

// The admins' screens follow what other admins change: the SLA configuration, the team, the
// webhook endpoints, the mailboxes and the widget keys. Each is a stream category of the log, so each update comes from the feed.
const ofCategory = (category: string) => (event: RecordedEvent) => parseStreamId(event.streamId)?.category === category;

/**
 * The SLA configuration after each change to it (calendars, policies, categories, plan and
 * default policies, chat hours), folded from its stream: a subscriber reads it as the log holds it.
 */
export const slaConfigurationUpdated = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(ofCategory('slaconfig')),
  (event, context) =>
    readOnce(event, 'slaConfiguration', async () =>
      slaConfigurationView(await context.services.bus.configuration.current()),
    ),
);

/**
 * Each agent after a change of theirs (registration, skills, tier, capacity, presence,
 * deactivation), once the agents read model includes it.
 */
export const agentUpdated = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(ofCategory('agent')),
  (event, context) =>
    readOnce(event, 'agent', async () => {
      const { waiter, db } = context.services.deps;
      await waiter.waitFor('agents', event.checkpoint, { timeoutMs: context.services.config.consistencyWaitMs });
      const agentId = parseStreamId(event.streamId)?.id ?? '';
      const agent = await getAgent(db, agentId);
      return agent && { ...agent, id: agent.agentId };
    }),
);

/**
 * Each webhook endpoint after a change of it (registration, edit, disabling, enabling, a new
 * secret, deletion), folded from its stream: `endpoint` is null once it is deleted.
 */
export const webhookEndpointUpdated = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(ofCategory('webhook')),
  (event, context) =>
    readOnce(event, 'webhookEndpoint', async () => {
      const endpointId = parseStreamId(event.streamId)?.id ?? '';
      return { endpointId, endpoint: await context.services.webhooks.endpoint(endpointId) };
    }),
);

/**
 * Every mailbox, the inactive ones included, after each change to them, once the mailboxes read
 * model includes it.
 */
export const mailboxesUpdated = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(ofCategory('mailboxes')),
  (event, context) =>
    readOnce(event, 'mailboxes', async () => {
      const { waiter } = context.services.deps;
      await waiter.waitFor('mailboxes', event.checkpoint, { timeoutMs: context.services.config.consistencyWaitMs });
      return mailboxesFor(context, true);
    }),
);

/** Every chat widget key after each change to them, once the widgets read model includes it. */
export const widgetsUpdated = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(ofCategory('widgets')),
  (event, context) =>
    readOnce(event, 'widgets', async () => {
      const { waiter } = context.services.deps;
      await waiter.waitFor('widgets', event.checkpoint, { timeoutMs: context.services.config.consistencyWaitMs });
      return widgetsFor(context);
    }),
);
