import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type {
  ActivityInput,
  ContinueAsNewInput,
  DisposeInput,
  GetLogAttributesInput,
  Next,
  SignalInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

// The workflow bundle's interceptor module (see `bundle.ts`): Temporal's OpenTelemetry workflow
// interceptors, for the runs and signals whose caller was traced. The caller's client interceptor
// puts its span's W3C `traceparent` in the `_tracer-data` header; without a tracer provider there
// it puts none, and then nothing here loads OpenTelemetry or makes a span: untraced workflows pay
// one header lookup. The choice depends on headers only, which the history keeps, so a replay
// takes the same path as the run it replays.

type OtelWorkflowModule = typeof import('@temporalio/interceptors-opentelemetry/lib/workflow/index.js');

interface Otel {
  readonly inbound: WorkflowInboundCallsInterceptor;
  readonly outbound: WorkflowOutboundCallsInterceptor;
  readonly internals: WorkflowInternalsInterceptor;
}

/** The header Temporal's OpenTelemetry interceptors carry the context in. */
const TRACE_HEADER = '_tracer-data';

function carriesTrace(headers: Headers): boolean {
  const payload = headers[TRACE_HEADER];
  if (payload === undefined) return false;
  const carrier = defaultPayloadConverter.fromPayload<Record<string, unknown> | null>(payload);
  return typeof carrier?.traceparent === 'string';
}

// Module state is per workflow run: the SDK evaluates the bundle's modules again for each run.
let otel: Otel | undefined;
/** Whether this run's start carried a trace: its activities and continue-as-new are then traced too. */
let tracedRun = false;

async function loadOtel(): Promise<Otel> {
  if (otel === undefined) {
    // Eager: webpack puts the module in the bundle (no chunk to load) but evaluates it, with
    // OpenTelemetry's SDK, only on the first traced call.
    const module: OtelWorkflowModule = await import(
      /* webpackMode: "eager" */ '@temporalio/interceptors-opentelemetry/lib/workflow/index.js'
    );
    otel ??= {
      inbound: new module.OpenTelemetryInboundInterceptor(),
      outbound: new module.OpenTelemetryOutboundInterceptor(),
      internals: new module.OpenTelemetryInternalsInterceptor(),
    };
  }
  return otel;
}

class TracingInbound implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    if (!carriesTrace(input.headers)) return next(input);
    tracedRun = true;
    const { inbound } = await loadOtel();
    return inbound.execute!(input, next);
  }

  async handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    if (!carriesTrace(input.headers)) return next(input);
    const { inbound } = await loadOtel();
    return inbound.handleSignal!(input, next);
  }
}

class TracingOutbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    return tracedRun && otel ? otel.outbound.scheduleActivity!(input, next) : next(input);
  }

  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>) {
    return tracedRun && otel ? otel.outbound.continueAsNew!(input, next) : next(input);
  }

  getLogAttributes(input: GetLogAttributesInput, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>) {
    return tracedRun && otel ? otel.outbound.getLogAttributes!(input, next) : next(input);
  }
}

class TracingInternals implements WorkflowInternalsInterceptor {
  dispose(input: DisposeInput, next: Next<WorkflowInternalsInterceptor, 'dispose'>): void {
    if (otel) otel.internals.dispose!(input, next);
    else next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new TracingInbound()],
  outbound: [new TracingOutbound()],
  internals: [new TracingInternals()],
});
