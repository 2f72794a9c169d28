import { Waker } from '@support-engine/eventstore';
import { NotificationListener, waking } from '@support-engine/eventstore-postgres';
import { PROGRESS_CHANNEL } from '@support-engine/projections';
import type { Logger } from 'pino';

/** Pause before a lost LISTEN connection is opened again. */
const RETRY_MS = 1_000;

/**
 * The projectors' progress as this API process hears it: one dedicated connection LISTENs on
 * {@link PROGRESS_CHANNEL} and wakes {@link waker} at each batch committed (and whenever it
 * listens again, since what was sent meanwhile is missed), so waits for a read model re-read its
 * checkpoint at once. At most once, like any notification: the waits still poll.
 */
export class ProjectionProgress {
  readonly waker = new Waker();
  readonly #listener: NotificationListener;

  constructor(connectionString: string, logger: Logger) {
    this.#listener = new NotificationListener(
      connectionString,
      {
        ...waking(this.waker),
        onLost: (error) => logger.error({ err: error }, 'projection progress channel lost; listening again shortly'),
      },
      RETRY_MS,
      PROGRESS_CHANNEL,
    );
    void this.#listener.start();
  }

  /** Stops listening. */
  close(): Promise<void> {
    return this.#listener.close();
  }
}
