import { createTestDatabase } from '@support-engine/servers/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BlackHoleProxy, startBlackHoleProxy } from './black-hole.fixture.js';
import { SessionLock } from './session-lock.js';

// Found while adding network partitions to the chaos run (docs/operations.md#faults): a lock
// holder cut off from PostgreSQL by a partition closes no socket and gets no error. Waiting for
// notifications, it never learned it was cut off, and went on believing it held its lock after the
// server had dropped its session and a standby had taken the lock over. Now it asks its session
// on a heartbeat, and an answer that does not come marks the lock lost.

/** Resolves with `read()` once it is not null, or null after `timeoutMs`. */
async function until<T>(read: () => T | null, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = read();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

describe('a session lock whose connection falls silent (a network partition)', () => {
  const proxies: BlackHoleProxy[] = [];
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
  });

  it('is marked lost, so its holder steps down, and is released without waiting for the server', async () => {
    const proxy = await startBlackHoleProxy(await createTestDatabase('session_lock'));
    proxies.push(proxy);
    const lock = await SessionLock.acquire(proxy.connectionString, 'test', 'partition', {
      retryMs: 100,
      signal: new AbortController().signal,
      heartbeatMs: 100,
      heartbeatTimeoutMs: 500,
    });
    expect(lock?.lost).toBeNull();
    proxy.blackHole();
    const lost = await until(() => lock?.lost ?? null, 20_000);
    expect(String(lost)).toMatch(/did not answer/);
    await lock?.release();
  }, 30_000);
});
