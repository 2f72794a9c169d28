import { graphql } from '../graphql/index.ts';

// A staff member's in-app alerts (the notifier's web channel): the header's unread count, the
// alerts page, and the notice of each change that keeps both live.

/** A page of the caller's alerts, newest first, with their unread count. */
export const StaffAlerts = graphql(`
  query StaffAlerts($first: Int, $after: String) {
    staffNotifications(first: $first, after: $after) {
      edges {
        node {
          id
          ticketId
          chatId
          kind
          template
          title
          text
          createdAt
          readAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      unreadCount
    }
  }
`);

/** How many of the caller's alerts are unread (the header's badge). */
export const StaffAlertsUnread = graphql(`
  query StaffAlertsUnread {
    staffNotifications(first: 1) {
      unreadCount
    }
  }
`);

/** Each change of the caller's alerts (one saved for them, some read elsewhere), with the unread count then. */
export const StaffAlertsChanged = graphql(`
  subscription StaffAlertsChanged {
    staffNotificationsChanged {
      unreadCount
    }
  }
`);

/** Marks alerts read: those named, or all of the caller's. */
export const MarkAlertsRead = graphql(`
  mutation MarkAlertsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      marked
      unreadCount
    }
  }
`);
