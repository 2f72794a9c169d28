import { type FragmentOf, graphql, type ResultOf, readFragment } from '../graphql/index.ts';

// The auditors' screen: a ticket's, a chat's or any other stream's events (a page of at most 500
// after a version), a ticket's or chat's state as of a past instant, and whether its hash chain
// and seals verify. Every kind asks the same fields of each (the two fragments); another stream's
// events also bring the data they recorded (its past fields are read from them).

// The fragments stay in this file (a fragment alone is no document to validate): the screen reads
// them through auditEvents and auditVerdict.
const AuditEvent = graphql(`
  fragment AuditEvent on HistoryEvent {
    version
    type
    at
    recordedAt
    actor {
      id
      role
      name
    }
    reason
    hash
  }
`);

const AuditVerification = graphql(`
  fragment AuditVerification on HistoryVerification {
      ok
      unsealedEvents
      lastSealedAt
      altered {
        version
        problem
      }
  }
`);

/** An event as the audit timeline shows it. */
export type AuditEventFields = ResultOf<typeof AuditEvent>;
/** A verification's verdict, put in words by the screen. */
export type AuditVerificationFields = ResultOf<typeof AuditVerification>;

/** The events of a history page's answer. */
export function auditEvents(page: readonly FragmentOf<typeof AuditEvent>[]): readonly AuditEventFields[] {
  return readFragment(AuditEvent, page);
}

/** The verdict of a verification's answer. */
export function auditVerdict(answer: FragmentOf<typeof AuditVerification>): AuditVerificationFields {
  return readFragment(AuditVerification, answer);
}

/** A page of a ticket's events, oldest first. */
export const AuditTicketHistory = graphql(
  `
  query AuditTicketHistory($id: ID!, $afterVersion: Int) {
    history: ticketHistory(ticketId: $id, afterVersion: $afterVersion, first: 500) {
      ...AuditEvent
    }
  }
`,
  [AuditEvent],
);

/** A page of a chat's events, oldest first. */
export const AuditChatHistory = graphql(
  `
  query AuditChatHistory($id: ID!, $afterVersion: Int) {
    history: chatHistory(chatId: $id, afterVersion: $afterVersion, first: 500) {
      ...AuditEvent
    }
  }
`,
  [AuditEvent],
);

/**
 * A page of any stream's events by its name (`customer-cust-1`), oldest first, with the data each
 * recorded: 500 at a time, as the tickets' and chats' pages.
 */
export const AuditStreamHistory = graphql(
  `
  query AuditStreamHistory($streamId: String!, $afterVersion: Int) {
    history: streamEvents(streamId: $streamId, afterVersion: $afterVersion, first: 500) {
      ...AuditEvent
      data
    }
  }
`,
  [AuditEvent],
);

/** Whether any stream's history is intact. */
export const AuditVerifyStream = graphql(
  `
  query AuditVerifyStream($streamId: String!) {
    verification: verifyStream(streamId: $streamId) {
      ...AuditVerification
    }
  }
`,
  [AuditVerification],
);

/** Whether a ticket's history is intact. */
export const AuditVerifyTicket = graphql(
  `
  query AuditVerifyTicket($id: ID!) {
    verification: verifyTicketHistory(ticketId: $id) {
      ...AuditVerification
    }
  }
`,
  [AuditVerification],
);

/** Whether a chat's history is intact. */
export const AuditVerifyChat = graphql(
  `
  query AuditVerifyChat($id: ID!) {
    verification: verifyChatHistory(chatId: $id) {
      ...AuditVerification
    }
  }
`,
  [AuditVerification],
);

/** A ticket as it was at `asOf` (folded from its events recorded by then). */
export const AuditTicketAsOf = graphql(`
  query AuditTicketAsOf($id: ID!, $asOf: DateTime!) {
    ticket(id: $id, asOf: $asOf) {
      subject
      status
      priority
      assigneeId
      tier
      tags
      messages {
        messageId
      }
    }
  }
`);

/** A chat as it was at `asOf` (null before it started). */
export const AuditChatAsOf = graphql(`
  query AuditChatAsOf($id: ID!, $asOf: DateTime!) {
    chat(id: $id, asOf: $asOf) {
      status
      priority
      assigneeId
      messageCount
    }
  }
`);

/** A change to a ticket, as it is recorded. */
export const AuditTicketUpdated = graphql(`
  subscription AuditTicketUpdated($id: ID!) {
    ticketUpdated(ticketId: $id) {
      version
    }
  }
`);

/** A change to a chat, as it is recorded. */
export const AuditChatUpdated = graphql(`
  subscription AuditChatUpdated($id: ID!) {
    chatUpdated(chatId: $id) {
      version
    }
  }
`);
