/** Test helper (not a test file): a TCP proxy that can turn into a black hole, as a network partition does. */

import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

/** A running black-hole proxy. */
export interface BlackHoleProxy {
  /** `connectionString` with its host and port replaced by the proxy's. */
  readonly connectionString: string;
  /** From now on every byte either way is dropped and no socket is closed: connections hang. */
  blackHole(): void;
  stop(): Promise<void>;
}

/** Forwards connections to the server of `connectionString` (on 127.0.0.1) until {@link BlackHoleProxy.blackHole}. */
export async function startBlackHoleProxy(connectionString: string): Promise<BlackHoleProxy> {
  const target = new URL(connectionString);
  let silent = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('error', () => {});
      from.on('close', () => sockets.delete(from));
      from.on('data', (chunk) => {
        if (!silent) to.write(chunk);
      });
      from.on('end', () => {
        if (!silent) to.end();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(connectionString);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    connectionString: proxied.toString(),
    blackHole() {
      silent = true;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
