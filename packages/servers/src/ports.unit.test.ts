import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './ports.js';

const TIME_WAIT = '06';

async function timeWaitPorts(): Promise<Set<number>> {
  const text = await readFile('/proc/net/tcp', 'utf8');
  const ports = new Set<number>();
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[3] === TIME_WAIT) ports.add(Number.parseInt(fields[1]?.split(':')[1] ?? '', 16));
  }
  return ports;
}

describe('freePort', () => {
  it('leaves the port in TIME_WAIT, so the OS does not hand it out again, yet a server can bind it', async () => {
    const port = await freePort();
    expect(await timeWaitPorts()).toContain(port);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    expect((server.address() as { port: number }).port).toBe(port);
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives distinct ports to calls in a row', async () => {
    const ports = [];
    for (let index = 0; index < 50; index++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(50);
  });
});
