import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { workflowSpanSinks } from '@support-engine/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTracing } from './tracing.js';

// What a process with OTEL_EXPORTER_OTLP_ENDPOINT sends: its spans, as OTLP/HTTP, to a real
// HTTP receiver standing in for the collector, nested as they were made.

const received: { path: string; type: string; body: string }[] = [];
const collector = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  request.on('end', () => {
    received.push({ path: request.url ?? '', type: request.headers['content-type'] ?? '', body });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
let endpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('tracing', () => {
  it('sends the spans to the collector under the service name, a child inside its parent', async () => {
    const tracing = installTracing({ endpoint, serviceName: 'support-engine-test' });
    const tracer = trace.getTracer('probe');
    await tracer.startActiveSpan('outer', async (outer) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      tracer.startSpan('inner').end();
      outer.end();
    });
    await tracing.shutdown();
    expect(received.map((request) => request.path)).toContain('/v1/traces');
    const exported = received
      .filter((request) => request.path === '/v1/traces')
      .map((request) => request.body)
      .join('');
    expect(exported).toContain('support-engine-test');
    const spans = JSON.parse(received.find((request) => request.path === '/v1/traces')!.body).resourceSpans.flatMap(
      (resource: { scopeSpans: { spans: { name: string; spanId: string; parentSpanId?: string }[] }[] }) =>
        resource.scopeSpans.flatMap((scope) => scope.spans),
    );
    const outer = spans.find((span: { name: string }) => span.name === 'outer');
    const inner = spans.find((span: { name: string }) => span.name === 'inner');
    expect(inner.parentSpanId).toBe(outer.spanId);
  });

  it('sends the spans a workflow made in the sandbox, with their parent and workflow', async () => {
    received.length = 0;
    const tracing = installTracing({ endpoint, serviceName: 'support-engine-test' });
    const { fn } = workflowSpanSinks(tracing.workflowSpans).exporter.export;
    const traceId = 'a'.repeat(32);
    // As Temporal's workflow interceptors serialize it (OpenTelemetry's 1.x SDK in the sandbox).
    const span = {
      name: 'RunWorkflow:ticketWorkflow',
      kind: 0,
      spanContext: { traceId, spanId: '1'.repeat(16), traceFlags: 1 },
      parentSpanId: '2'.repeat(16),
      startTime: [1_700_000_000, 0],
      endTime: [1_700_000_001, 0],
      status: { code: 1 },
      attributes: {},
      links: [],
      events: [],
      duration: [1, 0],
      ended: true,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
      instrumentationLibrary: { name: '@temporalio/interceptor-workflow' },
    } as Parameters<typeof fn>[1][number];
    const info = { workflowId: 'ticket-1', workflowType: 'ticketWorkflow', runId: 'run-1' };
    fn(info as Parameters<typeof fn>[0], [span]);
    await tracing.shutdown();
    const body = received.find((request) => request.path === '/v1/traces')?.body ?? '{}';
    const [resource] = JSON.parse(body).resourceSpans ?? [];
    expect(JSON.stringify(resource?.resource)).toContain('support-engine-test');
    const [scope] = resource.scopeSpans;
    expect(scope.scope.name).toBe('@temporalio/interceptor-workflow');
    expect(scope.spans[0]).toMatchObject({ name: 'RunWorkflow:ticketWorkflow', parentSpanId: '2'.repeat(16) });
    expect(scope.spans[0].attributes).toContainEqual({ key: 'temporalWorkflowId', value: { stringValue: 'ticket-1' } });
  });
});
