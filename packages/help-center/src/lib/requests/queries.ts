import { graphql } from '../graphql';

/**
 * The GraphQL documents of "My requests", sent as the signed-in customer: the API narrows each
 * to the customer's own tickets and chats, and never answers an internal note to a customer.
 */

export const MyTicketsQuery = graphql(`
  query HelpCenterMyTickets($after: String) {
    tickets(order: newest, first: 20, after: $after) {
      items {
        id
        subject
        status
        openedAt
        updatedAt
      }
      nextCursor
    }
  }
`);

export const MyChatsQuery = graphql(`
  query HelpCenterMyChats {
    chats {
      id
      status
      startedAt
      lastActivityAt
      messages(first: 1) {
        body
      }
    }
  }
`);

/** A message of a ticket as the customer reads it (read it with `readFragment`). */
export const TicketMessageFragment = graphql(`
  fragment HelpCenterTicketMessage on TicketMessage {
    messageId
    authorKind
    internal
    body
    at
    attachments {
      id
      fileName
      size
      url
    }
  }
`);

export const MyTicketQuery = graphql(
  `
  query HelpCenterMyTicket($id: ID!) {
    ticket(id: $id) {
      id
      subject
      status
      openedAt
      updatedAt
      version
      csat {
        score
        comment
      }
      customer {
        timeZone
        phone
      }
      callbacks {
        callbackId
        at
        timeZone
        reason
        status
      }
      messages(last: 100) {
        ...HelpCenterTicketMessage
      }
    }
  }
`,
  [TicketMessageFragment],
);

export const CustomerReplyMutation = graphql(`
  mutation HelpCenterCustomerReply($ticketId: ID!, $body: String, $attachmentIds: [ID!], $commandId: ID) {
    customerReply(input: { ticketId: $ticketId, body: $body, attachmentIds: $attachmentIds }, commandId: $commandId) {
      id
      consistencyToken
    }
  }
`);

export const ConfirmResolutionMutation = graphql(`
  mutation HelpCenterConfirmResolution($ticketId: ID!) {
    confirmResolution(input: { ticketId: $ticketId }) {
      id
      consistencyToken
    }
  }
`);

export const RateTicketMutation = graphql(`
  mutation HelpCenterRateTicket($ticketId: ID!, $score: Int!, $comment: String) {
    rateTicket(input: { ticketId: $ticketId, score: $score, comment: $comment }) {
      id
      consistencyToken
    }
  }
`);

export const CreateUploadMutation = graphql(`
  mutation HelpCenterCreateUpload($fileName: String!, $contentType: String) {
    createAttachmentUpload(input: { fileName: $fileName, contentType: $contentType }) {
      attachmentId
      uploadUrl
      method
      maxBytes
    }
  }
`);

/**
 * Each change of the ticket the customer sees (the page reads it again on each), from the version
 * the page shows on: the changes made since it was read are told first.
 */
export const TicketUpdatedSubscription = graphql(`
  subscription HelpCenterTicketUpdated($ticketId: ID!, $afterVersion: Int) {
    ticketUpdated(ticketId: $ticketId, afterVersion: $afterVersion) {
      version
    }
  }
`);

/**
 * Each change of the chat the customer sees, from the version the page shows on (none: from now):
 * its version, the message it added (if any), the chat's status once read.
 */
export const ChatUpdatedSubscription = graphql(`
  subscription HelpCenterChatUpdated($chatId: ID!, $afterVersion: Int) {
    chatUpdated(chatId: $chatId, afterVersion: $afterVersion) {
      version
      message {
        messageId
      }
      chat {
        status
      }
    }
  }
`);

export const TicketCaughtUpQuery = graphql(`
  query HelpCenterTicketCaughtUp($id: ID!, $consistencyToken: String) {
    ticket(id: $id, consistencyToken: $consistencyToken) {
      version
    }
  }
`);

export const MyChatQuery = graphql(`
  query HelpCenterMyChat($id: ID!, $consistencyToken: String) {
    chat(id: $id, consistencyToken: $consistencyToken) {
      id
      version
      status
      startedAt
      closedAt
      csat {
        score
        comment
      }
      messages(last: 100) {
        messageId
        sender
        internal
        body
        at
        attachments {
          id
          fileName
          size
          url
        }
      }
    }
  }
`);

export const RateChatMutation = graphql(`
  mutation HelpCenterRateChat($chatId: ID!, $score: Int!, $comment: String) {
    rateChat(input: { chatId: $chatId, score: $score, comment: $comment }) {
      id
      consistencyToken
    }
  }
`);

export const MyNotificationsQuery = graphql(`
  query HelpCenterMyNotifications($after: String) {
    myNotifications(first: 20, after: $after) {
      items {
        id
        ticketId
        title
        text
        createdAt
        readAt
      }
      nextCursor
      unreadCount
    }
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation HelpCenterMarkNotificationsRead($ids: [ID!], $all: Boolean) {
    markNotificationsRead(input: { notificationIds: $ids, all: $all }) {
      unreadCount
    }
  }
`);

export const MySettingsQuery = graphql(`
  query HelpCenterMySettings($id: ID!, $consistencyToken: String) {
    customer(id: $id, consistencyToken: $consistencyToken) {
      customerId
      language
      deliveryPreference
    }
  }
`);

export const SetDeliveryPreferenceMutation = graphql(`
  mutation HelpCenterSetDeliveryPreference($customerId: ID!, $preference: DeliveryPreference!) {
    setDeliveryPreference(input: { customerId: $customerId, preference: $preference }) {
      consistencyToken
    }
  }
`);

export const SetLanguageMutation = graphql(`
  mutation HelpCenterSetLanguage($customerId: ID!, $language: String!) {
    updateCustomerProfile(input: { customerId: $customerId, language: $language }) {
      consistencyToken
    }
  }
`);

export const MySuggestionsQuery = graphql(`
  query HelpCenterMySuggestions($id: ID!, $consistencyToken: String) {
    customer(id: $id, consistencyToken: $consistencyToken) {
      pendingSuggestions {
        suggestionId
        subject
        description
      }
    }
  }
`);

export const AcceptSuggestionMutation = graphql(`
  mutation HelpCenterAcceptSuggestion($customerId: ID!, $suggestionId: ID!) {
    acceptSuggestion(input: { customerId: $customerId, suggestionId: $suggestionId }) {
      ticketId
      consistencyToken
    }
  }
`);

export const DismissSuggestionMutation = graphql(`
  mutation HelpCenterDismissSuggestion($customerId: ID!, $suggestionId: ID!) {
    dismissSuggestion(input: { customerId: $customerId, suggestionId: $suggestionId }) {
      consistencyToken
    }
  }
`);

export const ScheduleCallbackMutation = graphql(`
  mutation HelpCenterScheduleCallback($ticketId: ID!, $at: DateTime!, $timeZone: String!, $phone: String, $reason: String!) {
    scheduleCallback(input: { ticketId: $ticketId, at: $at, timeZone: $timeZone, phone: $phone, reason: $reason }) {
      consistencyToken
    }
  }
`);

export const CancelCallbackMutation = graphql(`
  mutation HelpCenterCancelCallback($ticketId: ID!, $callbackId: ID!) {
    cancelCallback(input: { ticketId: $ticketId, callbackId: $callbackId }) {
      consistencyToken
    }
  }
`);
