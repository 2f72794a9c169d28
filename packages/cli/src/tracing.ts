import { context, type DiagLogger, DiagLogLevel, diag, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { WorkflowSpanExport } from '@support-engine/workflows';
import type { Logger } from './logger.js';

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

/** At most one warning of each kind per this many milliseconds (a collector that is down fails every batch). */
const WARNING_INTERVAL_MS = 60_000;

/**
 * An SDK message as a person reads it: the exporter hands over its errors serialized as JSON
 * (`{"stack": ..., "message": ...}`), whose message is the line and whose stack is the detail.
 */
function readable(message: string): { text: string; stack: string[] } {
  if (!message.startsWith('{')) return { text: message, stack: [] };
  try {
    const parsed = JSON.parse(message) as { message?: unknown; stack?: unknown };
    if (typeof parsed.message !== 'string') return { text: message, stack: [] };
    return { text: parsed.message, stack: typeof parsed.stack === 'string' ? [parsed.stack] : [] };
  } catch {
    return { text: message, stack: [] };
  }
}

/**
 * OpenTelemetry's own warnings and errors (a batch the collector refused or never received) as
 * warnings of `logger`: the SDK would otherwise drop them silently. Each kind of message is logged
 * at once, then at most once a minute, with how many were left out meanwhile.
 */
function sdkWarnings(logger: Logger): DiagLogger {
  const log = logger.child({ component: 'tracing' });
  const seen = new Map<string, { at: number; suppressed: number }>();
  const warn = (message: string, ...args: unknown[]) => {
    const now = Date.now();
    const last = seen.get(message);
    if (last !== undefined && now - last.at < WARNING_INTERVAL_MS) {
      last.suppressed++;
      return;
    }
    const { text, stack } = readable(message);
    log.warn({ detail: [...stack, ...args.map(String)], suppressed: last?.suppressed ?? 0 }, `tracing: ${text}`);
    seen.set(message, { at: now, suppressed: 0 });
  };
  const ignore = () => {};
  return { error: warn, warn, info: ignore, debug: ignore, verbose: ignore };
}

/**
 * Registers the process's tracer provider: spans batched to the OTLP/HTTP collector, the
 * AsyncLocalStorage context manager (so a request's spans nest across awaits) and the W3C trace
 * context propagator. Without it every span the engine makes is a no-op. Spans the collector does
 * not take are reported as warnings of `logger`.
 */
export function installTracing(config: TracingConfig, logger: Logger): Tracing {
  diag.setLogger(sdkWarnings(logger), DiagLogLevel.WARN);
  const url = new URL('v1/traces', config.endpoint.endsWith('/') ? config.endpoint : `${config.endpoint}/`).href;
  const resource = resourceFromAttributes({ 'service.name': config.serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    workflowSpans: { spanProcessor, resource },
    async shutdown() {
      // The last spans' export failing (the collector gone) must not fail the process's stop.
      await provider.shutdown().catch((error: unknown) => {
        logger.child({ component: 'tracing' }).warn({ err: error }, 'tracing: the last spans were not exported');
      });
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}
