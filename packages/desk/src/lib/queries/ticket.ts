import { graphql } from '../graphql/index.ts';

/**
 * A ticket, its newest messages (with their files; `before`: the page before that message) and
 * every event of its history, for the ticket page; `consistencyToken`: once the read models hold
 * that change (a mutation's, or a live update's).
 */
export const TicketPage = graphql(`
  query TicketPage($id: ID!, $consistencyToken: String, $before: ID) {
    ticket(id: $id, consistencyToken: $consistencyToken) {
      id
      subject
      status
      priority
      customerId
      customer {
        name
      }
      openedAt
      version
      sla {
        state
      }
      messageCount
      messages(last: 100, before: $before) {
        messageId
        authorKind
        authorId
        source
        internal
        body
        at
        attachments {
          id
          fileName
          contentType
          size
          url
          # Where the text shows it (an HTML mail's inline image), drawn there.
          inlineSpan
        }
        # Staff see where a message that came by mail came from (null otherwise).
        mail {
          from
          mailbox
          authentication {
            spf
            dkim
            dmarc
          }
          originalUrl
          fullText
        }
      }
    }
    ticketHistory(ticketId: $id, consistencyToken: $consistencyToken) {
      version
      type
      at
      actor {
        id
        role
        name
      }
      reason
      data
    }
    # Who wrote each message, by name (those who left included).
    agents(includeDeactivated: true) {
      id
      name
    }
  }
`);

/** Each change of a ticket, as it happens: the page reads it again with the update's token. */
export const TicketLive = graphql(`
  subscription TicketLive($ticketId: ID!, $afterVersion: Int) {
    ticketUpdated(ticketId: $ticketId, afterVersion: $afterVersion) {
      version
      type
      consistencyToken
    }
  }
`);

/** A staff message: a public reply (optionally moving the ticket on) or an internal note. */
export const ReplyToTicket = graphql(`
  mutation ReplyToTicket($input: ReplyToTicketInput!) {
    replyToTicket(input: $input) {
      version
      consistencyToken
    }
  }
`);

/** Moves the ticket along the lifecycle (`e` resolves). */
export const ChangeTicketStatus = graphql(`
  mutation ChangeTicketStatus($input: ChangeTicketStatusInput!) {
    changeTicketStatus(input: $input) {
      version
      consistencyToken
    }
  }
`);

/** The canned replies the agent may use, for the composer's `/` list. */
/** Published articles whose title matches what the agent types after `#`, with their help-center address. */
export const ComposerArticles = graphql(`
  query ComposerArticles($text: String!) {
    autocompleteArticles(text: $text, first: 8) {
      articleId
      locale
      title
      url
    }
  }
`);

/** The canned replies a composer offers; `usableInChat`: the domain's word on whether a chat can fill one. */
export const ComposerCannedReplies = graphql(`
  query ComposerCannedReplies {
    cannedReplies {
      id
      name
      locale
      usableInChat
    }
  }
`);

/** A canned reply filled in for the ticket and the agent (placeholders and all), to edit before sending. */
export const CannedReplyDraft = graphql(`
  query CannedReplyDraft($ticketId: ID!, $cannedReplyId: ID!) {
    cannedReplyDraft(ticketId: $ticketId, cannedReplyId: $cannedReplyId) {
      body
      nextStatus
      closeReason
    }
  }
`);

/** A one-time URL to PUT a file's bytes to; the stored file's id then goes with the message. */
export const CreateAttachmentUpload = graphql(`
  mutation CreateAttachmentUpload($input: CreateAttachmentUploadInput!) {
    createAttachmentUpload(input: $input) {
      attachmentId
      uploadUrl
      method
      maxBytes
    }
  }
`);
