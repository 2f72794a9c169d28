import { randomUUID } from 'node:crypto';
import { type Actor, createDomainEventRegistry, streamId } from '@support-engine/domain';
import { type ChatCommand, createChatDecider } from '@support-engine/domain/chat';
import { createTicketDecider, TicketCommand, type TicketCommandInput } from '@support-engine/domain/ticket';
import { createCommandHandler } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { type RunningDevServer, startTemporalDevServer } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { DefaultLogger } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from './bundle.js';
import { loadConfig } from './config.js';
import { ticketViewQuery } from './contract.js';
import { eventually } from './eventually.fixture.js';
import { AGENT, CUSTOMER } from './harness.fixture.js';
import { SlaStateAttribute, WORKFLOW_SEARCH_ATTRIBUTES } from './search-attributes.js';
import { type RunningWorker, runWorker } from './worker.js';

// End to end on the real `temporal server start-dev` (real time, real visibility), with the
// typed search attributes registered as the dev command does: the time-skipping test server
// rejects custom search attributes, so this is where they are proven.

let server: RunningDevServer;
let worker: RunningWorker;
let store: ReturnType<typeof createPostgresEventStore>;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase('workflows_e2e');
  store = createPostgresEventStore({ connectionString: databaseUrl });
  const [devServer, workflowBundle] = await Promise.all([
    startTemporalDevServer({ ui: false, searchAttributes: [...WORKFLOW_SEARCH_ATTRIBUTES] }),
    bundleWorkflows(new DefaultLogger('WARN')),
    migrateEventStore(store.db),
  ]);
  server = devServer;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_TASK_QUEUE: `e2e-${randomUUID()}`,
    REACTOR_POLL_INTERVAL_MS: '20',
    // Small enough that a busy ticket continues as new during the test.
    WORKFLOW_MAX_HISTORY_EVENTS: '60',
  });
  worker = await runWorker(config, {
    connection: server.env.nativeConnection,
    client: server.env.client,
    workflowBundle,
    logger: pino({ level: 'warn' }),
  });
});

afterAll(async () => {
  await worker?.shutdown();
  await server?.stop();
  await store?.close();
});

const tickets = () =>
  createCommandHandler({ store, decider: createTicketDecider(), registry: createDomainEventRegistry() });

async function act(command: TicketCommandInput, actor: Actor): Promise<void> {
  const parsed = TicketCommand.parse(command);
  const context = { now: new Date(), actor };
  await tickets().handle({
    streamId: streamId('ticket', parsed.data.ticketId),
    command: parsed,
    context,
    commandId: randomUUID(),
  });
}

async function openWaitingTicket(id: string): Promise<void> {
  const data = {
    ticketId: id,
    customerId: CUSTOMER.id,
    subject: 'Printer on fire',
    description: 'Help',
    channel: 'web' as const,
  };
  await act({ type: 'OpenTicket', data: { ...data, priority: 'high' } }, CUSTOMER);
  await act(
    { type: 'ReplyToTicket', data: { ticketId: id, body: 'Which model?', nextStatus: 'waiting_customer' } },
    AGENT,
  );
}

async function listIds(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of server.env.client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids;
}

describe('ticket workflow on the dev server', () => {
  it('is filterable by its typed search attributes and shows its static summary', async () => {
    await openWaitingTicket('e2e');
    const workflowId = streamId('ticket', 'e2e');

    const waiting = await eventually(
      'the ticket is listed as waiting_customer',
      () => listIds(`TicketStatus = 'waiting_customer' AND CustomerId = '${CUSTOMER.id}'`),
      (ids) => ids.includes(workflowId),
    );
    expect(waiting).toContain(workflowId);
    expect(await listIds(`TicketStatus = 'waiting_customer' AND TicketPriority = 'urgent'`)).not.toContain(workflowId);

    const description = await server.env.client.workflow.getHandle(workflowId).describe();
    expect(await description.staticSummary()).toBe('Printer on fire (priority high)');
    // Waiting for the customer pauses the resolution clock (the first response was given).
    expect(description.typedSearchAttributes.get(SlaStateAttribute)).toBe('paused');
  });

  it('continues as new and keeps its folded state', async () => {
    await openWaitingTicket('busy');
    const handle = server.env.client.workflow.getHandle(streamId('ticket', 'busy'));
    const applied = (version: number) =>
      eventually(
        `the busy ticket applied version ${version}`,
        () => handle.query(ticketViewQuery),
        (v) => v.version === version,
      );
    // One event at a time, so each becomes its own workflow task and the history grows past the bound.
    for (let n = 1; n <= 15; n++) {
      await act(
        { type: 'ReplyToTicket', data: { ticketId: 'busy', body: `note ${n}`, visibility: 'internal' } },
        AGENT,
      );
      await applied(4 + n);
    }
    const view = await applied(19);
    expect(view.ticket).toMatchObject({ status: 'waiting_customer', remindersSent: 0 });
    const history = await handle.fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.continuedExecutionRunId, 'the current run continues an earlier one').toBeTruthy();
    const ids = await eventually(
      'the continued ticket is still filterable',
      () => listIds(`TicketStatus = 'waiting_customer' AND WorkflowId = '${streamId('ticket', 'busy')}'`),
      (found) => found.length > 0,
    );
    expect(ids).toContain(streamId('ticket', 'busy'));
  });
});

describe('chat workflow on the dev server', () => {
  it('is filterable by its status, its agent and its customer', async () => {
    const chats = createCommandHandler({ store, decider: createChatDecider(), registry: createDomainEventRegistry() });
    const chat = (command: ChatCommand, actor: Actor) =>
      chats.handle({
        streamId: streamId('chat', 'live'),
        command,
        context: { now: new Date(), actor },
        commandId: randomUUID(),
      });
    const workflowId = streamId('chat', 'live');
    await chat({ type: 'StartChat', data: { chatId: 'live', customerId: CUSTOMER.id, priority: 'medium' } }, CUSTOMER);
    const waiting = await eventually(
      'the chat is listed as waiting',
      () => listIds(`ChatStatus = 'waiting' AND CustomerId = '${CUSTOMER.id}'`),
      (ids) => ids.includes(workflowId),
    );
    expect(waiting).toContain(workflowId);

    await chat({ type: 'AcceptChat', data: { chatId: 'live' } }, AGENT);
    const active = await eventually(
      'the chat is listed as active with its agent',
      () => listIds(`ChatStatus = 'active' AND AssigneeId = '${AGENT.id}'`),
      (ids) => ids.includes(workflowId),
    );
    expect(active).toContain(workflowId);
    expect(await listIds(`ChatStatus = 'waiting'`)).not.toContain(workflowId);
  });
});
