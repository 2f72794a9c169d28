import { graphql } from '../graphql/index.ts';

/** The chat queue (waiting chats, routing order). */
export const ChatQueue = graphql(`
  query ChatQueue($consistencyToken: String) {
    chatQueue(consistencyToken: $consistencyToken) {
      chatId
      customerId
      customer {
        name
        email
      }
      priority
      waitingSince
      position
    }
  }
`);

/** The whole chat queue after each change. */
export const QueueUpdated = graphql(`
  subscription QueueUpdated {
    queueUpdated {
      chatId
      customerId
      customer {
        name
        email
      }
      priority
      waitingSince
      position
    }
  }
`);

// The fragment is unmasked (its fields typed in the documents using it) and not exported: the
// documents carry it, and a fragment alone is no document to validate.

/** What the console shows of a chat besides its messages. */
const ChatStateFields = graphql(`
  fragment ChatStateFields on Chat @_unmask {
    id
    version
    customerId
    customer {
      name
    }
    status
    priority
    category
    assigneeId
    startedAt
    lastActivityAt
    ticketId
    messageCount
  }
`);

/** The signed-in agent's active chats, latest activity first. */
export const MyChats = graphql(
  `
  query MyChats($consistencyToken: String) {
    myChats(first: 100, consistencyToken: $consistencyToken) {
      items {
        ...ChatStateFields
      }
    }
  }
`,
  [ChatStateFields],
);

/** One chat and its newest messages (`before`: the page before that message), for the conversation. */
export const ChatConversation = graphql(
  `
  query ChatConversation($id: ID!, $consistencyToken: String, $before: ID) {
    chat(id: $id, consistencyToken: $consistencyToken) {
      ...ChatStateFields
      messages(last: 100, before: $before) {
        messageId
        sender
        authorId
        body
        internal
        at
        attachments {
          id
          fileName
          contentType
          size
          url
        }
      }
    }
  }
`,
  [ChatStateFields],
);

/** A chat without its messages, read once the read models hold a change `ChatUpdated` told of. */
export const ChatState = graphql(
  `
  query ChatState($id: ID!, $consistencyToken: String) {
    chat(id: $id, consistencyToken: $consistencyToken) {
      ...ChatStateFields
    }
  }
`,
  [ChatStateFields],
);

/**
 * Each change of a chat: a new message comes with it, straight from the log (the chat itself is
 * not selected: the API would hold the update until the chats read model has it; `ChatState` reads
 * it afterwards with the update's token).
 */
export const ChatUpdated = graphql(`
  subscription ChatUpdated($chatId: ID!, $afterVersion: Int) {
    chatUpdated(chatId: $chatId, afterVersion: $afterVersion) {
      chatId
      version
      type
      consistencyToken
      message {
        messageId
        sender
        authorId
        body
        internal
        at
        attachments {
          id
          fileName
          contentType
          size
          url
        }
      }
    }
  }
`);

/** The other participants' typing and read signals in a chat. */
export const ChatActivity = graphql(`
  subscription ChatActivity($chatId: ID!) {
    chatActivity(chatId: $chatId) {
      signal
      at
      lastReadMessageId
      by {
        role
        id
        name
      }
    }
  }
`);

/** Tells the chat's other participants the agent is typing, stopped, or read up to a message. */
export const SignalChat = graphql(`
  mutation SignalChat($input: SignalChatInput!) {
    signalChat(input: $input) {
      relayed
    }
  }
`);

/** The chat commands the console runs; each answers the token to read its write back. */
export const AcceptChat = graphql(`
  mutation AcceptChat($input: AcceptChatInput!) {
    acceptChat(input: $input) {
      id
      consistencyToken
      ticketId
    }
  }
`);

export const SendChatMessage = graphql(`
  mutation SendChatMessage($input: SendChatMessageInput!) {
    sendChatMessage(input: $input) {
      id
      consistencyToken
      ticketId
    }
  }
`);

export const TransferChat = graphql(`
  mutation TransferChat($input: TransferChatInput!) {
    transferChat(input: $input) {
      id
      consistencyToken
      ticketId
    }
  }
`);

export const TransferChatToQueue = graphql(`
  mutation TransferChatToQueue($input: TransferChatToQueueInput!) {
    transferChatToQueue(input: $input) {
      id
      consistencyToken
      ticketId
    }
  }
`);

/** The queues a chat may be transferred to: a chat's queue is its category. */
export const ChatQueues = graphql(`
  query ChatQueues {
    slaConfiguration {
      categories {
        id
        name
      }
    }
  }
`);

export const CloseChat = graphql(`
  mutation CloseChat($input: CloseChatInput!) {
    closeChat(input: $input) {
      id
      consistencyToken
      ticketId
    }
  }
`);

export const ConvertChatToTicket = graphql(`
  mutation ConvertChatToTicket($input: ConvertChatToTicketInput!) {
    convertChatToTicket(input: $input) {
      id
      consistencyToken
      ticketId
    }
  }
`);

/** The team: the signed-in agent's presence and load (chats held of their capacity), and the transfer's choices. */
export const ChatTeam = graphql(`
  query ChatTeam($consistencyToken: String) {
    agents(consistencyToken: $consistencyToken) {
      id
      name
      availability
      capacity
      activeChats
    }
  }
`);

export const SetMyAvailability = graphql(`
  mutation SetMyAvailability($input: SetAgentAvailabilityInput!) {
    setAgentAvailability(input: $input) {
      id
      consistencyToken
      ticketId
    }
  }
`);

/** A canned reply filled in for the chat's customer and the agent, to edit before sending. */
export const ChatCannedReplyDraft = graphql(`
  query ChatCannedReplyDraft($chatId: ID!, $cannedReplyId: ID!) {
    chatCannedReplyDraft(chatId: $chatId, cannedReplyId: $cannedReplyId) {
      body
    }
  }
`);
