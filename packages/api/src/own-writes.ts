import { type Checkpoint, compareCheckpoints } from '@support-engine/eventstore';
import { WaitTimeoutError } from '@support-engine/projections';
import type { Principal } from './auth/tokens.js';
import type { ProjectionWaiter, ReadModel } from './consistency.js';

/** Most callers whose last write is kept; past it, the one who wrote longest ago is forgotten. */
const MAX_CALLERS = 10_000;

interface OwnWrite {
  readonly checkpoint: Checkpoint;
  readonly at: number;
  /** The read models not waited for again: found holding it, or waited for once in vain. */
  readonly done: Set<ReadModel>;
}

/**
 * Each caller's last write through this API process, for `keepMs`: a query of theirs given no
 * consistency token waits for it, so a script or a screen that writes, then reads, sees its write
 * (read your own writes) without passing the token. Other processes and other callers know
 * nothing of it: the token stays the way to be sure across them.
 */
export class OwnWrites {
  readonly #writes = new Map<string, OwnWrite>();

  constructor(
    private readonly keepMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records that `caller` wrote up to `checkpoint` (an earlier write than one known changes nothing). */
  record(caller: Principal, checkpoint: Checkpoint): void {
    if (this.keepMs === 0) return;
    const key = keyOf(caller);
    const known = this.#writes.get(key);
    if (known !== undefined && compareCheckpoints(known.checkpoint, checkpoint) >= 0) return;
    // Deleted first: the map's order is then the order of the last writes, oldest first.
    this.#writes.delete(key);
    this.#writes.set(key, { checkpoint, at: this.clock(), done: new Set() });
    if (this.#writes.size > MAX_CALLERS) this.#writes.delete(this.#writes.keys().next().value!);
  }

  /** `caller`'s last write, and which of `readModels` are still to be waited for; undefined: none. */
  pending(
    caller: Principal,
    readModels: readonly ReadModel[],
  ): { readonly checkpoint: Checkpoint; readonly readModels: readonly ReadModel[] } | undefined {
    const key = keyOf(caller);
    const write = this.#writes.get(key);
    if (write === undefined) return undefined;
    if (this.clock() - write.at > this.keepMs) {
      this.#writes.delete(key);
      return undefined;
    }
    const waiting = readModels.filter((readModel) => !write.done.has(readModel));
    return waiting.length === 0 ? undefined : { checkpoint: write.checkpoint, readModels: waiting };
  }

  /**
   * Records that `readModel` was waited for `caller`'s write up to `checkpoint`, found holding it or
   * not: their next reads do not wait for it again (a stopped projector costs one wait a write).
   */
  waited(caller: Principal, checkpoint: Checkpoint, readModel: ReadModel): void {
    const write = this.#writes.get(keyOf(caller));
    if (write !== undefined && compareCheckpoints(write.checkpoint, checkpoint) === 0) write.done.add(readModel);
  }
}

const keyOf = (caller: Principal) => `${caller.role} ${caller.id}`;

/**
 * Waits, bounded by `timeoutMs`, until each of `readModels` holds `caller`'s last write (see
 * {@link OwnWrites}). A read model still behind then is read as it stands, and not waited for again
 * for that write: the caller asked for no token, so the read is neither refused nor held each time.
 */
export async function awaitOwnWrite(
  ownWrites: OwnWrites,
  waiter: ProjectionWaiter,
  caller: Principal,
  readModels: readonly ReadModel[],
  timeoutMs: number,
): Promise<void> {
  const pending = ownWrites.pending(caller, readModels);
  if (pending === undefined) return;
  await Promise.all(
    pending.readModels.map(async (readModel) => {
      try {
        await waiter.waitFor(readModel, pending.checkpoint, { timeoutMs });
      } catch (error) {
        if (!(error instanceof WaitTimeoutError)) throw error;
      }
      ownWrites.waited(caller, pending.checkpoint, readModel);
    }),
  );
}
