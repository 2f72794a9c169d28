import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { workflowSpanSinks } from '@support-engine/workflows';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
const quiet = pino({ level: 'silent' });

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('tracing', () => {
  it('sends the spans to the collector under the service name, a child inside its parent', async () => {
    const tracing = installTracing({ endpoint, serviceName: 'support-engine-test' }, quiet);
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
    const tracing = installTracing({ endpoint, serviceName: 'support-engine-test' }, quiet);
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

  it('warns, in the log, when the collector does not take the spans, and still stops', async () => {
    const refusing = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(400).end());
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const warnings = () => lines.map((line) => JSON.parse(line) as { level: number; component: string; msg: string });
    // Batches leave every 50 ms here (5 s by default), so the failure shows while the process runs.
    process.env.OTEL_BSP_SCHEDULE_DELAY = '50';
    const tracing = installTracing(
      { endpoint: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`, serviceName: 'support-engine-test' },
      logger,
    );
    delete process.env.OTEL_BSP_SCHEDULE_DELAY;
    trace.getTracer('probe').startSpan('lost').end();
    await vi.waitFor(
      () =>
        expect(
          warnings()
            .map((warning) => warning.msg)
            .join('\n'),
        ).toMatch(/Bad Request/),
      {
        timeout: 10_000,
      },
    );
    trace.getTracer('probe').startSpan('lost too').end();
    await tracing.shutdown();
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
    for (const warning of warnings()) expect(warning).toMatchObject({ level: 40, component: 'tracing' });
    // The exporter's errors arrive serialized as JSON: the line is their message, not the JSON.
    for (const warning of warnings()) expect(warning.msg).not.toMatch(/^tracing: \{/);
  });
});
