import { NotificationListener } from '@support-engine/eventstore-postgres';
import type { ReadModelTables } from '@support-engine/projections';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { pushIterator } from '../subscriptions/iterator.js';

/** Pause before a lost LISTEN connection is opened again. */
const RETRY_MS = 1_000;

/**
 * Values shared by every API process over one PostgreSQL channel (LISTEN/NOTIFY), for what must
 * reach subscribers on any process but is not worth the log. A value is sent with `pg_notify`
 * over the pool; each process receives on one dedicated connection, opened with its first
 * subscriber and opened again after it fails. Delivery is at most once: what is sent while a
 * process is not listening never reaches it. Payloads are JSON checked against `schema` (a value
 * another version of the API sent that this one cannot read is dropped) and must stay under
 * PostgreSQL's 8000-byte limit, which bounded fields do.
 */
export class SignalChannel<T> {
  readonly #listeners = new Set<(value: T) => void>();
  readonly #listener: NotificationListener;

  constructor(
    private readonly channel: string,
    private readonly schema: z.ZodType<T>,
    connectionString: string,
    private readonly db: Kysely<ReadModelTables>,
    logger: Logger,
  ) {
    this.#listener = new NotificationListener(
      connectionString,
      {
        onNotification: (payload) => this.#deliver(payload),
        onLost: (error) => logger.error({ err: error, channel }, 'signal channel lost; listening again shortly'),
      },
      RETRY_MS,
      channel,
    );
  }

  /** Sends `value` to every process listening now, this one included. */
  async publish(value: T): Promise<void> {
    await sql`select pg_notify(${this.channel}, ${JSON.stringify(value)})`.execute(this.db);
  }

  /**
   * Values that pass `filter`, from now on, until the iterator is returned. Resolves once this
   * process listens (or its first attempt failed, which is logged and retried), so a value
   * published after it resolves is received.
   */
  async values(filter: (value: T) => boolean): Promise<AsyncIterableIterator<T>> {
    const iterator = pushIterator<T>((push) => {
      const listener = (value: T) => {
        if (filter(value)) push(value);
      };
      this.#listeners.add(listener);
      return () => this.#listeners.delete(listener);
    });
    await this.#listener.start();
    return iterator;
  }

  /** Stops listening for good (server shutdown). */
  close(): Promise<void> {
    return this.#listener.close();
  }

  #deliver(payload: string | undefined): void {
    let parsed: z.ZodSafeParseResult<T>;
    try {
      parsed = this.schema.safeParse(JSON.parse(payload ?? ''));
    } catch {
      return;
    }
    if (!parsed.success) return;
    for (const listener of this.#listeners) listener(parsed.data);
  }
}
