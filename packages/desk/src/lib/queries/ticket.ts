import { graphql } from '../graphql/index.ts';

/** A ticket and its messages, for the ticket page. */
export const TicketPage = graphql(`
  query TicketPage($id: ID!) {
    ticket(id: $id) {
      id
      subject
      status
      priority
      customerId
      openedAt
      sla {
        state
      }
      messages {
        messageId
        authorKind
        authorId
        internal
        body
        at
      }
    }
  }
`);
