import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { RuntimeConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** A running ops endpoint: its base URL, and how to stop it. */
export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The ops endpoint of a long-running process (the API, the worker, the projector, `dev`): `GET
 * /metrics` in Prometheus's text format and `GET /healthz` (the process is up), on a port of its
 * own that an operator routes to the scraper only. Plain `node:http`: two routes, scraped every
 * few seconds, need no framework.
 */
export async function startOpsServer(options: {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
}): Promise<OpsServer> {
  const { registry } = options;
  // `part`, not `component`: the process's logger has its component already, and pino would repeat the key.
  const logger = options.logger.child({ part: 'ops' });
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || (path !== '/metrics' && path !== '/healthz')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics scrape failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  logger.info({ url }, 'ops endpoint listening (/metrics, /healthz)');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The ops endpoint on `METRICS_PORT` (on `HOST`) with the metrics `registry` makes, or none when the port is unset. */
export async function startConfiguredOpsServer(
  config: RuntimeConfig,
  registry: () => Registry,
  logger: Logger,
): Promise<OpsServer | null> {
  if (config.metrics.port === null) return null;
  return startOpsServer({ host: config.http.host, port: config.metrics.port, registry: registry(), logger });
}
