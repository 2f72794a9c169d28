/**
 * The delivery bench's webhook receivers (`bench/delivery.ts`): one plain HTTP server per
 * endpoint, all in a worker thread so receiving never shares the sender's event loop (in
 * production the receivers are other machines). Each reads the body, answers 204 and notes when
 * it answered and the `webhook-id`; nothing is verified or stored besides, so the receivers
 * cost both subjects (the engine and the plain `fetch` loop) the same and as little as can be.
 *
 * Start them with {@link startWebhookSink}; the worker's entry point is the bottom of this file.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** One request answered: which endpoint, its `webhook-id`, and when the 204 went out (epoch ms). */
export interface SinkArrival {
  readonly endpoint: number;
  readonly webhookId: string;
  readonly answeredAt: number;
}

/** Running receivers. */
export interface WebhookSink {
  /** One URL per endpoint (`http://127.0.0.1:<port>/hooks/ep<i>`). */
  readonly urls: readonly string[];
  /** Requests answered since the last {@link reset}. */
  count(): Promise<number>;
  /** Every arrival since the last {@link reset}, in answer order. */
  arrivals(): Promise<SinkArrival[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

type Request = { id: number; op: 'count' | 'arrivals' | 'reset' };

/** Starts `endpoints` receivers in a worker thread. */
export async function startWebhookSink(endpoints: number): Promise<WebhookSink> {
  const self = new URL(import.meta.url).href;
  // Worker threads do not inherit tsx's loader hooks: register them before importing this file.
  const entry = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: { endpoints } });
  const ports = await new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  worker.on('message', (message: { id: number; value: unknown }) => {
    pending.get(message.id)?.(message.value);
    pending.delete(message.id);
  });
  const ask = <T>(op: Request['op']) =>
    new Promise<T>((resolve) => {
      const id = next++;
      pending.set(id, resolve as (value: unknown) => void);
      worker.postMessage({ id, op } satisfies Request);
    });
  return {
    urls: ports.map((port, i) => `http://127.0.0.1:${port}/hooks/ep${i}`),
    count: () => ask<number>('count'),
    arrivals: () => ask<SinkArrival[]>('arrivals'),
    reset: () => ask<void>('reset'),
    stop: async () => {
      await worker.terminate();
    },
  };
}

async function serve(endpoints: number): Promise<void> {
  let arrivals: SinkArrival[] = [];
  const servers: Server[] = Array.from({ length: endpoints }, (_, endpoint) =>
    createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(204).end();
        const webhookId = request.headers['webhook-id'];
        arrivals.push({
          endpoint,
          webhookId: typeof webhookId === 'string' ? webhookId : '',
          answeredAt: performance.timeOrigin + performance.now(),
        });
      });
    }),
  );
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve) => {
          server.keepAliveTimeout = 60_000;
          server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
        }),
    ),
  );
  parentPort!.postMessage(ports);
  parentPort!.on('message', ({ id, op }: Request) => {
    if (op === 'count') parentPort!.postMessage({ id, value: arrivals.length });
    else if (op === 'arrivals') parentPort!.postMessage({ id, value: arrivals });
    else {
      arrivals = [];
      parentPort!.postMessage({ id, value: undefined });
    }
  });
}

if (!isMainThread && (workerData as { endpoints?: number } | null)?.endpoints !== undefined) {
  void serve((workerData as { endpoints: number }).endpoints);
}
