import { deliveryDbOf, webhookSecret } from '@support-engine/delivery';
import { createReadModelDb } from '@support-engine/projections';

/** Stored directory rows of webhook endpoints (as the notifier folds them). */
interface EndpointRow {
  readonly endpointId: string;
  readonly url: string;
  readonly secretVersion: number;
}

/**
 * The signing secrets of the endpoints registered on the dev webhook receiver, so it can verify
 * what the engine sends: each request's path is looked up in the notifier's directory as it
 * arrives and its endpoint's secret derived with the dev key. Read per request, not polled: the
 * first deliveries to an endpoint just registered (the demo's) verify too. Any endpoint a
 * developer registers there is verified, not only the demo's.
 */
export class DevWebhookSecrets {
  #db: ReturnType<typeof createReadModelDb> | undefined;
  #origin = '';

  constructor(private readonly key: Buffer) {}

  /** The secret of the endpoint at `path` on the receiver, if one is registered. */
  readonly lookup = async (path: string): Promise<string | undefined> => {
    if (this.#db === undefined) return undefined;
    const rows = await deliveryDbOf(this.#db)
      .selectFrom('delivery_directory')
      .select('row')
      .where('kind', '=', 'endpoint')
      .execute();
    const found = (rows as { row: EndpointRow }[])
      .map(({ row }) => row)
      .find((row) => {
        const url = new URL(row.url);
        return url.origin === this.#origin && url.pathname === path;
      });
    return found && webhookSecret(this.key, found.endpointId, found.secretVersion);
  };

  /** Starts answering for the endpoints of the database at `databaseUrl`, on the receiver at `receiverUrl`. */
  start(databaseUrl: string, receiverUrl: string): void {
    this.#db = createReadModelDb(databaseUrl, { maxConnections: 1 });
    this.#origin = new URL(receiverUrl).origin;
  }

  async stop(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    await db?.destroy();
  }
}
