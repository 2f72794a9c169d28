import { setTimeout as sleep } from 'node:timers/promises';
import { nextAttemptAt, type RetryPolicy } from '@support-engine/domain/notification';
import { Waker } from '@support-engine/eventstore';
import { failSpan, inSpan } from '@support-engine/eventstore-postgres';
import type { Logger } from 'pino';
import { type AttemptResult, type ClaimedDelivery, claimDue, type DeliveryDb, settle } from './outbox.js';
import type { AttemptOutcome, DeliveryChannel } from './schema.js';

/** How a send went, as a channel reports it. */
export type SendResult =
  | { readonly ok: true; readonly statusCode: number | null }
  | {
      readonly ok: false;
      readonly outcome: Exclude<AttemptOutcome, 'delivered'>;
      readonly statusCode: number | null;
      readonly error: string;
      /** Trying again cannot help (a refused address, a push subscription that is gone). */
      readonly permanent: boolean;
    };

/** Sends one delivery on one channel; never throws (a failure is a {@link SendResult}). */
export interface ChannelSender {
  readonly channel: DeliveryChannel;
  send(delivery: ClaimedDelivery): Promise<SendResult>;
  /**
   * Sends this sender can have under way at once (an SMTP pool's connections). The dispatcher
   * claims no more: the rest would wait in the sender's queue while their lease runs out.
   */
  readonly maxInFlight?: number;
  /** Releases connections (SMTP pool, HTTP agents). */
  close?(): Promise<void>;
}

/** The longest pause between dispatch rounds that keep failing. */
const MAX_FAILURE_PAUSE_MS = 30_000;

/** How a dispatcher runs. */
export interface DispatcherOptions {
  readonly db: DeliveryDb;
  readonly sender: ChannelSender;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  /** Sends in flight at once. */
  readonly concurrency: number;
  /** Sends in flight at once to one recipient (an endpoint, a mail address). */
  readonly perRecipient: number;
  /** How long a claimed delivery is held; longer than a send's timeout. */
  readonly leaseMs: number;
  /** Longest an idle dispatcher sleeps before looking for due deliveries again. */
  readonly pollIntervalMs: number;
  /** Woken by the notifier when it enqueued (in-process); others poll. */
  readonly waker?: Waker;
  /** Jitter source in [0, 1); `Math.random` by default. */
  readonly random?: () => number;
  /** Called after each settled set (tests, benchmarks). */
  readonly onSettled?: (results: readonly AttemptResult[]) => void;
}

/** A channel's dispatcher. */
export interface Dispatcher {
  /** Runs until `signal` aborts, then lets the sends in flight finish and records them. */
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Claims due deliveries of one channel and sends them, `concurrency` at a time (no more than
 * the sender can have under way, so no claimed delivery waits in its queue) and at most
 * `perRecipient` to one recipient, so a receiver that is down or slow holds only its own share
 * and never blocks other recipients or other channels (each channel has its own dispatcher).
 * Outcomes are recorded in sets; a failure is rescheduled by the domain's retry policy
 * (exponential backoff with jitter) until it gives up and the delivery is dead-lettered.
 *
 * Delivery is at least once with a stable idempotency key: a process killed between the
 * receiver's acceptance and the recording of it leaves an attempt with no outcome, and the
 * delivery goes out again with the same key (`webhook-id`, `Message-ID`, push `Topic`) once the
 * lease runs out, so receivers that honour the key see it once.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, sender, logger } = options;
  const random = options.random ?? Math.random;
  const waker = options.waker ?? new Waker();
  const concurrency = Math.min(options.concurrency, sender.maxInFlight ?? Number.POSITIVE_INFINITY);
  const inFlight = new Map<string, number>();
  const finished: AttemptResult[] = [];
  let total = 0;

  const start = (delivery: ClaimedDelivery) => {
    total++;
    inFlight.set(delivery.recipient, (inFlight.get(delivery.recipient) ?? 0) + 1);
    const startedAt = performance.now();
    void traced(delivery)
      .catch((error: unknown): SendResult => {
        return { ok: false, outcome: 'failed', statusCode: null, error: String(error), permanent: false };
      })
      .then((result) => {
        finished.push(resultOf(delivery, result, performance.now() - startedAt));
        total--;
        const left = (inFlight.get(delivery.recipient) ?? 1) - 1;
        if (left === 0) inFlight.delete(delivery.recipient);
        else inFlight.set(delivery.recipient, left);
        waker.notify();
      });
  };

  // Each attempt is a span of its own (free until the process registers a tracer provider).
  const traced = (delivery: ClaimedDelivery) =>
    inSpan(
      'support-engine-delivery',
      `delivery ${sender.channel}`,
      {
        'delivery.id': delivery.deliveryId,
        'delivery.channel': sender.channel,
        'delivery.topic': delivery.topic,
        'delivery.attempt': delivery.attempt,
      },
      async (span) => {
        const result = await sender.send(delivery);
        span.setAttribute('delivery.outcome', result.ok ? 'delivered' : result.outcome);
        if (result.statusCode !== null) span.setAttribute('delivery.status_code', result.statusCode);
        if (!result.ok) failSpan(span, result.error);
        return result;
      },
    );

  const resultOf = (delivery: ClaimedDelivery, result: SendResult, latencyMs: number): AttemptResult => {
    const finishedAt = new Date();
    if (result.ok) {
      return {
        deliveryId: delivery.deliveryId,
        attempt: delivery.attempt,
        outcome: 'delivered',
        statusCode: result.statusCode,
        latencyMs,
        error: null,
        finishedAt,
        retryAt: null,
      };
    }
    const retryAt = result.permanent
      ? null
      : nextAttemptAt(options.retry, delivery.attempt, delivery.firstAttemptAt, finishedAt, random());
    if (retryAt === null) {
      logger.warn(
        { deliveryId: delivery.deliveryId, channel: sender.channel, attempts: delivery.attempt, error: result.error },
        'delivery dead-lettered',
      );
    }
    return {
      deliveryId: delivery.deliveryId,
      attempt: delivery.attempt,
      outcome: result.outcome,
      statusCode: result.statusCode,
      latencyMs,
      error: result.error.slice(0, 1_000),
      finishedAt,
      retryAt,
    };
  };

  const record = async () => {
    const results = finished.splice(0);
    try {
      await settle(db, results);
    } catch (error) {
      // Put them back: the next round records them (a lease outlives a short outage).
      finished.unshift(...results);
      throw error;
    }
    if (results.length > 0) options.onSettled?.(results);
  };

  return {
    async run(signal) {
      // Rounds failed in a row (the database out of reach): each waits twice the one before.
      let failures = 0;
      while (!signal.aborted) {
        const generation = waker.generation;
        let claimed = 0;
        try {
          const free = concurrency - total;
          const saturated = [...inFlight].filter(([, n]) => n >= options.perRecipient).map(([recipient]) => recipient);
          // Claiming and recording touch different rows (a finished send's row is still leased
          // until recorded), so they go to the database side by side: each round costs the
          // slower of the two, not their sum.
          const [claim, recorded] = await Promise.allSettled([
            free > 0
              ? claimDue(db, {
                  channel: sender.channel,
                  limit: free,
                  perRecipient: options.perRecipient,
                  saturated,
                  leaseMs: options.leaseMs,
                })
              : Promise.resolve([]),
            record(),
          ]);
          if (claim.status === 'rejected') throw claim.reason;
          claimed = claim.value.length;
          // At debug: a claim is where a crash starts leaving attempts in doubt.
          if (claimed > 0) logger.debug({ claimed, inFlight: total + claimed }, 'deliveries claimed');
          for (const delivery of claim.value) start(delivery);
          if (recorded.status === 'rejected') throw recorded.reason;
          if (failures > 0) logger.info({ channel: sender.channel, failures }, 'dispatch rounds succeed again');
          failures = 0;
        } catch (error) {
          if (signal.aborted) break;
          failures++;
          const retryInMs = Math.min(options.pollIntervalMs * 2 ** Math.min(failures - 1, 16), MAX_FAILURE_PAUSE_MS);
          // The 1st, 2nd, 4th, 8th... failure in a row: an outage is a few lines, not several a second.
          if ((failures & (failures - 1)) === 0)
            logger.error(
              { err: error, channel: sender.channel, failures, retryInMs },
              'dispatch round failed; trying again',
            );
          await sleep(retryInMs, undefined, { signal }).catch(() => {});
          continue;
        }
        // Busy: go on at once while slots are free and work was found; otherwise wait for a
        // finished send, the notifier, or the poll.
        if (claimed === 0 || total >= concurrency) {
          await waker.wait(generation, options.pollIntervalMs, signal);
        }
      }
      while (total > 0) await waker.wait(waker.generation, options.pollIntervalMs, new AbortController().signal);
      await record().catch((error: unknown) => logger.error({ err: error }, 'could not record the last outcomes'));
    },
  };
}
