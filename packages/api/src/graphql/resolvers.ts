import type { HeldMailView } from '@support-engine/projections';
import type { Operation } from '../auth/policy.js';
import { agents } from '../queries/agents.js';
import { articleCommandChecks, kbCategoryCommandChecks, renderArticleMarkdown } from '../queries/article-checks.js';
import {
  ARTICLE_TITLE_SUGGESTION_FIELDS,
  article,
  articleBySlugQuery,
  articleFeedback,
  articles,
  articleVersionQuery,
  articleVersionsQuery,
  autocompleteArticles,
  kbCategories,
  knowledgeBaseMetrics,
  searchArticles,
  suggestedArticles,
} from '../queries/articles.js';
import { ARTICLE_ATTACHMENT_FIELDS, ATTACHMENT_FIELDS, attachment } from '../queries/attachments.js';
import {
  articleHistory,
  chatHistory,
  streamEvents,
  ticketHistory,
  ticketSla,
  verifyArticleHistory,
  verifyChatHistory,
  verifyStream,
  verifyTicketHistory,
} from '../queries/audit.js';
import { callbacksQuery, ticketCallbacks, visibleOutcome } from '../queries/callbacks.js';
import {
  cannedReplies,
  cannedReplyDraft,
  cannedReplyUsableInChat,
  chatCannedReplyDraft,
} from '../queries/canned-replies.js';
import { chatAvailability } from '../queries/chat-availability.js';
import { chatMetricsQuery } from '../queries/chat-metrics.js';
import { chatTranscript, searchChatMessages } from '../queries/chat-transcripts.js';
import { chat, chatMessages, chatQueueQuery, chats, inactivityClose, myChats } from '../queries/chats.js';
import { customer, customerChats, customerOf, customers, customerTickets, voteReader } from '../queries/customers.js';
import { expectedFirstResponse } from '../queries/expected-response.js';
import { csatFollowUpsQuery } from '../queries/follow-ups.js';
import { heldMailDeciderName, heldMails, ticketHeldMails } from '../queries/held-mails.js';
import { inboxViewCount, inboxViews, teamInboxViews } from '../queries/inbox-views.js';
import { liveBoardQuery } from '../queries/live-board.js';
import { MAILBOX_FIELDS, mailboxes } from '../queries/mailboxes.js';
import { messageAttachments } from '../queries/message-attachments.js';
import { MESSAGE_MAIL_FIELDS, messageMail } from '../queries/message-mail.js';
import { ticketMetricsQuery, ticketTimeSeriesQuery } from '../queries/metrics.js';
import { notificationDeliveries } from '../queries/notification-deliveries.js';
import { myNotifications } from '../queries/notifications.js';
import { popularArticles } from '../queries/popular-articles.js';
import { vapidPublicKey } from '../queries/push.js';
import { supervisorQueueQuery, workQueueQuery } from '../queries/queue.js';
import { slaConfiguration, slaConfigurationHistory } from '../queries/sla-config.js';
import { slaWhatIfQuery } from '../queries/sla-what-if.js';
import { actorName, publisherName } from '../queries/staff-names.js';
import { staffNotifications } from '../queries/staff-notifications.js';
import { myStaffProfile } from '../queries/staff-profile.js';
import { customerPendingSuggestions, proactiveSuggestions } from '../queries/suggestions.js';
import { ticketId } from '../queries/ticket-dto.js';
import {
  staffOnlyTicketFields,
  ticket,
  ticketCountQuery,
  ticketMessages,
  ticketStatusCountsQuery,
  tickets,
  ticketTagCountsQuery,
  visibleCloseReason,
  visibleFollowUp,
  visibleMessageCount,
  visibleTags,
} from '../queries/tickets.js';
import {
  webhookDeliveries,
  webhookEndpoint,
  webhookEndpointSecret,
  webhookEndpoints,
  webhookEventTypes,
} from '../queries/webhooks.js';
import { widget, widgetIdentitySecret, widgets } from '../queries/widgets.js';
import { myWork } from '../queries/work.js';
import { chatActivity } from '../subscriptions/activity.js';
import {
  agentUpdated,
  mailboxesUpdated,
  slaConfigurationUpdated,
  webhookEndpointUpdated,
  widgetsUpdated,
} from '../subscriptions/admin.js';
import { articlesUpdated, articleUpdated, updatedArticle } from '../subscriptions/articles.js';
import { assignedToMe } from '../subscriptions/assigned.js';
import { customerUpdated } from '../subscriptions/customer.js';
import { heldMailsChanged } from '../subscriptions/held-mails.js';
import { inboxViewsChanged } from '../subscriptions/inbox-views-changed.js';
import { kbCategoriesChanged } from '../subscriptions/kb-categories-changed.js';
import { liveBoardUpdated } from '../subscriptions/live-board.js';
import {
  chatUpdated,
  queueUpdated,
  suggestionsUpdated,
  ticketUpdated,
  updatedChat,
  updatedTicket,
} from '../subscriptions/resolvers.js';
import { staffNotificationsChanged } from '../subscriptions/staff-notifications-changed.js';
import { ticketsChanged } from '../subscriptions/tickets-changed.js';
import { mutationResolvers } from './mutations.js';
import { DateTimeScalar, JsonScalar } from './scalars.js';
import type { Unbound } from './secure.js';

// Each root field is bound to its own name, which is its operation in the policy table.
const QUERIES = {
  ticket,
  tickets,
  ticketStatusCounts: ticketStatusCountsQuery,
  ticketCount: ticketCountQuery,
  ticketTagCounts: ticketTagCountsQuery,
  callbacks: callbacksQuery,
  csatFollowUps: csatFollowUpsQuery,
  ticketHistory,
  verifyTicketHistory,
  ticketSla,
  ticketMetrics: ticketMetricsQuery,
  ticketTimeSeries: ticketTimeSeriesQuery,
  chatMetrics: chatMetricsQuery,
  liveBoard: liveBoardQuery,
  chat,
  chats,
  chatQueue: chatQueueQuery,
  myChats,
  chatTranscript,
  searchChatMessages,
  agents,
  myNotifications,
  workQueue: workQueueQuery,
  supervisorQueue: supervisorQueueQuery,
  myWork,
  chatHistory,
  verifyChatHistory,
  slaConfiguration,
  chatAvailability,
  expectedFirstResponse,
  cannedReplies,
  cannedReplyDraft,
  chatCannedReplyDraft,
  customer,
  customers,
  slaConfigurationHistory,
  slaWhatIf: slaWhatIfQuery,
  webhookEndpoints,
  webhookEventTypes,
  webhookEndpoint,
  webhookEndpointSecret,
  webhookDeliveries,
  notificationDeliveries,
  staffNotifications,
  myStaffProfile,
  inboxViews,
  teamInboxViews,
  mailboxes,
  widgets,
  widget,
  widgetIdentitySecret,
  vapidPublicKey,
  article,
  articleBySlug: articleBySlugQuery,
  articleVersion: articleVersionQuery,
  articleVersions: articleVersionsQuery,
  articleCommandChecks,
  kbCategoryCommandChecks,
  renderArticleMarkdown,
  searchArticles,
  autocompleteArticles,
  kbCategories,
  articles,
  popularArticles,
  suggestedArticles,
  articleFeedback,
  articleHistory,
  verifyArticleHistory,
  streamEvents,
  verifyStream,
  knowledgeBaseMetrics,
  proactiveSuggestions,
  attachment,
  heldMails,
} satisfies Partial<Record<Operation, Unbound>>;

const SUBSCRIPTIONS = {
  ticketUpdated,
  chatUpdated,
  chatActivity,
  queueUpdated,
  liveBoardUpdated,
  assignedToMe,
  ticketsChanged,
  inboxViewsChanged,
  kbCategoriesChanged,
  staffNotificationsChanged,
  suggestionsUpdated,
  articleUpdated,
  articlesUpdated,
  customerUpdated,
  slaConfigurationUpdated,
  agentUpdated,
  webhookEndpointUpdated,
  heldMailsChanged,
  mailboxesUpdated,
  widgetsUpdated,
} satisfies Partial<Record<Operation, unknown>>;

// The `satisfies` clauses above guarantee every key is an operation of the policy table.
function bind<T>(fields: Record<string, (operation: Operation) => T>): Record<string, T> {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field(name as Operation)]));
}

/** Every resolver of the schema. */
export function createResolvers() {
  return {
    DateTime: DateTimeScalar,
    JSON: JsonScalar,
    Query: bind(QUERIES),
    Mutation: mutationResolvers(),
    Subscription: bind(SUBSCRIPTIONS),
    Ticket: {
      id: ticketId,
      messages: ticketMessages,
      messageCount: visibleMessageCount,
      tags: visibleTags,
      ...staffOnlyTicketFields,
      closeReason: visibleCloseReason,
      followUpRequested: visibleFollowUp,
      callbacks: ticketCallbacks,
      heldMails: ticketHeldMails,
      customer: customerOf,
    },
    Chat: {
      messages: chatMessages,
      messageCount: visibleMessageCount,
      followUpRequested: visibleFollowUp,
      closesForInactivityAt: inactivityClose,
      customer: customerOf,
    },
    QueueEntry: { customer: customerOf },
    TicketUpdate: { ticket: updatedTicket },
    ArticleUpdate: { article: updatedArticle },
    ChatUpdate: { chat: updatedChat },
    Callback: { outcome: visibleOutcome },
    TicketMessage: { mail: messageMail, attachments: messageAttachments },
    MessageMail: MESSAGE_MAIL_FIELDS,
    Attachment: ATTACHMENT_FIELDS,
    ArticleAttachment: ARTICLE_ATTACHMENT_FIELDS,
    ArticleTitleSuggestion: ARTICLE_TITLE_SUGGESTION_FIELDS,
    InboxView: { count: inboxViewCount },
    Actor: { name: actorName },
    ArticleVote: { reader: voteReader },
    ArticleVersion: { publishedByName: publisherName },
    HeldMail: { id: (parent: HeldMailView) => parent.heldMailId, decidedByName: heldMailDeciderName },
    CannedReply: { usableInChat: cannedReplyUsableInChat },
    Mailbox: MAILBOX_FIELDS,
    Customer: { tickets: customerTickets, chats: customerChats, pendingSuggestions: customerPendingSuggestions },
  };
}
