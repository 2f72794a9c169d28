import { readdir, readFile, readlink } from 'node:fs/promises';
import { type ProcessIdentity, processIdentity } from './processes.js';

const LISTEN = '0A';

/**
 * The process listening on TCP `port` (any address, IPv4 or IPv6), read from `/proc/net/tcp*` and
 * the processes' open sockets; `undefined` when none is visible to this user (or there is no `/proc`).
 */
export async function portHolder(port: number): Promise<ProcessIdentity | undefined> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (
        state === LISTEN &&
        local !== undefined &&
        inode !== undefined &&
        Number.parseInt(local.split(':')[1] ?? '', 16) === port
      )
        inodes.add(`socket:[${inode}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (inodes.has(target)) return processIdentity(Number(pid));
    }
  }
  return undefined;
}
