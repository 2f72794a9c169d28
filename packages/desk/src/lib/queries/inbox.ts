import { graphql } from '../graphql/index.ts';

/** The fields of a ticket the inbox's rows show. */
export const InboxRow = graphql(`
  fragment InboxRow on Ticket {
    id
    version
    subject
    status
    priority
    channel
    category
    tags
    customerId
    customer {
      name
    }
    updatedAt
    openedAt
    sla {
      state
    }
  }
`);

/**
 * One keyset page of the inbox; with `withTotal` (the first page) also how many tickets the filter
 * keeps, for the list's `aria-rowcount`.
 */
export const InboxTickets = graphql(
  `
  query InboxTickets(
    $filter: TicketFilter
    $order: TicketOrder
    $after: String
    $first: Int
    $consistencyToken: String
    $withTotal: Boolean!
  ) {
    tickets(filter: $filter, order: $order, first: $first, after: $after, consistencyToken: $consistencyToken) {
      items {
        ...InboxRow
      }
      nextCursor
    }
    total: ticketCount(filter: $filter, consistencyToken: $consistencyToken) @include(if: $withTotal)
  }
`,
  [InboxRow],
);

/**
 * How many tickets each built-in view holds (`lib/inbox/views.ts` gives each its filter); `queues`
 * only for agents (`withQueues`: the API refuses it to others).
 */
export const InboxViewCounts = graphql(`
  query InboxViewCounts(
    $mine: TicketFilter
    $queues: TicketFilter
    $withQueues: Boolean!
    $unassigned: TicketFilter
    $waiting: TicketFilter
    $atRisk: TicketFilter
    $breached: TicketFilter
    $stale: TicketFilter
    $all: TicketFilter
    $consistencyToken: String
  ) {
    mine: ticketCount(filter: $mine, consistencyToken: $consistencyToken)
    queues: ticketCount(filter: $queues, consistencyToken: $consistencyToken) @include(if: $withQueues)
    unassigned: ticketCount(filter: $unassigned, consistencyToken: $consistencyToken)
    waiting: ticketCount(filter: $waiting, consistencyToken: $consistencyToken)
    atRisk: ticketCount(filter: $atRisk, consistencyToken: $consistencyToken)
    breached: ticketCount(filter: $breached, consistencyToken: $consistencyToken)
    stale: ticketCount(filter: $stale, consistencyToken: $consistencyToken)
    all: ticketCount(filter: $all, consistencyToken: $consistencyToken)
  }
`);

/**
 * Work given to the signed-in agent, as it happens; the read models may not show it yet: read
 * with its consistency token.
 */
export const AssignedToMe = graphql(`
  subscription AssignedToMe {
    assignedToMe {
      kind
      id
      consistencyToken
    }
  }
`);

/** Each change of a ticket the inbox shows, with the ticket as the read models then hold it. */
export const InboxTicketUpdated = graphql(
  `
  subscription InboxTicketUpdated($ticketId: ID!, $afterVersion: Int) {
    ticketUpdated(ticketId: $ticketId, afterVersion: $afterVersion) {
      ticketId
      consistencyToken
      ticket {
        ...InboxRow
      }
    }
  }
`,
  [InboxRow],
);

/** Customers whose name, email, company or id holds the text typed, for the inbox's customer filter. */
export const InboxCustomerSearch = graphql(`
  query InboxCustomerSearch($search: String!) {
    customers(search: $search, first: 10) {
      customerId
      name
      email
    }
  }
`);

/** The customer the inbox's address names, for their name in the filter. */
export const InboxCustomer = graphql(`
  query InboxCustomer($id: ID!) {
    customer(id: $id) {
      customerId
      name
    }
  }
`);
