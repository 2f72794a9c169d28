import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createDomainEventRegistry } from '@support-engine/domain';
import { parseTicketCommand, ticketDecider } from '@support-engine/domain/ticket';
import { createCommandHandler } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.fixture.js';

// The reactor delivers each batch of the log in a span of its own, linked to the spans that wrote
// the batch's events (their `traceparent`): from a request's trace to the signal its events sent.

const exporter = new InMemorySpanExporter();
let harness: Harness;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
  trace.disable();
});

describe('reactor traces', () => {
  it('links its delivery span to the span that wrote the event', async () => {
    const writer = { traceId: 'c'.repeat(32), spanId: '3'.repeat(16) };
    const handler = createCommandHandler({
      store: harness.store,
      decider: ticketDecider,
      registry: createDomainEventRegistry(),
    });
    await handler.handle({
      streamId: 'ticket-traced-reactor',
      command: parseTicketCommand({
        type: 'OpenTicket',
        data: { ticketId: 'traced-reactor', customerId: 'c', subject: 'S', description: 'D', channel: 'web' },
      }),
      commandId: 'traced-reactor',
      context: { now: new Date(await harness.now()), actor: { id: 'c', role: 'customer' } },
      metadata: { traceparent: `00-${writer.traceId}-${writer.spanId}-01` },
    });
    await harness.startWorker();
    await harness.ticketApplied('traced-reactor', 1);
    const deliveries = exporter.getFinishedSpans().filter((span) => span.name === 'reactor deliver');
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    const links = deliveries.flatMap((span) => span.links.map(({ context }) => context));
    expect(links.map(({ traceId, spanId }) => ({ traceId, spanId }))).toContainEqual(writer);
  });
});
