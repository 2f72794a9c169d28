// The support guide's three reference scenarios (docs/domain.md#reference-scenarios), driven by
// the automation's own schedule: each timer fires exactly when `nextAutomation` says it is due.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { DAY_MS, toMillis } from '../shared/time.js';
import { parseTicketCommand, type TicketCommandInput } from './commands.js';
import type { TicketEvent } from './events.js';
import { ticketDecider } from './index.js';
import { nextAutomation } from './reminders.js';
import type { Ticket } from './state.js';
import { AGENT, CUSTOMER, hour, SAMPLE_COMMANDS, SYSTEM, T0, TICKET_ID } from './ticket.fixture.js';

/** A ticket's story: commands applied one after another, remembering every event. */
class Story {
  readonly history: TicketEvent[] = [];

  get ticket(): Ticket {
    return fold(ticketDecider, this.history) as Ticket;
  }

  act(actor: Actor, now: Date, command: TicketCommandInput): this {
    const events = ticketDecider.decide(parseTicketCommand(command), fold(ticketDecider, this.history), { now, actor });
    this.history.push(...events);
    return this;
  }

  /** Fires the automation's next timer at its due time. */
  fireNextTimer(): Date {
    const due = nextAutomation(this.ticket);
    if (due === null) throw new Error('no timer is scheduled');
    const now = new Date(toMillis(due.dueAt));
    const data =
      due.kind === 'reminder' ? { ticketId: TICKET_ID, n: due.n } : { ticketId: TICKET_ID, reason: due.reason };
    this.act(SYSTEM, now, { type: due.kind === 'reminder' ? 'SendReminder' : 'AutoClose', data } as TicketCommandInput);
    return now;
  }

  statuses(): string[] {
    return [
      'new',
      ...this.history.flatMap((e) =>
        e.type === 'TicketStatusChanged' ? [e.data.to] : e.type === 'TicketAutoClosed' ? ['closed'] : [],
      ),
    ];
  }
}

const status = (to: string, reason?: string) =>
  ({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to, ...(reason ? { reason } : {}) } }) as TicketCommandInput;
const reply = (body: string, nextStatus?: string) =>
  ({
    type: 'ReplyToTicket',
    data: { ticketId: TICKET_ID, body, ...(nextStatus ? { nextStatus } : {}) },
  }) as TicketCommandInput;
const customerSays = (body: string) => ({ type: 'CustomerReply', data: { ticketId: TICKET_ID, body } }) as const;

describe('reference scenarios', () => {
  it('1. simple question: new -> in_progress -> resolved -> closed after the resolved delay', () => {
    const story = new Story()
      .act(CUSTOMER, T0, SAMPLE_COMMANDS.OpenTicket)
      .act(AGENT, hour(1), status('in_progress', 'agent reads the ticket'))
      .act(AGENT, hour(2), reply('Click "Forgot password".', 'resolved'));
    expect(story.ticket.status).toBe('resolved');
    expect(story.fireNextTimer()).toEqual(hour(26));
    expect(story.statuses()).toEqual(['new', 'in_progress', 'resolved', 'closed']);
    expect(story.ticket).toMatchObject({
      status: 'closed',
      closeReason: 'resolved_timeout',
      closedAt: hour(26).toISOString(),
    });
    expect(nextAutomation(story.ticket)).toBeNull();
  });

  it('2. complex problem: new -> in_progress -> waiting_customer -> in_progress -> resolved -> closed', () => {
    const story = new Story()
      .act(CUSTOMER, T0, SAMPLE_COMMANDS.OpenTicket)
      .act(AGENT, hour(1), status('in_progress'))
      .act(AGENT, hour(2), reply('Please send your logs.', 'waiting_customer'))
      .act(CUSTOMER, hour(5), customerSays('Logs attached.'))
      .act(AGENT, hour(8), reply('Fix deployed.', 'resolved'))
      .act(CUSTOMER, hour(9), SAMPLE_COMMANDS.ConfirmResolution);
    expect(story.statuses()).toEqual(['new', 'in_progress', 'waiting_customer', 'in_progress', 'resolved', 'closed']);
    expect(story.ticket).toMatchObject({
      closeReason: 'customer_confirmed',
      firstPublicAgentReplyAt: hour(2).toISOString(),
      lastCustomerMessageAt: hour(5).toISOString(),
      resolvedAt: hour(8).toISOString(),
    });
  });

  it('3. silent customer: reminders at day 3 and 5, closed at day 7 "for lack of response"', () => {
    const story = new Story()
      .act(CUSTOMER, T0, SAMPLE_COMMANDS.OpenTicket)
      .act(AGENT, hour(1), status('in_progress'))
      .act(AGENT, hour(2), reply('Which version do you run?', 'waiting_customer'));
    const fired = [story.fireNextTimer(), story.fireNextTimer(), story.fireNextTimer()];
    expect(fired.map((at) => (at.getTime() - hour(2).getTime()) / DAY_MS)).toEqual([3, 5, 7]);
    expect(story.history.slice(-3)).toMatchObject([
      { type: 'TicketReminderSent', data: { n: 1 } },
      { type: 'TicketReminderSent', data: { n: 2 } },
      {
        type: 'TicketAutoClosed',
        data: { closeReason: 'no_customer_response', message: 'closed for lack of response' },
      },
    ]);
    expect(story.statuses()).toEqual(['new', 'in_progress', 'waiting_customer', 'closed']);
  });
});
