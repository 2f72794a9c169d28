import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { FaultRecord } from './check/records.js';
import type { SupervisedProcess } from './engine-process.js';

const run = promisify(execFile);

/** The partition fault: the partitioned projector cut off from PostgreSQL, then let back. */
export const PARTITION_FAULT = 'partition-projector';

/**
 * A network namespace of the run's own joined to the host by a veth pair on a private /30 of
 * link-local addresses: nothing routes them off the machine. A process started with
 * {@link NetworkPartition.command} in front of its command line reaches the host (PostgreSQL)
 * only through that pair, so cutting it partitions that process alone.
 */
export interface NetworkPartition {
  /** The host's end of the pair: where PostgreSQL must also listen. */
  readonly hostAddress: string;
  /** The namespace's end: the partitioned process's address (its ops endpoint listens there). */
  readonly namespaceAddress: string;
  /** What to put in front of a command to run it inside the namespace. */
  readonly command: readonly string[];
  /**
   * A black hole both ways: the `blackhole` queueing discipline on each end of the pair drops
   * every packet and tells the sender it was sent (no reset, no ICMP, no local congestion for TCP
   * to see), so connections across it hang as they do when a real network fails, and the
   * kernels' keepalives and timeouts count as they would then. Setting a link down instead fails
   * sends at once, or sends the host's packets out through its default route.
   */
  cut(): Promise<void>;
  /** Lets packets through again; connections that are still open carry on. */
  heal(): Promise<void>;
  /** Deletes the namespace and the pair (idempotent). */
  remove(): Promise<void>;
}

async function ip(args: readonly string[]): Promise<void> {
  await run('ip', args);
}

async function tc(namespace: string | null, args: readonly string[]): Promise<void> {
  await (namespace === null ? run('tc', args) : run('ip', ['netns', 'exec', namespace, 'tc', ...args]));
}

/**
 * Makes the run's namespace and veth pair, named and addressed after `id` (the run's pid, so two
 * runs on one machine do not collide). Resolves `{ unavailable }` with the reason when the machine
 * does not allow it (not root, no `ip` or `tc`, no veth): the run then leaves partitions out.
 */
export async function createNetworkPartition(id: number): Promise<NetworkPartition | { unavailable: string }> {
  if (process.getuid?.() !== 0) return { unavailable: 'not root (network namespaces need it)' };
  const namespace = `chaos-${id}`;
  const hostEnd = `chh${id}`.slice(0, 15);
  const namespaceEnd = `chn${id}`.slice(0, 15);
  // 169.254.0.0/16 is link-local: a /30 of it per run, from the id, away from 169.254.0.x and .255.x.
  const block = (id % 16_000) * 4 + 1024;
  const address = (offset: number) => `169.254.${(block >> 8) & 255}.${(block & 255) + offset}`;
  const partition: NetworkPartition = {
    hostAddress: address(1),
    namespaceAddress: address(2),
    command: ['ip', 'netns', 'exec', namespace],
    async cut() {
      await tc(null, ['qdisc', 'replace', 'dev', hostEnd, 'root', 'blackhole']);
      await tc(namespace, ['qdisc', 'replace', 'dev', namespaceEnd, 'root', 'blackhole']);
    },
    async heal() {
      await tc(null, ['qdisc', 'del', 'dev', hostEnd, 'root']).catch(() => {});
      await tc(namespace, ['qdisc', 'del', 'dev', namespaceEnd, 'root']).catch(() => {});
    },
    async remove() {
      await ip(['link', 'del', hostEnd]).catch(() => {});
      await ip(['netns', 'del', namespace]).catch(() => {});
    },
  };
  try {
    await ip(['netns', 'add', namespace]);
    await ip(['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', namespaceEnd]);
    await ip(['link', 'set', namespaceEnd, 'netns', namespace]);
    await ip(['addr', 'add', `${partition.hostAddress}/30`, 'dev', hostEnd]);
    await ip(['link', 'set', hostEnd, 'up']);
    const inside = (args: readonly string[]) => ip(['netns', 'exec', namespace, 'ip', ...args]);
    await inside(['addr', 'add', `${partition.namespaceAddress}/30`, 'dev', namespaceEnd]);
    await inside(['link', 'set', namespaceEnd, 'up']);
    await inside(['link', 'set', 'lo', 'up']);
    // The cut must work too: the kernel may have no queueing disciplines at all.
    await partition.cut();
    await partition.heal();
    return partition;
  } catch (error) {
    await partition.remove();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { unavailable: `no network namespace could be made (${reason})` };
  }
}

/**
 * Cuts the partitioned process off for the fault's hold, lets it back and times it until ready
 * again (it may have noticed nothing, or lost its locks and database sessions meanwhile).
 */
export async function injectPartition(
  fault: { readonly kind: string; readonly holdMs: number },
  partition: NetworkPartition,
  process_: SupervisedProcess,
  log: (line: string) => void,
  readyTimeoutMs: number,
): Promise<FaultRecord> {
  const at = new Date().toISOString();
  log(`chaos: ${fault.kind} ${process_.name} cut off from PostgreSQL for ${fault.holdMs} ms`);
  await partition.cut();
  try {
    await sleep(fault.holdMs);
  } finally {
    await partition.heal();
  }
  const recoveryMs = await process_.untilReady(readyTimeoutMs);
  log(`chaos: ${process_.name} ready after ${recoveryMs ?? 'never'} ms`);
  return { kind: fault.kind, target: process_.name, at, recoveryMs };
}
