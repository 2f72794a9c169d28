import { graphql } from './graphql/index.ts';

/** Names the visitor (the pre-chat form) on their customer, new or known. */
export const RegisterCustomer = graphql(`
  mutation WidgetRegisterCustomer($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) {
      id
    }
  }
`);

export const UpdateCustomerProfile = graphql(`
  mutation WidgetUpdateCustomerProfile($input: UpdateCustomerProfileInput!) {
    updateCustomerProfile(input: $input) {
      id
    }
  }
`);

/** The visitor's chat still going (an identified user's, from another device too). */
export const OpenChats = graphql(`
  query WidgetOpenChats {
    chats(status: ["waiting", "active"]) {
      id
      status
    }
  }
`);

/** A chat and its latest messages (the conversation as the visitor sees it). */
export const ChatWithMessages = graphql(`
  query WidgetChat($id: ID!, $consistencyToken: String) {
    chat(id: $id, consistencyToken: $consistencyToken) {
      id
      version
      status
      category
      assigneeId
      csat {
        score
      }
      messages(last: 100) {
        messageId
        sender
        authorId
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

export const StartChat = graphql(`
  mutation WidgetStartChat($input: StartChatInput!) {
    startChat(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const SendChatMessage = graphql(`
  mutation WidgetSendChatMessage($input: SendChatMessageInput!) {
    sendChatMessage(input: $input) {
      id
    }
  }
`);

export const ChatUpdated = graphql(`
  subscription WidgetChatUpdated($chatId: ID!, $afterVersion: Int) {
    chatUpdated(chatId: $chatId, afterVersion: $afterVersion) {
      type
      message {
        messageId
        sender
        authorId
        body
        at
        attachments {
          id
          fileName
          size
          url
        }
      }
      chat {
        id
        status
        assigneeId
      }
    }
  }
`);

/** The visitor's place in the chat queue: their own waiting chats only (the API scopes it). */
export const ChatQueue = graphql(`
  query WidgetChatQueue {
    chatQueue {
      chatId
      position
      estimatedWaitMs
    }
  }
`);

/** Each change of the queue, as the visitor's own waiting chats then stand. */
export const QueueUpdated = graphql(`
  subscription WidgetQueueUpdated {
    queueUpdated {
      chatId
      position
      estimatedWaitMs
    }
  }
`);

export const ChatActivity = graphql(`
  subscription WidgetChatActivity($chatId: ID!) {
    chatActivity(chatId: $chatId) {
      signal
      lastReadMessageId
      by {
        role
        name
      }
    }
  }
`);

export const SignalChat = graphql(`
  mutation WidgetSignalChat($input: SignalChatInput!) {
    signalChat(input: $input) {
      relayed
    }
  }
`);

export const CloseChat = graphql(`
  mutation WidgetCloseChat($input: CloseChatInput!) {
    closeChat(input: $input) {
      id
    }
  }
`);

export const RateChat = graphql(`
  mutation WidgetRateChat($input: RateChatInput!) {
    rateChat(input: $input) {
      id
    }
  }
`);

export const ChatTranscript = graphql(`
  query WidgetChatTranscript($chatId: ID!) {
    chatTranscript(chatId: $chatId) {
      fileName
      contentType
      content
    }
  }
`);

/** Mails the chat's transcript to the visitor's address on file; one mail per `commandId`. */
export const EmailChatTranscript = graphql(`
  mutation WidgetEmailChatTranscript($input: EmailChatTranscriptInput!, $commandId: ID) {
    emailChatTranscript(input: $input, commandId: $commandId) {
      consistencyToken
    }
  }
`);

export const CreateAttachmentUpload = graphql(`
  mutation WidgetCreateAttachmentUpload($input: CreateAttachmentUploadInput!) {
    createAttachmentUpload(input: $input) {
      attachmentId
      uploadUrl
      method
      maxBytes
    }
  }
`);

/** Article titles like the visitor's first message (the knowledge base's suggestions). */
export const SuggestArticles = graphql(`
  query WidgetSuggestArticles($text: String!, $locale: String) {
    autocompleteArticles(text: $text, locale: $locale, first: 3) {
      articleId
      title
      url
    }
  }
`);

export const Article = graphql(`
  query WidgetArticle($id: ID!) {
    article(id: $id) {
      articleId
      title
      excerpt
      publishedVersion
    }
  }
`);

export const RecordArticleView = graphql(`
  mutation WidgetRecordArticleView($input: RecordArticleViewInput!) {
    recordArticleView(input: $input) {
      id
    }
  }
`);

export const OpenTicket = graphql(`
  mutation WidgetOpenTicket($input: OpenTicketInput!) {
    openTicket(input: $input) {
      id
      ticketId
    }
  }
`);

/** When a ticket opened now in a category would be owed its first answer (the offline form says it). */
export const ExpectedFirstResponse = graphql(`
  query WidgetExpectedFirstResponse($category: String) {
    expectedFirstResponse(category: $category) {
      dueAt
    }
  }
`);
