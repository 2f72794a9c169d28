import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Typed search attributes of the ticket workflow, so ops can filter tickets in the Temporal UI
// (`TicketStatus = 'waiting_customer'`). The server must know them before a workflow upserts
// them: the dev command registers TICKET_SEARCH_ATTRIBUTES when it starts the dev server.

/** The ticket's lifecycle status (`new`, `in_progress`, `waiting_customer`, `resolved`, `closed`). */
export const TicketStatusAttribute = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
/** The ticket's priority (`low`, `normal`, `high`, `urgent`). */
export const TicketPriorityAttribute = defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD);
/** A one-word summary of the ticket's SLA clocks; see `summarizeSla`. */
export const SlaStateAttribute = defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD);
/** The assigned agent; unset while the ticket is in the queue. */
export const AssigneeIdAttribute = defineSearchAttributeKey('AssigneeId', SearchAttributeType.KEYWORD);
/** The ticket's customer. */
export const CustomerIdAttribute = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);

/** Every custom search attribute the workflows set; register these on the Temporal server. */
export const TICKET_SEARCH_ATTRIBUTES = [
  TicketStatusAttribute,
  TicketPriorityAttribute,
  SlaStateAttribute,
  AssigneeIdAttribute,
  CustomerIdAttribute,
] as const;
