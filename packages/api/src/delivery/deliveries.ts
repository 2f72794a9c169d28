import { type DeliveryDb, type DeliveryStatus, redeliver } from '@support-engine/delivery';
import { createdBefore, encodeCursor, idLength, pageSize } from '@support-engine/projections';
import { ApiError } from '../errors/codes.js';
import { type Connection, toConnection } from './connection.js';

/** One attempt of a delivery, as the delivery log records it. */
export interface AttemptView {
  readonly attempt: number;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly outcome: string | null;
  readonly statusCode: number | null;
  readonly latencyMs: number | null;
  readonly error: string | null;
}

/** A webhook delivery: one event for one endpoint, with its attempts. */
export interface DeliveryView {
  readonly id: string;
  readonly endpointId: string;
  readonly webhookId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attemptCount: number;
  readonly attempts: readonly AttemptView[];
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
  readonly nextAttemptAt: Date | null;
  /** The earlier pending delivery of the same endpoint and stream it waits for, if any. */
  readonly heldBehind: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
}

/** What {@link listDeliveries} selects. */
export interface DeliveryFilter {
  readonly endpointId: string;
  readonly status?: DeliveryStatus | undefined;
  readonly first?: number | undefined;
  readonly after?: string | undefined;
}

const deliveryColumns = [
  'delivery_id',
  'recipient',
  'message_id',
  'topic',
  'status',
  'attempts',
  'created_at',
  'delivered_at',
  'next_attempt_at',
  'last_status_code',
  'last_error',
] as const;

type DeliveryRow = {
  delivery_id: string;
  recipient: string;
  message_id: string;
  topic: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: Date;
  delivered_at: Date | null;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  held_behind: string | null;
};

/**
 * The selection of a delivery with the head of its line: deliveries of one endpoint and stream go
 * out in order, so a pending one waits for the first earlier one still pending (the outbox's claim
 * applies the same rule).
 */
function selectDeliveries(db: DeliveryDb) {
  return db
    .selectFrom('deliveries')
    .select(deliveryColumns)
    .select((eb) =>
      eb
        .selectFrom('deliveries as earlier')
        .select('earlier.delivery_id')
        .whereRef('earlier.ordering_key', '=', 'deliveries.ordering_key')
        .where('earlier.status', '=', 'pending')
        .where('deliveries.status', '=', 'pending')
        .whereRef('earlier.position', '<', 'deliveries.position')
        .orderBy('earlier.position')
        .limit(1)
        .as('held_behind'),
    )
    .where('channel', '=', 'webhook');
}

/** An endpoint's deliveries, newest first, paged by keyset like the other lists. */
export async function listDeliveries(db: DeliveryDb, filter: DeliveryFilter): Promise<Connection<DeliveryView>> {
  const limit = pageSize(filter.first);
  let query = selectDeliveries(db).where('recipient', '=', filter.endpointId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.after !== undefined) query = query.where(createdBefore(filter.after, 'delivery_id'));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy(idLength('delivery_id'), 'desc')
    .orderBy('delivery_id', 'desc')
    .limit(limit + 1)
    .execute();
  const attempts = await attemptsOf(
    db,
    rows.slice(0, limit).map((row) => row.delivery_id),
  );
  return toConnection(
    rows,
    limit,
    (row) => encodeCursor({ at: row.created_at, id: row.delivery_id }),
    (row) => view(row, attempts.get(row.delivery_id) ?? []),
  );
}

/** One webhook delivery, or `null`. */
export async function findDelivery(db: DeliveryDb, deliveryId: string): Promise<DeliveryView | null> {
  const row = await selectDeliveries(db).where('delivery_id', '=', deliveryId).executeTakeFirst();
  if (row === undefined) return null;
  const attempts = await attemptsOf(db, [deliveryId]);
  return view(row, attempts.get(deliveryId) ?? []);
}

/**
 * Sends a webhook delivery again now, keeping its id (receivers deduplicate on it), and answers
 * it as it then stands. `DELIVERY_NOT_FOUND` when there is no such webhook delivery,
 * `DELIVERY_IN_FLIGHT` while a dispatcher is sending it.
 *
 * `commandId` is the request's idempotency key, kept in `delivery_commands` in the transaction
 * that schedules the redelivery, with the answer: the same key for the same delivery answers
 * that first answer and schedules nothing; for another delivery it is `IDEMPOTENCY_KEY_REUSED`.
 * A refused request keeps nothing (its transaction rolls back), as a refused command writes
 * nothing. A repeat sent while the first is still running waits for it on the key's row.
 */
export async function redeliverWebhook(db: DeliveryDb, deliveryId: string, commandId: string): Promise<DeliveryView> {
  return db.transaction().execute(async (trx) => {
    const kept = await trx
      .insertInto('delivery_commands')
      .values({ command_id: commandId, delivery_id: deliveryId, outcome: null, recorded_at: new Date() })
      .onConflict((conflict) => conflict.column('command_id').doNothing())
      .returning('command_id')
      .executeTakeFirst();
    if (kept === undefined) {
      const first = await trx
        .selectFrom('delivery_commands')
        .select(['delivery_id', 'outcome'])
        .where('command_id', '=', commandId)
        .executeTakeFirstOrThrow();
      if (first.delivery_id !== deliveryId) {
        throw new ApiError('IDEMPOTENCY_KEY_REUSED', `Command id ${commandId} was used for another command`);
      }
      // As JSON keeps it: instants are ISO strings, which the DateTime scalar answers as they are.
      return first.outcome as DeliveryView;
    }
    const outcome = await redeliver(trx, 'webhook', deliveryId);
    if (outcome === 'in_flight') {
      throw new ApiError('DELIVERY_IN_FLIGHT', `Delivery ${deliveryId} is being sent; try again once it settles`);
    }
    const found = outcome === 'scheduled' ? await findDelivery(trx, deliveryId) : null;
    if (found === null) throw new ApiError('DELIVERY_NOT_FOUND', `No webhook delivery "${deliveryId}"`);
    await trx
      .updateTable('delivery_commands')
      .set({ outcome: JSON.stringify(found) })
      .where('command_id', '=', commandId)
      .execute();
    return found;
  });
}

async function attemptsOf(db: DeliveryDb, ids: readonly string[]): Promise<Map<string, AttemptView[]>> {
  const byDelivery = new Map<string, AttemptView[]>();
  if (ids.length === 0) return byDelivery;
  const rows = await db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', ids)
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
  for (const row of rows) {
    const list = byDelivery.get(row.delivery_id) ?? [];
    list.push({
      attempt: row.attempt,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      outcome: row.outcome,
      statusCode: row.status_code,
      latencyMs: row.latency_ms,
      error: row.error,
    });
    byDelivery.set(row.delivery_id, list);
  }
  return byDelivery;
}

function view(row: DeliveryRow, attempts: readonly AttemptView[]): DeliveryView {
  return {
    id: row.delivery_id,
    endpointId: row.recipient,
    webhookId: row.message_id,
    eventType: row.topic,
    status: row.status,
    attemptCount: row.attempts,
    attempts,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    // Only a pending delivery has a next attempt; the column keeps the last schedule otherwise.
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    heldBehind: row.held_behind,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
  };
}
