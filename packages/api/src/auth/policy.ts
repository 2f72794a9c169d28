import type { Role } from '@support-engine/domain';

/**
 * What a customer may reach through an operation, besides holding an allowed role:
 * - `ticket` / `chat`: the entity whose id is the argument `arg` must be theirs;
 * - `customer`: the customer id in argument `arg` must be their own id;
 * - `scoped`: the resolver narrows the answer to the customer's own data (lists, inbox, queue).
 */
export type CustomerRule =
  | { readonly kind: 'ticket' | 'chat' | 'customer'; readonly arg: string }
  | { readonly kind: 'scoped' };

/** Who may call an operation. */
export interface OperationPolicy {
  readonly roles: readonly Role[];
  /** Required when `roles` includes `customer`. */
  readonly customer?: CustomerRule;
  /**
   * Input ids the server always assigns when a customer calls: were a customer to choose them,
   * an id taken by someone else's ticket or chat would be refused, telling them it exists.
   */
  readonly assignedForCustomers?: readonly string[];
  /**
   * Callers without a token may call it too when the deployment runs a public help center
   * (`SUPPORT_PUBLIC_HELP_CENTER`); they act as a customer of no one. Requires `customer`.
   */
  readonly public?: true;
}

const STAFF = ['agent', 'supervisor', 'admin'] as const satisfies readonly Role[];
const LEADS = ['supervisor', 'admin'] as const satisfies readonly Role[];
const ADMINS = ['admin'] as const satisfies readonly Role[];

const own = (kind: 'ticket' | 'chat' | 'customer', arg: string): CustomerRule => ({ kind, arg });
const SCOPED: CustomerRule = { kind: 'scoped' };

/**
 * The authorization table: every GraphQL root field (query, mutation, subscription) and who may
 * call it. It is the only place roles are checked; the domain re-checks its own rules (an agent
 * acting on a chat they do not hold, say) and those refusals surface as the domain's `FORBIDDEN`.
 * Auditors read history and verify but issue no commands; internal notes are filtered for
 * customers by the resolvers.
 */
export const POLICY = {
  // Ticket commands.
  openTicket: {
    roles: ['customer', ...STAFF, 'system'],
    customer: own('customer', 'customerId'),
    assignedForCustomers: ['ticketId'],
  },
  replyToTicket: { roles: STAFF },
  customerReply: { roles: ['customer'], customer: own('ticket', 'ticketId') },
  changeTicketStatus: { roles: STAFF },
  closeTicketAsSpam: { roles: STAFF },
  confirmResolution: { roles: ['customer'], customer: own('ticket', 'ticketId') },
  assignTicket: { roles: [...STAFF, 'system'] },
  unassignTicket: { roles: [...STAFF, 'system'] },
  changeTicketPriority: { roles: [...STAFF, 'system'] },
  changeTicketCategory: { roles: [...STAFF, 'system'] },
  addTicketTags: { roles: [...STAFF, 'system'] },
  removeTicketTags: { roles: [...STAFF, 'system'] },
  escalateTicket: { roles: [...STAFF, 'system'] },
  rateTicket: { roles: ['customer'], customer: own('ticket', 'ticketId') },
  scheduleCallback: { roles: ['customer', ...STAFF, 'system'], customer: own('ticket', 'ticketId') },
  completeCallback: { roles: [...STAFF] },
  cancelCallback: { roles: ['customer', ...STAFF], customer: own('ticket', 'ticketId') },
  // Proactive support.
  recordCustomerActivity: { roles: ['customer', 'system'], customer: own('customer', 'customerId') },
  acceptSuggestion: { roles: ['customer'], customer: own('customer', 'customerId') },
  dismissSuggestion: { roles: ['customer'], customer: own('customer', 'customerId') },
  proactiveSuggestions: {
    roles: ['customer', ...STAFF, 'auditor', 'system'],
    customer: own('customer', 'customerId'),
  },
  // Chat commands.
  startChat: {
    roles: ['customer', ...STAFF, 'system'],
    customer: own('customer', 'customerId'),
    assignedForCustomers: ['chatId'],
  },
  sendChatMessage: { roles: ['customer', ...STAFF, 'system'], customer: own('chat', 'chatId') },
  acceptChat: { roles: STAFF },
  assignChat: { roles: [...LEADS, 'system'] },
  transferChat: { roles: STAFF },
  transferChatToQueue: { roles: STAFF },
  closeChat: { roles: ['customer', ...STAFF, 'system'], customer: own('chat', 'chatId') },
  convertChatToTicket: { roles: [...STAFF, 'system'] },
  rateChat: { roles: ['customer'], customer: own('chat', 'chatId') },
  emailChatTranscript: { roles: ['customer', ...STAFF], customer: own('chat', 'chatId') },
  // Low ratings' follow-ups: the supervisors' work.
  completeTicketFollowUp: { roles: LEADS },
  completeChatFollowUp: { roles: LEADS },
  csatFollowUps: { roles: [...LEADS, 'auditor'] },
  // Live signals: whoever may write in the chat (the domain holds staff to the assignee or a lead).
  signalChat: { roles: ['customer', ...STAFF], customer: own('chat', 'chatId') },
  // Team and customer profiles.
  registerAgent: { roles: [...LEADS, 'system'] },
  setAgentAvailability: { roles: STAFF },
  setAgentCapacity: { roles: LEADS },
  setAgentTicketCapacity: { roles: LEADS },
  updateAgentSkills: { roles: LEADS },
  setAgentTier: { roles: LEADS },
  rateAgentPerformance: { roles: LEADS },
  renameAgent: { roles: LEADS },
  deactivateAgent: { roles: LEADS },
  reactivateAgent: { roles: LEADS },
  registerCustomer: { roles: ['customer', ...STAFF, 'system'], customer: own('customer', 'customerId') },
  setDeliveryPreference: { roles: ['customer', ...STAFF, 'system'], customer: own('customer', 'customerId') },
  // Notification delivery: staff alert profiles (the domain decides whose, and who sets groups),
  // push subscriptions on the caller's own stream, and webhook endpoints (admins only: an
  // endpoint decides where ticket and chat data goes).
  setStaffProfile: { roles: STAFF },
  registerPushSubscription: { roles: ['customer', ...STAFF], customer: SCOPED },
  removePushSubscription: { roles: ['customer', ...STAFF], customer: SCOPED },
  registerWebhookEndpoint: { roles: ADMINS },
  updateWebhookEndpoint: { roles: ADMINS },
  disableWebhookEndpoint: { roles: ADMINS },
  enableWebhookEndpoint: { roles: ADMINS },
  rotateWebhookSecret: { roles: ADMINS },
  deleteWebhookEndpoint: { roles: ADMINS },
  testWebhookEndpoint: { roles: ADMINS },
  redeliverWebhookDelivery: { roles: ADMINS },
  redeliverNotification: { roles: ADMINS },
  // The SLA configuration: admins change it (it decides every ticket's deadlines); staff and
  // auditors read it and its history.
  createSlaCalendar: { roles: [...ADMINS, 'system'] },
  updateSlaCalendar: { roles: [...ADMINS, 'system'] },
  importSlaCalendarHolidays: { roles: [...ADMINS, 'system'] },
  deleteSlaCalendar: { roles: [...ADMINS, 'system'] },
  createSlaPolicy: { roles: [...ADMINS, 'system'] },
  updateSlaPolicy: { roles: [...ADMINS, 'system'] },
  deleteSlaPolicy: { roles: [...ADMINS, 'system'] },
  setDefaultSlaPolicy: { roles: [...ADMINS, 'system'] },
  setPlanSlaPolicy: { roles: [...ADMINS, 'system'] },
  setChatHours: { roles: [...ADMINS, 'system'] },
  setChatInactivityTimeout: { roles: [...ADMINS, 'system'] },
  createTicketCategory: { roles: [...ADMINS, 'system'] },
  updateTicketCategory: { roles: [...ADMINS, 'system'] },
  deleteTicketCategory: { roles: [...ADMINS, 'system'] },
  setAutomationTimings: { roles: [...ADMINS, 'system'] },
  loadSlaPresets: { roles: [...ADMINS, 'system'] },
  // The mailboxes mail comes in at: admins configure them; staff read the active ones (where a
  // ticket came in), admins all of them.
  configureMailbox: { roles: [...ADMINS, 'system'] },
  removeMailbox: { roles: [...ADMINS, 'system'] },
  mailboxes: { roles: [...STAFF, 'system'] },
  // The chat widget keys: admins configure them and read the identity secret their hosts sign
  // with; the keys themselves are public (in every host page), shown to admins' screens only.
  configureWidget: { roles: [...ADMINS, 'system'] },
  removeWidget: { roles: [...ADMINS, 'system'] },
  widgets: { roles: [...ADMINS, 'system'] },
  widget: { roles: [...ADMINS, 'system'] },
  widgetIdentitySecret: { roles: ADMINS },
  saveCannedReply: { roles: [...STAFF, 'system'] },
  deleteCannedReply: { roles: [...STAFF, 'system'] },
  loadStandardCannedReplies: { roles: [...LEADS, 'system'] },
  replyWithCannedReply: { roles: STAFF },
  // The knowledge base: staff write, leads review and keep the category tree, readers vote;
  // published articles are read by customers, and by visitors when the help center is public.
  createArticleDraft: { roles: STAFF },
  editArticleDraft: { roles: STAFF },
  submitArticleForReview: { roles: STAFF },
  startArticleRevision: { roles: STAFF },
  restoreArticleVersion: { roles: STAFF },
  discardArticleRevision: { roles: STAFF },
  linkArticleTranslation: { roles: STAFF },
  unlinkArticleTranslation: { roles: STAFF },
  approveArticle: { roles: LEADS },
  requestArticleChanges: { roles: LEADS },
  archiveArticle: { roles: LEADS },
  restoreArticle: { roles: LEADS },
  voteOnArticle: { roles: ['customer', ...STAFF, 'system'], customer: SCOPED },
  recordArticleView: { roles: ['customer', ...STAFF, 'system'], customer: SCOPED, public: true },
  createKbCategory: { roles: LEADS },
  updateKbCategory: { roles: LEADS },
  deleteKbCategory: { roles: LEADS },
  article: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  articleBySlug: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  articleVersion: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  articleVersions: { roles: [...STAFF, 'auditor'] },
  articleCommandChecks: { roles: STAFF },
  kbCategoryCommandChecks: { roles: STAFF },
  renderArticleMarkdown: { roles: STAFF },
  searchArticles: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  autocompleteArticles: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  kbCategories: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  articles: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  popularArticles: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  suggestedArticles: { roles: [...STAFF, 'system'] },
  articleFeedback: { roles: [...STAFF, 'auditor'] },
  articleHistory: { roles: [...STAFF, 'auditor'] },
  // Any stream, by its name: whatever the log holds (profiles, configuration), for those who audit it.
  streamEvents: { roles: ['admin', 'auditor'] },
  verifyStream: { roles: ['admin', 'auditor'] },
  verifyArticleHistory: { roles: [...LEADS, 'auditor'] },
  knowledgeBaseMetrics: { roles: [...LEADS, 'auditor'] },
  attachment: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED, public: true },
  createAttachmentUpload: { roles: ['customer', ...STAFF], customer: SCOPED },
  // Queries.
  ticket: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: own('ticket', 'id') },
  tickets: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED },
  ticketStatusCounts: { roles: [...STAFF, 'auditor', 'system'] },
  ticketCount: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED },
  ticketTagCounts: { roles: [...STAFF, 'auditor', 'system'] },
  ticketHistory: { roles: [...STAFF, 'auditor'] },
  verifyTicketHistory: { roles: [...LEADS, 'auditor'] },
  ticketSla: { roles: [...STAFF, 'auditor', 'system'] },
  ticketMetrics: { roles: [...LEADS, 'auditor'] },
  ticketTimeSeries: { roles: [...LEADS, 'auditor'] },
  chatMetrics: { roles: [...LEADS, 'auditor'] },
  liveBoard: { roles: LEADS },
  chat: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: own('chat', 'id') },
  chats: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED },
  chatQueue: { roles: ['customer', ...STAFF, 'system'], customer: SCOPED },
  myChats: { roles: STAFF },
  chatTranscript: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: own('chat', 'chatId') },
  searchChatMessages: { roles: [...STAFF, 'auditor'] },
  agents: { roles: [...STAFF, 'auditor', 'system'] },
  myNotifications: { roles: ['customer'], customer: SCOPED },
  markNotificationsRead: { roles: ['customer', ...STAFF], customer: SCOPED },
  workQueue: { roles: [...STAFF, 'system'] },
  callbacks: { roles: [...STAFF, 'auditor', 'system'] },
  supervisorQueue: { roles: LEADS },
  myWork: { roles: STAFF },
  chatHistory: { roles: [...STAFF, 'auditor'] },
  verifyChatHistory: { roles: [...LEADS, 'auditor'] },
  slaConfiguration: { roles: [...STAFF, 'auditor', 'system'] },
  chatAvailability: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED },
  expectedFirstResponse: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED },
  cannedReplies: { roles: STAFF },
  cannedReplyDraft: { roles: STAFF },
  chatCannedReplyDraft: { roles: STAFF },
  customer: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: own('customer', 'id') },
  customers: { roles: [...STAFF, 'auditor', 'system'] },
  updateCustomerProfile: { roles: ['customer', ...STAFF, 'system'], customer: own('customer', 'customerId') },
  // The customer named by the signed link, signed in as themself (the domain holds them to it).
  confirmCustomerEmail: { roles: ['customer'], customer: SCOPED },
  slaConfigurationHistory: { roles: [...STAFF, 'auditor', 'system'] },
  slaWhatIf: { roles: [...LEADS, 'auditor', 'system'] },
  // Auditors check what was sent, and where; the secret is the admins' alone.
  webhookEventTypes: { roles: [...ADMINS, 'auditor'] },
  webhookEndpoints: { roles: [...ADMINS, 'auditor'] },
  webhookEndpoint: { roles: [...ADMINS, 'auditor'] },
  webhookEndpointSecret: { roles: ADMINS },
  webhookDeliveries: { roles: [...ADMINS, 'auditor'] },
  notificationDeliveries: { roles: [...ADMINS, 'auditor'] },
  staffNotifications: { roles: STAFF },
  myStaffProfile: { roles: STAFF },
  // Saved inbox views: the caller's own only (their staff stream; the domain refuses anyone else's).
  inboxViews: { roles: STAFF },
  // Views shared with the team: every staff member reads them; the domain lets only leads share.
  teamInboxViews: { roles: STAFF },
  saveInboxView: { roles: STAFF },
  // Held mail: staff decide, auditors read.
  heldMails: { roles: [...STAFF, 'auditor'] },
  heldMailsChanged: { roles: [...STAFF, 'auditor'] },
  acceptHeldMail: { roles: STAFF },
  discardHeldMail: { roles: STAFF },
  renameInboxView: { roles: STAFF },
  reorderInboxViews: { roles: STAFF },
  deleteInboxView: { roles: STAFF },
  stopSharingInboxView: { roles: STAFF },
  vapidPublicKey: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: SCOPED },
  // Subscriptions.
  ticketUpdated: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: own('ticket', 'ticketId') },
  chatUpdated: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: own('chat', 'chatId') },
  chatActivity: { roles: ['customer', ...STAFF, 'auditor', 'system'], customer: own('chat', 'chatId') },
  queueUpdated: { roles: ['customer', ...STAFF, 'system'], customer: SCOPED },
  liveBoardUpdated: { roles: LEADS },
  assignedToMe: { roles: STAFF },
  ticketsChanged: { roles: STAFF },
  inboxViewsChanged: { roles: STAFF },
  kbCategoriesChanged: { roles: STAFF },
  staffNotificationsChanged: { roles: STAFF },
  suggestionsUpdated: { roles: ['customer', ...STAFF, 'system'], customer: own('customer', 'customerId') },
  // Staff only: every edit of a draft passes through these, and customers never read drafts.
  articleUpdated: { roles: STAFF },
  articlesUpdated: { roles: STAFF },
  // Staff only: a customer's own tickets and chats tell them of what they may see (ticketUpdated, chatUpdated).
  customerUpdated: { roles: [...STAFF, 'system'] },
  // The admins' screens follow each other's changes.
  slaConfigurationUpdated: { roles: ADMINS },
  agentUpdated: { roles: ADMINS },
  webhookEndpointUpdated: { roles: ADMINS },
  mailboxesUpdated: { roles: ADMINS },
  widgetsUpdated: { roles: ADMINS },
} as const satisfies Record<string, OperationPolicy>;

/** The name of a GraphQL root field, as the policy table lists it. */
export type Operation = keyof typeof POLICY;

/** Every operation, in table order. */
export const OPERATIONS = Object.keys(POLICY) as Operation[];

/** True when `role` may call `operation` at all (ownership aside). */
export function roleAllows(operation: Operation, role: Role): boolean {
  return (POLICY[operation].roles as readonly Role[]).includes(role);
}

/** The ownership rule a customer is held to for `operation`, if customers may call it. */
export function customerRule(operation: Operation): CustomerRule | undefined {
  const policy: OperationPolicy = POLICY[operation];
  return policy.customer;
}

/** True when a public help center opens `operation` to callers without a token. */
export function isPublic(operation: Operation): boolean {
  const policy: OperationPolicy = POLICY[operation];
  return policy.public === true;
}

/** The input ids a customer may not set for `operation` (the server assigns them). */
export function assignedForCustomers(operation: Operation): readonly string[] {
  const policy: OperationPolicy = POLICY[operation];
  return policy.assignedForCustomers ?? [];
}
