import { createWorkHandlers } from '@support-engine/application';
import { createDomainEventRegistry } from '@support-engine/domain';
import { createPostgresEventStore } from '@support-engine/eventstore-postgres';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from './activities.js';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './bundle.js';
import type { WorkerConfig } from './config.js';
import type { Logger } from './logger.js';
import { createReactor } from './reactor.js';
import { createPostgresReactorCheckpoints, migrateReactor } from './reactor-checkpoints.js';
import { assertSearchAttributes } from './search-attributes.js';
import { tracedClient, tracingActivityInterceptors, type WorkflowSpanExport, workflowSpanSinks } from './tracing.js';

/**
 * What the caller gives {@link runWorker}: the process's logger, and what it may provide instead
 * of having the worker create it from the config.
 */
export interface WorkerOverrides {
  /** Worker connection (e.g. a test environment's `nativeConnection`). */
  readonly connection?: NativeConnection;
  /**
   * Client on whose connection the reactor starts and signals workflows (the reactor's own client
   * adds the tracing interceptor to it).
   */
  readonly client?: Client;
  /** A pre-built bundle (see `bundleWorkflows`), or the file it was written to, to skip bundling on every start. */
  readonly workflowBundle?: WorkflowBundleOption;
  /** The process's logger (the composing process owns it, and the signals that stop the worker). */
  readonly logger: Logger;
  /** Where the workflows' spans go, when the process traces (see `installTracing` in the CLI). */
  readonly tracing?: WorkflowSpanExport;
  /** Extra Temporal worker options (concurrency limits); interceptors or sinks given here replace the tracing ones. */
  readonly workerOptions?: Partial<WorkerOptions>;
}

/** A running worker process: the Temporal worker plus the reactor feeding it. */
export interface RunningWorker {
  readonly worker: Worker;
  readonly client: Client;
  /** Stops the reactor, drains the worker, closes connections; safe to call more than once. */
  shutdown(): Promise<void>;
  /** Settles when both have stopped; rejects if the worker failed. */
  readonly done: Promise<void>;
}

/**
 * Starts the ticket and chat workflows' worker and, unless disabled, the reactor that feeds
 * them from the event log. Creates the reactor's checkpoint table if needed; the event store
 * itself must already be migrated.
 */
export async function runWorker(config: WorkerConfig, overrides: WorkerOverrides): Promise<RunningWorker> {
  const { logger } = overrides;
  const { address, namespace, taskQueue } = config.temporal;
  const store = createPostgresEventStore({ connectionString: config.databaseUrl });
  const registry = createDomainEventRegistry();
  // The activities' commands are the automation's: decided with the deployment's timings.
  const work = createWorkHandlers(store, registry, {
    ticketTimings: config.ticket.timings,
    chatTimings: config.chat.timings,
  });
  const owned: Array<() => Promise<void>> = [() => store.close()];
  try {
    await migrateReactor(store.db);
    const connection = overrides.connection ?? (await NativeConnection.connect({ address }));
    if (!overrides.connection) owned.push(() => connection.close());
    const client = overrides.client ?? new Client({ connection: await Connection.connect({ address }), namespace });
    if (!overrides.client) owned.push(() => client.connection.close());
    if (config.ticket.upsertSearchAttributes)
      await assertSearchAttributes(client.connection.operatorService, namespace);
    // Its own client, on the same connection, so every signal it sends carries the reactor's span.
    const reactorClient = tracedClient(client, namespace);

    const worker = await Worker.create({
      connection,
      namespace,
      taskQueue,
      // A pre-built bundle has its workflow interceptors already (see `bundleWorkflows`).
      ...(overrides.workflowBundle
        ? { workflowBundle: overrides.workflowBundle, interceptors: { activity: tracingActivityInterceptors() } }
        : {
            workflowsPath: WORKFLOWS_PATH,
            bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
            interceptors: {
              workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES],
              activity: tracingActivityInterceptors(),
            },
          }),
      sinks: workflowSpanSinks(overrides.tracing),
      activities: createActivities({
        tickets: work.ticket,
        chats: work.chat,
        store,
        registry,
      }),
      ...overrides.workerOptions,
    });

    const abort = new AbortController();
    const reactor = config.reactor.enabled
      ? createReactor({
          store,
          checkpoints: createPostgresReactorCheckpoints(store.db),
          client: reactorClient,
          taskQueue,
          ticket: config.ticket,
          chat: config.chat,
          registry,
          config: config.reactor,
          logger,
        }).run(abort.signal)
      : Promise.resolve();
    const working = worker.run();
    const done = Promise.allSettled([working, reactor]).then(async ([workerResult]) => {
      await closeAll(owned);
      if (workerResult.status === 'rejected') throw workerResult.reason;
    });

    let stopping: Promise<void> | undefined;
    return {
      worker,
      client,
      done,
      shutdown() {
        stopping ??= (async () => {
          abort.abort();
          await reactor;
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await done;
          logger.info('worker stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await closeAll(owned);
    throw error;
  }
}

async function closeAll(closers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (const close of [...closers].reverse()) await close();
}
