import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createDomainEventRegistry } from '@support-engine/domain';
import { parseTicketCommand, ticketDecider } from '@support-engine/domain/ticket';
import { createCommandHandler } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from './projector.js';
import { createTicketsProjection } from './read-models/tickets/projection.js';
import { createHarness, type Harness, T0 } from './testing/harness.fixture.js';

// A projector batch is a span of its own, linked to the spans that wrote its events (their
// `traceparent`), so a trace of a request leads on to the batches that applied what it wrote.

const exporter = new InMemorySpanExporter();
let h: Harness;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
  trace.disable();
});

const WRITERS = [
  { traceId: 'a'.repeat(32), spanId: '1'.repeat(16) },
  { traceId: 'b'.repeat(32), spanId: '2'.repeat(16) },
];

describe('projector traces', () => {
  it('applies a batch in one span linked to each writer of its events', async () => {
    const handler = createCommandHandler({
      store: h.store,
      decider: ticketDecider,
      registry: createDomainEventRegistry(),
    });
    for (const [i, writer] of WRITERS.entries()) {
      const command = parseTicketCommand({
        type: 'OpenTicket',
        data: { ticketId: `traced-${i}`, customerId: 'c', subject: 'S', description: 'D', channel: 'web' },
      });
      await handler.handle({
        streamId: `ticket-traced-${i}`,
        command,
        commandId: `traced-${i}`,
        context: { now: T0, actor: { id: 'c', role: 'customer' } },
        metadata: { traceparent: `00-${writer.traceId}-${writer.spanId}-01` },
      });
    }
    // One event without a writer's span: it adds no link.
    const untraced = parseTicketCommand({
      type: 'OpenTicket',
      data: { ticketId: 'untraced', customerId: 'c', subject: 'S', description: 'D', channel: 'web' },
    });
    await handler.handle({
      streamId: 'ticket-untraced',
      command: untraced,
      commandId: 'untraced',
      context: { now: T0, actor: { id: 'c', role: 'customer' } },
    });

    await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });
    const batches = exporter.getFinishedSpans().filter((span) => span.name === 'projection tickets');
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.reduce((sum, span) => sum + Number(span.attributes['events.count']), 0)).toBe(3);
    const links = batches.flatMap((span) => span.links.map((link) => link.context));
    expect(links.map(({ traceId, spanId }) => ({ traceId, spanId }))).toEqual(WRITERS);
  });
});
