import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * Asks the OS for a free TCP port on the loopback interface, and keeps the OS from handing it to
 * anyone else who asks for "any port" during the next minute.
 *
 * A port released at once can be the OS's very next answer, to us or to another process: the
 * Temporal CLI picks the ports of its internal services that way while starting, and a CI run
 * starts servers in parallel. Like the Temporal CLI, we connect to the port and close the
 * accepted side first, which leaves the port in TIME_WAIT: the OS no longer picks it for a
 * `bind(0)`, while a server that binds it by number (Node, Go and PostgreSQL set SO_REUSEADDR)
 * still can.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.unref();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address !== 'object') {
    await close(server);
    throw new Error('could not read the port the OS assigned');
  }
  const client = connect(address.port, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    // The side that closes first is the one left in TIME_WAIT, holding the port number.
    const socket = await accepted;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    socket.end();
    await closed;
  } finally {
    client.destroy();
    await close(server);
  }
  return address.port;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
