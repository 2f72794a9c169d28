// Shared test fixtures of the ticket aggregate (test support, not a test: `*.fixture.ts` is neither run nor built).
import type { Actor } from '../shared/actor.js';
import { provenance } from '../shared/messages.js';
import { DAY_MS, HOUR_MS } from '../shared/time.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { parseTicketCommand, type TicketCommand, type TicketCommandInput } from './commands.js';
import type { TicketEvent } from './events.js';
import { ticketDecider } from './index.js';
import type { TicketStatus } from './lifecycle.js';

export const TICKET_ID = 'ticket-1';
export const T0 = new Date('2025-03-03T09:00:00.000Z');

export const CUSTOMER: Actor = { id: 'customer-1', role: 'customer' };
export const OTHER_CUSTOMER: Actor = { id: 'customer-2', role: 'customer' };
export const AGENT: Actor = { id: 'agent-1', role: 'agent' };
export const SUPERVISOR: Actor = { id: 'supervisor-1', role: 'supervisor' };
export const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
export const SYSTEM: Actor = { id: 'automation', role: 'system' };
export const AUDITOR: Actor = { id: 'auditor-1', role: 'auditor' };

/** `T0` plus some days (fractions allowed). */
export function day(n: number): Date {
  return new Date(T0.getTime() + n * DAY_MS);
}

/** `T0` plus some hours. */
export function hour(n: number): Date {
  return new Date(T0.getTime() + n * HOUR_MS);
}

/** The ticket opened by `CUSTOMER` at `at`. */
export function opened(
  at: Date = T0,
  overrides: Partial<Extract<TicketEvent, { type: 'TicketOpened' }>['data']> = {},
): TicketEvent {
  return {
    type: 'TicketOpened',
    data: {
      ...provenance({ now: at, actor: CUSTOMER }),
      ticketId: TICKET_ID,
      customerId: CUSTOMER.id,
      subject: 'Cannot log in',
      description: 'The login page says my password is wrong.',
      priority: 'normal',
      channel: 'web',
      proactive: false,
      ...overrides,
    },
  };
}

/** A hand-made status change by an agent. */
export function moved(from: TicketStatus, to: TicketStatus, at: Date): TicketEvent {
  return {
    type: 'TicketStatusChanged',
    data: {
      ...provenance({ now: at, actor: AGENT }),
      ticketId: TICKET_ID,
      from,
      to,
      reopen: to === 'in_progress' && (from === 'resolved' || from === 'closed'),
      ...(to === 'closed' ? { closeReason: 'manual' as const } : {}),
    },
  };
}

/** The shortest history that leaves the ticket in `status`, entered at `at` (opened at `T0`). */
export function historyIn(status: TicketStatus, at: Date = T0): TicketEvent[] {
  if (status === 'new') return [opened(at)];
  const history = [opened(T0), moved('new', 'in_progress', status === 'in_progress' ? at : T0)];
  return status === 'in_progress' ? history : [...history, moved('in_progress', status, at)];
}

/** One valid command of every type, for checks that must hold for all of them. */
export const SAMPLE_COMMANDS: { [T in TicketCommand['type']]: Extract<TicketCommandInput, { type: T }> } = {
  OpenTicket: {
    type: 'OpenTicket',
    data: { ticketId: TICKET_ID, customerId: CUSTOMER.id, subject: 'Help', description: 'Please', channel: 'web' },
  },
  ReplyToTicket: { type: 'ReplyToTicket', data: { ticketId: TICKET_ID, body: 'Hello' } },
  CustomerReply: { type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'Thanks' } },
  ChangeStatus: { type: 'ChangeStatus', data: { ticketId: TICKET_ID, to: 'in_progress' } },
  CloseAsSpam: { type: 'CloseAsSpam', data: { ticketId: TICKET_ID } },
  ConfirmResolution: { type: 'ConfirmResolution', data: { ticketId: TICKET_ID } },
  AssignTicket: { type: 'AssignTicket', data: { ticketId: TICKET_ID, agentId: AGENT.id } },
  UnassignTicket: { type: 'UnassignTicket', data: { ticketId: TICKET_ID } },
  ChangePriority: { type: 'ChangePriority', data: { ticketId: TICKET_ID, priority: 'high' } },
  ChangeCategory: { type: 'ChangeCategory', data: { ticketId: TICKET_ID, category: 'billing' } },
  AddTicketTags: { type: 'AddTicketTags', data: { ticketId: TICKET_ID, tags: ['vip'] } },
  RemoveTicketTags: { type: 'RemoveTicketTags', data: { ticketId: TICKET_ID, tags: ['vip'] } },
  Escalate: { type: 'Escalate', data: { ticketId: TICKET_ID, reason: 'complexity' } },
  SendReminder: { type: 'SendReminder', data: { ticketId: TICKET_ID, n: 1 } },
  AutoClose: { type: 'AutoClose', data: { ticketId: TICKET_ID, reason: 'no_customer_response' } },
  RecordSlaWarning: {
    type: 'RecordSlaWarning',
    data: { ticketId: TICKET_ID, metric: 'first_response', dueAt: T0.toISOString() },
  },
  RecordSlaBreach: {
    type: 'RecordSlaBreach',
    data: { ticketId: TICKET_ID, metric: 'first_response', dueAt: T0.toISOString() },
  },
  FlagCustomerUpdateDue: {
    type: 'FlagCustomerUpdateDue',
    data: { ticketId: TICKET_ID, dueAt: T0.toISOString() },
  },
  RefreshSla: { type: 'RefreshSla', data: { ticketId: TICKET_ID } },
  RateTicket: { type: 'RateTicket', data: { ticketId: TICKET_ID, score: 5 } },
  CompleteFollowUp: { type: 'CompleteFollowUp', data: { ticketId: TICKET_ID, note: 'Called the customer' } },
  ScheduleCallback: {
    type: 'ScheduleCallback',
    data: {
      ticketId: TICKET_ID,
      callbackId: 'cb-1',
      at: new Date(T0.getTime() + 3_600_000).toISOString(),
      timeZone: 'Europe/Paris',
      phone: '+33 1 23 45 67 89',
      reason: 'Walk me through the setup',
    },
  },
  CompleteCallback: { type: 'CompleteCallback', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } },
  CancelCallback: { type: 'CancelCallback', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } },
  RecordCallbackDue: { type: 'RecordCallbackDue', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } },
  MarkCallbackMissed: { type: 'MarkCallbackMissed', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } },
  ChangeTicketCustomer: {
    type: 'ChangeTicketCustomer',
    data: { ticketId: TICKET_ID, from: CUSTOMER.id, to: OTHER_CUSTOMER.id, reason: 'visitor identified' },
  },
};

const tickets = deciderSpec(ticketDecider, parseTicketCommand);

/** The given/when/then of the ticket decider: given past events, when a command, then events or an error. */
export function given(history: readonly TicketEvent[]) {
  const spec = tickets.given(history);
  return {
    state: spec.state,
    when: (input: TicketCommandInput, actor: Actor, now: Date = T0) => spec.when(input, { now, actor }),
  };
}

/** Provenance as `decide` writes it, for expected events. */
export function by(actor: Actor, now: Date = T0, reason?: string) {
  return provenance({ now, actor }, reason);
}
