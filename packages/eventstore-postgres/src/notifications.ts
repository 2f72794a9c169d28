import type { Waker } from '@support-engine/eventstore';
import pg from 'pg';
import { NOTIFY_CHANNEL } from './migrations.js';

/** What a {@link NotificationListener} tells its owner. */
export interface ListenerHandlers {
  /** A notification arrived on the channel, with its payload. */
  onNotification(payload: string | undefined): void;
  /** Listening (again): whatever was sent while not listening was missed. */
  onListening?(): void;
  /** The connection failed or was lost; it is opened again after the retry delay. */
  onLost?(error: unknown): void;
}

/** Handlers that wake `waker` on every notification and whenever listening (re)starts. */
export function waking(waker: Waker): ListenerHandlers {
  return { onNotification: () => waker.notify(), onListening: () => waker.notify() };
}

/**
 * One dedicated connection that LISTENs on a channel (the store's appends by default) and hands
 * its notifications to `handlers`. Delivery is at most once: what is sent while it is not
 * listening is missed, so its users also poll (the store, the dispatchers) or accept the loss
 * (transient signals). A lost connection is re-established after `retryMs`.
 */
export class NotificationListener {
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly handlers: ListenerHandlers,
    private readonly retryMs: number,
    private readonly channel: string = NOTIFY_CHANNEL,
  ) {}

  /** Connects and listens unless already doing so; resolves once listening or once the attempt failed. */
  start(): Promise<void> {
    if (this.#closed || this.#client) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    // A failing connection reports itself more than once (an error, then its end): once is enough.
    let lost = false;
    const onLost = (error: unknown) => {
      if (lost) return;
      lost = true;
      this.#lost(client, error);
    };
    client.on('notification', (message) => this.handlers.onNotification(message.payload));
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
      if (!lost) {
        this.#client = client;
        this.handlers.onListening?.();
      }
    } catch (error) {
      onLost(error);
    }
    if (this.#closed) await this.close();
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client === client) this.#client = undefined;
    client.end().catch(() => {});
    if (this.#closed || this.#retry) return;
    this.handlers.onLost?.(error);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.start();
    }, this.retryMs);
    this.#retry.unref();
  }

  /** Stops listening for good. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}
