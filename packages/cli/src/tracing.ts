import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { WorkflowSpanExport } from '@support-engine/workflows';

/** Where a process sends its traces: an OTLP/HTTP collector, and the name it reports under. */
export interface TracingConfig {
  /** The collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<endpoint>/v1/traces`. */
  readonly endpoint: string;
  /** `OTEL_SERVICE_NAME`; `support-engine` by default. */
  readonly serviceName: string;
}

/** A registered tracer provider; `shutdown` sends the spans still buffered, then stops. */
export interface Tracing {
  /**
   * Its span processor and resource, for the spans the workflows make in Temporal's sandbox
   * (outside the provider's reach): a worker hands them on (`runWorker`'s `tracing`).
   */
  readonly workflowSpans: WorkflowSpanExport;
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider: spans batched to the OTLP/HTTP collector, the
 * AsyncLocalStorage context manager (so a request's spans nest across awaits) and the W3C trace
 * context propagator. Without it every span the engine makes is a no-op.
 */
export function installTracing(config: TracingConfig): Tracing {
  const url = new URL('v1/traces', config.endpoint.endsWith('/') ? config.endpoint : `${config.endpoint}/`).href;
  const resource = resourceFromAttributes({ 'service.name': config.serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    workflowSpans: { spanProcessor, resource },
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}
