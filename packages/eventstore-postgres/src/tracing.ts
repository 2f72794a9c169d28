import { type Attributes, context, type Link, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventMetadata, RecordedEvent } from '@support-engine/eventstore';

/**
 * Runs `work` in an active span named `name` of the tracer named `tracerName`: ended when the work
 * settles, marked as an error (with the exception recorded) when it throws, so spans started
 * inside become its children. Costs nothing until the process registers a tracer provider. The
 * engine's packages share it: this store's appends, the API's requests and commands. The tracer
 * is looked up on each call, not kept: one kept from an earlier provider would keep sending its
 * spans there after the process registers another.
 */
export function inSpan<T>(
  tracerName: string,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  links: readonly Link[] = [],
): Promise<T> {
  return trace.getTracer(tracerName).startActiveSpan(name, { attributes, links: [...links] }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks `span` failed with `message`: for work that reports a failure rather than throwing it. */
export function failSpan(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Links to the spans that wrote `events` (their metadata's W3C `traceparent`), at most `limit`:
 * a batch that applies the events of many requests points at each request's trace.
 */
export function linksToWriters(events: readonly Pick<RecordedEvent, 'metadata'>[], limit = 64): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    const traceparent = event.metadata.traceparent;
    const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
    if (match === null || seen.has(match[2]!)) continue;
    seen.add(match[2]!);
    links.push({
      context: { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true },
    });
    if (links.length === limit) break;
  }
  return links;
}

/**
 * `metadata` with the active span's W3C `traceparent`, so an event names the span that wrote it
 * (what {@link linksToWriters} reads back). Unchanged when nothing is traced.
 */
export function withTraceparent(metadata: EventMetadata): EventMetadata;
export function withTraceparent(metadata: EventMetadata | undefined): EventMetadata | undefined;
export function withTraceparent(metadata: EventMetadata | undefined): EventMetadata | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return metadata;
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  return { ...metadata, traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}` };
}
