import { type Actor, type Id, isStaff } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import { DomainError } from '../shared/errors.js';
import type { TicketCommand } from './commands.js';

/**
 * Who may issue a ticket command: the ticket's own `customer`, `staff` (agent, supervisor,
 * admin) or the `system` automation. Auditors issue nothing. These are domain rules; the API
 * still authenticates and scopes reads.
 */
export type TicketIssuer = 'customer' | 'staff' | 'system';

/**
 * The issuers of each command. Customers act only through their own messages, confirmations and
 * ratings; reminders, auto-closes and SLA reports belong to the automation; routing and SLA
 * escalation may also be automatic.
 */
export const TICKET_COMMAND_ISSUERS: Readonly<Record<TicketCommand['type'], readonly TicketIssuer[]>> = {
  OpenTicket: ['customer', 'staff', 'system'],
  ReplyToTicket: ['staff'],
  CustomerReply: ['customer'],
  ChangeStatus: ['staff'],
  CloseAsSpam: ['staff'],
  ConfirmResolution: ['customer'],
  AssignTicket: ['staff', 'system'],
  UnassignTicket: ['staff', 'system'],
  ChangePriority: ['staff', 'system'],
  ChangeCategory: ['staff', 'system'],
  AddTicketTags: ['staff', 'system'],
  RemoveTicketTags: ['staff', 'system'],
  Escalate: ['staff', 'system'],
  SendReminder: ['system'],
  AutoClose: ['system'],
  RecordSlaWarning: ['system'],
  RecordSlaBreach: ['system'],
  FlagCustomerUpdateDue: ['system'],
  RefreshSla: ['system'],
  RateTicket: ['customer'],
  CompleteFollowUp: ['staff'],
  ScheduleCallback: ['customer', 'staff', 'system'],
  CompleteCallback: ['staff'],
  CancelCallback: ['customer', 'staff', 'system'],
  RecordCallbackDue: ['system'],
  MarkCallbackMissed: ['system'],
  ChangeTicketCustomer: ['system'],
};

function issuerOf(actor: Actor): TicketIssuer | null {
  if (isStaff(actor)) return 'staff';
  if (actor.role === 'customer' || actor.role === 'system') return actor.role;
  return null;
}

/** Throws `FORBIDDEN` unless the actor's role may issue this command type at all. */
export function authorizeRole(type: TicketCommand['type'], actor: Actor): void {
  const issuer = issuerOf(actor);
  if (issuer === null || !TICKET_COMMAND_ISSUERS[type].includes(issuer)) {
    throw new DomainError('FORBIDDEN', mayNot(actor.role, type), { role: actor.role, command: type });
  }
}

/** Throws `FORBIDDEN` when a customer acts on a ticket that is not their own. */
export function authorizeCustomer(actor: Actor, customerId: Id): void {
  if (actor.role === 'customer' && actor.id !== customerId) {
    throw new DomainError('FORBIDDEN', 'A customer may act only on their own tickets', { actorId: actor.id });
  }
}
