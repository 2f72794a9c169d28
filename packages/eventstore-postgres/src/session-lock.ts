import pg from 'pg';

/**
 * A dedicated connection holding a session-level advisory lock, for a log consumer that must
 * run once (a projection, the router). The lock lives exactly as long as the connection: a
 * crashed holder's lock is released by the server when its socket closes, and a standby takes
 * over. The same connection LISTENs for appends, so the active holder is the one that is woken.
 *
 * A partition closes no socket: a black-holed holder's session would live on the server for the
 * kernel's keepalive (two hours by default), its standby locked out, and the holder, waiting for
 * notifications, would never learn it was cut off. So the server is told to drop a silent
 * session ({@link SERVER_DROPS_SILENT_SESSION}), and the holder asks its session every
 * `heartbeatMs`: an answer missing for `heartbeatTimeoutMs` marks the lock {@link lost} (the
 * holder steps down) well before the server drops the session and a standby can take the lock.
 */
export class SessionLock {
  #lost: unknown = null;
  #heartbeat: NodeJS.Timeout | undefined;

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
    options: { retryMs: number; signal: AbortSignal; heartbeatMs?: number; heartbeatTimeoutMs?: number },
  ): Promise<SessionLock | null> {
    const client = new pg.Client({ connectionString, options: SERVER_DROPS_SILENT_SESSION });
    await client.connect();
    const lock = new SessionLock(client);
    try {
      while (!options.signal.aborted) {
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked',
          [namespace, name],
        );
        if (rows[0]?.locked) {
          lock.#beat(options.heartbeatMs ?? HEARTBEAT_MS, options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS);
          return lock;
        }
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

  /** Ends the connection, which releases the lock (its socket destroyed if the server does not answer: a partition). */
  async release(): Promise<void> {
    this.#lost ??= new Error('released');
    clearTimeout(this.#heartbeat);
    const cutOff = setTimeout(() => this.client.connection.stream.destroy(), HEARTBEAT_TIMEOUT_MS);
    await this.client.end().catch(() => {});
    clearTimeout(cutOff);
  }

  /** Asks the session every `everyMs`; no answer within `timeoutMs`: lost, and its socket destroyed. */
  #beat(everyMs: number, timeoutMs: number): void {
    const beat = async () => {
      const silent = setTimeout(() => {
        this.#lost ??= new Error(`the lock's session did not answer within ${timeoutMs} ms (a partition?)`);
        this.client.connection.stream.destroy();
      }, timeoutMs);
      try {
        await this.client.query('select 1');
      } catch (error) {
        this.#lost ??= error;
      } finally {
        clearTimeout(silent);
      }
      if (this.#lost === null) this.#heartbeat = setTimeout(beat, everyMs);
    };
    this.#heartbeat = setTimeout(beat, everyMs);
  }
}

/** How often a holder asks its session, and how long it waits for the answer before it steps down. */
const HEARTBEAT_MS = 2_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * Settings of the lock's session (per session, so whatever the server's configuration): the server
 * probes a session silent for 10 s every 5 s and drops it after 3 unanswered probes, or once data
 * it sent has gone unacknowledged for 20 s: at least 20 s after the holder was cut off, by when
 * the holder has stepped down (within {@link HEARTBEAT_MS} + {@link HEARTBEAT_TIMEOUT_MS}).
 */
const SERVER_DROPS_SILENT_SESSION =
  '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c tcp_user_timeout=20000';

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
