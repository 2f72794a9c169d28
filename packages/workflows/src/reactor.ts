import { setTimeout as sleep } from 'node:timers/promises';
import type { EventSchemaRegistry } from '@support-engine/domain';
import type { EventStore, RecordedEvent } from '@support-engine/eventstore';
import { inSpan, linksToWriters } from '@support-engine/eventstore-postgres';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { ReactorConfig } from './config.js';
import {
  type ChatWorkflowSettings,
  type DeliveredEvent,
  deliverEventSignal,
  type TicketWorkflowSettings,
} from './contract.js';
import { toDeliveredEvent } from './delivered.js';
import { entityOfStream } from './ids.js';
import type { ReactorCheckpoints } from './reactor-checkpoints.js';
import type { chatWorkflow, ticketWorkflow } from './workflows/index.js';

/** What the reactor needs. */
export interface ReactorOptions {
  readonly store: EventStore;
  readonly checkpoints: ReactorCheckpoints;
  readonly client: Client;
  readonly taskQueue: string;
  /** Input of the workflows it starts. */
  readonly ticket: TicketWorkflowSettings;
  readonly chat: ChatWorkflowSettings;
  readonly registry: EventSchemaRegistry;
  readonly config: Omit<ReactorConfig, 'enabled'>;
  readonly logger: Logger;
}

/** Tails the event log into the entity workflows. */
export interface Reactor {
  /** Delivers events until `signal` aborts; infrastructure errors are logged and retried. */
  run(signal: AbortSignal): Promise<void>;
}

// Backoff after a failed batch (Temporal or PostgreSQL unreachable); the batch is retried whole.
const RETRY_DELAY_MS = 1_000;

/**
 * Creates the reactor: it reads the global log after its OWN checkpoint (gap-safe `readAll`),
 * sends each ticket and chat event to its workflow with `signalWithStart` (starting it if
 * needed, with the deployment's settings as input) and advances the checkpoint after each
 * delivered batch. A crash between delivery and checkpoint re-delivers the batch; workflows
 * ignore versions they already applied, so delivery is effectively exactly-once.
 */
export function createReactor(options: ReactorOptions): Reactor {
  const { store, checkpoints, config, logger } = options;

  async function deliverBatch(batch: readonly RecordedEvent[]): Promise<void> {
    // One stream's events go in order; different streams go in parallel.
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of batch) {
      if (entityOfStream(event.streamId) === null) continue;
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    }
    const streams = [...byStream.values()];
    const lanes = Array.from({ length: Math.min(config.concurrency, streams.length) }, async () => {
      for (let events = streams.pop(); events; events = streams.pop()) {
        for (const event of events) await deliver(toDeliveredEvent(event, options.registry));
      }
    });
    await Promise.all(lanes);
  }

  async function deliver(event: DeliveredEvent): Promise<void> {
    const entity = entityOfStream(event.streamId)!;
    const common = {
      workflowId: entity.workflowId,
      taskQueue: options.taskQueue,
      signal: deliverEventSignal,
      signalArgs: [event] as [DeliveredEvent],
      ...summaryOf(event),
    };
    if (entity.kind === 'ticket') {
      await options.client.workflow.signalWithStart<typeof ticketWorkflow, [DeliveredEvent]>('ticketWorkflow', {
        ...common,
        args: [{ settings: options.ticket }],
      });
    } else {
      await options.client.workflow.signalWithStart<typeof chatWorkflow, [DeliveredEvent]>('chatWorkflow', {
        ...common,
        args: [{ settings: options.chat }],
      });
    }
  }

  return {
    async run(signal) {
      let checkpoint = await checkpoints.load(config.name);
      logger.info({ checkpoint: String(checkpoint.globalPosition) }, 'reactor started');
      while (!signal.aborted) {
        try {
          const batch = await store.readAll(checkpoint, { limit: config.batchSize });
          // A span per batch, linked to the spans that wrote its events (their `traceparent`).
          if (batch.length > 0)
            await inSpan(
              'support-engine-reactor',
              'reactor deliver',
              { 'reactor.name': config.name, 'events.count': batch.length },
              () => deliverBatch(batch),
              linksToWriters(batch),
            );
          const last = batch.at(-1);
          if (last) {
            await checkpoints.save(config.name, last.checkpoint);
            checkpoint = last.checkpoint;
          }
          if (batch.length < config.batchSize)
            await sleep(config.pollIntervalMs, undefined, { signal }).catch(ignoreAbort);
        } catch (error) {
          if (signal.aborted) break;
          logger.error({ err: error }, 'reactor batch failed; retrying');
          await sleep(RETRY_DELAY_MS, undefined, { signal }).catch(ignoreAbort);
        }
      }
      logger.info('reactor stopped');
    },
  };
}

/**
 * The static summary shown in the Temporal UI: subject and priority of a ticket, customer and
 * priority of a chat. Known only from the opening event; a run started by a later event has none.
 */
function summaryOf(event: DeliveredEvent): { staticSummary?: string } {
  const data = event.data as Record<string, unknown>;
  if (event.type === 'TicketOpened') return { staticSummary: `${data.subject} (priority ${data.priority})` };
  if (event.type === 'ChatStarted')
    return { staticSummary: `Chat with ${data.customerId} (priority ${data.priority})` };
  return {};
}

function ignoreAbort(error: unknown): void {
  if ((error as Error).name !== 'AbortError') throw error;
}
