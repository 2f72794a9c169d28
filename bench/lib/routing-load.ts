/**
 * The routing bench's load (`bench/routing.ts`), run in a worker thread so it never shares the
 * router's event loop (in production, customers and agents reach the store through API
 * processes, and the router runs in a worker process):
 *
 * - a producer opens the tickets, at a steady rate or as fast as it can;
 * - a floor of agents follows the log and resolves every ticket it sees assigned, a hold time
 *   after the assignment, as its agent. A resolved ticket's slot comes back through the router
 *   (it reads the resolution and releases the slot on the agent's ledger), so the queue drains
 *   only as fast as agents free capacity.
 *
 * Start it with {@link startRoutingLoad}; the worker's entry point is the bottom of this file.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createWorkHandlers, type WorkHandlers } from '@support-engine/application';
import { createDomainEventRegistry, streamId, type TicketPriority } from '@support-engine/domain';
import { type RecordedEvent, START } from '@support-engine/eventstore';
import { createPostgresEventStore } from '@support-engine/eventstore-postgres';
import { seededRandom } from './measure.js';

/** One ticket the producer opens. */
export interface TicketSpec {
  readonly ticketId: string;
  readonly customerId: string;
  readonly priority: TicketPriority;
  readonly category: string;
  readonly language: string;
}

/** Opens one ticket through the ticket command handler, as its customer. */
export function openTicket(handler: WorkHandlers['ticket'], spec: TicketSpec): Promise<unknown> {
  const { ticketId, customerId, priority, category, language } = spec;
  return handler.handle({
    streamId: streamId('ticket', ticketId),
    command: {
      type: 'OpenTicket',
      data: {
        ticketId,
        customerId,
        subject: `Question about ${category}`,
        description: 'Something does not work as expected.',
        priority,
        category,
        channel: 'web',
        language,
      },
    },
    commandId: `open:${ticketId}`,
    context: { now: new Date(), actor: { id: customerId, role: 'customer' } },
  });
}

/** What the load does. */
export interface LoadOptions {
  readonly connectionString: string;
  readonly tickets: readonly TicketSpec[];
  /** Tickets opened per second; 0 opens them as fast as `producerConcurrency` writers can. */
  readonly arrivalRate: number;
  readonly producerConcurrency: number;
  /** Mean time an agent keeps a ticket before resolving it (uniform over 0.5x to 1.5x of it); 0 resolves at once. */
  readonly holdMs: number;
  /** Resolutions in flight at once. */
  readonly floorConcurrency: number;
}

/** What the load reports when every ticket is resolved. */
export interface LoadSummary {
  readonly opened: number;
  readonly resolved: number;
  /** From the first opening command sent to the last one answered. */
  readonly openSeconds: number;
}

type Message =
  | { readonly type: 'progress'; readonly opened: number; readonly resolved: number }
  | ({ readonly type: 'done' } & LoadSummary);

/**
 * Runs the load in a worker thread and resolves once the floor has resolved every ticket.
 * `onProgress` is called about once a second.
 */
export function startRoutingLoad(
  options: LoadOptions,
  onProgress: (opened: number, resolved: number) => void,
): Promise<LoadSummary> {
  const self = new URL(import.meta.url).href;
  // Worker threads do not inherit tsx's loader hooks: register them before importing this file.
  const entry = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`;
  const worker = new Worker(entry, {
    eval: true,
    workerData: options,
    execArgv: ['--conditions=@support-engine/source'],
  });
  return new Promise((resolve, reject) => {
    worker.on('message', (message: Message) => {
      if (message.type === 'progress') onProgress(message.opened, message.resolved);
      else resolve(message);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`routing load worker exited with ${code} before it was done`)));
  });
}

/** The worker's side: opens, follows the log, resolves; posts progress and the summary. */
async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const { tickets } = options;
  // A pool of its own, as a separate API process would have.
  const store = createPostgresEventStore({
    connectionString: options.connectionString,
    maxConnections: options.producerConcurrency + options.floorConcurrency + 1,
    pollIntervalMs: 50,
  });
  const registry = createDomainEventRegistry();
  const { ticket } = createWorkHandlers(store, registry);
  // The same hold times in every round.
  const random = seededRandom(1);
  const stop = new AbortController();
  let opened = 0;
  let resolved = 0;

  // The floor: every ticket assigned is resolved by its agent after a hold.
  const waiting: { ticketId: string; agentId: string }[] = [];
  let inFlight = 0;
  let allResolved: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allResolved = resolve;
  });
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    allResolved();
  };
  const resolveNext = () => {
    while (inFlight < options.floorConcurrency && waiting.length > 0) {
      const { ticketId, agentId } = waiting.shift()!;
      inFlight++;
      ticket
        .handle({
          streamId: streamId('ticket', ticketId),
          command: { type: 'ReplyToTicket', data: { ticketId, body: 'Sorted, thank you.', nextStatus: 'resolved' } },
          commandId: `resolve:${ticketId}`,
          context: { now: new Date(), actor: { id: agentId, role: 'agent' } },
        })
        .then(() => {
          inFlight--;
          if (++resolved === tickets.length) allResolved();
          resolveNext();
        }, fail);
    }
  };
  const onEvent = (event: RecordedEvent) => {
    if (event.type !== 'TicketAssigned') return;
    const { ticketId, agentId } = event.data as { ticketId: string; agentId: string };
    const hold = options.holdMs * (0.5 + random());
    setTimeout(() => {
      waiting.push({ ticketId, agentId });
      resolveNext();
    }, hold);
  };
  const following = store.subscribe(START, onEvent, { signal: stop.signal }).catch(fail);

  const progress = setInterval(() => parentPort?.postMessage({ type: 'progress', opened, resolved }), 1_000);
  try {
    // The producer: ticket i is due at i / arrivalRate seconds after the start.
    const started = performance.now();
    let next = 0;
    const producer = async () => {
      for (let i = next++; i < tickets.length; i = next++) {
        const spec = tickets[i]!;
        if (options.arrivalRate > 0) {
          const due = started + (i * 1_000) / options.arrivalRate;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        await openTicket(ticket, spec);
        opened++;
      }
    };
    await Promise.all(Array.from({ length: options.producerConcurrency }, producer));
    const openSeconds = (performance.now() - started) / 1_000;
    await done;
    if (failure !== null) throw failure;
    return { opened, resolved, openSeconds };
  } finally {
    clearInterval(progress);
    stop.abort();
    await following;
    await store.close();
  }
}

if (!isMainThread && parentPort !== null) {
  const summary = await runLoad(workerData as LoadOptions);
  parentPort.postMessage({ type: 'done', ...summary } satisfies Message);
}
