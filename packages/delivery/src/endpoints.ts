import { createDomainEventRegistry, streamId } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';
import type { EndpointLookup } from './channels/webhook.js';
import { Directory } from './directory.js';
import { foldIntoDirectory } from './fold.js';
import { webhookSecret } from './secrets.js';

/**
 * Finds an endpoint as its own stream has it at the moment of sending (a handful of events),
 * with its signing secret derived from the deployment key: a rotation stops the old secret
 * signing, and a disable or an enable takes effect, from the next send on, with no wait for the
 * notifier's directory to fold them. A deleted or never registered endpoint is no target.
 */
export function streamEndpoints(
  store: Pick<EventStore, 'readStream'>,
  secretKey: Buffer,
  now: () => Date = () => new Date(),
): EndpointLookup {
  const registry = createDomainEventRegistry();
  return async (endpointId) => {
    const directory = new Directory();
    for (const recorded of await store.readStream(streamId('webhook', endpointId))) {
      const { type, data } = registry.upcast(recorded);
      foldIntoDirectory(directory, { type, data: data as Record<string, unknown> });
    }
    const endpoint = directory.get('endpoint', endpointId);
    // A deleted endpoint is no target: what was still pending for it is refused.
    if (endpoint === undefined || endpoint.deleted) return null;
    const { secretVersion, previousSecretUntil } = endpoint;
    const previousSigns = previousSecretUntil !== undefined && now().getTime() < Date.parse(previousSecretUntil);
    return {
      url: endpoint.url,
      enabled: endpoint.enabled,
      secrets: [
        webhookSecret(secretKey, endpoint.endpointId, secretVersion),
        ...(previousSigns ? [webhookSecret(secretKey, endpoint.endpointId, secretVersion - 1)] : []),
      ],
    };
  };
}
