import { type FragmentOf, graphql, type ResultOf, readFragment } from '../graphql/index.ts';

// The fragment stays in this file (a fragment alone is no document to validate): the inbox reads
// it through savedViewsOf.
const InboxViewFields = graphql(`
  fragment InboxViewFields on InboxView {
    id
    name
    order
    count
    shared
    ownerId
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
`);

/** A saved view as the inbox shows it: its name, order, count for the user, filter, and whose it is. */
export type InboxViewFieldsOf = ResultOf<typeof InboxViewFields>;

/** The views of a `SavedInboxViews` answer's list (the user's own, or the team's). */
export function savedViewsOf(list: readonly FragmentOf<typeof InboxViewFields>[]): readonly InboxViewFieldsOf[] {
  return readFragment(InboxViewFields, list);
}

/**
 * The signed-in user's saved inbox views, in their order, and those the team leads shared with
 * everyone (by name, the user's own left out), each with its count for the user.
 */
export const SavedInboxViews = graphql(
  `
  query SavedInboxViews($consistencyToken: String) {
    inboxViews(consistencyToken: $consistencyToken) {
      ...InboxViewFields
    }
    teamInboxViews(consistencyToken: $consistencyToken) {
      ...InboxViewFields
    }
  }
`,
  [InboxViewFields],
);

/**
 * Saves the current filter and order as a view of the user's own (a new id: placed last), or an
 * open one again (`shared` flipped: a lead sharing it with the team or taking it back).
 */
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

/** Stops sharing a view with the team (a lead: a colleague's too, named by `ownerId`); it stays its owner's. */
export const StopSharingInboxView = graphql(`
  mutation StopSharingInboxView($input: StopSharingInboxViewInput!) {
    stopSharingInboxView(input: $input) {
      consistencyToken
    }
  }
`);

/**
 * A notice after each change of a saved view, anyone's (staff): a lead's shared view appears in
 * everyone's team list, one's own views in their other browsers; the inbox reads them again.
 */
export const InboxViewsChanged = graphql(`
  subscription InboxViewsChanged {
    inboxViewsChanged {
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
