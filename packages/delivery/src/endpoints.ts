import type { EndpointLookup } from './channels/webhook.js';
import type { EndpointEntry } from './directory.js';
import type { DeliveryDb } from './outbox.js';
import { webhookSecret } from './secrets.js';

// Long enough to spare the database a read per send, short enough that a disabled endpoint stops soon.
const CACHE_MS = 1_000;

/**
 * Finds endpoints in the notifier's directory (the fold of the log), cached for a second, with
 * their signing secret derived from the deployment key. A delivery is planned only once its
 * endpoint is in the directory, so an endpoint the cache does not hold is looked for again at
 * once: one registered within the cache's second is found, not refused as unknown.
 */
export function directoryEndpoints(
  db: DeliveryDb,
  notifier: string,
  secretKey: Buffer,
  now: () => Date = () => new Date(),
): EndpointLookup {
  let cached: { at: number; rows: Promise<Map<string, EndpointEntry>> } | null = null;
  const read = async () => {
    const rows = await db
      .selectFrom('delivery_directory')
      .select('row')
      .where('notifier', '=', notifier)
      .where('kind', '=', 'endpoint')
      .execute();
    return new Map(rows.map(({ row }) => [(row as EndpointEntry).endpointId, row as EndpointEntry]));
  };
  const current = (fresh: boolean) => {
    if (fresh || cached === null || performance.now() - cached.at > CACHE_MS) {
      const rows = read();
      cached = { at: performance.now(), rows };
      rows.catch(() => {
        if (cached?.rows === rows) cached = null;
      });
    }
    return cached.rows;
  };
  return async (endpointId) => {
    const endpoint = (await current(false)).get(endpointId) ?? (await current(true)).get(endpointId);
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
