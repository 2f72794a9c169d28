import pg from 'pg';
import { ProjectionLockLostError } from './errors.js';

// Namespace of the two-key advisory lock, so projection locks never collide with other users'.
const LOCK_NAMESPACE = 'support-engine.projection';

/**
 * A dedicated connection holding a session-level advisory lock on one projection. The lock
 * lives exactly as long as the connection: a crashed projector's lock is released by the
 * server when its socket closes, and a standby takes over. The same connection LISTENs for
 * appends, so the active projector is the one that is woken.
 */
export class ProjectionLock {
  #lost: unknown = null;

  private constructor(
    private readonly client: pg.Client,
    readonly projection: string,
  ) {
    client.on('error', (error) => {
      this.#lost ??= error;
    });
    client.on('end', () => {
      this.#lost ??= new Error('connection ended');
    });
  }

  /**
   * Connects and takes the lock, retrying every `retryMs` while another projector holds it
   * (this one is then a hot standby). Resolves `null` if `signal` aborts first.
   */
  static async acquire(
    connectionString: string,
    projection: string,
    options: { retryMs: number; signal: AbortSignal },
  ): Promise<ProjectionLock | null> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    const lock = new ProjectionLock(client, projection);
    try {
      while (!options.signal.aborted) {
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked',
          [LOCK_NAMESPACE, projection],
        );
        if (rows[0]?.locked) return lock;
        await sleep(options.retryMs, options.signal);
      }
    } catch (error) {
      await lock.release();
      throw error;
    }
    await lock.release();
    return null;
  }

  /** Runs `onNotify` on every notification of `channel` (a wake-up; polling remains the fallback). */
  async listen(channel: string, onNotify: () => void): Promise<void> {
    this.client.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    await this.client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  }

  /** Throws {@link ProjectionLockLostError} once the connection (and so the lock) is gone. */
  assertHeld(): void {
    if (this.#lost !== null) throw new ProjectionLockLostError(this.projection, this.#lost);
  }

  /** Ends the connection, which releases the lock. */
  async release(): Promise<void> {
    this.#lost ??= new Error('released');
    await this.client.end().catch(() => {});
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
