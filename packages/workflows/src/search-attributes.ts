import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Typed search attributes of the ticket and chat workflows, so ops can filter them in the Temporal
// UI (`TicketStatus = 'waiting_customer'`, `ChatStatus = 'waiting'`). The server must know them
// before a workflow upserts them: the dev command registers WORKFLOW_SEARCH_ATTRIBUTES when it
// starts the dev server.

/** The ticket's lifecycle status (`new`, `in_progress`, `waiting_customer`, `resolved`, `closed`). */
export const TicketStatusAttribute = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
/** The ticket's priority (`low`, `normal`, `high`, `urgent`). */
export const TicketPriorityAttribute = defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD);
/** A one-word summary of the ticket's SLA clocks; see `summarizeSla`. */
export const SlaStateAttribute = defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD);
/** A chat's lifecycle status (`waiting`, `active`, `closed`). */
export const ChatStatusAttribute = defineSearchAttributeKey('ChatStatus', SearchAttributeType.KEYWORD);
/** The assigned agent (of a ticket or a chat); unset while it is in the queue. */
export const AssigneeIdAttribute = defineSearchAttributeKey('AssigneeId', SearchAttributeType.KEYWORD);
/** The ticket's or the chat's customer. */
export const CustomerIdAttribute = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);

/** Every custom search attribute the workflows set; register these on the Temporal server. */
export const WORKFLOW_SEARCH_ATTRIBUTES = [
  TicketStatusAttribute,
  TicketPriorityAttribute,
  SlaStateAttribute,
  AssigneeIdAttribute,
  CustomerIdAttribute,
  ChatStatusAttribute,
] as const;

/** The namespace lacks search attributes the workflows set: each of their runs would fail its first task. */
export class MissingSearchAttributesError extends Error {
  override readonly name = 'MissingSearchAttributesError';
}

/**
 * Refuses to start a worker whose workflows would set search attributes the namespace does not
 * know: Temporal fails such a workflow's task, and the run stays stuck (no timers, no queries)
 * until they are registered, with nothing in the worker's own log.
 */
export async function assertSearchAttributes(
  operator: {
    listSearchAttributes(request: {
      namespace: string;
    }): Promise<{ customAttributes?: Record<string, unknown> | null }>;
  },
  namespace: string,
): Promise<void> {
  const registered = Object.keys((await operator.listSearchAttributes({ namespace })).customAttributes ?? {});
  const missing = WORKFLOW_SEARCH_ATTRIBUTES.filter((key) => !registered.includes(key.name));
  if (missing.length === 0) return;
  const create = missing
    .map(
      (key) => `temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type Keyword`,
    )
    .join('; ');
  throw new MissingSearchAttributesError(
    `Temporal namespace "${namespace}" lacks the search attributes ${missing.map((key) => key.name).join(', ')}, ` +
      `which the workflows set: register them (${create}), or set UPSERT_SEARCH_ATTRIBUTES=false`,
  );
}
