import { graphql } from '../graphql/index.ts';

/** One page of an agent's tickets, for the inbox. */
export const InboxTickets = graphql(`
  query InboxTickets($filter: TicketFilter, $after: String, $first: Int, $consistencyToken: String) {
    tickets(filter: $filter, order: updated, first: $first, after: $after, consistencyToken: $consistencyToken) {
      items {
        id
        subject
        status
        priority
        customerId
        updatedAt
        openedAt
        sla {
          state
        }
      }
      nextCursor
    }
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
