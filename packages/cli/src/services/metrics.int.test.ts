import { enqueue } from '@support-engine/delivery';
import { freePort } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateAll, openDatabases } from './databases.js';
import { createDeliveryMeter, createProjectorMetrics, createWorkerMetrics } from './metrics.js';

// A scrape must not fail whole when the database cannot be read: the counters and process
// metrics kept in memory are what an operator needs during an outage.

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => Promise.all(opened.map((databases) => databases.close())));
const clock = () => new Date();

describe('process metrics', () => {
  it('leave the lag gauges out, and say so, when the database is unreachable, serving the rest', async () => {
    const unreachable = openDatabases(`postgres://postgres@127.0.0.1:${await freePort()}/nowhere`);
    opened.push(unreachable);
    for (const registry of [
      createProjectorMetrics({ databases: unreachable, clock, cacheMs: 0 }),
      createWorkerMetrics({ databases: unreachable, clock, cacheMs: 0 }, 'reactor-x'),
    ]) {
      const text = await registry.metrics();
      expect(text).toMatch(/^support_engine_process_cpu_user_seconds_total \d/m);
      expect(text).toMatch(/^support_engine_(projection|reactor)_lag_readable 0$/m);
      expect(text).not.toMatch(/^support_engine_\w+_lag_(events|seconds)\{/m);
    }
  });

  it('read the lags, and say they could, when it is', async () => {
    const databases = openDatabases(await createTestDatabase('cli_metrics_lag'));
    opened.push(databases);
    await migrateAll(databases);
    const text = await createProjectorMetrics({ databases, clock, cacheMs: 0 }).metrics();
    expect(text).toMatch(/^support_engine_projection_lag_readable 1$/m);
    expect(text).toMatch(/^support_engine_projection_lag_events\{projection="tickets"\} 0$/m);
  });

  it("count the delivery service's attempts by outcome, and show the outbox's backlog", async () => {
    const databases = openDatabases(await createTestDatabase('cli_metrics_delivery'));
    opened.push(databases);
    await migrateAll(databases);
    const queuedAt = new Date(Date.now() - 90_000);
    await enqueue(databases.delivery, [
      {
        deliveryId: 'd-1',
        channel: 'email',
        recipient: 'ana@example.test',
        person: null,
        messageId: 'm-1',
        orderingKey: null,
        position: 1n,
        topic: 'ticket.opened',
        payload: {},
        createdAt: queuedAt,
      },
    ]);
    const meter = createDeliveryMeter();
    const registry = createWorkerMetrics(
      { databases, clock: () => new Date(queuedAt.getTime() + 60_000), cacheMs: 0 },
      null,
      meter,
    );
    const attempt = { attempt: 1, statusCode: null, latencyMs: 1, error: null, finishedAt: new Date() };
    meter.onSettled('webhook', [
      { ...attempt, deliveryId: 'a', outcome: 'delivered', retryAt: null },
      { ...attempt, deliveryId: 'b', outcome: 'failed', retryAt: new Date() },
      { ...attempt, deliveryId: 'c', outcome: 'failed', retryAt: null },
      { ...attempt, deliveryId: 'd', outcome: 'delivered', retryAt: null },
    ]);
    const text = await registry.metrics();
    expect(text).toMatch(/^support_engine_delivery_attempts_total\{channel="webhook",outcome="delivered"\} 2$/m);
    expect(text).toMatch(/^support_engine_delivery_attempts_total\{channel="webhook",outcome="retrying"\} 1$/m);
    expect(text).toMatch(/^support_engine_delivery_attempts_total\{channel="webhook",outcome="dead"\} 1$/m);
    expect(text).toMatch(/^support_engine_deliveries_pending\{channel="email"\} 1$/m);
    expect(text).toMatch(/^support_engine_delivery_oldest_pending_seconds\{channel="email"\} 60$/m);
  });
});
