import { retryDelay, sleep } from './backoff.ts';
import { eventStreamReader } from './event-stream.ts';
import type { LiveRequest, LiveSink } from './request.ts';

/**
 * Streams held open at once. Each subscription over SSE is its own HTTP request, and a browser
 * opens at most six connections to one server over HTTP/1.1 (Chromium and Firefox): two are
 * left for queries, mutations and files, or the page would wait behind its own streams.
 */
export const MAX_STREAMS = 4;

/** What an SSE transport needs: where GraphQL answers, the current token, and whom to tell of losses. */
export interface SseOptions {
  readonly url: string;
  readonly token: () => string;
  /** A stream dropped (called once until every dropped stream is open again). */
  readonly onLost: () => void;
  /** Every stream dropped or restarted is open again: what happened meanwhile was not told. */
  readonly onResumed: () => void;
}

/** Subscriptions as server-sent events (GraphQL over SSE, a stream per subscription, as the API answers them). */
export interface SseTransport {
  subscribe(request: LiveRequest, sink: LiveSink): () => void;
  /** Opens every stream again (with the current token). */
  restart(): void;
}

/** How one attempt at a stream ended. */
type Outcome = 'complete' | 'dropped' | 'aborted';

/** A FIFO of {@link MAX_STREAMS} slots. */
function slots(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    /** Resolves with the slot's release once one is free; `cancelled` gives up waiting. */
    take(cancelled: AbortSignal): Promise<(() => void) | null> {
      const release = () => {
        const next = waiting.shift();
        if (next) next();
        else free++;
      };
      if (free > 0) {
        free--;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => {
        const turn = () => resolve(release);
        waiting.push(turn);
        cancelled.addEventListener('abort', () => {
          const at = waiting.indexOf(turn);
          if (at !== -1) waiting.splice(at, 1);
          resolve(null);
        });
      });
    },
  };
}

/**
 * The SSE transport: each subscription a `POST` with `Accept: text/event-stream`, read as
 * `next` and `complete` events; a stream that drops (the network, a restarting server) is
 * opened again after {@link retryDelay}, with the token of the moment.
 */
export function createSseTransport(options: SseOptions): SseTransport {
  const streams = slots(MAX_STREAMS);
  const open = new Set<{ restart(): void }>();
  // Streams dropped (the user is told) or restarted (not), until each is open again.
  const dropped = new Set<object>();
  const restarted = new Set<object>();

  function reopened(stream: object) {
    const waited = dropped.delete(stream) || restarted.delete(stream);
    if (waited && dropped.size === 0 && restarted.size === 0) options.onResumed();
  }

  function subscribe(request: LiveRequest, sink: LiveSink): () => void {
    const unsubscribed = new AbortController();
    let attempt: AbortController | undefined;
    const stream = {
      restart() {
        restarted.add(stream);
        attempt?.abort();
      },
    };

    async function once(signal: AbortSignal): Promise<Outcome> {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            accept: 'text/event-stream',
            'content-type': 'application/json',
            authorization: `Bearer ${options.token()}`,
          },
          body: JSON.stringify(request),
          signal,
        });
      } catch {
        return signal.aborted ? 'aborted' : 'dropped';
      }
      if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
        // A refusal (a bad token, a refused operation) answers GraphQL errors as JSON: the
        // screen and the client's error handling read them; a server failing answers 5xx.
        if (response.status >= 500) return 'dropped';
        sink.next(await response.json().catch(() => ({ errors: [{ message: response.statusText }] })));
        return 'complete';
      }
      reopened(stream);
      const read = eventStreamReader();
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return 'dropped';
          for (const event of read(value)) {
            if (event.event === 'next') sink.next(JSON.parse(event.data));
            if (event.event === 'complete') return 'complete';
          }
        }
      } catch {
        return signal.aborted ? 'aborted' : 'dropped';
      } finally {
        reader.releaseLock();
      }
    }

    (async () => {
      const release = await streams.take(unsubscribed.signal);
      if (release === null) return;
      open.add(stream);
      try {
        for (let failures = 0; !unsubscribed.signal.aborted; ) {
          attempt = new AbortController();
          const outcome = await once(AbortSignal.any([attempt.signal, unsubscribed.signal]));
          if (outcome === 'complete') return sink.complete();
          if (outcome === 'dropped') {
            if (dropped.size === 0) options.onLost();
            dropped.add(stream);
            await sleep(retryDelay(failures++, Math.random()));
          }
        }
      } finally {
        open.delete(stream);
        // No longer waited for: if it was the last, the connection counts as back.
        reopened(stream);
        release();
      }
    })().catch((error: unknown) => sink.error(error));

    return () => unsubscribed.abort();
  }

  return {
    subscribe,
    restart() {
      for (const stream of open) stream.restart();
    },
  };
}
