import { beforeAll, describe, expect, it } from 'vitest';
import { useCatalogue } from '../i18n/catalogue.ts';
import { CATALOGUES, translate } from '../i18n/index.ts';
import { buildTimeline, describeEvent, type TimelineEvent } from './timeline.ts';

const writer = {
  t: (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate('en', key, values),
  date: (iso: string) => `<${iso}>`,
  // Ada has a name; anyone else reads as their id.
  name: (id: string) => (id === 'agent-ada' ? 'Ada Lovelace' : id),
};

const event = (
  version: number,
  type: string,
  data: unknown = {},
  extra: Partial<TimelineEvent> = {},
): TimelineEvent => ({
  version,
  type,
  at: '2026-01-01T10:00:00.000Z',
  actor: { id: 'agent-ada', role: 'agent' },
  reason: null,
  data,
  ...extra,
});
const message = (messageId: string, source: string) => ({ messageId, source, at: '2026-01-01T10:00:00.000Z' });

describe('the ticket timeline', () => {
  // The desk words the values its catalogue has (the layout loads it in the browser).
  beforeAll(() => useCatalogue(CATALOGUES.en));
  it('puts each message where the history recorded it, status moves around it in the log’s order', () => {
    const messages = [
      message('m1', 'description'),
      message('m2', 'transcript'),
      message('m3', 'reply'),
      message('m4', 'reply'),
    ];
    const history = [
      event(1, 'TicketOpened'),
      event(2, 'TicketSlaPolicyApplied'),
      event(3, 'TicketStatusChanged', { from: 'new', to: 'in_progress' }),
      event(4, 'TicketAgentReplied'),
      event(5, 'TicketStatusChanged', { from: 'in_progress', to: 'waiting_customer' }),
      event(6, 'TicketCustomerReplied'),
    ];
    expect(buildTimeline(messages, history).map((entry) => entry.key)).toEqual([
      'message-m1',
      'message-m2',
      'event-2',
      'event-3',
      'message-m3',
      'event-5',
      'message-m4',
    ]);
  });

  it('shows last the messages the history does not reach yet, and skips message events without one', () => {
    expect(
      buildTimeline([message('m1', 'description'), message('m2', 'reply')], [event(1, 'TicketOpened')]).map(
        (e) => e.key,
      ),
    ).toEqual(['message-m1', 'message-m2']);
    expect(
      buildTimeline([message('m1', 'description')], [event(1, 'TicketOpened'), event(2, 'TicketAgentReplied')]).map(
        (e) => e.key,
      ),
    ).toEqual(['message-m1']);
  });

  it('starts a thread read from its newest at its first loaded message, each page adding what came before it', () => {
    const history = [
      event(1, 'TicketOpened', { transcript: [{ from: 'customer' }] }),
      event(2, 'TicketStatusChanged', { from: 'new', to: 'in_progress' }),
      event(3, 'TicketAgentReplied'),
      event(4, 'TicketTagsAdded', { tags: ['vip'] }),
      event(5, 'TicketCustomerReplied'),
      event(6, 'TicketAgentReplied'),
    ];
    const all = [
      message('m1', 'description'),
      message('m2', 'transcript'),
      message('m3', 'reply'),
      message('m4', 'customer'),
      message('m5', 'reply'),
    ];
    const keys = (skipped: number) => buildTimeline(all.slice(skipped), history, skipped).map((entry) => entry.key);
    expect(keys(3)).toEqual(['event-4', 'message-m4', 'message-m5']);
    expect(keys(2)).toEqual(['event-2', 'message-m3', 'event-4', 'message-m4', 'message-m5']);
    // A page boundary inside an opening's transcript: the lines loaded, then what followed.
    expect(keys(1)).toEqual(['message-m2', 'event-2', 'message-m3', 'event-4', 'message-m4', 'message-m5']);
    expect(keys(0)).toEqual(['message-m1', ...keys(1)]);
  });

  it('says why the router chose the agent', () => {
    const routed = event(3, 'TicketAssigned', {
      agentId: 'agent-ada',
      routing: {
        rule: 'best_score',
        candidates: [
          { agentId: 'agent-ada', total: 65 },
          { agentId: 'agent-linus', total: 40 },
        ],
        eligible: 2,
        considered: 3,
      },
    });
    expect(describeEvent(routed, writer)).toEqual({
      tone: 'assignment',
      text: 'Assigned to Ada Lovelace by the router: best score, score 65, 2 of 3 agents eligible',
    });
    expect(
      describeEvent(
        event(4, 'TicketAssigned', { agentId: 'agent-linus' }, { actor: { id: 'sup', role: 'supervisor' } }),
        writer,
      ).text,
    ).toBe('Assigned to agent-linus by sup');
  });

  it('names status moves, closes, escalations, SLA events and calls in the user’s words', () => {
    const text = (type: string, data: unknown, extra: Partial<TimelineEvent> = {}) =>
      describeEvent(event(1, type, data, extra), writer);
    expect(
      text(
        'TicketStatusChanged',
        { from: 'resolved', to: 'closed', closeReason: 'customer_confirmed' },
        { actor: null },
      ),
    ).toEqual({
      tone: 'status',
      text: 'Resolved → Closed (by the automation) (the customer confirmed)',
    });
    expect(text('TicketStatusChanged', { from: 'closed', to: 'in_progress', reopen: true }).text).toBe(
      'Reopened: Closed → In progress (by Ada Lovelace)',
    );
    expect(
      text('TicketAutoClosed', { closeReason: 'no_customer_response', message: 'Closed for lack of response' }).text,
    ).toBe('Closed by the automation (no response from the customer): “Closed for lack of response”');
    expect(text('TicketEscalated', { fromTier: 1, toTier: 2 }, { reason: 'complexity' })).toEqual({
      tone: 'escalation',
      text: 'Escalated from tier 1 to tier 2: complexity',
    });
    expect(text('TicketSlaBreached', { metric: 'first_response', dueAt: '2026-01-01T11:00:00.000Z' })).toEqual({
      tone: 'sla',
      text: 'SLA breached: first response was due <2026-01-01T11:00:00.000Z>',
    });
    expect(text('TicketReminderSent', { n: 2 }).text).toBe('Reminder 2 sent to the customer');
    expect(
      text('TicketCallbackScheduled', { callbackAt: '2026-01-02T09:00:00.000Z', callbackReason: 'Outage' }),
    ).toEqual({
      tone: 'call',
      text: 'Call booked for <2026-01-02T09:00:00.000Z>: Outage',
    });
  });

  it('reads a value or an event type it does not know as it is, rather than failing', () => {
    expect(
      describeEvent(event(1, 'TicketEscalated', { fromTier: 2, toTier: 3 }, { reason: 'a new reason' }), writer).text,
    ).toBe('Escalated from tier 2 to tier 3: a new reason');
    expect(describeEvent(event(1, 'TicketSomethingNew', null), writer)).toEqual({
      tone: 'other',
      text: 'TicketSomethingNew',
    });
  });
});
