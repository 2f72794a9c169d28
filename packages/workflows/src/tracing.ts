import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client/index.js';
import { OpenTelemetryActivityInboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import type {
  OpenTelemetrySinks,
  SerializableSpan,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';

// Temporal's OpenTelemetry interceptors carry the trace from the reactor's signal into the
// workflow and from the workflow into its activities (the `_tracer-data` header). Client and
// activity interceptors use the process's tracer provider: no-ops until one is registered.
// Workflow spans are made inside the workflow sandbox and leave it through a sink (see
// `workflows/tracing-interceptors.ts`): the process hands them to its span processor.

/**
 * Where the spans the workflows make go: the span processor and resource of the process's
 * tracer provider (the CLI's `installTracing` gives them when tracing is on).
 */
export interface WorkflowSpanExport {
  readonly spanProcessor: Pick<SpanProcessor, 'onEnd'>;
  readonly resource: Resource;
}

/**
 * A client on `connected`'s connection (and namespace, unless given) whose every call (start,
 * signal, query) is a span in the caller's trace, its context in the headers. The reactor signals
 * through one, and the API's SLA lookup queries through one.
 */
export function tracedClient(connected: Client, namespace: string = connected.options.namespace): Client {
  return new Client({
    connection: connected.connection,
    namespace,
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
}

/** The activity interceptor: each execution a span, a child of the workflow's `StartActivity` span. */
export function tracingActivityInterceptors(): NonNullable<WorkerInterceptors['activity']> {
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) })];
}

/**
 * The sink the workflow interceptors export their spans through. Registered even when tracing is
 * off (it then drops them), so a traced history replayed by an untraced worker logs no
 * "unregistered sink" errors. Not called while a workflow replays: its spans went out the first time.
 */
export function workflowSpanSinks(to: WorkflowSpanExport | undefined): InjectedSinks<OpenTelemetrySinks> {
  return {
    exporter: {
      export: {
        fn: (info, spans) => {
          if (to === undefined) return;
          const workflow = {
            temporalWorkflowId: info.workflowId,
            temporalWorkflowType: info.workflowType,
            run_id: info.runId,
          };
          for (const span of spans) to.spanProcessor.onEnd(readableSpan(span, workflow, to.resource));
        },
        callDuringReplay: false,
      },
    },
  };
}

/**
 * A span from the sandbox as this process's SDK reads it. The interceptors package makes its
 * spans with OpenTelemetry's 1.x SDK (`parentSpanId`, `instrumentationLibrary`); the engine's
 * processors and exporters are 2.x (`parentSpanContext`, `instrumentationScope`).
 */
function readableSpan(span: SerializableSpan, workflow: Record<string, string>, resource: Resource): ReadableSpan {
  const { traceState: _serializedState, ...context } = span.spanContext;
  const parentSpanContext =
    span.parentSpanId === undefined
      ? undefined
      : { traceId: context.traceId, spanId: span.parentSpanId, traceFlags: context.traceFlags };
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: { ...span.attributes, ...workflow },
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource,
    instrumentationScope: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
