import { currentEndpointIds, deliveryDbOf, type EndpointLookup, streamEndpoints } from '@support-engine/delivery';
import { createPostgresEventStore, type PostgresEventStore } from '@support-engine/eventstore-postgres';
import { createReadModelDb } from '@support-engine/projections';

/**
 * The signing secrets of the endpoints registered on the dev webhook receiver, so it can verify
 * what the engine sends: each request's path is looked up among the endpoints registered as it
 * arrives (`currentEndpointIds`: the notifier's directory and the log past it, so an endpoint just
 * registered counts before the notifier has folded it; two may share a path, a deleted one no
 * longer counts), and each endpoint's secrets are those the engine signs with now, read from its own
 * stream as the sender does (a rotation holds at once). Read per request, not polled: the first
 * deliveries to an endpoint just registered (the demo's) verify too. Any endpoint a developer
 * registers there is verified, not only the demo's.
 */
export class DevWebhookSecrets {
  #db: ReturnType<typeof createReadModelDb> | undefined;
  #store: PostgresEventStore | undefined;
  #endpoints: EndpointLookup | undefined;
  #origin = '';

  /** `notifier`: the deployment's `NOTIFIER_NAME`, whose directory lists the endpoints. */
  constructor(
    private readonly key: Buffer,
    private readonly notifier = 'notifier',
  ) {}

  /** The secrets any endpoint at `path` on the receiver signs with now (none when no endpoint is registered there). */
  readonly lookup = async (path: string): Promise<string[]> => {
    const [db, store, endpoints] = [this.#db, this.#store, this.#endpoints];
    if (db === undefined || store === undefined || endpoints === undefined) return [];
    const ids = await currentEndpointIds(deliveryDbOf(db), store, this.notifier);
    const targets = await Promise.all(ids.map((id) => endpoints(id)));
    return targets.flatMap((target) => {
      const url = target === null ? null : new URL(target.url);
      return url?.origin === this.#origin && url.pathname === path ? (target?.secrets ?? []) : [];
    });
  };

  /** Starts answering for the endpoints of the database at `databaseUrl`, on the receiver at `receiverUrl`. */
  start(databaseUrl: string, receiverUrl: string): void {
    this.#db = createReadModelDb(databaseUrl, { maxConnections: 1 });
    this.#store = createPostgresEventStore({ connectionString: databaseUrl, maxConnections: 1, listen: false });
    this.#endpoints = streamEndpoints(this.#store, this.key);
    this.#origin = new URL(receiverUrl).origin;
  }

  async stop(): Promise<void> {
    const [db, store] = [this.#db, this.#store];
    this.#db = undefined;
    this.#store = undefined;
    this.#endpoints = undefined;
    await db?.destroy();
    await store?.close();
  }
}
