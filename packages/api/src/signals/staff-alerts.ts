import { STAFF_ALERTS_CHANNEL } from '@support-engine/inbox';
import { z } from 'zod';
import type { ApiDeps } from '../deps.js';
import { SignalChannel } from './channel.js';

const StaffAlertsTouched = z.object({ staffId: z.string().min(1).max(200) });
type StaffAlertsTouched = z.infer<typeof StaffAlertsTouched>;

/**
 * Changes of staff members' in-app inboxes, over {@link STAFF_ALERTS_CHANNEL}: the notifier tells
 * at the commit of the alerts it saved for someone, an API process when they mark some read. The
 * staff inbox's table is delivery's, in the API's own database (the composition root opens them
 * together), so the channel is heard on the API's connection. At most once, as any signal: a desk
 * also reads the count again when its connection comes back.
 */
export class StaffAlertSignals {
  readonly #channel: SignalChannel<StaffAlertsTouched>;

  constructor(deps: Pick<ApiDeps, 'connectionString' | 'db' | 'logger'>) {
    this.#channel = new SignalChannel(
      STAFF_ALERTS_CHANNEL,
      StaffAlertsTouched,
      deps.connectionString,
      deps.db,
      deps.logger,
    );
  }

  /** Each change of `staffId`'s inbox from now on, until the iterator is returned. */
  changesOf(staffId: string): Promise<AsyncIterableIterator<StaffAlertsTouched>> {
    return this.#channel.values((touched) => touched.staffId === staffId);
  }

  /** Tells `staffId`'s open desks that their inbox changed (they marked some read). */
  touched(staffId: string): Promise<void> {
    return this.#channel.publish({ staffId });
  }

  close(): Promise<void> {
    return this.#channel.close();
  }
}
