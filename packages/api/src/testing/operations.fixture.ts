/** Test helper (not a test file): one well-formed call of every query and mutation of the policy table. */
import { OPERATIONS, type Operation } from '../auth/policy.js';

export const OWNER = 'cust-own';
export const TICKET = 'ticket-own';
export const CHAT = 'chat-own';
export const AGENT = 'agent-1';

export const SUBSCRIPTIONS = [
  'ticketUpdated',
  'chatUpdated',
  'chatActivity',
  'queueUpdated',
  'liveBoardUpdated',
  'assignedToMe',
  'ticketsChanged',
  'inboxViewsChanged',
  'kbCategoriesChanged',
  'staffNotificationsChanged',
  'suggestionsUpdated',
  'articleUpdated',
  'articlesUpdated',
  'customerUpdated',
  'slaConfigurationUpdated',
  'agentUpdated',
  'webhookEndpointUpdated',
  'heldMailsChanged',
  'mailboxesUpdated',
  'widgetsUpdated',
] as const;
export type CallableOperation = Exclude<Operation, (typeof SUBSCRIPTIONS)[number]>;
export interface Fixture {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/** A mutation call with `input`. */
export const mutation = (name: string, input: Record<string, unknown>): Fixture => ({
  query: `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { id version consistencyToken } }`,
  variables: { input },
});
/** A mutation call with `input` whose answer is a type of its own, read through `selection`. */
export const payloadMutation = (name: string, input: Record<string, unknown>, selection: string): Fixture => ({
  query: `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} } }`,
  variables: { input },
});
export const ENDPOINT = 'endpoint-1';
/** A public address (no DNS lookup needed), so a webhook URL passes the SSRF guard. */
export const PUBLIC_HOOK_URL = 'https://93.184.215.14/hooks/support';
export const PUSH_SUBSCRIPTION = {
  endpoint: 'https://push.example/send/abc',
  keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
};
const byId = (field: string, arg: string, id: string, selection: string): Fixture => ({
  query: `query($id: ID!) { ${field}(${arg}: $id) { ${selection} } }`,
  variables: { id },
});

/** A well-formed call of every operation on the owner's ticket, chat and profile. */
const SLA_TARGETS = { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 480 };

/** A valid SLA policy definition input, counting in calendar `cal-1`. */
export const SLA_POLICY_INPUT = {
  name: 'Gold',
  calendarId: 'cal-1',
  targets: { low: SLA_TARGETS, normal: SLA_TARGETS, high: SLA_TARGETS, urgent: SLA_TARGETS },
};

export const FIXTURES: Record<CallableOperation, Fixture> = {
  openTicket: mutation('openTicket', { customerId: OWNER, subject: 'Printer', description: 'It jams', channel: 'web' }),
  replyToTicket: mutation('replyToTicket', { ticketId: TICKET, body: 'On it' }),
  customerReply: mutation('customerReply', { ticketId: TICKET, body: 'Thanks' }),
  changeTicketStatus: mutation('changeTicketStatus', { ticketId: TICKET, to: 'in_progress' }),
  closeTicketAsSpam: mutation('closeTicketAsSpam', { ticketId: TICKET }),
  confirmResolution: mutation('confirmResolution', { ticketId: TICKET }),
  assignTicket: mutation('assignTicket', { ticketId: TICKET, agentId: AGENT }),
  unassignTicket: mutation('unassignTicket', { ticketId: TICKET }),
  changeTicketPriority: mutation('changeTicketPriority', { ticketId: TICKET, priority: 'high' }),
  changeTicketCategory: mutation('changeTicketCategory', { ticketId: TICKET, category: 'billing' }),
  addTicketTags: mutation('addTicketTags', { ticketId: TICKET, tags: ['vip'] }),
  removeTicketTags: mutation('removeTicketTags', { ticketId: TICKET, tags: ['vip'] }),
  escalateTicket: mutation('escalateTicket', { ticketId: TICKET, reason: 'complexity' }),
  rateTicket: mutation('rateTicket', { ticketId: TICKET, score: 5 }),
  scheduleCallback: mutation('scheduleCallback', {
    ticketId: TICKET,
    at: '2099-01-05T09:00:00.000Z',
    timeZone: 'Europe/Paris',
    phone: '+33 6 12 34 56 78',
    reason: 'Walk me through it',
  }),
  completeCallback: mutation('completeCallback', { ticketId: TICKET, callbackId: 'none' }),
  cancelCallback: mutation('cancelCallback', { ticketId: TICKET, callbackId: 'none' }),
  recordCustomerActivity: mutation('recordCustomerActivity', { customerId: OWNER, signalType: 'page_view' }),
  acceptSuggestion: mutation('acceptSuggestion', { customerId: OWNER, suggestionId: 'none' }),
  dismissSuggestion: mutation('dismissSuggestion', { customerId: OWNER, suggestionId: 'none' }),
  startChat: mutation('startChat', { customerId: OWNER }),
  sendChatMessage: mutation('sendChatMessage', { chatId: CHAT, body: 'Hello' }),
  acceptChat: mutation('acceptChat', { chatId: CHAT }),
  assignChat: mutation('assignChat', { chatId: CHAT, agentId: AGENT }),
  transferChat: mutation('transferChat', { chatId: CHAT, toAgentId: AGENT, reason: 'Shift ends' }),
  transferChatToQueue: mutation('transferChatToQueue', {
    chatId: CHAT,
    category: 'billing',
    reason: 'Billing question',
  }),
  closeChat: mutation('closeChat', { chatId: CHAT }),
  convertChatToTicket: mutation('convertChatToTicket', { chatId: CHAT }),
  rateChat: mutation('rateChat', { chatId: CHAT, score: 4 }),
  emailChatTranscript: mutation('emailChatTranscript', { chatId: CHAT, email: 'own@example.com' }),
  completeTicketFollowUp: mutation('completeTicketFollowUp', { ticketId: TICKET, note: 'Called back' }),
  completeChatFollowUp: mutation('completeChatFollowUp', { chatId: CHAT, note: 'Coached the agent' }),
  signalChat: payloadMutation('signalChat', { chatId: CHAT, signal: 'typing' }, 'chatId signal at relayed'),
  registerAgent: mutation('registerAgent', { agentId: 'agent-new', name: 'New Agent' }),
  setAgentAvailability: mutation('setAgentAvailability', { agentId: AGENT, availability: 'break' }),
  setAgentCapacity: mutation('setAgentCapacity', { agentId: AGENT, capacity: 4 }),
  setAgentTicketCapacity: mutation('setAgentTicketCapacity', { agentId: AGENT, ticketCapacity: 10 }),
  updateAgentSkills: mutation('updateAgentSkills', { agentId: AGENT, skills: ['billing'], languages: ['en'] }),
  setAgentTier: mutation('setAgentTier', { agentId: AGENT, tier: 2 }),
  rateAgentPerformance: mutation('rateAgentPerformance', { agentId: AGENT, rating: 7.5 }),
  renameAgent: mutation('renameAgent', { agentId: AGENT, name: 'Agent One' }),
  // Back on the team right after: the operations that follow give the agent work.
  deactivateAgent: mutation('deactivateAgent', { agentId: AGENT, reason: 'Left the company' }),
  reactivateAgent: mutation('reactivateAgent', { agentId: AGENT }),
  registerCustomer: mutation('registerCustomer', { customerId: OWNER, name: 'Owner' }),
  setDeliveryPreference: mutation('setDeliveryPreference', { customerId: OWNER, preference: 'web_only' }),
  ticket: byId('ticket', 'id', TICKET, 'id subject'),
  tickets: { query: '{ tickets { items { id } } }' },
  ticketStatusCounts: { query: '{ ticketStatusCounts { total } }' },
  ticketCount: { query: '{ ticketCount }' },
  ticketTagCounts: { query: '{ ticketTagCounts { tag count } }' },
  ticketHistory: byId('ticketHistory', 'ticketId', TICKET, 'type'),
  verifyTicketHistory: byId('verifyTicketHistory', 'ticketId', TICKET, 'ok'),
  ticketSla: byId('ticketSla', 'ticketId', TICKET, 'at'),
  ticketMetrics: {
    query: '{ ticketMetrics(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { overall { tickets } } }',
  },
  ticketTimeSeries: {
    query:
      '{ ticketTimeSeries(from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z", interval: hour) { current { buckets { opened } } } }',
  },
  chatMetrics: {
    query: '{ chatMetrics(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { overall { chats } } }',
  },
  liveBoard: { query: '{ liveBoard { waitingChats { count } } }' },
  chat: byId('chat', 'id', CHAT, 'id'),
  chatQueue: { query: '{ chatQueue { chatId } }' },
  agents: { query: '{ agents { id } }' },
  myNotifications: { query: '{ myNotifications { items { id } } }' },
  callbacks: { query: '{ callbacks(first: 5) { ticketId callback { callbackId at status } } }' },
  csatFollowUps: { query: '{ csatFollowUps(first: 5) { kind id score requestedAt } }' },
  workQueue: { query: '{ workQueue(filter: { kind: chat }, first: 10) { id position waitingMs } }' },
  supervisorQueue: { query: '{ supervisorQueue { id } }' },
  myWork: { query: '{ myWork { tickets { id } chats { id } } }' },
  chatHistory: byId('chatHistory', 'chatId', CHAT, 'type'),
  verifyChatHistory: byId('verifyChatHistory', 'chatId', CHAT, 'ok'),
  setStaffProfile: mutation('setStaffProfile', { name: 'Sam Staff' }),
  inboxViews: { query: '{ inboxViews { id name count } }' },
  teamInboxViews: { query: '{ teamInboxViews { id name count shared ownerId } }' },
  saveInboxView: mutation('saveInboxView', { viewId: 'view-1', name: 'Urgent', filter: { priority: ['urgent'] } }),
  renameInboxView: mutation('renameInboxView', { viewId: 'view-1', name: 'Most urgent' }),
  reorderInboxViews: mutation('reorderInboxViews', { viewIds: ['view-1'] }),
  deleteInboxView: mutation('deleteInboxView', { viewId: 'view-1' }),
  stopSharingInboxView: mutation('stopSharingInboxView', { viewId: 'view-1' }),
  registerPushSubscription: mutation('registerPushSubscription', PUSH_SUBSCRIPTION),
  removePushSubscription: mutation('removePushSubscription', { endpoint: PUSH_SUBSCRIPTION.endpoint }),
  registerWebhookEndpoint: payloadMutation(
    'registerWebhookEndpoint',
    { url: PUBLIC_HOOK_URL, eventTypes: ['TicketOpened'] },
    'endpoint { id } secret',
  ),
  updateWebhookEndpoint: payloadMutation('updateWebhookEndpoint', { endpointId: ENDPOINT, description: 'x' }, 'id'),
  disableWebhookEndpoint: payloadMutation('disableWebhookEndpoint', { endpointId: ENDPOINT }, 'id enabled'),
  enableWebhookEndpoint: payloadMutation('enableWebhookEndpoint', { endpointId: ENDPOINT }, 'id enabled'),
  rotateWebhookSecret: payloadMutation('rotateWebhookSecret', { endpointId: ENDPOINT }, 'endpoint { id } secret'),
  deleteWebhookEndpoint: mutation('deleteWebhookEndpoint', { endpointId: 'gone-endpoint' }),
  testWebhookEndpoint: payloadMutation('testWebhookEndpoint', { endpointId: ENDPOINT }, 'id eventType'),
  redeliverWebhookDelivery: payloadMutation('redeliverWebhookDelivery', { deliveryId: 'delivery-1' }, 'id status'),
  redeliverNotification: payloadMutation('redeliverNotification', { deliveryId: 'delivery-1' }, 'id status'),
  webhookEndpoints: { query: '{ webhookEndpoints { id url } }' },
  webhookEndpoint: byId('webhookEndpoint', 'id', ENDPOINT, 'id url'),
  webhookEndpointSecret: { query: 'query($id: ID!) { webhookEndpointSecret(id: $id) }', variables: { id: ENDPOINT } },
  webhookDeliveries: {
    query:
      'query($id: ID!) { webhookDeliveries(endpointId: $id, first: 5) { edges { node { id } } pageInfo { hasNextPage } } }',
    variables: { id: ENDPOINT },
  },
  notificationDeliveries: {
    query:
      '{ notificationDeliveries(channel: email, status: dead, first: 5) { edges { node { id recipient } } pageInfo { hasNextPage } } }',
  },
  staffNotifications: { query: '{ staffNotifications { edges { node { id } } } }' },
  myStaffProfile: { query: '{ myStaffProfile { staffId } }' },
  createSlaCalendar: mutation('createSlaCalendar', {
    calendarId: 'cal-1',
    definition: { name: 'Around the clock', alwaysOpen: true },
  }),
  updateSlaCalendar: mutation('updateSlaCalendar', {
    calendarId: 'cal-1',
    definition: { name: 'Around the clock', alwaysOpen: true },
  }),
  importSlaCalendarHolidays: mutation('importSlaCalendarHolidays', { calendarId: 'cal-1', ics: 'BEGIN:VCALENDAR' }),
  deleteSlaCalendar: mutation('deleteSlaCalendar', { calendarId: 'cal-1' }),
  createSlaPolicy: mutation('createSlaPolicy', { policyId: 'policy-1', definition: SLA_POLICY_INPUT }),
  updateSlaPolicy: mutation('updateSlaPolicy', { policyId: 'policy-1', definition: SLA_POLICY_INPUT }),
  deleteSlaPolicy: mutation('deleteSlaPolicy', { policyId: 'policy-1' }),
  setDefaultSlaPolicy: mutation('setDefaultSlaPolicy', { policyId: 'policy-1' }),
  setPlanSlaPolicy: mutation('setPlanSlaPolicy', { plan: 'Premium', policyId: 'policy-1' }),
  setChatHours: mutation('setChatHours', { calendarId: 'calendar-1' }),
  setChatInactivityTimeout: mutation('setChatInactivityTimeout', { inactivityTimeoutMs: 20 * 60_000 }),
  createTicketCategory: mutation('createTicketCategory', { categoryId: 'billing', definition: { name: 'Billing' } }),
  updateTicketCategory: mutation('updateTicketCategory', { categoryId: 'billing', definition: { name: 'Billing' } }),
  deleteTicketCategory: mutation('deleteTicketCategory', { categoryId: 'billing' }),
  setAutomationTimings: mutation('setAutomationTimings', {
    firstReminderAfterMs: 259_200_000,
    secondReminderAfterMs: 432_000_000,
    waitingAutoCloseAfterMs: 604_800_000,
    resolvedAutoCloseAfterMs: 86_400_000,
  }),
  loadSlaPresets: mutation('loadSlaPresets', { presets: ['standard'] }),
  slaConfiguration: { query: '{ slaConfiguration { defaultPolicyId policies { id version } } }' },
  mailboxes: { query: '{ mailboxes { address name active } }' },
  configureMailbox: mutation('configureMailbox', { address: 'support@example.com', name: 'Support' }),
  removeMailbox: mutation('removeMailbox', { address: 'support@example.com' }),
  widgets: { query: '{ widgets { widgetKey name allowedOrigins } }' },
  widget: { query: '{ widget(widgetKey: "wk_none") { widgetKey } }' },
  widgetIdentitySecret: { query: '{ widgetIdentitySecret(widgetKey: "wk_none") }' },
  configureWidget: mutation('configureWidget', {
    widgetKey: 'wk_shop',
    name: 'Shop',
    allowedOrigins: ['https://shop.example.com'],
  }),
  removeWidget: mutation('removeWidget', { widgetKey: 'wk_shop' }),
  saveCannedReply: mutation('saveCannedReply', {
    name: 'Hi',
    locale: 'en',
    body: 'Hello {{customer.firstName}}',
    scope: 'personal',
  }),
  deleteCannedReply: mutation('deleteCannedReply', { cannedReplyId: 'none' }),
  loadStandardCannedReplies: mutation('loadStandardCannedReplies', { locales: ['en'] }),
  replyWithCannedReply: mutation('replyWithCannedReply', { ticketId: TICKET, cannedReplyId: 'standard-initial-en' }),
  cannedReplies: { query: '{ cannedReplies { id name } }' },
  cannedReplyDraft: {
    query: `{ cannedReplyDraft(ticketId: "${TICKET}", cannedReplyId: "standard-initial-en") { body } }`,
  },
  chatCannedReplyDraft: {
    query: `{ chatCannedReplyDraft(chatId: "${CHAT}", cannedReplyId: "standard-initial-en") { body } }`,
  },
  customer: byId('customer', 'id', OWNER, 'customerId'),
  customers: { query: '{ customers(search: "a") { customerId } }' },
  updateCustomerProfile: mutation('updateCustomerProfile', { customerId: OWNER, company: 'Acme' }),
  confirmCustomerEmail: mutation('confirmCustomerEmail', { token: 'not-a-link' }),
  slaConfigurationHistory: { query: '{ slaConfigurationHistory { edges { node { version type } } } }' },
  slaWhatIf: {
    query:
      'query($policy: SlaPolicyDefinitionInput!) { slaWhatIf(policy: $policy, from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { overall { actual { tickets } } } }',
    variables: { policy: { ...SLA_POLICY_INPUT, calendarId: 'business-hours' } },
  },
  vapidPublicKey: { query: '{ vapidPublicKey }' },
  webhookEventTypes: { query: '{ webhookEventTypes }' },
  chatAvailability: { query: '{ chatAvailability { open nextOpeningAt offerTicket } }' },
  expectedFirstResponse: { query: '{ expectedFirstResponse { dueAt priority policyName } }' },
  proactiveSuggestions: byId('proactiveSuggestions', 'customerId', OWNER, 'suggestionId subject'),
  attachment: byId('attachment', 'id', 'file-1', 'id fileName'),
  heldMails: { query: '{ heldMails(state: pending) { edges { node { id reason sender } } } }' },
  acceptHeldMail: mutation('acceptHeldMail', { heldMailId: 'held-1' }),
  discardHeldMail: mutation('discardHeldMail', { heldMailId: 'held-1', note: 'Forged' }),
  chats: { query: '{ chats(status: ["waiting", "active"]) { id status } }' },
  myChats: {
    query: 'query($c: String) { myChats(category: $c) { items { id } nextCursor } }',
    variables: { c: 'billing' },
  },
  chatTranscript: byId('chatTranscript', 'chatId', CHAT, 'fileName content'),
  searchChatMessages: {
    query: 'query($text: String!) { searchChatMessages(text: $text) { items { chatId snippet } nextCursor } }',
    variables: { text: 'hello' },
  },
  createAttachmentUpload: payloadMutation(
    'createAttachmentUpload',
    { fileName: 'screenshot.png' },
    'attachmentId uploadUrl',
  ),
  markNotificationsRead: payloadMutation('markNotificationsRead', { all: true }, 'marked unreadCount'),
  createArticleDraft: mutation('createArticleDraft', {
    locale: 'en',
    title: 'Reset a password',
    slug: 'reset-a-password',
  }),
  editArticleDraft: mutation('editArticleDraft', { articleId: 'none', title: 'Reset' }),
  submitArticleForReview: mutation('submitArticleForReview', { articleId: 'none' }),
  approveArticle: mutation('approveArticle', { articleId: 'none' }),
  requestArticleChanges: mutation('requestArticleChanges', { articleId: 'none', reason: 'Too short' }),
  startArticleRevision: mutation('startArticleRevision', { articleId: 'none' }),
  restoreArticleVersion: mutation('restoreArticleVersion', { articleId: 'none', version: 1 }),
  discardArticleRevision: mutation('discardArticleRevision', { articleId: 'none' }),
  archiveArticle: mutation('archiveArticle', { articleId: 'none' }),
  restoreArticle: mutation('restoreArticle', { articleId: 'none' }),
  linkArticleTranslation: mutation('linkArticleTranslation', {
    articleId: 'none',
    translationId: 'other',
    locale: 'fr',
  }),
  unlinkArticleTranslation: mutation('unlinkArticleTranslation', { articleId: 'none', translationId: 'other' }),
  voteOnArticle: mutation('voteOnArticle', { articleId: 'none', version: 1, helpful: true }),
  recordArticleView: mutation('recordArticleView', { articleId: 'none', version: 1 }),
  createKbCategory: mutation('createKbCategory', { names: [{ locale: 'en', name: 'Billing' }] }),
  updateKbCategory: mutation('updateKbCategory', { categoryId: 'none', names: [{ locale: 'en', name: 'Billing' }] }),
  deleteKbCategory: mutation('deleteKbCategory', { categoryId: 'none' }),
  article: byId('article', 'id', 'none', 'articleId title'),
  articleBySlug: { query: '{ articleBySlug(locale: "en", slug: "none") { articleId } }' },
  articleVersion: { query: '{ articleVersion(articleId: "none", version: 1) { version } }' },
  articleVersions: byId('articleVersions', 'articleId', 'none', 'version'),
  articleCommandChecks: byId('articleCommandChecks', 'articleId', 'none', 'command refusal'),
  kbCategoryCommandChecks: { query: '{ kbCategoryCommandChecks { categoryId command refusal } }' },
  renderArticleMarkdown: { query: '{ renderArticleMarkdown(markdown: "**hi**") }' },
  searchArticles: { query: '{ searchArticles(text: "password") { noHits items { articleId } } }' },
  autocompleteArticles: { query: '{ autocompleteArticles(text: "pass") { articleId } }' },
  kbCategories: { query: '{ kbCategories { id name } }' },
  articles: { query: '{ articles(locale: "en") { items { articleId } } }' },
  popularArticles: { query: '{ popularArticles(locale: "en") { articleId } }' },
  suggestedArticles: byId('suggestedArticles', 'ticketId', TICKET, 'articleId'),
  articleFeedback: { query: '{ articleFeedback(articleId: "none") { readerId } }' },
  articleHistory: byId('articleHistory', 'articleId', 'none', 'type'),
  streamEvents: {
    query: 'query($s: String!) { streamEvents(streamId: $s) { type } }',
    variables: { s: `ticket-${TICKET}` },
  },
  verifyStream: {
    query: 'query($s: String!) { verifyStream(streamId: $s) { ok } }',
    variables: { s: `ticket-${TICKET}` },
  },
  verifyArticleHistory: byId('verifyArticleHistory', 'articleId', 'none', 'ok'),
  knowledgeBaseMetrics: {
    query:
      '{ knowledgeBaseMetrics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { selfService { settled rate } } }',
  },
};

/** The operations with a fixture, in table order. */
export const CALLABLE = OPERATIONS.filter((operation): operation is CallableOperation => operation in FIXTURES);
