import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from './dispatcher.js';
import { createOutboxDb, put, webhookDelivery } from './testing/outbox-db.fixture.js';

// Each delivery attempt is a span of its own, so a trace shows what was sent, how it went and how
// long it took.

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(() => {
  trace.disable();
});

describe('delivery traces', () => {
  it('records each attempt in a span: its delivery, channel and outcome, a failure marked as one', async () => {
    const { db } = await createOutboxDb('delivery_tracing');
    const [ok, refused] = [webhookDelivery('hooks-ok', 't1', 1), webhookDelivery('hooks-down', 't2', 1)];
    await put(db, [ok, refused]);
    const run = new AbortController();
    const running = createDispatcher({
      db,
      sender: {
        channel: 'webhook',
        send: async (delivery) =>
          delivery.recipient === 'hooks-ok'
            ? { ok: true, statusCode: 200 }
            : { ok: false, outcome: 'failed', statusCode: 503, error: 'HTTP 503', permanent: false },
      },
      retry: { baseMs: 60_000, capMs: 60_000, giveUpAfterMs: 3_600_000 },
      logger: pino({ level: 'silent' }),
      concurrency: 4,
      perRecipient: 1,
      leaseMs: 5_000,
      pollIntervalMs: 20,
    }).run(run.signal);
    await expect.poll(() => exporter.getFinishedSpans().length, { timeout: 10_000 }).toBe(2);
    run.abort();
    await running;
    await db.destroy();
    const spans = exporter
      .getFinishedSpans()
      .map((span) => ({ name: span.name, attributes: span.attributes, status: span.status.code }))
      .sort((a, b) => String(a.attributes['delivery.id']).localeCompare(String(b.attributes['delivery.id'])));
    expect(spans).toEqual([
      {
        name: 'delivery webhook',
        attributes: {
          'delivery.id': ok.deliveryId,
          'delivery.channel': 'webhook',
          'delivery.topic': 'TicketAgentReplied',
          'delivery.attempt': 1,
          'delivery.outcome': 'delivered',
          'delivery.status_code': 200,
        },
        status: 0,
      },
      {
        name: 'delivery webhook',
        attributes: {
          'delivery.id': refused.deliveryId,
          'delivery.channel': 'webhook',
          'delivery.topic': 'TicketAgentReplied',
          'delivery.attempt': 1,
          'delivery.outcome': 'failed',
          'delivery.status_code': 503,
        },
        status: 2,
      },
    ]);
  });
});
