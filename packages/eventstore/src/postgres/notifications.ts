import pg from 'pg';
import type { Waker } from '../waker.js';
import { NOTIFY_CHANNEL } from './migrations.js';

/**
 * One dedicated connection that LISTENs on a channel (the store's appends by default) and wakes
 * whoever waits on `waker`. It is only an accelerator: they also poll, so a dropped connection or
 * a missed notification costs latency, never work. A lost connection is re-established after `retryMs`.
 */
export class NotificationListener {
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly waker: Waker,
    private readonly retryMs: number,
    private readonly channel: string = NOTIFY_CHANNEL,
  ) {}

  /** Connects and listens unless already doing so; failures are left to the polling fallback. */
  start(): Promise<void> {
    if (this.#closed || this.#client) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', () => this.waker.notify());
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
      this.#client = client;
      // Notifications may have been sent while we were not listening.
      this.waker.notify();
    } catch {
      this.#lost(client);
    }
    if (this.#closed) await this.close();
  }

  #lost(client: pg.Client): void {
    if (this.#client === client) this.#client = undefined;
    client.end().catch(() => {});
    if (this.#closed || this.#retry) return;
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
    await client?.end();
  }
}
