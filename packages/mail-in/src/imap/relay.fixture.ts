/** Test support (not a test file): a TCP relay whose connections a test can cut, as a network would. */
import { connect, createServer, type Socket } from 'node:net';

/** A relay to one server; `drop()` breaks every connection through it, abruptly. */
export interface TestRelay {
  readonly host: string;
  readonly port: number;
  /** How many connections it has accepted so far. */
  readonly accepted: () => number;
  /** How many client connections through it are open now. */
  readonly open: () => number;
  /** Everything clients sent through it, as text (IMAP commands are text). */
  readonly sent: () => string;
  drop(): void;
  stop(): Promise<void>;
}

/**
 * Relays 127.0.0.1:<port> to `target`, byte for byte, but for the capabilities in `hide`, taken out
 * of the server's CAPABILITY lines (to play a server without them; the test's messages never hold
 * the word CAPABILITY, so only those lines change).
 */
export async function startTestRelay(
  target: { host: string; port: number },
  options: { readonly hide?: readonly string[] } = {},
): Promise<TestRelay> {
  const hidden = new RegExp(` (${(options.hide ?? []).join('|')})(?=[ \\]\r])`, 'g');
  // Whole lines only (what is left of a chunk waits for its end): a CAPABILITY line split over two
  // chunks would keep what it should hide.
  const filter = () => {
    let pending = '';
    return (chunk: Buffer): Buffer => {
      if (!options.hide?.length) return chunk;
      pending += chunk.toString('latin1');
      const end = pending.lastIndexOf('\r\n') + 2;
      const lines = pending.slice(0, end);
      pending = pending.slice(end);
      return Buffer.from(
        lines.replace(/^.*CAPABILITY .*$/gm, (line) => line.replace(hidden, '')),
        'latin1',
      );
    };
  };
  const sockets = new Set<Socket>();
  let accepted = 0;
  const clients = new Set<Socket>();
  let sent = '';
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const server = createServer((client) => {
    accepted++;
    clients.add(client);
    client.once('close', () => clients.delete(client));
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.on('data', (chunk: Buffer) => {
      sent += chunk.toString('latin1');
    });
    client.pipe(upstream);
    const filtered = filter();
    upstream.on('data', (chunk: Buffer) => client.write(filtered(chunk)));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    accepted: () => accepted,
    open: () => clients.size,
    sent: () => sent,
    drop() {
      // A reset, not a FIN: what a dead NAT entry or a crashed peer looks like.
      for (const socket of sockets) socket.resetAndDestroy();
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
