import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

/** The in-process load balancer in front of the API processes, and what it saw. */
export interface RunningProxy {
  readonly url: string;
  /** Requests sent to another backend because one refused the connection (down, restarting). */
  readonly redirected: () => number;
  stop(): Promise<void>;
}

/** A request answered slower than this is told. */
const SLOW_MS = 5_000;
/** A request still unanswered after this is told while it waits: the clients have given up on it. */
const UNANSWERED_MS = 10_000;

/** A request as a log line names it: method and path, without the query (it may hold a token). */
const path = (incoming: IncomingMessage) => `${incoming.method} ${incoming.url?.split('?')[0]}`;

/** The request's body, read whole (GraphQL requests are small), so it can be sent to another backend. */
async function bodyOf(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * What a load balancer does for the API processes: round robin over `ports` on 127.0.0.1; a
 * connection refused or reset before anything was sent goes to the next backend (nothing ran
 * there); anything else is passed through as it is, errors included (a 502 when the backend died
 * mid-request: whether the command ran is then unknown, and the client resends it with its
 * command id). WebSocket upgrades are piped to one backend.
 */
export async function startProxy(
  ports: readonly number[],
  /** Told of each request a backend took over `SLOW_MS` to answer, and of each still unanswered after `UNANSWERED_MS`. */
  onSlow: (line: string) => void = () => {},
): Promise<RunningProxy> {
  let next = 0;
  let redirected = 0;
  const server: Server = createServer(async (incoming, outgoing) => {
    const body = await bodyOf(incoming).catch(() => null);
    if (body === null) return;
    const first = next++;
    for (let attempt = 0; attempt < ports.length * 10; attempt++) {
      const port = ports[(first + attempt) % ports.length]!;
      const since = Date.now();
      let sent = false;
      // Told while it still waits, whether connected or not: where a request nobody answers is stuck.
      const watchdog = setTimeout(
        () =>
          onSlow(
            `chaos: proxy: ${path(incoming)} to :${port} unanswered after ${UNANSWERED_MS} ms (${sent ? 'connected' : 'not connected'})`,
          ),
        UNANSWERED_MS,
      );
      const outcome = await new Promise<'done' | 'refused'>((resolve) => {
        const upstream = request(
          {
            host: '127.0.0.1',
            port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
            agent: false,
          },
          (response) => {
            // Answered: what is left is the body's transfer, which "took" still counts.
            clearTimeout(watchdog);
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
            response.on('end', () => resolve('done'));
            response.on('error', () => {
              outgoing.destroy();
              resolve('done');
            });
          },
        );
        upstream.on('socket', (socket) => socket.on('connect', () => (sent = true)));
        upstream.on('error', () => {
          if (!sent) return resolve('refused');
          if (!outgoing.headersSent) outgoing.writeHead(502).end();
          else outgoing.destroy();
          resolve('done');
        });
        upstream.end(body);
      });
      clearTimeout(watchdog);
      if (outcome === 'done') {
        const tookMs = Date.now() - since;
        if (tookMs > SLOW_MS) onSlow(`chaos: proxy: ${path(incoming)} to :${port} took ${tookMs} ms`);
        return;
      }
      redirected++;
      if (attempt % ports.length === ports.length - 1) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    outgoing.writeHead(503).end();
  });
  server.on('upgrade', (incoming, socket, head) => {
    const port = ports[next++ % ports.length]!;
    const upstream = connect(port, '127.0.0.1', () => {
      const headers = Object.entries(incoming.headers).map(([name, value]) => `${name}: ${String(value)}`);
      upstream.write(`${incoming.method} ${incoming.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    redirected: () => redirected,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
