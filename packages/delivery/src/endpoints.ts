import { createDomainEventRegistry, streamId } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';
import type { EndpointLookup } from './channels/webhook.js';
import { Directory, type EndpointEntry } from './directory.js';
import { foldIntoDirectory } from './fold.js';
import { webhookSecret } from './secrets.js';

/** Longest a read endpoint is trusted for deliveries that were already queued when it was read. */
const TRUSTED_MS = 1_000;

/** An endpoint as last read from its stream (null: none to send to), and when (epoch ms). */
interface Read {
  readonly at: number;
  readonly endpoint: Promise<EndpointEntry | null>;
}

/**
 * Finds an endpoint as its own stream has it (a handful of events), with its signing secrets
 * derived from the deployment key. The stream is read again for a delivery queued after the last
 * read (so whatever changed the endpoint before that delivery existed, a rotation, a disable, an
 * enable, holds for it: a test sent right after a rotation is signed with the new secret only), for
 * an endpoint last read as disabled or unknown (an enable holds at once), and after a second;
 * otherwise, deliveries already queued reuse the last read, sparing the log a read per send.
 */
export function streamEndpoints(
  store: Pick<EventStore, 'readStream'>,
  secretKey: Buffer,
  now: () => Date = () => new Date(),
): EndpointLookup {
  const registry = createDomainEventRegistry();
  const reads = new Map<string, Read>();
  const fold = async (endpointId: string): Promise<EndpointEntry | null> => {
    const directory = new Directory();
    for (const recorded of await store.readStream(streamId('webhook', endpointId))) {
      const { type, data } = registry.upcast(recorded);
      foldIntoDirectory(directory, { type, data: data as Record<string, unknown> });
    }
    const endpoint = directory.get('endpoint', endpointId);
    // A deleted endpoint is no target: what was still pending for it is refused.
    return endpoint === undefined || endpoint.deleted ? null : endpoint;
  };
  const read = async (endpointId: string, queuedAt: Date | undefined): Promise<EndpointEntry | null> => {
    // The wall clock, as the queued deliveries' times are.
    const at = Date.now();
    const last = reads.get(endpointId);
    if (last !== undefined && at - last.at <= TRUSTED_MS && (queuedAt === undefined || queuedAt.getTime() < last.at)) {
      const endpoint = await last.endpoint;
      if (endpoint?.enabled) return endpoint;
    }
    const endpoint = fold(endpointId);
    reads.set(endpointId, { at, endpoint });
    endpoint.catch(() => {
      if (reads.get(endpointId)?.endpoint === endpoint) reads.delete(endpointId);
    });
    return endpoint;
  };
  return async (endpointId, queuedAt) => {
    const endpoint = await read(endpointId, queuedAt);
    if (endpoint === null) return null;
    const { url, enabled, secretVersion, previousSecretUntil } = endpoint;
    const previousSigns = previousSecretUntil !== undefined && now().getTime() < Date.parse(previousSecretUntil);
    return {
      url,
      enabled,
      secrets: [
        webhookSecret(secretKey, endpointId, secretVersion),
        ...(previousSigns ? [webhookSecret(secretKey, endpointId, secretVersion - 1)] : []),
      ],
    };
  };
}
