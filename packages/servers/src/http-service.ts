import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Server } from 'node:net';

/** An HTTP server listening on a real port, and how to stop it. */
export interface HttpService {
  /** The port it listens on (the one the OS chose when asked for port 0). */
  readonly port: number;
  /** `http://host:port` (`https:` with TLS), without a trailing slash. */
  readonly url: string;
  /** Stops listening and cuts open connections (keep-alive ones included). */
  stop(): Promise<void>;
}

/** Handles one request; a throw answers 500 with the message, so a test server never hangs a client. */
export type HttpHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/** A certificate and its key, both PEM. */
export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
}

/** Starts `node:http` (`node:https` with `tls`) on `host:port` (0: an ephemeral port) with `handler`. */
export async function listenHttp(
  port: number,
  host: string,
  handler: HttpHandler,
  tls?: TlsIdentity,
): Promise<HttpService> {
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        if (!response.headersSent) sendText(response, 500, error instanceof Error ? error.message : String(error));
        else response.destroy();
      });
  };
  const server = tls ? createTlsServer(tls, serve) : createServer(serve);
  const bound = await listen(server, port, host);
  return {
    port: bound,
    url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Binds `server` and resolves with the port it got. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('could not read the port the OS assigned'));
    });
  });
}

/** A request body larger than the server accepts. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Reads the whole request body, refusing more than `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The value of a request header, the first one when repeated. */
export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/**
 * Sends an HTML page under a policy that runs no script and loads nothing from elsewhere: the pages
 * show content strangers wrote (mails, webhook bodies).
 */
export function sendHtml(response: ServerResponse, html: string): void {
  response
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
    })
    .end(html);
}
