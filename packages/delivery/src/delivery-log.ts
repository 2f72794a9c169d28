import { createHash } from 'node:crypto';
import {
  type Connection,
  CURSOR_PREFIX,
  createdBefore,
  encodeCursor,
  idLength,
  pageSize,
  toConnection,
} from '@support-engine/eventstore-postgres';
import { headerSafeId } from './channels/webhook.js';
import { DeliveryError } from './errors.js';
import { type DeliveryDb, enqueue, redeliver } from './outbox.js';
import type { DeliveriesTable, DeliveryChannel, DeliveryPersonKind, DeliveryStatus } from './schema.js';

// The delivery log as operators read and resend it: the outbox's rows with their attempts.

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

/** What every delivery shows, whatever its channel. */
interface DeliveryCommon {
  readonly id: string;
  readonly status: DeliveryStatus;
  readonly attemptCount: number;
  readonly attempts: readonly AttemptView[];
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
  readonly nextAttemptAt: Date | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
}

/** A webhook delivery: one event for one endpoint, with its attempts. */
export interface DeliveryView extends DeliveryCommon {
  readonly endpointId: string;
  readonly webhookId: string;
  readonly eventType: string;
  /** The earlier pending delivery of the same endpoint and stream it waits for, if any. */
  readonly heldBehind: string | null;
}

/**
 * An email or push delivery: one notification for one customer or staff member, with its
 * attempts. Whom it is for by id only: their address, the push endpoint and the message stay
 * in the outbox.
 */
export interface NotificationDeliveryView extends DeliveryCommon {
  readonly channel: NotificationDeliveryChannel;
  /** The customer or staff id; null for a push delivery queued before the outbox recorded it. */
  readonly recipient: string | null;
  readonly recipientKind: DeliveryPersonKind | null;
  readonly notificationId: string;
  readonly template: string;
}

/** The channels notifications to people go out on (webhooks are the other one). */
export type NotificationDeliveryChannel = Exclude<DeliveryChannel, 'webhook'>;

/** A page of deliveries: only those in `status`, after the cursor `after`. */
interface PageFilter {
  readonly status?: DeliveryStatus | undefined;
  readonly first?: number | undefined;
  readonly after?: string | undefined;
}

/** What {@link listDeliveries} selects. */
export interface DeliveryFilter extends PageFilter {
  readonly endpointId: string;
}

/** What {@link listNotificationDeliveries} selects. */
export interface NotificationDeliveryFilter extends PageFilter {
  readonly channel: NotificationDeliveryChannel;
  /** Only those for this customer or staff id. */
  readonly recipient?: string | undefined;
}

const deliveryColumns = [
  'delivery_id',
  'channel',
  'recipient',
  'person_kind',
  'person_id',
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

/** A row as the log lists it: the listed columns, and the earlier delivery it waits behind. */
type DeliveryRow = Pick<DeliveriesTable, (typeof deliveryColumns)[number]> & { held_behind: string | null };

/**
 * How one kind of delivery is read and resent: which channels it covers, what it is called in
 * a refusal, and how a row is shown.
 */
interface DeliveryKind<V> {
  readonly channels: readonly DeliveryChannel[];
  readonly noun: string;
  /** Its list's cursor prefix: a cursor of the other list is refused. */
  readonly cursor: string;
  readonly view: (row: DeliveryRow, attempts: readonly AttemptView[]) => V;
}

const WEBHOOK: DeliveryKind<DeliveryView> = {
  channels: ['webhook'],
  noun: 'webhook delivery',
  cursor: CURSOR_PREFIX.webhookDeliveries,
  view: (row, attempts) => ({
    ...common(row, attempts),
    endpointId: row.recipient,
    // As the header carries it, for receivers to match their log with this one.
    webhookId: headerSafeId(row.message_id),
    eventType: row.topic,
    heldBehind: row.held_behind,
  }),
};

const NOTIFICATION: DeliveryKind<NotificationDeliveryView> = {
  channels: ['email', 'push'],
  noun: 'email or push delivery',
  cursor: CURSOR_PREFIX.notificationDeliveries,
  view: (row, attempts) => ({
    ...common(row, attempts),
    channel: row.channel as NotificationDeliveryChannel,
    recipient: row.person_id,
    recipientKind: row.person_kind,
    notificationId: row.message_id,
    template: row.topic,
  }),
};

/**
 * The selection of deliveries of `channels` with the head of each one's line: deliveries of one
 * endpoint and stream go out in order, so a pending one waits for the first earlier one still
 * pending (the outbox's claim applies the same rule; notifications have no line).
 */
function selectDeliveries(db: DeliveryDb, channels: readonly DeliveryChannel[]) {
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
    .where('channel', 'in', channels);
}

/** An endpoint's webhook deliveries, newest first, paged by keyset like the other lists. */
export async function listWebhookDeliveries(db: DeliveryDb, filter: DeliveryFilter): Promise<Connection<DeliveryView>> {
  return listOf(db, WEBHOOK, filter, (query) => query.where('recipient', '=', filter.endpointId));
}

/** One channel's email or push deliveries, all or one person's, newest first, paged like the webhook log. */
export async function listNotificationDeliveries(
  db: DeliveryDb,
  filter: NotificationDeliveryFilter,
): Promise<Connection<NotificationDeliveryView>> {
  const kind = { ...NOTIFICATION, channels: [filter.channel] };
  const { recipient } = filter;
  return listOf(db, kind, filter, (query) =>
    recipient === undefined ? query : query.where('person_id', '=', recipient),
  );
}

async function listOf<V>(
  db: DeliveryDb,
  kind: DeliveryKind<V>,
  filter: PageFilter,
  scope: (query: ReturnType<typeof selectDeliveries>) => ReturnType<typeof selectDeliveries>,
): Promise<Connection<V>> {
  const limit = pageSize(filter.first);
  let query = scope(selectDeliveries(db, kind.channels));
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.after !== undefined) query = query.where(createdBefore(filter.after, 'delivery_id', kind.cursor));
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
    (row) => encodeCursor({ at: row.created_at, id: row.delivery_id }, kind.cursor),
    (row) => kind.view(row, attempts.get(row.delivery_id) ?? []),
  );
}

/** One delivery of `kind`, or `null`. */
async function findDelivery<V>(db: DeliveryDb, kind: DeliveryKind<V>, deliveryId: string): Promise<V | null> {
  const row = await selectDeliveries(db, kind.channels).where('delivery_id', '=', deliveryId).executeTakeFirst();
  if (row === undefined) return null;
  const attempts = await attemptsOf(db, [deliveryId]);
  return kind.view(row, attempts.get(deliveryId) ?? []);
}

/**
 * Sends a webhook delivery again now, keeping its id (receivers deduplicate on it), and answers
 * it as it then stands; see {@link redeliverOne}. `admitEndpoint` refuses (throws) when the
 * delivery's endpoint takes no sends (a disabled one would only give it up again at once).
 */
export async function redeliverWebhook(
  db: DeliveryDb,
  deliveryId: string,
  commandId: string,
  admitEndpoint: (endpointId: string) => Promise<void>,
): Promise<DeliveryView> {
  return redeliverOne(db, WEBHOOK, deliveryId, commandId, admitEndpoint);
}

/** The event type of a test delivery: no ticket or chat event, so no subscription filters it out. */
export const WEBHOOK_TEST_EVENT = 'WebhookTest';

/**
 * Queues a test delivery to an endpoint, sent at once, signed and logged as any other (event type
 * `WebhookTest`, data the endpoint's id and who asked), so an integrator sees their receiver
 * verify a signature without waiting for a real event. Its id derives from the request's
 * idempotency key: sent again with it, the same test is answered and nothing more is queued.
 * `requireTestable` refuses a new test (an endpoint gone or disabled); a repeated one is answered
 * whatever became of the endpoint since.
 */
export async function queueWebhookTest(
  db: DeliveryDb,
  endpointId: string,
  commandId: string,
  requestedBy: string,
  now: Date,
  requireTestable: () => Promise<void>,
): Promise<DeliveryView> {
  const messageId = `test_${createHash('sha256').update(commandId).digest('hex').slice(0, 32)}`;
  const deliveryId = `${messageId}:webhook:${endpointId}`;
  // A retry answers the first test, whatever became of the endpoint since (disabled after a 410).
  const first = await findDelivery(db, WEBHOOK, deliveryId);
  if (first !== null) return first;
  // The key names one test of one endpoint: used for another endpoint, it is another command.
  const earlier = await db
    .selectFrom('deliveries')
    .select('recipient')
    .where('message_id', '=', messageId)
    .where('recipient', '<>', endpointId)
    .executeTakeFirst();
  if (earlier !== undefined) throw keyReused();
  await requireTestable();
  await db.transaction().execute((trx) =>
    enqueue(trx, [
      {
        deliveryId,
        channel: 'webhook',
        recipient: endpointId,
        person: null,
        messageId,
        // Held behind nothing, and nothing behind it.
        orderingKey: null,
        position: 0n,
        topic: WEBHOOK_TEST_EVENT,
        payload: { type: WEBHOOK_TEST_EVENT, timestamp: now.toISOString(), data: { endpointId, requestedBy } },
        createdAt: now,
      },
    ]),
  );
  const queued = await findDelivery(db, WEBHOOK, deliveryId);
  if (queued === null) throw new Error(`test delivery ${deliveryId} vanished after it was queued`);
  return queued;
}

/**
 * Sends an email or push delivery again now, keeping its id (the mail's Message-ID and the push
 * Topic derive from it, so receivers that saw it keep one copy), and answers it as it then
 * stands; see {@link redeliverOne}. A webhook delivery's id is `DELIVERY_NOT_FOUND` here.
 */
export async function redeliverNotification(
  db: DeliveryDb,
  deliveryId: string,
  commandId: string,
): Promise<NotificationDeliveryView> {
  return redeliverOne(db, NOTIFICATION, deliveryId, commandId);
}

/**
 * Makes a delivery of `kind` pending and due now, once `admit` lets its recipient have it.
 * `DELIVERY_NOT_FOUND` when there is no such delivery of that kind, `DELIVERY_IN_FLIGHT` while a
 * dispatcher is sending it.
 *
 * `commandId` is the request's idempotency key, kept in `delivery_commands` in the transaction
 * that schedules the redelivery, with the answer: the same key for the same delivery answers
 * that first answer and schedules nothing; for another delivery, or the same one through the
 * other kind's mutation, it is `IDEMPOTENCY_KEY_REUSED`. A refused request keeps nothing (its
 * transaction rolls back), as a refused command writes nothing. A repeat sent while the first
 * is still running waits for it on the key's row.
 */
async function redeliverOne<V>(
  db: DeliveryDb,
  kind: DeliveryKind<V>,
  deliveryId: string,
  commandId: string,
  admit: (recipient: string) => Promise<void> = async () => {},
): Promise<V> {
  return db.transaction().execute(async (trx) => {
    const kept = await trx
      .insertInto('delivery_commands')
      .values({ command_id: commandId, delivery_id: deliveryId, outcome: null, recorded_at: new Date() })
      .onConflict((conflict) => conflict.column('command_id').doNothing())
      .returning('command_id')
      .executeTakeFirst();
    const channel = await trx
      .selectFrom('deliveries')
      .select(['channel', 'recipient'])
      .where('delivery_id', '=', deliveryId)
      .where('channel', 'in', kind.channels)
      .executeTakeFirst();
    if (kept === undefined) {
      const first = await trx
        .selectFrom('delivery_commands')
        .select(['delivery_id', 'outcome'])
        .where('command_id', '=', commandId)
        .executeTakeFirstOrThrow();
      // A kept key always names a delivery that exists (deliveries are never deleted): one of
      // another kind means the key answered the other redeliver mutation.
      if (first.delivery_id !== deliveryId || channel === undefined) {
        throw keyReused();
      }
      // As JSON keeps it: instants are ISO strings, which the DateTime scalar answers as they are.
      return first.outcome as V;
    }
    const notFound = () => new DeliveryError('DELIVERY_NOT_FOUND', `No ${kind.noun} "${deliveryId}"`);
    if (channel === undefined) throw notFound();
    await admit(channel.recipient);
    const outcome = await redeliver(trx, channel.channel, deliveryId);
    if (outcome === 'in_flight') {
      throw new DeliveryError('DELIVERY_IN_FLIGHT', `Delivery ${deliveryId} is being sent; try again once it settles`);
    }
    const found = outcome === 'scheduled' ? await findDelivery(trx, kind, deliveryId) : null;
    if (found === null) throw notFound();
    await trx
      .updateTable('delivery_commands')
      .set({ outcome: JSON.stringify(found) })
      .where('command_id', '=', commandId)
      .execute();
    return found;
  });
}

function keyReused(): DeliveryError {
  return new DeliveryError('IDEMPOTENCY_KEY_REUSED', 'The command id was already used for another request');
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

function common(row: DeliveryRow, attempts: readonly AttemptView[]): DeliveryCommon {
  return {
    id: row.delivery_id,
    status: row.status,
    attemptCount: row.attempts,
    attempts,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    // Only a pending delivery has a next attempt; the column keeps the last schedule otherwise.
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
  };
}
