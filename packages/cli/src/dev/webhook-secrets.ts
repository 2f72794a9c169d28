import { deliveryDbOf, webhookSecret } from '@support-engine/delivery';
import { createReadModelDb } from '@support-engine/projections';

/** How often the dev receiver learns about newly registered or rotated endpoints. */
const REFRESH_MS = 1_000;

/** Stored directory rows of webhook endpoints (as the notifier folds them). */
interface EndpointRow {
  readonly endpointId: string;
  readonly url: string;
  readonly secretVersion: number;
}

/**
 * The signing secrets of the endpoints registered on the dev webhook receiver, so it can verify
 * what the engine sends: every second, the endpoints whose URL is on the receiver are read from
 * the notifier's directory and their secrets derived with the dev key. Any endpoint a developer
 * registers there is verified, not only the demo's.
 */
export class DevWebhookSecrets {
  #byPath = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #db: ReturnType<typeof createReadModelDb> | undefined;

  constructor(private readonly key: Buffer) {}

  /** The secret of the endpoint at `path` on the receiver, if one is registered. */
  readonly lookup = (path: string): string | undefined => this.#byPath.get(path);

  /** Starts following the endpoints of the database at `databaseUrl`, for the receiver at `receiverUrl`. */
  start(databaseUrl: string, receiverUrl: string): void {
    const db = createReadModelDb(databaseUrl, { maxConnections: 1 });
    this.#db = db;
    const origin = new URL(receiverUrl).origin;
    const refresh = async () => {
      const rows = await deliveryDbOf(db)
        .selectFrom('delivery_directory')
        .select('row')
        .where('kind', '=', 'endpoint')
        .execute();
      const next = new Map<string, string>();
      for (const { row } of rows as { row: EndpointRow }[]) {
        const url = new URL(row.url);
        if (url.origin === origin) next.set(url.pathname, webhookSecret(this.key, row.endpointId, row.secretVersion));
      }
      this.#byPath = next;
    };
    const tick = () => {
      refresh()
        .catch(() => {})
        .finally(() => {
          if (this.#db !== undefined) this.#timer = setTimeout(tick, REFRESH_MS);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    const db = this.#db;
    this.#db = undefined;
    await db?.destroy();
  }
}
