import { randomUUID } from 'node:crypto';
import { context, propagation, type SpanContext, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createDomainEventRegistry, streamId } from '@support-engine/domain';
import { createTicketDecider, TicketCommand } from '@support-engine/domain/ticket';
import { createCommandHandler, type EventMetadata, type RecordedEvent } from '@support-engine/eventstore';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
  withTraceparent,
} from '@support-engine/eventstore-postgres';
import { type RunningDevServer, startTemporalDevServer } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from './bundle.js';
import { loadConfig, type WorkerConfig } from './config.js';
import { type DeliveredEvent, deliverEventSignal, slaStatusQuery, ticketViewQuery } from './contract.js';
import { eventually } from './eventually.fixture.js';
import { AGENT, CUSTOMER } from './harness.fixture.js';
import { tracedClient, workflowSpanSinks } from './tracing.js';
import { type RunningWorker, runWorker } from './worker.js';

// End to end on the real dev server (real time: a resolved ticket auto-closes after 1.5 s): events
// written under requests' spans, the reactor's deliveries and their signals, the workflow run, the
// activity that closes the ticket and the event store's append it makes, and the event it writes.

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
const contextManager = new AsyncLocalStorageContextManager();
const tracer = trace.getTracer('workflow-tracing-test');
let server: RunningDevServer;
let worker: RunningWorker;
let store: PostgresEventStore;
let bundle: WorkflowBundle;
let config: WorkerConfig;
const resource = resourceFromAttributes({ 'service.name': 'test' });

beforeAll(async () => {
  // What the CLI's NodeTracerProvider registers: spans, context across awaits, W3C propagation.
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [processor] }));
  const databaseUrl = await createTestDatabase('workflows_tracing');
  store = createPostgresEventStore({ connectionString: databaseUrl });
  const [devServer, workflowBundle] = await Promise.all([
    startTemporalDevServer({ ui: false }),
    bundleWorkflows(new DefaultLogger('WARN')),
    migrateEventStore(store.db),
  ]);
  server = devServer;
  bundle = workflowBundle;
  config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_TASK_QUEUE: `tracing-${randomUUID()}`,
    UPSERT_SEARCH_ATTRIBUTES: 'false',
    REACTOR_POLL_INTERVAL_MS: '20',
    TICKET_TIMINGS_ANY_DURATION: 'true',
    TICKET_RESOLVED_AUTO_CLOSE_MS: '1500',
    // The run completes soon after the ticket closes, so its `RunWorkflow` span ends in the test
    // (long enough for the reactor to bring back the closing event before it does).
    WORKFLOW_CLOSED_LINGER_MS: '1000',
  });
  worker = await runWorker(config, {
    connection: server.env.nativeConnection,
    client: server.env.client,
    workflowBundle,
    logger: pino({ level: 'warn' }),
    tracing: { spanProcessor: processor, resource },
  });
});

afterAll(async () => {
  await worker?.shutdown();
  await server?.stop();
  await store?.close();
  trace.disable();
  context.disable();
  propagation.disable();
});

const tickets = () =>
  createCommandHandler({ store, decider: createTicketDecider(), registry: createDomainEventRegistry() });

/** Opens ticket `id` as the customer, with `metadata`. */
async function openTicket(id: string, metadata: EventMetadata): Promise<void> {
  const data = { ticketId: id, customerId: CUSTOMER.id, subject: 'S', description: 'D', channel: 'web' };
  await tickets().handle({
    streamId: streamId('ticket', id),
    command: TicketCommand.parse({ type: 'OpenTicket', data }),
    commandId: randomUUID(),
    context: { now: new Date(), actor: CUSTOMER },
    metadata,
  });
}

/** The agent answers ticket `id` and resolves it, with `metadata`: the auto-close is due 1.5 s later. */
async function resolveTicket(id: string, metadata: EventMetadata): Promise<void> {
  await tickets().handle({
    streamId: streamId('ticket', id),
    command: TicketCommand.parse({
      type: 'ReplyToTicket',
      data: { ticketId: id, body: 'Done', nextStatus: 'resolved' },
    }),
    commandId: randomUUID(),
    context: { now: new Date(), actor: AGENT },
    metadata,
  });
}

/** Waits until ticket `id`'s workflow has applied `version` of its stream. */
function applied(id: string, version: number): Promise<unknown> {
  const handle = server.env.client.workflow.getHandle(streamId('ticket', id));
  return eventually(
    `ticket ${id} applied ${version}`,
    () => handle.query(ticketViewQuery),
    (view) => view.version >= version,
  );
}

/** Waits until ticket `id` is auto-closed and its workflow completed; returns the closing event. */
async function autoClosed(id: string): Promise<RecordedEvent> {
  const handle = server.env.client.workflow.getHandle(streamId('ticket', id));
  await eventually(
    `ticket ${id} completed`,
    () => handle.describe(),
    (description) => description.status.name === 'COMPLETED',
  );
  const [closed] = (await store.readStream(streamId('ticket', id))).filter(
    (event) => event.type === 'TicketAutoClosed',
  );
  if (closed === undefined) throw new Error(`ticket ${id} completed without being auto-closed`);
  return closed;
}

/** The one finished span named `name` that satisfies `where`. */
function spanNamed(name: string, where: (span: ReadableSpan) => boolean = () => true): ReadableSpan {
  const spans = exporter.getFinishedSpans().filter((span) => span.name === name && where(span));
  expect(
    spans.map((span) => span.name),
    `spans named ${name}`,
  ).toEqual([name]);
  return spans[0]!;
}

/** Runs `work` in a span of its own, as a request would; returns the span's context. */
function asRequest(work: () => Promise<void>): Promise<SpanContext> {
  return tracer.startActiveSpan('test request', async (span) => {
    await work();
    span.end();
    return span.spanContext();
  });
}

const ids = ({ traceId, spanId }: SpanContext) => ({ traceId, spanId });
const parentOf = (span: ReadableSpan) => span.parentSpanContext && ids(span.parentSpanContext);
const childOf = (parent: ReadableSpan) => (span: ReadableSpan) =>
  span.parentSpanContext?.spanId === parent.spanContext().spanId;
const linkedTo = (writer: SpanContext) => (span: ReadableSpan) =>
  span.links.some((link) => link.context.spanId === writer.spanId);
const ofTicket = (id: string) => (span: ReadableSpan) => span.attributes.temporalWorkflowId === streamId('ticket', id);

describe('workflow traces', () => {
  it('follow the run from the delivery that started it to the event its activity writes', async () => {
    const opening = await asRequest(() => openTicket('traced', withTraceparent({ correlationId: 'request-open' })));
    await applied('traced', 1);
    const reply = await asRequest(() => resolveTicket('traced', withTraceparent({ correlationId: 'request-reply' })));
    const closed = await autoClosed('traced');
    // The workflow's spans leave the sandbox after the task that ended them.
    await eventually(
      'the run span is exported',
      async () => exporter.getFinishedSpans(),
      (spans) => spans.some((span) => span.name === 'RunWorkflow:ticketWorkflow'),
    );

    // The delivery of the opening events: a trace of its own, linked to the request that wrote
    // them; one signal each (Temporal's client interceptor), the first of which started the run.
    const delivery = spanNamed('reactor deliver', linkedTo(opening));
    const traceId = delivery.spanContext().traceId;
    expect(traceId).not.toBe(opening.traceId);
    // In the workflow (made in the sandbox, out through the sink): the run and the signal's
    // handling, children of the signal; the activity's scheduling, a child of the run.
    const run = spanNamed('RunWorkflow:ticketWorkflow', ofTicket('traced'));
    const signal = spanNamed('SignalWithStartWorkflow:ticketWorkflow', (span) => childOf(span)(run));
    expect(parentOf(signal)).toEqual(ids(delivery.spanContext()));
    expect(signal.attributes.temporalWorkflowId).toBe(streamId('ticket', 'traced'));
    spanNamed('HandleSignal:deliverEvent', childOf(signal));
    const scheduled = spanNamed('StartActivity:issueTicketCommand', ofTicket('traced'));
    expect(parentOf(scheduled)).toEqual(ids(run.spanContext()));
    // The activity (the worker's interceptor) and the append it makes.
    const activity = spanNamed('RunActivity:issueTicketCommand', ofTicket('traced'));
    expect(parentOf(activity)).toEqual(ids(scheduled.spanContext()));
    const append = spanNamed('eventstore.append', childOf(activity));
    expect(append.attributes['stream.id']).toBe(streamId('ticket', 'traced'));
    // One trace, the run's, from the delivery to the append.
    for (const span of [signal, run, scheduled, activity, append]) expect(span.spanContext().traceId).toBe(traceId);

    // The reply's delivery is a trace of its own too, and its signal is handled in it.
    const replyDelivery = spanNamed('reactor deliver', linkedTo(reply));
    expect(replyDelivery.spanContext().traceId).not.toBe(traceId);
    const replySignals = exporter
      .getFinishedSpans()
      .filter((span) => span.name === 'SignalWithStartWorkflow:ticketWorkflow' && childOf(replyDelivery)(span));
    expect(replySignals.length).toBeGreaterThan(0);
    for (const replySignal of replySignals) spanNamed('HandleSignal:deliverEvent', childOf(replySignal));

    // The event the activity wrote: in the activity's span; correlated with the request whose
    // event set the timer off (the reply, the last event applied before it fired); caused by
    // the automation's command.
    expect(closed.metadata).toMatchObject({
      traceparent: `00-${traceId}-${activity.spanContext().spanId}-01`,
      correlationId: 'request-reply',
      causationId: closed.metadata.commandId,
    });
    expect(closed.metadata.commandId).toMatch(/^ticket-traced:auto-close-resolved/);

    // The traced run replays (the interceptors decide from the history's headers alone), and
    // its spans are not exported a second time.
    const exported = exporter.getFinishedSpans().length;
    const history = await server.env.client.workflow.getHandle(streamId('ticket', 'traced')).fetchHistory();
    const sinks = workflowSpanSinks({ spanProcessor: processor, resource });
    await Worker.runReplayHistory({ workflowBundle: bundle, sinks }, history, streamId('ticket', 'traced'));
    expect(exporter.getFinishedSpans()).toHaveLength(exported);
  });

  it('correlates an automation with its own command when the causing event has no correlation id', async () => {
    await openTicket('uncorrelated', {});
    await resolveTicket('uncorrelated', {});
    const closed = await autoClosed('uncorrelated');
    expect(closed.metadata.commandId).toMatch(/^ticket-uncorrelated:auto-close-resolved/);
    expect(closed.metadata).toMatchObject({
      correlationId: closed.metadata.commandId,
      causationId: closed.metadata.commandId,
    });
  });

  it('makes no span for a run or a signal whose sender was not traced', async () => {
    await openTicket('source', {});
    const [opened] = await store.readStream(streamId('ticket', 'source'));
    const event: DeliveredEvent = {
      streamId: streamId('ticket', 'direct'),
      version: 1,
      type: opened!.type,
      data: opened!.data,
    };
    const workflowId = streamId('ticket', 'direct');
    const start = { workflowId, taskQueue: config.temporal.taskQueue, args: [{ settings: config.ticket }] };
    // Started and signalled through a client without the interceptor: no trace context in the headers.
    await server.env.client.workflow.signalWithStart('ticketWorkflow', {
      ...start,
      signal: deliverEventSignal,
      signalArgs: [event],
    });
    await applied('direct', 1);
    // Then a traced signal (the same event again, which the workflow ignores): its span, once
    // exported, comes after anything the untraced start and signal could have exported.
    const traced = tracedClient(server.env.client);
    await tracer.startActiveSpan('test signal', async (span) => {
      await traced.workflow.getHandle(workflowId).signal(deliverEventSignal, event);
      span.end();
    });
    const spans = await eventually(
      'the traced signal is handled',
      // The workflow's own spans: the sink adds the workflow's type (the client's span has none).
      async () =>
        exporter
          .getFinishedSpans()
          .filter((span) => ofTicket('direct')(span) && span.attributes.temporalWorkflowType === 'ticketWorkflow'),
      (found) => found.length > 0,
    );
    expect(spans.map((span) => span.name)).toEqual(['HandleSignal:deliverEvent']);
    await server.env.client.workflow.getHandle(workflowId).terminate('test over');
  });
  it("puts a live SLA query (the API's) in the trace of the request that asked", async () => {
    await asRequest(() => openTicket('traced-query', withTraceparent({ correlationId: 'request-query' })));
    await applied('traced-query', 1);
    // The client the API's SLA lookup queries through, on the test server's plain client (as in dev).
    const api = tracedClient(server.env.client);
    let answer: unknown;
    const request = await asRequest(async () => {
      answer = await api.workflow.getHandle(streamId('ticket', 'traced-query')).query(slaStatusQuery);
    });
    expect(answer).toMatchObject({ policyId: expect.any(String) });
    const query = spanNamed('QueryWorkflow:slaStatus', (span) => span.spanContext().traceId === request.traceId);
    expect(parentOf(query)).toEqual(ids(request));
    expect(query.attributes.temporalWorkflowId).toBe(streamId('ticket', 'traced-query'));
    await server.env.client.workflow.getHandle(streamId('ticket', 'traced-query')).terminate('test over');
  });
});
