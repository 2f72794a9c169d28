import { DAY_MS, streamId, toInstant } from '@support-engine/domain';
import { START } from '@support-engine/eventstore';
import { type ActivityInterceptorsFactory, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRequest } from './activities.js';
import { bundleWorkflows } from './bundle.js';
import {
  AGENT,
  agentReplies,
  expectAtDueTimes,
  type Harness,
  instantOf,
  openTicket,
  startHarness,
} from './harness.fixture.js';
import { createPostgresReactorCheckpoints } from './reactor-checkpoints.js';

let bundle: WorkflowBundle;
let harness: Harness;

beforeAll(async () => {
  bundle = await bundleWorkflows(new DefaultLogger('WARN'));
});

// A test server for each test: both stop workers, and after the first the time-skipping test
// server sometimes stopped skipping time for good (seen on a loaded machine in about one run in
// ten: the second test's timers never fired, its sleep never returned). Alone, it never did.
beforeEach(async () => {
  harness = await startHarness({}, bundle);
});

afterEach(async () => {
  await harness?.close();
});

/**
 * Simulates a worker dying right after an activity's write committed and before Temporal heard
 * of it: the first attempt of the matching command writes, then fails, so Temporal retries it.
 */
function crashAfterWrite(commandIdPart: string): { factory: ActivityInterceptorsFactory; crashes: () => number } {
  let crashes = 0;
  const factory: ActivityInterceptorsFactory = () => ({
    inbound: {
      async execute(input, next) {
        const result = await next(input);
        const request = input.args[0] as Partial<CommandRequest<unknown>> | undefined;
        if (crashes === 0 && request?.commandId?.includes(commandIdPart)) {
          crashes++;
          throw new Error('simulated crash after the write');
        }
        return result;
      },
    },
  });
  return { factory, crashes: () => crashes };
}

describe('crash safety', () => {
  it('sends each reminder and closes once across a retried activity and a restarted worker and reactor', async () => {
    const id = 'crashy';
    const stream = streamId('ticket', id);
    const crash = crashAfterWrite('reminder-1');
    // No workflow cache, hence no sticky task queue: the test server never times out a dead
    // worker's sticky queue, so the restarted worker would not get this workflow's tasks.
    // Every workflow task then replays the history from scratch, which also stresses determinism.
    const first = await harness.startWorker({
      workerOptions: { maxCachedWorkflows: 0, interceptors: { activity: [crash.factory] } },
    });
    await openTicket(harness, id);
    await agentReplies(harness, id, 'waiting_customer');
    await harness.ticketApplied(id, 4);
    const [, waiting] = await harness.events(stream, 'TicketStatusChanged');
    const since = Date.parse(String(waiting!.data.at));

    // Day 3: reminder 1 is written, its activity "crashes" and is retried.
    await harness.env.sleep(3 * DAY_MS + 60_000);
    await harness.ticketApplied(id, 5);
    expect(crash.crashes()).toBe(1);

    // Worker and reactor go down between reminder 1 and reminder 2; an agent writes meanwhile.
    await first.shutdown();
    await harness.ticket(
      id,
      { type: 'ReplyToTicket', data: { ticketId: id, body: 'note', visibility: 'internal' } },
      AGENT,
    );
    // As if the reactor had crashed before ever saving its checkpoint: it re-delivers everything.
    await createPostgresReactorCheckpoints(harness.store.db).save(harness.config.reactor.name, START);

    const second = await harness.startWorker();
    await harness.ticketApplied(id, 6);
    await harness.env.sleep(5 * DAY_MS);
    await harness.completed(stream);

    const reminders = await harness.events(stream, 'TicketReminderSent');
    expect(reminders.map((event) => event.data.n)).toEqual([1, 2]);
    expectAtDueTimes(reminders, [since + 3 * DAY_MS, since + 5 * DAY_MS]);
    expectAtDueTimes(await harness.events(stream, 'TicketAutoClosed'), [since + 7 * DAY_MS]);
    expect(reminders.map((event) => event.metadata.commandId)).toEqual([
      `${stream}:reminder-1@${toInstant(since)}`,
      `${stream}:reminder-2@${toInstant(since)}`,
    ]);
    expect(await harness.events(stream, 'TicketStatusChanged', 'TicketAgentReplied')).toHaveLength(4);
    await harness.recordHistory(stream);
    await second.shutdown();
  });

  // A deployment changes its ticket timings while tickets wait and restarts: their workflows keep
  // the timings they were started with, the restarted worker's domain counts with the new ones.
  it('waits for a reminder the restarted worker counts due later, instead of losing it and the whole schedule', async () => {
    const id = 'moved';
    const stream = streamId('ticket', id);
    // No workflow cache, as above: the restarted worker must get this workflow's tasks.
    const before = await harness.startWorker({ workerOptions: { maxCachedWorkflows: 0 } });
    await openTicket(harness, id);
    await agentReplies(harness, id, 'waiting_customer');
    await harness.ticketApplied(id, 4);
    const [, waiting] = await harness.events(stream, 'TicketStatusChanged');
    const since = instantOf(waiting);
    await before.shutdown();

    // The first reminder moves from day 3 to day 4; the workflow's timer still falls on day 3.
    const { config } = harness;
    const timings = { ...config.ticket.timings, firstReminderAfterMs: 4 * DAY_MS };
    await harness.startWorker({}, { ...config, ticket: { ...config.ticket, timings } });
    await harness.env.sleep(9 * DAY_MS);

    // Refused on day 3 as not due, reminder 1 goes out on day 4, when the domain counts it due
    // (before, the refusal spent the timer: neither reminder nor the close ever went out). The
    // steps after it keep the spacing the workflow was started with (2 days each), so every notice
    // the customer was given holds.
    const reminders = await harness.events(stream, 'TicketReminderSent');
    expect(reminders.map((event) => event.data.n)).toEqual([1, 2]);
    expectAtDueTimes(reminders, [since + 4 * DAY_MS, since + 6 * DAY_MS]);
    expectAtDueTimes(await harness.events(stream, 'TicketAutoClosed'), [since + 8 * DAY_MS]);
    await harness.completed(stream);
    await harness.recordHistory(stream);
  });
});
