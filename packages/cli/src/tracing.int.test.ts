import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
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
});
