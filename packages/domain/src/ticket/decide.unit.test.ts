import { describe, expect, it } from 'vitest';
import type { RoutingExplanation } from '../routing/explanation.js';
import type { Actor } from '../shared/actor.js';
import type { TicketCommand } from './commands.js';
import { URGENT_IN_PROGRESS_REASON } from './decide.js';
import type { TicketEvent } from './events.js';
import type { TicketStatus } from './lifecycle.js';
import {
  ADMIN,
  AGENT,
  AUDITOR,
  by,
  CUSTOMER,
  day,
  given,
  historyIn,
  hour,
  OTHER_CUSTOMER,
  opened,
  SAMPLE_COMMANDS,
  SUPERVISOR,
  SYSTEM,
  T0,
  TICKET_ID,
} from './ticket.fixture.js';

const COMMAND_TYPES = Object.keys(SAMPLE_COMMANDS) as TicketCommand['type'][];
const reply = (
  body: string,
  extra: {
    visibility?: 'public' | 'internal';
    nextStatus?: Exclude<TicketStatus, 'new'>;
    closeReason?: 'manual' | 'no_customer_response';
  } = {},
) => ({ type: 'ReplyToTicket', data: { ticketId: TICKET_ID, body, ...extra } }) as const;
const customerReply = { type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'Here are the logs' } } as const;
const statusEvent = (from: TicketStatus, to: TicketStatus, actor: Actor, now: Date, reopen = false): TicketEvent => ({
  type: 'TicketStatusChanged',
  data: { ...by(actor, now), ticketId: TICKET_ID, from, to, reopen },
});

describe('OpenTicket', () => {
  const open = SAMPLE_COMMANDS.OpenTicket;

  it('given no ticket, when the customer opens one, then it is new, normal priority, tier 1', () => {
    const state = given([])
      .when(open, CUSTOMER)
      .thenEmits([
        {
          type: 'TicketOpened',
          data: {
            ...by(CUSTOMER),
            ticketId: TICKET_ID,
            customerId: CUSTOMER.id,
            subject: 'Help',
            description: 'Please',
            priority: 'normal',
            channel: 'web',
            proactive: false,
          },
        },
      ]);
    expect(state).toMatchObject({
      status: 'new',
      priority: 'normal',
      tier: 1,
      assigneeId: null,
      openedAt: T0.toISOString(),
      statusSince: T0.toISOString(),
      waitingSince: null,
      remindersSent: 0,
      rating: null,
      version: 1,
    });
  });

  it('keeps a subject on one line: line breaks and tabs, with the spaces around them, are one space', () => {
    const subject = '  Export fails \r\n  since Monday\tafter the update\n';
    const [event] = given([])
      .when({ ...open, data: { ...open.data, subject } }, CUSTOMER)
      .events();
    expect(event?.data).toMatchObject({ subject: 'Export fails since Monday after the update' });
  });

  it('carries a proactive suggestion and a chat transcript', () => {
    const [event] = given([])
      .when(
        {
          type: 'OpenTicket',
          data: {
            ...open.data,
            channel: 'chat',
            proactive: true,
            suggestionId: 'suggestion-9',
            transcript: [{ from: 'customer', body: 'hi', at: T0.toISOString() }],
          },
        },
        SYSTEM,
      )
      .events();
    expect(event).toMatchObject({
      data: { proactive: true, suggestionId: 'suggestion-9', transcript: [{ from: 'customer', body: 'hi' }] },
    });
  });

  it.each([AGENT, SUPERVISOR, ADMIN, SYSTEM])('may be opened on the customer’s behalf by %o', (actor) => {
    expect(given([]).when(open, actor).events()).toHaveLength(1);
  });

  it('given a ticket, when opened again, then ALREADY_EXISTS', () => {
    given([opened()]).when(open, CUSTOMER).thenFails('ALREADY_EXISTS');
  });

  it('refuses a customer opening a ticket for someone else', () => {
    given([]).when(open, OTHER_CUSTOMER).thenFails('FORBIDDEN');
  });
});

describe('a command on a ticket that does not exist', () => {
  it.each(COMMAND_TYPES.filter((type) => type !== 'OpenTicket'))('%s is NOT_FOUND', (type) => {
    given([]).when(SAMPLE_COMMANDS[type], actorAllowedFor(type)).thenFails('NOT_FOUND');
  });

  it('a command addressed to another ticket is NOT_FOUND', () => {
    given([opened()])
      .when({ type: 'ChangeStatus', data: { ticketId: 'ticket-2', to: 'in_progress' } }, AGENT)
      .thenFails('NOT_FOUND');
  });
});

function actorAllowedFor(type: TicketCommand['type']): Actor {
  if (['CustomerReply', 'ConfirmResolution', 'RateTicket'].includes(type)) return CUSTOMER;
  if (
    [
      'SendReminder',
      'AutoClose',
      'RecordSlaWarning',
      'RecordSlaBreach',
      'FlagCustomerUpdateDue',
      'RefreshSla',
      'RecordCallbackDue',
      'MarkCallbackMissed',
      'ChangeTicketCustomer',
    ].includes(type)
  )
    return SYSTEM;
  return AGENT;
}

describe('roles', () => {
  it.each(COMMAND_TYPES)('an auditor may not %s', (type) => {
    given(historyIn('resolved')).when(SAMPLE_COMMANDS[type], AUDITOR).thenFails('FORBIDDEN');
  });

  it('says "An auditor may not", with the article the role takes', () => {
    const refused = given(historyIn('resolved')).when(SAMPLE_COMMANDS.ChangeStatus, AUDITOR).thenFails('FORBIDDEN');
    expect(refused.message).toBe('An auditor may not ChangeStatus');
  });

  it.each([
    ['post a reply or an internal note', reply('note', { visibility: 'internal' })],
    ['change the status', SAMPLE_COMMANDS.ChangeStatus],
    ['close as spam', SAMPLE_COMMANDS.CloseAsSpam],
    ['assign', SAMPLE_COMMANDS.AssignTicket],
    ['unassign', SAMPLE_COMMANDS.UnassignTicket],
    ['escalate', SAMPLE_COMMANDS.Escalate],
    ['change the priority', SAMPLE_COMMANDS.ChangePriority],
    ['send a reminder', SAMPLE_COMMANDS.SendReminder],
    ['auto-close', SAMPLE_COMMANDS.AutoClose],
    ['record an SLA breach', SAMPLE_COMMANDS.RecordSlaBreach],
  ] as const)('a customer may not %s', (_, command) => {
    given(historyIn('waiting_customer')).when(command, CUSTOMER).thenFails('FORBIDDEN');
  });

  it.each([
    ['SendReminder', AGENT],
    ['AutoClose', SUPERVISOR],
    ['RecordSlaWarning', ADMIN],
    ['RecordSlaBreach', AGENT],
    ['FlagCustomerUpdateDue', SUPERVISOR],
  ] as const)('only the system may %s (not a %o)', (type, actor) => {
    given(historyIn('waiting_customer')).when(SAMPLE_COMMANDS[type], actor).thenFails('FORBIDDEN');
  });

  it.each(['CustomerReply', 'ConfirmResolution', 'RateTicket'] as const)(
    '%s belongs to the customer, not staff',
    (type) => {
      given(historyIn('resolved')).when(SAMPLE_COMMANDS[type], AGENT).thenFails('FORBIDDEN');
    },
  );

  it.each(['CustomerReply', 'ConfirmResolution', 'RateTicket'] as const)(
    'another customer may not %s on this ticket',
    (type) => {
      given(historyIn('resolved')).when(SAMPLE_COMMANDS[type], OTHER_CUSTOMER).thenFails('FORBIDDEN');
    },
  );

  it('the automation may assign and escalate (routing, SLA breach)', () => {
    expect(given(historyIn('in_progress')).when(SAMPLE_COMMANDS.AssignTicket, SYSTEM).events()).toHaveLength(1);
    expect(given(historyIn('in_progress')).when(SAMPLE_COMMANDS.Escalate, SYSTEM).events()).toHaveLength(1);
  });
});

describe('agent replies', () => {
  it('given new, a public reply moves it to in_progress first, then the reply', () => {
    const state = given([opened()])
      .when(reply('Looking into it'), AGENT, hour(1))
      .thenEmits([
        statusEvent('new', 'in_progress', AGENT, hour(1)),
        {
          type: 'TicketAgentReplied',
          data: { ...by(AGENT, hour(1)), ticketId: TICKET_ID, body: 'Looking into it', visibility: 'public' },
        },
      ]);
    expect(state).toMatchObject({ status: 'in_progress', firstPublicAgentReplyAt: hour(1).toISOString() });
  });

  it('given new, "reply and set waiting_customer" is one command: in_progress, reply, waiting_customer', () => {
    const events = given([opened()])
      .when(reply('Which browser?', { nextStatus: 'waiting_customer' }), AGENT, hour(1))
      .events();
    expect(events.map((e) => e.type)).toEqual(['TicketStatusChanged', 'TicketAgentReplied', 'TicketStatusChanged']);
    expect(events[2]).toEqual(statusEvent('in_progress', 'waiting_customer', AGENT, hour(1)));
  });

  it('given in_progress, "reply and resolve" resolves after the reply', () => {
    const state = given(historyIn('in_progress'))
      .when(reply('Fixed', { nextStatus: 'resolved' }), AGENT, hour(2))
      .thenEmits([
        {
          type: 'TicketAgentReplied',
          data: { ...by(AGENT, hour(2)), ticketId: TICKET_ID, body: 'Fixed', visibility: 'public' },
        },
        statusEvent('in_progress', 'resolved', AGENT, hour(2)),
      ]);
    expect(state).toMatchObject({ status: 'resolved', resolvedAt: hour(2).toISOString() });
  });

  it('given new, asking for in_progress explicitly is not a second change', () => {
    const events = given([opened()])
      .when(reply('On it', { nextStatus: 'in_progress' }), AGENT)
      .events();
    expect(events.map((e) => e.type)).toEqual(['TicketStatusChanged', 'TicketAgentReplied']);
  });

  it('given resolved, a public reply keeps the status', () => {
    const events = given(historyIn('resolved')).when(reply('One more tip'), AGENT).events();
    expect(events.map((e) => e.type)).toEqual(['TicketAgentReplied']);
  });

  it('refuses a next status the table forbids, writing nothing (not even the reply)', () => {
    const error = given(historyIn('resolved'))
      .when(reply('Need more', { nextStatus: 'waiting_customer' }), AGENT)
      .thenFails('INVALID_TRANSITION');
    expect(error.details).toMatchObject({ from: 'resolved', to: 'waiting_customer' });
  });

  it('given closed, a public reply is refused until the ticket is reopened', () => {
    given(historyIn('closed')).when(reply('Hello?'), AGENT).thenFails('INVALID_TRANSITION');
  });

  it.each(['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const)(
    'given %s, an internal note never changes the status and is marked internal',
    (status) => {
      const history = historyIn(status);
      const state = given(history)
        .when(reply('Customer is a VIP', { visibility: 'internal' }), SUPERVISOR, day(1))
        .thenEmits([
          {
            type: 'TicketAgentReplied',
            data: { ...by(SUPERVISOR, day(1)), ticketId: TICKET_ID, body: 'Customer is a VIP', visibility: 'internal' },
          },
        ]);
      expect(state).toMatchObject({ status, firstPublicAgentReplyAt: null });
    },
  );

  it('closes for lack of response with that reason, by a reply or a status change; a reason needs a close', () => {
    const closing = given(historyIn('waiting_customer'))
      .when(reply('Closing', { nextStatus: 'closed', closeReason: 'no_customer_response' }), AGENT)
      .events();
    expect(closing[1]).toMatchObject({
      type: 'TicketStatusChanged',
      data: { to: 'closed', closeReason: 'no_customer_response' },
    });
    const change = (to: TicketStatus, closeReason?: 'no_customer_response') =>
      ({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to, ...(closeReason ? { closeReason } : {}) } }) as const;
    const closedBy = (closeReason?: 'no_customer_response') =>
      given(historyIn('waiting_customer')).when(change('closed', closeReason), AGENT).events()[0]?.data;
    expect(closedBy('no_customer_response')).toMatchObject({ to: 'closed', closeReason: 'no_customer_response' });
    expect(closedBy()).toMatchObject({ to: 'closed', closeReason: 'manual' });
    given(historyIn('waiting_customer'))
      .when(change('resolved', 'no_customer_response'), AGENT)
      .thenFails('VALIDATION_FAILED');
    given(historyIn('in_progress'))
      .when(reply('Fixed', { nextStatus: 'resolved', closeReason: 'no_customer_response' }), AGENT)
      .thenFails('VALIDATION_FAILED');
  });

  it('refuses an internal note that tries to change the status (validation)', () => {
    given(historyIn('in_progress'))
      .when(reply('x', { visibility: 'internal', nextStatus: 'resolved' }), AGENT)
      .thenFails('VALIDATION_FAILED');
  });
});

describe('knowledge-base articles linked in a reply', () => {
  const articles = [
    { articleId: 'reset-password', locale: 'en', version: 3 },
    { articleId: 'two-factor', locale: 'fr' },
  ];
  const linking = (links: unknown) =>
    ({ type: 'ReplyToTicket', data: { ticketId: TICKET_ID, body: 'See these', articles: links } }) as never;

  it('records the linked articles on the reply itself', () => {
    given(historyIn('in_progress'))
      .when(linking(articles), AGENT, hour(1))
      .thenEmits([
        {
          type: 'TicketAgentReplied',
          data: { ...by(AGENT, hour(1)), ticketId: TICKET_ID, body: 'See these', visibility: 'public', articles },
        },
      ]);
  });

  it('records none when the list is empty, as a reply without links', () => {
    const [event] = given(historyIn('in_progress')).when(linking([]), AGENT).events();
    expect(event?.data).not.toHaveProperty('articles');
  });

  it.each([
    ['the same article twice', [articles[0], { ...articles[0], locale: 'fr' }]],
    ['a locale that is not a language tag', [{ articleId: 'a', locale: 'english!' }]],
    ['a version of zero', [{ articleId: 'a', locale: 'en', version: 0 }]],
    ['more than ten articles', Array.from({ length: 11 }, (_, n) => ({ articleId: `a${n}`, locale: 'en' }))],
  ])('refuses %s (VALIDATION_FAILED)', (_what, links) => {
    given(historyIn('in_progress')).when(linking(links), AGENT).thenFails('VALIDATION_FAILED');
  });
});

describe('customer replies', () => {
  it.each(['new', 'in_progress'] as const)('given %s, the status stays', (status) => {
    const state = given(historyIn(status))
      .when(customerReply, CUSTOMER, hour(3))
      .thenEmits([
        {
          type: 'TicketCustomerReplied',
          data: { ...by(CUSTOMER, hour(3)), ticketId: TICKET_ID, body: 'Here are the logs' },
        },
      ]);
    expect(state).toMatchObject({ status, lastCustomerMessageAt: hour(3).toISOString() });
  });

  it('given waiting_customer, the ticket goes back to in_progress (not a reopen)', () => {
    const state = given(historyIn('waiting_customer', hour(1)))
      .when(customerReply, CUSTOMER, hour(3))
      .thenEmits([
        statusEvent('waiting_customer', 'in_progress', CUSTOMER, hour(3)),
        {
          type: 'TicketCustomerReplied',
          data: { ...by(CUSTOMER, hour(3)), ticketId: TICKET_ID, body: 'Here are the logs' },
        },
      ]);
    expect(state).toMatchObject({ status: 'in_progress', waitingSince: null, remindersSent: 0 });
  });

  it.each(['resolved', 'closed'] as const)('given %s, the ticket is reopened to in_progress', (status) => {
    const state = given(historyIn(status, hour(1)))
      .when(customerReply, CUSTOMER, hour(3))
      .thenEmits([
        statusEvent(status, 'in_progress', CUSTOMER, hour(3), true),
        {
          type: 'TicketCustomerReplied',
          data: { ...by(CUSTOMER, hour(3)), ticketId: TICKET_ID, body: 'Here are the logs' },
        },
      ]);
    expect(state).toMatchObject({ status: 'in_progress', resolvedAt: null, closedAt: null, closeReason: null });
  });
});

describe('ConfirmResolution', () => {
  it('given resolved, the customer confirms and the ticket closes', () => {
    const state = given(historyIn('resolved', hour(1)))
      .when(SAMPLE_COMMANDS.ConfirmResolution, CUSTOMER, hour(2))
      .thenEmits([
        {
          type: 'TicketStatusChanged',
          data: {
            ...by(CUSTOMER, hour(2)),
            ticketId: TICKET_ID,
            from: 'resolved',
            to: 'closed',
            reopen: false,
            closeReason: 'customer_confirmed',
          },
        },
      ]);
    expect(state).toMatchObject({
      status: 'closed',
      resolvedAt: hour(1).toISOString(),
      closedAt: hour(2).toISOString(),
    });
  });

  it.each(['new', 'in_progress', 'waiting_customer', 'closed'] as const)('given %s, INVALID_TRANSITION', (status) => {
    given(historyIn(status)).when(SAMPLE_COMMANDS.ConfirmResolution, CUSTOMER).thenFails('INVALID_TRANSITION');
  });
});

describe('assignment, priority and category', () => {
  const assign = (agentId: string) => ({ type: 'AssignTicket', data: { ticketId: TICKET_ID, agentId } }) as const;

  it('assigns, reassigns (naming the previous agent) and unassigns', () => {
    const assigned = given(historyIn('in_progress')).when(assign('agent-1'), SYSTEM).events();
    expect(assigned).toEqual([
      { type: 'TicketAssigned', data: { ...by(SYSTEM), ticketId: TICKET_ID, agentId: 'agent-1' } },
    ]);
    const history = [...historyIn('in_progress'), ...assigned];
    expect(given(history).when(assign('agent-2'), SUPERVISOR).events()).toEqual([
      {
        type: 'TicketAssigned',
        data: { ...by(SUPERVISOR), ticketId: TICKET_ID, agentId: 'agent-2', previousAgentId: 'agent-1' },
      },
    ]);
    const state = given(history)
      .when(SAMPLE_COMMANDS.UnassignTicket, AGENT)
      .thenEmits([
        { type: 'TicketUnassigned', data: { ...by(AGENT), ticketId: TICKET_ID, previousAgentId: 'agent-1' } },
      ]);
    expect(state?.assigneeId).toBeNull();
    given(history).when(assign('agent-1'), AGENT).thenFails('ALREADY_ASSIGNED');
  });

  it('refuses to unassign a ticket nobody has, or (when named) another agent has', () => {
    given(historyIn('in_progress')).when(SAMPLE_COMMANDS.UnassignTicket, AGENT).thenFails('NOT_ASSIGNED');
    const held = [
      ...historyIn('in_progress'),
      ...given(historyIn('in_progress')).when(assign('agent-1'), SYSTEM).events(),
    ];
    const named = (agentId: string) => ({ type: 'UnassignTicket', data: { ticketId: TICKET_ID, agentId } }) as const;
    given(held).when(named('agent-2'), SYSTEM).thenFails('NOT_ASSIGNED');
    expect(given(held).when(named('agent-1'), SYSTEM).events()).toHaveLength(1);
  });

  it('lets only the router attach a routing explanation, and never take a ticket someone holds', () => {
    const routing: RoutingExplanation = {
      rule: 'best_score',
      candidates: [
        { agentId: 'agent-1', skill: 40, language: 0, workload: 30, performance: 25, online: 10, total: 105 },
      ],
      eligible: 1,
      considered: 3,
      waitedMs: 500,
    };
    const routed: TicketCommand = {
      type: 'AssignTicket',
      data: { ticketId: TICKET_ID, agentId: 'agent-1', routing, ifUnassigned: true },
    };
    expect(given(historyIn('new')).when(routed, SYSTEM).events()).toMatchObject([
      { type: 'TicketAssigned', data: { agentId: 'agent-1', routing: { rule: 'best_score', eligible: 1 } } },
    ]);
    given(historyIn('new')).when(routed, SUPERVISOR).thenFails('FORBIDDEN');
    const held = [...historyIn('new'), ...given(historyIn('new')).when(assign('agent-2'), SUPERVISOR).events()];
    given(held).when(routed, SYSTEM).thenFails('ALREADY_ASSIGNED');
  });

  it('changes the priority and the category, refusing the same value', () => {
    const state = given(historyIn('in_progress'))
      .when({ type: 'ChangePriority', data: { ticketId: TICKET_ID, priority: 'urgent' } }, AGENT)
      .thenEmits([
        { type: 'TicketPriorityChanged', data: { ...by(AGENT), ticketId: TICKET_ID, from: 'normal', to: 'urgent' } },
      ]);
    expect(state?.priority).toBe('urgent');
    given(historyIn('new'))
      .when({ type: 'ChangePriority', data: { ticketId: TICKET_ID, priority: 'normal' } }, AGENT)
      .thenFails('NO_CHANGE');
    const categorized = given(historyIn('new'))
      .when(SAMPLE_COMMANDS.ChangeCategory, AGENT)
      .thenEmits([
        { type: 'TicketCategoryChanged', data: { ...by(AGENT), ticketId: TICKET_ID, from: null, to: 'billing' } },
      ]);
    expect(categorized?.category).toBe('billing');
    given(historyIn('new'))
      .when({ type: 'ChangeCategory', data: { ticketId: TICKET_ID, category: null } }, AGENT)
      .thenFails('NO_CHANGE');
  });

  it('puts an urgent bug in progress at once: opened urgent, or a new ticket raised to urgent', () => {
    const urgent = given([])
      .when(
        { ...SAMPLE_COMMANDS.OpenTicket, data: { ...SAMPLE_COMMANDS.OpenTicket.data, priority: 'urgent' } },
        CUSTOMER,
      )
      .events();
    expect(urgent.at(0)?.type).toBe('TicketOpened');
    expect(urgent.at(-1)).toEqual({
      type: 'TicketStatusChanged',
      data: {
        ...by(CUSTOMER, T0, URGENT_IN_PROGRESS_REASON),
        ticketId: TICKET_ID,
        from: 'new',
        to: 'in_progress',
        reopen: false,
      },
    });
    const raised = given(historyIn('new'))
      .when({ type: 'ChangePriority', data: { ticketId: TICKET_ID, priority: 'urgent' } }, AGENT)
      .thenEmits([
        { type: 'TicketPriorityChanged', data: { ...by(AGENT), ticketId: TICKET_ID, from: 'normal', to: 'urgent' } },
        {
          type: 'TicketStatusChanged',
          data: {
            ...by(AGENT, T0, URGENT_IN_PROGRESS_REASON),
            ticketId: TICKET_ID,
            from: 'new',
            to: 'in_progress',
            reopen: false,
          },
        },
      ]);
    expect(raised?.status).toBe('in_progress');
    // Any other priority leaves a new ticket new.
    const high = given(historyIn('new'))
      .when({ type: 'ChangePriority', data: { ticketId: TICKET_ID, priority: 'high' } }, AGENT)
      .events();
    expect(high.map((event) => event.type)).toEqual(['TicketPriorityChanged']);
  });

  it.each([
    SAMPLE_COMMANDS.AssignTicket,
    SAMPLE_COMMANDS.UnassignTicket,
    SAMPLE_COMMANDS.ChangePriority,
    SAMPLE_COMMANDS.ChangeCategory,
    SAMPLE_COMMANDS.Escalate,
  ])('a closed ticket is frozen: %o is INVALID_TRANSITION', (command) => {
    given(historyIn('closed')).when(command, AGENT).thenFails('INVALID_TRANSITION');
  });
});

describe('escalation tiers', () => {
  const escalate = (reason: 'sla_breach' | 'complexity' | 'customer_request') =>
    ({ type: 'Escalate', data: { ticketId: TICKET_ID, reason, note: 'needs a developer' } }) as const;

  it('moves 1 -> 2 -> 3 with its reason, then MAX_TIER_REACHED', () => {
    const first = given(historyIn('in_progress')).when(escalate('complexity'), AGENT).events();
    expect(first).toEqual([
      {
        type: 'TicketEscalated',
        data: {
          ...by(AGENT, T0, 'needs a developer'),
          ticketId: TICKET_ID,
          fromTier: 1,
          toTier: 2,
          escalationReason: 'complexity',
        },
      },
    ]);
    const second = given([...historyIn('in_progress'), ...first])
      .when(escalate('sla_breach'), SYSTEM)
      .events();
    expect(second[0]).toMatchObject({ data: { fromTier: 2, toTier: 3, escalationReason: 'sla_breach' } });
    const atTop = given([...historyIn('in_progress'), ...first, ...second]);
    expect(atTop.state?.tier).toBe(3);
    const third = atTop.when(escalate('sla_breach'), SYSTEM).events();
    expect(third).toMatchObject([
      { type: 'TicketEscalatedToSupervisors', data: { ticketId: TICKET_ID, tier: 3, escalationReason: 'sla_breach' } },
    ]);
    const withSupervisors = given([...historyIn('in_progress'), ...first, ...second, ...third]);
    expect(withSupervisors.state).toMatchObject({ tier: 3, withSupervisors: true });
    const error = withSupervisors.when(escalate('customer_request'), AGENT).thenFails('MAX_TIER_REACHED');
    expect(error.details).toMatchObject({ tier: 3 });
  });

  it("lets a person give the automation's reasons only when they hold, so history reports no breach or miss that never happened", () => {
    const working = historyIn('in_progress');
    const missed = { type: 'Escalate', data: { ticketId: TICKET_ID, reason: 'missed_callback' } } as const;
    const untrue = given(working).when(escalate('sla_breach'), AGENT).thenFails('VALIDATION_FAILED');
    expect(untrue.details?.issues).toEqual([{ path: 'data.reason', message: expect.stringMatching(/breached/) }]);
    given(working).when(missed, SUPERVISOR).thenFails('VALIDATION_FAILED');
    // Once a breach is recorded, staff may say so; the automation may always (its threshold rule).
    const breach = {
      type: 'RecordSlaBreach',
      data: { ticketId: TICKET_ID, metric: 'first_response', dueAt: T0.toISOString() },
    } as const;
    const recorded = given(working)
      .when(breach, SYSTEM, new Date(T0.getTime() + 1))
      .events();
    expect(recorded.map((event) => event.type)).toEqual(['TicketSlaBreached']);
    expect(
      given([...working, ...recorded])
        .when(escalate('sla_breach'), AGENT)
        .events(),
    ).toMatchObject([{ type: 'TicketEscalated', data: { escalationReason: 'sla_breach' } }]);
    expect(given(working).when(escalate('sla_breach'), SYSTEM).events()).toHaveLength(1);
  });

  it("leaves the supervisors' queue once resolved or closed, and not before", () => {
    const top = [
      ...historyIn('in_progress'),
      ...given(historyIn('in_progress')).when(escalate('complexity'), AGENT).events(),
    ];
    const second = given(top).when(escalate('complexity'), AGENT).events();
    const third = given([...top, ...second])
      .when(escalate('customer_request'), AGENT)
      .events();
    const flagged = [...top, ...second, ...third];
    expect(given(flagged).state?.withSupervisors).toBe(true);
    const resolve = { type: 'ChangeStatus', data: { ticketId: TICKET_ID, to: 'resolved' } } as const;
    expect(given([...flagged, ...given(flagged).when(resolve, AGENT).events()]).state?.withSupervisors).toBe(false);
  });
});

describe('ratings (CSAT)', () => {
  const rate = (score: number, comment?: string) =>
    ({ type: 'RateTicket', data: { ticketId: TICKET_ID, score, comment } }) as const;

  it.each(['resolved', 'closed'] as const)('given %s, a happy rating is recorded', (status) => {
    const state = given(historyIn(status))
      .when(rate(5, 'Great'), CUSTOMER, day(1))
      .thenEmits([
        { type: 'TicketRated', data: { ...by(CUSTOMER, day(1)), ticketId: TICKET_ID, score: 5, comment: 'Great' } },
      ]);
    expect(state?.rating).toEqual({ score: 5, comment: 'Great' });
  });

  it('a comment of only spaces is no comment, as when none is given', () => {
    const state = given(historyIn('resolved'))
      .when(rate(4, '  \n '), CUSTOMER, day(1))
      .thenEmits([{ type: 'TicketRated', data: { ...by(CUSTOMER, day(1)), ticketId: TICKET_ID, score: 4 } }]);
    expect(state?.rating).toEqual({ score: 4, comment: null });
  });

  it.each([1, 2])('a score of %i also requests a supervisor follow-up', (score) => {
    given(historyIn('closed'))
      .when(rate(score, 'Slow'), CUSTOMER, day(1))
      .thenEmits([
        { type: 'TicketRated', data: { ...by(CUSTOMER, day(1)), ticketId: TICKET_ID, score, comment: 'Slow' } },
        {
          type: 'TicketFollowUpRequested',
          data: { ...by(CUSTOMER, day(1), 'low CSAT rating'), ticketId: TICKET_ID, score, comment: 'Slow' },
        },
      ]);
  });

  it('a supervisor completes the follow-up once, with a note; agents may not, and no open one is FOLLOW_UP_NOT_OPEN', () => {
    const complete = { type: 'CompleteFollowUp', data: { ticketId: TICKET_ID, note: 'Called her, refunded' } } as const;
    const low = [...historyIn('closed'), ...given(historyIn('closed')).when(rate(1), CUSTOMER, day(1)).events()];
    expect(given(low).state?.followUp).toBe('open');
    given(low).when(complete, AGENT).thenFails('FORBIDDEN');
    const done = given(low)
      .when(complete, SUPERVISOR, day(2))
      .thenEmits([
        {
          type: 'TicketFollowUpCompleted',
          data: { ...by(SUPERVISOR, day(2)), ticketId: TICKET_ID, note: 'Called her, refunded' },
        },
      ]);
    expect(done?.followUp).toBe('done');
    const completed = [...low, ...given(low).when(complete, SUPERVISOR, day(2)).events()];
    given(completed).when(complete, SUPERVISOR).thenFails('FOLLOW_UP_NOT_OPEN');
    const happy = [...historyIn('closed'), ...given(historyIn('closed')).when(rate(5), CUSTOMER).events()];
    given(happy).when(complete, ADMIN).thenFails('FOLLOW_UP_NOT_OPEN');
  });

  it('a score of 3 requests no follow-up', () => {
    expect(
      given(historyIn('closed'))
        .when(rate(3), CUSTOMER)
        .events()
        .map((e) => e.type),
    ).toEqual(['TicketRated']);
  });

  it.each(['new', 'in_progress', 'waiting_customer'] as const)('given %s, NOT_RATEABLE', (status) => {
    given(historyIn(status)).when(rate(4), CUSTOMER).thenFails('NOT_RATEABLE');
  });

  it('a ticket closed as spam or invalid is not rated: nobody was served', () => {
    for (const kind of ['spam', 'invalid'] as const) {
      const spam = { type: 'CloseAsSpam' as const, data: { ticketId: TICKET_ID, kind } };
      const closed = [...historyIn('new'), ...given(historyIn('new')).when(spam, AGENT).events()];
      const refused = given(closed).when(rate(1), CUSTOMER).thenFails('NOT_RATEABLE');
      // The customer is not told why: a close as spam is hidden from them.
      expect(refused.message).not.toMatch(/spam|invalid/);
      expect(refused.details).toMatchObject({ closeReason: kind });
    }
  });

  it('rates once: ALREADY_RATED, even after a reopen and a new resolution', () => {
    const rated = [...historyIn('resolved'), ...given(historyIn('resolved')).when(rate(4), CUSTOMER).events()];
    given(rated).when(rate(5), CUSTOMER).thenFails('ALREADY_RATED');
    const reopened = [...rated, ...given(rated).when(customerReply, CUSTOMER, day(1)).events()];
    const resolvedAgain = [
      ...reopened,
      ...given(reopened)
        .when({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to: 'resolved' } }, AGENT, day(2))
        .events(),
    ];
    expect(given(resolvedAgain).state?.status).toBe('resolved');
    given(resolvedAgain).when(rate(5), CUSTOMER, day(3)).thenFails('ALREADY_RATED');
  });

  it.each([0, 6, 2.5])('refuses a score of %s (validation)', (score) => {
    given(historyIn('resolved')).when(rate(score), CUSTOMER).thenFails('VALIDATION_FAILED');
  });
});

describe('SLA reports', () => {
  const warn = (dueAt: Date, metric: 'first_response' | 'resolution' = 'first_response') =>
    ({ type: 'RecordSlaWarning', data: { ticketId: TICKET_ID, metric, dueAt: dueAt.toISOString() } }) as const;
  const breach = (dueAt: Date, metric: 'first_response' | 'resolution' = 'first_response') =>
    ({ type: 'RecordSlaBreach', data: { ticketId: TICKET_ID, metric, dueAt: dueAt.toISOString() } }) as const;

  it('records a warning and a breach once per deadline', () => {
    const warning = given([opened()])
      .when(warn(hour(2)), SYSTEM, hour(1.6))
      .thenEmits([
        {
          type: 'TicketSlaWarning',
          data: {
            ...by(SYSTEM, hour(1.6)),
            reason: `first_response target due at ${hour(2).toISOString()}`,
            ticketId: TICKET_ID,
            metric: 'first_response',
            dueAt: hour(2).toISOString(),
          },
        },
      ]);
    expect(warning?.slaWarnings).toEqual([{ metric: 'first_response', dueAt: hour(2).toISOString() }]);
    const [warned] = given([opened()])
      .when(warn(hour(2)), SYSTEM, hour(1.6))
      .events();
    expect(
      given([opened(), warned as TicketEvent])
        .when(warn(hour(2)), SYSTEM, hour(1.7))
        .events(),
    ).toEqual([]);

    const [breached] = given([opened()])
      .when(breach(hour(2)), SYSTEM, hour(2))
      .events();
    expect(breached).toMatchObject({ type: 'TicketSlaBreached', data: { metric: 'first_response' } });
    expect(
      given([opened(), breached as TicketEvent])
        .when(breach(hour(2)), SYSTEM, hour(3))
        .events(),
    ).toEqual([]);
  });

  it('refuses a breach before its deadline', () => {
    given([opened()])
      .when(breach(hour(2)), SYSTEM, hour(1))
      .thenFails('INVALID_TRANSITION');
  });

  it.each(['waiting_customer', 'resolved', 'closed'] as const)(
    'given %s (clock paused or stopped), a late report writes nothing',
    (status) => {
      expect(
        given(historyIn(status))
          .when(breach(hour(2), 'resolution'), SYSTEM, hour(3))
          .events(),
      ).toEqual([]);
    },
  );

  it('a first-response report after the first public reply writes nothing', () => {
    const replied = given([opened()]).when(reply('Hi'), AGENT, hour(1)).events();
    expect(
      given([opened(), ...replied])
        .when(breach(hour(2)), SYSTEM, hour(2))
        .events(),
    ).toEqual([]);
  });
});
