import {
  type Checkpoint,
  compareCheckpoints,
  decodeCheckpoint,
  type EventStore,
  type Waker,
} from '@support-engine/eventstore';
import { type ReadModelTables, readCheckpoint, waitForProjection } from '@support-engine/projections';
import type { Kysely } from 'kysely';
import { badInput } from './validation.js';

/** The read models queries read, named by the projection that writes them. */
export type ReadModel = 'tickets' | 'chats' | 'agents' | 'articles' | 'staff' | 'heldmails' | 'mailboxes' | 'widgets';

/** Knows how far each read model has caught up with the log, and waits for it. */
export interface ProjectionWaiter {
  /** Resolves once `readModel` includes `target`; rejects with `WAIT_TIMEOUT` after `timeoutMs`. */
  waitFor(
    readModel: ReadModel,
    target: Checkpoint,
    options: { timeoutMs: number; signal?: AbortSignal; progress?: Waker },
  ): Promise<void>;
  /** The checkpoint `readModel` has reached. */
  positionOf(readModel: ReadModel): Promise<Checkpoint>;
}

/**
 * The waiter over the projections' checkpoint table. `names` maps each read model to its
 * projection's name, for deployments that renamed them (the defaults are the read model names).
 */
export function createProjectionWaiter(
  db: Kysely<ReadModelTables>,
  names: Readonly<Record<ReadModel, string>> = {
    tickets: 'tickets',
    chats: 'chats',
    agents: 'agents',
    articles: 'articles',
    staff: 'staff',
    heldmails: 'heldmails',
    mailboxes: 'mailboxes',
    widgets: 'widgets',
  },
): ProjectionWaiter {
  return {
    async waitFor(readModel, target, options) {
      await waitForProjection(db, names[readModel], target, options);
    },
    positionOf: (readModel) => readCheckpoint(db, names[readModel]),
  };
}

/**
 * `waiter`, its waits woken by `progress` (notified when a projector commits a batch) so that a read
 * model's new checkpoint is seen at once rather than at the next poll.
 */
export function wakingWaiter(waiter: ProjectionWaiter, progress: Waker): ProjectionWaiter {
  return {
    waitFor: (readModel, target, options) => waiter.waitFor(readModel, target, { ...options, progress }),
    positionOf: (readModel) => waiter.positionOf(readModel),
  };
}

/**
 * Read-your-writes for one query: without a token, nothing to wait for; with one, waits
 * (bounded) until the read model includes the write that returned it. A malformed token is
 * the client's error (`BAD_USER_INPUT`), and so is one past the end of the log, which no write of
 * this deployment returned (made up, or from another deployment): refused at once rather than
 * waited on. A timeout is `CONSISTENCY_TIMEOUT`.
 */
export async function awaitToken(
  waiter: ProjectionWaiter,
  store: Pick<EventStore, 'hasReached'>,
  readModel: ReadModel,
  token: string | null | undefined,
  timeoutMs: number,
): Promise<void> {
  if (token === null || token === undefined) return;
  const target = decodeCheckpoint(token);
  const position = await waiter.positionOf(readModel);
  if (compareCheckpoints(position, target) >= 0) {
    // Passed, unless the token names a position the log never used: a past transaction with a
    // made-up position compares as passed. One at or below the read model's own was used.
    if (target.globalPosition > position.globalPosition) await refuseUnreached(store, target);
    return;
  }
  await refuseUnreached(store, target);
  await waiter.waitFor(readModel, target, { timeoutMs });
}

/** {@link awaitToken} for each of `readModels` at once: a read over several read models. */
export async function awaitTokenIn(
  waiter: ProjectionWaiter,
  store: Pick<EventStore, 'hasReached'>,
  readModels: readonly ReadModel[],
  token: string | null | undefined,
  timeoutMs: number,
): Promise<void> {
  await Promise.all(readModels.map((readModel) => awaitToken(waiter, store, readModel, token, timeoutMs)));
}

/**
 * The token check of a query read from the event store itself, which has every write it
 * acknowledged, so there is nothing to wait for: the same refusals as {@link awaitToken}, so a
 * token is judged alike whatever the field reads.
 */
export async function checkLogToken(store: Pick<EventStore, 'hasReached'>, token: string | null): Promise<void> {
  if (token !== null) await refuseUnreached(store, decodeCheckpoint(token));
}

async function refuseUnreached(store: Pick<EventStore, 'hasReached'>, target: Checkpoint): Promise<void> {
  if (!(await store.hasReached(target)))
    throw badInput([
      {
        path: 'consistencyToken',
        message: 'this consistency token is past the end of the event log: no write of this deployment returned it',
      },
    ]);
}
