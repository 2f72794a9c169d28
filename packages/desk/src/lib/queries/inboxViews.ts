import { graphql } from '../graphql/index.ts';

/** The signed-in user's saved inbox views, in their order, each with its count. */
export const SavedInboxViews = graphql(`
  query SavedInboxViews($consistencyToken: String) {
    inboxViews(consistencyToken: $consistencyToken) {
      id
      name
      order
      count
      filter {
        status
        priority
        channel
        assigneeId
        unassigned
        inMyQueues
        category
        tags
        customerId
        slaState
        stale
        search
      }
    }
  }
`);

/** Saves the current filter and order as a view of the user's own (a new id: placed last). */
export const SaveInboxView = graphql(`
  mutation SaveInboxView($input: SaveInboxViewInput!) {
    saveInboxView(input: $input) {
      consistencyToken
    }
  }
`);

/** Renames one of the user's saved views. */
export const RenameInboxView = graphql(`
  mutation RenameInboxView($input: RenameInboxViewInput!) {
    renameInboxView(input: $input) {
      consistencyToken
    }
  }
`);

/** Puts the user's saved views in a new order (every id, first to last). */
export const ReorderInboxViews = graphql(`
  mutation ReorderInboxViews($input: ReorderInboxViewsInput!) {
    reorderInboxViews(input: $input) {
      consistencyToken
    }
  }
`);

/** Deletes one of the user's saved views. */
export const DeleteInboxView = graphql(`
  mutation DeleteInboxView($input: DeleteInboxViewInput!) {
    deleteInboxView(input: $input) {
      consistencyToken
    }
  }
`);

/** A notice after each change of any ticket (staff): the inbox asks its counts again with its token. */
export const InboxTicketsChanged = graphql(`
  subscription InboxTicketsChanged {
    ticketsChanged {
      ticketId
      consistencyToken
    }
  }
`);
