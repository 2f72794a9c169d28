import { DAY_MS, streamId } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentReplies,
  expectAtDueTimes,
  type Harness,
  instantOf,
  openTicket,
  startHarness,
} from './harness.fixture.js';

// A deployment changes its ticket timings while tickets wait: their workflows keep the timings
// they were started with, the restarted worker's domain counts with the new ones.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const stream = (id: string) => streamId('ticket', id);

describe('ticket workflow: timings changed under a waiting ticket', () => {
  it('waits for the reminder the domain counts due later, instead of losing it and the whole schedule', async () => {
    // No workflow cache, hence no sticky task queue, which the test server would keep for the
    // stopped worker (see crash.int.test.ts).
    const before = await harness.startWorker({ workerOptions: { maxCachedWorkflows: 0 } });
    await openTicket(harness, 'moved');
    await agentReplies(harness, 'moved', 'waiting_customer');
    await harness.ticketApplied('moved', 4);
    const [, waiting] = await harness.events(stream('moved'), 'TicketStatusChanged');
    const since = instantOf(waiting);
    await before.shutdown();

    // The first reminder moves from day 3 to day 4; the workflow's timer still falls on day 3.
    const { timings } = harness.config.ticket;
    await harness.startWorker(
      {},
      {
        ...harness.config,
        ticket: { ...harness.config.ticket, timings: { ...timings, firstReminderAfterMs: 4 * DAY_MS } },
      },
    );
    await harness.env.sleep(9 * DAY_MS);

    // Refused on day 3 as not due, reminder 1 goes out on day 4, when the domain counts it due
    // (before, the refusal spent the timer: neither reminder nor the close ever went out). The
    // steps after it keep the spacing the workflow was started with (2 days each), so every notice
    // the customer was given holds.
    const reminders = await harness.events(stream('moved'), 'TicketReminderSent');
    expect(reminders.map((event) => event.data.n)).toEqual([1, 2]);
    expectAtDueTimes(reminders, [since + 4 * DAY_MS, since + 6 * DAY_MS]);
    expectAtDueTimes(await harness.events(stream('moved'), 'TicketAutoClosed'), [since + 8 * DAY_MS]);
    await harness.completed(stream('moved'));
    await harness.recordHistory(stream('moved'));
  });
});
