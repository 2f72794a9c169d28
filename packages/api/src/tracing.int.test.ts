import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_ID_HEADER } from './request-id.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';

// With a tracer provider registered (the CLI's when OTEL_EXPORTER_OTLP_ENDPOINT is set; here an
// in-memory one), a mutation is one trace: the request's span, named after its operation, the
// command's span inside it, the event store's append inside that; and the events the command
// wrote name the command's span in their `traceparent`, beside the request's correlation id.

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();
let h: ApiHarness;
let customer: string;
let admin: string;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  h = await createApiHarness();
  customer = await h.token('customer', 'cust-otel');
  admin = await h.token('admin', 'admin-otel');
  await h.gql('mutation { registerAgent(input: { agentId: "agent-otel", name: "Otto" }) { id } }', {}, admin);
});
afterAll(async () => {
  await h?.close();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

async function post(query: string, token: string, requestId: string) {
  const response = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [REQUEST_ID_HEADER]: requestId },
    payload: JSON.stringify({ query }),
  });
  expect(response.json().errors).toBeUndefined();
  return response.json().data;
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const byName = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);

describe('traces', () => {
  it('nests the append in the command in the request, and writes the command span into the events', async () => {
    const data = await post(
      'mutation OpenIt { openTicket(input: { customerId: "cust-otel", subject: "Trace", description: "x", channel: web }) { id } }',
      customer,
      'otel-1',
    );
    const [request] = byName('graphql.mutation OpenIt');
    const [command] = byName('command OpenTicket');
    const [append] = byName('eventstore.append');
    expect(request).toBeDefined();
    expect(request!.attributes).toMatchObject({
      'graphql.operation.type': 'mutation',
      'graphql.fields': ['openTicket'],
      'http.request.id': 'otel-1',
    });
    expect(command!.attributes).toMatchObject({
      'command.type': 'OpenTicket',
      'stream.id': `ticket-${data.openTicket.id}`,
    });
    expect(parentOf(command!)).toBe(request!.spanContext().spanId);
    expect(parentOf(append!)).toBe(command!.spanContext().spanId);
    const traceId = request!.spanContext().traceId;
    expect(command!.spanContext().traceId).toBe(traceId);
    expect(append!.spanContext().traceId).toBe(traceId);

    const { rows } = await sql<{ metadata: Record<string, string> }>`
      select metadata from events where stream_id = ${`ticket-${data.openTicket.id}`}`.execute(h.store.db);
    expect(rows[0]!.metadata).toMatchObject({
      correlationId: 'otel-1',
      traceparent: `00-${traceId}-${command!.spanContext().spanId}-01`,
    });
  });

  it('traces a hand-over on both streams under one command span, and a refusal as an error', async () => {
    const opened = await post(
      'mutation { openTicket(input: { customerId: "cust-otel", subject: "Hand me over", description: "x", channel: web }) { id } }',
      customer,
      'otel-2',
    );
    exporter.reset();
    await post(
      `mutation { assignTicket(input: { ticketId: "${opened.openTicket.id}", agentId: "agent-otel" }) { id } }`,
      admin,
      'otel-3',
    );
    // An anonymous operation's span is named after its root field.
    expect(byName('graphql.mutation assignTicket')).toHaveLength(1);
    const [command] = byName('command AssignTicket');
    const appends = byName('eventstore.append');
    expect(appends.length).toBeGreaterThanOrEqual(2);
    for (const append of appends) expect(parentOf(append)).toBe(command!.spanContext().spanId);
    const { rows } = await sql<{ stream: string; traceparent: string }>`
      select split_part(stream_id, '-', 1) as stream, metadata->>'traceparent' as traceparent from events
      where metadata->>'correlationId' = 'otel-3'`.execute(h.store.db);
    expect(new Set(rows.map((row) => row.stream))).toEqual(new Set(['agent', 'ticket']));
    for (const row of rows) expect(row.traceparent).toContain(command!.spanContext().spanId);

    // A second registration of the same agent: the decider refuses it, and its span says so.
    exporter.reset();
    const refused = await h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      payload: JSON.stringify({
        query: 'mutation { registerAgent(input: { agentId: "agent-otel", name: "Otto" }) { id } }',
      }),
    });
    expect(refused.json().errors).toBeDefined();
    const failed = byName('command RegisterAgent');
    expect(failed).toHaveLength(1);
    expect(byName('eventstore.append')).toHaveLength(0);
    expect(failed[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });
});
