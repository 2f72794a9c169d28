import pg from 'pg';

/**
 * A dedicated connection holding a session-level advisory lock, for a log consumer that must
 * run once (a projection, the router). The lock lives exactly as long as the connection: a
 * crashed holder's lock is released by the server when its socket closes, and a standby takes
 * over. The same connection LISTENs for appends, so the active holder is the one that is woken.
 */
export class SessionLock {
  #lost: unknown = null;

  private constructor(private readonly client: pg.Client) {
    client.on('error', (error) => {
      this.#lost ??= error;
    });
    client.on('end', () => {
      this.#lost ??= new Error('connection ended');
    });
  }

  /**
   * Connects and takes the lock `(namespace, name)`, retrying every `retryMs` while another
   * process holds it (this one is then a hot standby). Resolves `null` if `signal` aborts first.
   * The namespace keeps one kind of consumer's locks from colliding with another's.
   */
  static async acquire(
    connectionString: string,
    namespace: string,
    name: string,
    options: { retryMs: number; signal: AbortSignal },
  ): Promise<SessionLock | null> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    const lock = new SessionLock(client);
    try {
      while (!options.signal.aborted) {
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked',
          [namespace, name],
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

  /** Why the connection (and so the lock) is gone, or `null` while it is held. */
  get lost(): unknown {
    return this.#lost;
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
