import { createClient } from 'graphql-ws';
import { retryDelay, sleep } from './backoff.ts';
import type { LiveRequest, LiveSink } from './request.ts';
import { createSseTransport } from './sse.ts';
import type { LiveStatus } from './status.svelte.ts';

/** The subscriptions of a signed-in user, over whichever transport works. */
export interface Live {
  subscribe(request: LiveRequest, sink: LiveSink): () => void;
  /** Makes every subscription again with the current token (it was renewed). */
  restart(): void;
  /** Ends every subscription and closes the socket (sign-out). */
  dispose(): void;
}

/** What {@link createLive} needs. */
export interface LiveOptions {
  /** The API's GraphQL endpoint (absolute). */
  readonly url: string;
  /** The token of the moment: read at each connection, so a renewed one is sent from then on. */
  readonly token: () => string;
  /** Updated as the connection goes and comes back. */
  readonly status: LiveStatus;
  /** The API refused the token when the socket connected. */
  readonly onTokenRefused: () => void;
}

/** The API's close codes for a socket whose `connection_init` carried no token (4401) or a bad one (4403). */
const TOKEN_REFUSED = new Set([4401, 4403]);
/** The close code graphql-ws reserves for a client restarting its socket (here: with a renewed token). */
const RESTART = 4205;

const closeCode = (error: unknown): number | null =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number' ? error.code : null;

/**
 * Subscriptions over one graphql-ws socket, opened on the first subscription and made again
 * whenever it drops (the subscriptions on it with it), for as long as the page lives. A socket
 * that never opens (a proxy that refuses WebSocket upgrades, a network that blocks them) makes
 * the page fall back to server-sent events for the rest of its life (a reload tries the socket
 * again): the subscriptions then waiting go over SSE, and every later one. `status` says which
 * transport is in use, when the connection is lost, and counts each time subscriptions were made
 * again, so that screens read again what may have changed meanwhile.
 */
export function createLive(options: LiveOptions): Live {
  const { status } = options;
  const socketUrl = new URL(options.url);
  socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  let everConnected = false;
  let restarting = false;
  let socket: WebSocket | undefined;

  const sockets = createClient({
    url: socketUrl.href,
    connectionParams: () => ({ authorization: `Bearer ${options.token()}` }),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    // A socket that never opened is not retried (SSE instead), nor one whose token was refused.
    shouldRetry: (error) => everConnected && !TOKEN_REFUSED.has(closeCode(error) ?? 0),
    retryWait: (retries) => (restarting ? Promise.resolve() : sleep(retryDelay(retries, Math.random()))),
    on: {
      connected(connected, _payload, wasRetry) {
        everConnected = true;
        socket = connected as WebSocket;
        restarting = false;
        if (wasRetry) {
          status.lost = false;
          status.resumed++;
        }
      },
      closed(event) {
        socket = undefined;
        const code = closeCode(event);
        // 1000: closed on purpose (no subscription left); a restart is not a loss either.
        if (everConnected && !restarting && code !== 1000) status.lost = true;
      },
    },
  });

  const sse = createSseTransport({
    url: options.url,
    token: options.token,
    onLost: () => {
      status.lost = true;
    },
    onResumed: () => {
      status.lost = false;
      status.resumed++;
    },
  });

  function subscribe(request: LiveRequest, sink: LiveSink): () => void {
    let unsubscribed = false;
    let stop: () => void;
    const overSocket = () =>
      sockets.subscribe(
        { ...request, variables: request.variables ?? null },
        {
          next: (result) => sink.next(result),
          complete: () => sink.complete(),
          error(error) {
            if (unsubscribed) return;
            if (TOKEN_REFUSED.has(closeCode(error) ?? 0)) options.onTokenRefused();
            else if (!everConnected && !Array.isArray(error)) {
              // The socket never opened: this subscription, and all to come, over SSE.
              status.transport = 'sse';
              stop = sse.subscribe(request, sink);
              return;
            }
            sink.error(error);
          },
        },
      );
    stop = status.transport === 'sse' ? sse.subscribe(request, sink) : overSocket();
    return () => {
      unsubscribed = true;
      stop();
    };
  }

  return {
    subscribe,
    restart() {
      sse.restart();
      if (socket === undefined) return;
      restarting = true;
      socket.close(RESTART, 'Token renewed');
    },
    dispose() {
      void sockets.dispose();
    },
  };
}
