import { graphql } from '../graphql/index.ts';

/**
 * A page of the held messages in one state (pending: waiting for a decision; accepted or discarded:
 * decided, with who decided, when and their note), newest held first; `after` the previous page's end.
 */
export const HeldMails = graphql(`
  query HeldMails($state: HeldMailState, $first: Int, $after: String, $consistencyToken: String) {
    heldMails(state: $state, first: $first, after: $after, consistencyToken: $consistencyToken) {
      edges {
        node {
          id
          ticketId
          reason
          sender
          subject
          excerpt
          attachmentCount
          receivedAt
          state
          decidedBy
          decidedByName
          decidedAt
          note
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** A ticket's pending held messages, for the ticket page's notice. */
export const TicketHeldMails = graphql(`
  query TicketHeldMails($ticketId: ID!, $consistencyToken: String) {
    ticket(id: $ticketId, consistencyToken: $consistencyToken) {
      id
      heldMails(state: pending) {
        id
      }
    }
  }
`);

/** Adds a held message to its ticket as the customer's message. */
export const AcceptHeldMail = graphql(`
  mutation AcceptHeldMail($input: AcceptHeldMailInput!) {
    acceptHeldMail(input: $input) {
      consistencyToken
      ticketId
    }
  }
`);

/** Discards a held message. */
export const DiscardHeldMail = graphql(`
  mutation DiscardHeldMail($input: DiscardHeldMailInput!) {
    discardHeldMail(input: $input) {
      consistencyToken
    }
  }
`);

/** Each message held, accepted or discarded: which one, its ticket, and the token to read it with. */
export const HeldMailsChanged = graphql(`
  subscription HeldMailsChanged {
    heldMailsChanged {
      heldMailId
      ticketId
      consistencyToken
    }
  }
`);
