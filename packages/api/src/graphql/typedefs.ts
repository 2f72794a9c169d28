import type { CommandSpec } from '../commands/spec.js';
import { COMMANDS, inputTypeName, type MutationName } from '../commands/table.js';
import { SEARCH_LIMITS } from '../queries/tickets.js';

// Enum values are the domain's own (lower-case) values, so they pass to the deciders and back
// from the read models without a mapping table.
const ENUMS = /* GraphQL */ `
enum Role { customer agent supervisor admin auditor system }
enum TicketStatus { new in_progress waiting_customer resolved closed }
enum TicketPriority { low normal high urgent }
enum CannedReplyScope { shared personal }
"newest: by opening time, newest first (the default). longest_in_status: the ticket longest in its current status first (staleness views). sla_deadline: the soonest next SLA deadline first (Ticket.sla.nextDeadline; overdue ones first, tickets without one last): what breaches next (for customers, who see no SLA, the default order). updated: the least recently changed first (Ticket.updatedAt), a sync's feed with filter.updatedSince: a ticket that changes while a client pages comes again at the end, so no change is missed. priority: urgent first, then high, normal, low, each the longest open first (by opening time, then id): a ticket whose priority changes while a client pages moves with it."
enum TicketOrder { newest longest_in_status sla_deadline updated priority }
"A ticket's SLA in one word (Ticket.sla.state), worst first: breached (a clock reached its target), warning (a running clock passed its warning threshold), running, paused (waiting for the customer), met (every started clock completed in time), not_started."
enum SlaState { breached warning running paused met not_started }
enum TicketChannel { email web chat phone api }
enum Visibility { public internal }
enum EscalationReason { sla_breach complexity customer_request missed_callback }
enum CallbackStatus { scheduled due completed cancelled missed }
enum SpamKind { spam invalid }
"Why staff close a ticket: manual, or no_customer_response (closed for lack of response, as the automation does after the wait); the customer is told accordingly."
enum StaffCloseReason { manual no_customer_response }
enum ChatPriority { low medium high urgent }
"How a chat transcript is written out."
enum TranscriptFormat {
  "Plain text, one line per message: ISO time, sender kind and name, [internal] for a staff-only note, the body (line breaks shown as ↵) and the files by name."
  text
  "A JSON document: the chat's facts and every message with its author, exact body and files."
  json
}
"""
An agent's presence. Only available agents receive routed work; busy, break and training keep
what they hold. online and away are the earlier spellings of available and break.
"""
enum Availability {
  available
  busy
  break
  training
  offline
  online @deprecated(reason: "Use available.")
  away @deprecated(reason: "Use break.")
}
enum ActivitySignalType { page_view faq_search form_error login_failed error_occurred timeout_occurred }
enum DeliveryPreference { web_only email_only both none }
"What agents work on."
enum WorkKind { ticket chat }
"A live signal of a chat participant: typing, stopped typing, read up to a message. Relayed, never recorded."
enum ChatSignalKind { typing stopped_typing read }
"A channel a staff member is alerted on: the in-app inbox, email, Web Push."
enum StaffAlertChannel { web email push }
"An alert group: supervisors hear of breaches, escalations to them and low ratings; on_call of critical incidents."
enum StaffGroup { supervisors on_call }
"Where a delivery (webhook, email or push) stands: waiting (first try or a retry), delivered, or given up (dead: after 24 hours of retries, or at once on a permanent refusal such as an SMTP 5xx)."
enum WebhookDeliveryStatus { pending delivered dead }
"A channel notifications to people go out on besides the in-app inboxes."
enum NotificationDeliveryChannel { email push }
"Who an email or push delivery is for."
enum NotificationRecipientKind { customer staff }
"How a delivery attempt ended."
enum DeliveryAttemptOutcome {
  "The endpoint answered 2xx (the mail server accepted the mail, the push service the message)."
  delivered
  "The endpoint (mail server, push service) answered otherwise, or the connection failed."
  failed
  "No answer in time."
  timeout
  "Not sent: the URL now leads to an address the deployment does not deliver to, or the endpoint is disabled or gone."
  refused
}
"How work reached an agent: they accepted a waiting chat, someone assigned it, the router routed it, or a colleague transferred it."
enum AssignmentMode { accepted assigned routed transferred }
"How a report's time series is cut: hours or days of the time zone asked for (UTC by default; a local day may last 23 or 25 hours)."
enum ReportInterval { hour day }
`;

const INPUTS = /* GraphQL */ `
input OpenTicketInput {
  "Generated when omitted."
  ticketId: ID
  customerId: ID!
  subject: String!
  description: String!
  priority: TicketPriority
  category: String
  channel: TicketChannel!
  language: String
  "Files uploaded by the caller (createAttachmentUpload, then PUT), up to 10."
  attachmentIds: [ID!]
}
"A knowledge-base article a reply points the customer to: the locale it was shown in, and the published version when one in particular."
input LinkedArticleInput { articleId: ID! locale: String! version: Int }
"articles: up to 10 knowledge-base articles the reply links (each once), recorded with it. body may be left out when attachmentIds sends files: a message needs words, files or both."
input ReplyToTicketInput { ticketId: ID! body: String visibility: Visibility nextStatus: TicketStatus closeReason: StaffCloseReason articles: [LinkedArticleInput!] attachmentIds: [ID!] }
"body may be left out when attachmentIds sends files: a message needs words, files or both."
input CustomerReplyInput { ticketId: ID! body: String attachmentIds: [ID!] }
"closeReason only with to: closed (manual by default)."
input ChangeTicketStatusInput { ticketId: ID! to: TicketStatus! closeReason: StaffCloseReason reason: String }
input CloseTicketAsSpamInput { ticketId: ID! kind: SpamKind reason: String }
input ConfirmResolutionInput { ticketId: ID! }
input AssignTicketInput { ticketId: ID! agentId: ID! reason: String }
input UnassignTicketInput { ticketId: ID! reason: String }
input ChangeTicketPriorityInput { ticketId: ID! priority: TicketPriority! reason: String }
"Sets (or, with null, clears) the category; the SLA terms and the skill routing asks follow it."
input ChangeTicketCategoryInput { ticketId: ID! category: String reason: String }
"Tags are normalized (trimmed, lower-cased, spaces as -): letters, digits, -, _, : and ., at most 50 characters; 1 to 20 per call."
input AddTicketTagsInput { ticketId: ID! tags: [String!]! }
"The tags to take off (normalized like added ones); tags the ticket does not carry are ignored, and NO_CHANGE answers when it carries none of them."
input RemoveTicketTagsInput { ticketId: ID! tags: [String!]! }
input EscalateTicketInput { ticketId: ID! reason: EscalationReason! note: String }
input RateTicketInput { ticketId: ID! score: Int! comment: String }
input RecordCustomerActivityInput { customerId: ID! signalId: ID signalType: ActivitySignalType! detail: String }
input AcceptSuggestionInput { customerId: ID! suggestionId: ID! }
input DismissSuggestionInput { customerId: ID! suggestionId: ID! }
"A call to book: at (an instant) as the customer meant it in timeZone (IANA), on phone (international form; else the number on file)."
input ScheduleCallbackInput { ticketId: ID! callbackId: ID at: DateTime! timeZone: String! phone: String reason: String! }
input CompleteCallbackInput { ticketId: ID! callbackId: ID! outcome: String }
input CompleteTicketFollowUpInput { ticketId: ID! "What was done, up to 2000 characters." note: String }
input CancelCallbackInput { ticketId: ID! callbackId: ID! reason: String }
input FirstChatMessageInput { messageId: ID body: String attachmentIds: [ID!] }
input StartChatInput {
  chatId: ID
  customerId: ID!
  priority: ChatPriority
  category: String
  language: String
  firstMessage: FirstChatMessageInput
}
"attachmentIds: files the caller uploaded (createAttachmentUpload, then PUT), up to 10. body may be left out when it sends files: a message needs words, files or both."
input SendChatMessageInput { chatId: ID! messageId: ID body: String internal: Boolean attachmentIds: [ID!] }
"A file to upload: its name (its extension must fit its content) and, optionally, the type the client believes it is."
input CreateAttachmentUploadInput { fileName: String! contentType: String }
"notificationIds (1 to 100) or all: true, not both."
input MarkNotificationsReadInput { notificationIds: [ID!] all: Boolean }
input AcceptChatInput { chatId: ID! }
input AssignChatInput { chatId: ID! agentId: ID! }
input TransferChatInput { chatId: ID! toAgentId: ID! reason: String! }
"An active chat back to waiting in the queue of category (a chat's queue is its category), with a reason."
input TransferChatToQueueInput { chatId: ID! category: String! reason: String! }
input CloseChatInput { chatId: ID! reason: String }
input ConvertChatToTicketInput { chatId: ID! ticketId: ID }
input RateChatInput { chatId: ID! score: Int! comment: String }
"email: left out, the customer's address on file (a customer may name only an address of their profile). language: the mail's (en or fr), else the customer's."
input EmailChatTranscriptInput { chatId: ID! email: String language: String }
input CompleteChatFollowUpInput { chatId: ID! "What was done, up to 2000 characters." note: String }
"lastReadMessageId: the last message read, with signal read (and only then)."
input SignalChatInput {
  chatId: ID!
  signal: ChatSignalKind!
  lastReadMessageId: ID
  "True while staff type (or stop typing) an internal note: told to staff only. A customer's is FORBIDDEN."
  internal: Boolean
}
input RegisterAgentInput {
  agentId: ID!
  name: String!
  skills: [String!]
  languages: [String!]
  tier: Int
  "Chats at once (default 3)."
  capacity: Int
  "Open tickets at once; null or omitted: no cap."
  ticketCapacity: Int
  performanceRating: Float
}
input SetAgentAvailabilityInput { agentId: ID! availability: Availability! }
input SetAgentCapacityInput { agentId: ID! capacity: Int! }
input SetAgentTicketCapacityInput {
  agentId: ID!
  "Null (or left out) lifts the cap."
  ticketCapacity: Int
}
input UpdateAgentSkillsInput { agentId: ID! skills: [String!]! languages: [String!]! }
input SetAgentTierInput { agentId: ID! tier: Int! }
input RateAgentPerformanceInput { agentId: ID! rating: Float! }
input RenameAgentInput { agentId: ID! "One line, 1 to 200 characters." name: String! }
input DeactivateAgentInput { agentId: ID! "Why they leave (kept in the history)." reason: String }
input ReactivateAgentInput { agentId: ID! }
input RegisterCustomerInput {
  customerId: ID!
  name: String!
  email: String
  language: String
  company: String
  "The customer's plan or tier, as the product calls it (staff only)."
  plan: String
  "The number on file, in international form (+ and the country code): a callback booked without a number calls it."
  phone: String
  "When they became a customer, for an import of customers registered before (not in the future; staff only, as plan is)."
  customerSince: DateTime
  "Where they live, an IANA zone (Europe/Paris): the dates and times they are told are shown in it; UTC without one (UNKNOWN_TIME_ZONE for a zone the time-zone database does not know)."
  timeZone: String
  deliveryPreference: DeliveryPreference
}
"Each field given replaces the profile's (an empty string clears email, language, company, plan, phone or timeZone); fields left out stay."
input UpdateCustomerProfileInput { customerId: ID! name: String email: String language: String company: String plan: String phone: String timeZone: String }
input ConfirmCustomerEmailInput {
  "The token of the link mailed to the pending address (the link's {token})."
  token: String!
}
input SetDeliveryPreferenceInput { customerId: ID! preference: DeliveryPreference! }
"A staff member's alert profile, set whole."
input SetStaffProfileInput {
  "Whose profile; the caller's own when omitted. Only leads set someone else's."
  staffId: ID
  "The name alerts are addressed to."
  name: String!
  "Where email alerts go."
  email: String
  "The language alerts are written in (BCP 47: fr, en-GB); English when omitted or not offered."
  language: String
  "The IANA time zone alerts show times in (Europe/Paris); UTC when omitted. One the time-zone database does not know is UNKNOWN_TIME_ZONE."
  timeZone: String
  "The channels alerts go to; the in-app inbox only by default."
  channels: [StaffAlertChannel!]
  "The alert groups; only leads may change them."
  groups: [StaffGroup!]
}
"The keys of a push subscription, as the browser's PushSubscription.toJSON() gives them (base64url)."
input PushSubscriptionKeysInput {
  "The P-256 public key (65 bytes)."
  p256dh: String!
  "The authentication secret (16 bytes)."
  auth: String!
}
"A browser's Web Push subscription."
input RegisterPushSubscriptionInput {
  "Where the push service accepts messages for this browser (http or https, at most 2048 characters)."
  endpoint: String!
  "The keys messages are encrypted for."
  keys: PushSubscriptionKeysInput!
}
"The push subscription to forget."
input RemovePushSubscriptionInput {
  "The subscription's endpoint."
  endpoint: String!
}
"A new webhook endpoint."
input RegisterWebhookEndpointInput {
  "Where deliveries are POSTed: http or https, no credentials, at most 2048 characters, a public address unless the deployment allows private ones."
  url: String!
  "The ticket and chat event types it receives (1 to 100), or * for all of them."
  eventTypes: [String!]!
  "A note for humans (at most 500 characters)."
  description: String
}
"What to change on an endpoint; fields left out stay."
input UpdateWebhookEndpointInput {
  "The endpoint."
  endpointId: ID!
  "The new URL, checked like a new endpoint's."
  url: String
  "The new event types (1 to 100), or * for all."
  eventTypes: [String!]
  "The new note; an empty one clears it."
  description: String
}
"The endpoint to disable."
input DisableWebhookEndpointInput {
  "The endpoint."
  endpointId: ID!
  "Why, for the log."
  reason: String
}
"The endpoint to enable."
input EnableWebhookEndpointInput {
  "The endpoint."
  endpointId: ID!
}
"The endpoint to send a test event to."
input TestWebhookEndpointInput {
  "The endpoint."
  endpointId: ID!
}
"The endpoint to delete."
input DeleteWebhookEndpointInput {
  "The endpoint."
  endpointId: ID!
}
"The endpoint whose secret to rotate."
input RotateWebhookSecretInput {
  "The endpoint."
  endpointId: ID!
  "Hours (0 to 168) the previous secret goes on signing beside the new one, each delivery then carrying both signatures, while receivers move to the new one; 0, the default (as after a leak), stops it at once."
  previousSecretHours: Int
}
"The delivery to send again."
input RedeliverWebhookDeliveryInput {
  "The delivery's id (WebhookDelivery.id)."
  deliveryId: ID!
}
"The email or push delivery to send again."
input RedeliverNotificationInput {
  "The delivery's id (NotificationDelivery.id)."
  deliveryId: ID!
}
input SaveInboxViewInput {
  "The view's id, chosen by the client (a UUID); an id the caller already holds replaces that view in its place."
  viewId: ID!
  "1 to 60 characters (trimmed), unique among the caller's views without case."
  name: String!
  "What it lists: the TicketFilter fields an inbox offers (status, priority, channel, assigneeId, unassigned, inMyQueues, category, tags, customerId, slaState, stale, search); any other is BAD_USER_INPUT."
  filter: TicketFilter!
  "Its order; newest first when omitted."
  order: TicketOrder
  "Offers it to the whole team too (teamInboxViews): supervisors and admins only (INBOX_VIEW_SHARING_FORBIDDEN); saved again without it, it is the caller's alone again."
  shared: Boolean
}
input RenameInboxViewInput {
  viewId: ID!
  "1 to 60 characters (trimmed), unique among the caller's views without case."
  name: String!
}
input ReorderInboxViewsInput {
  "Every one of the caller's saved views' ids, once, first to last."
  viewIds: [ID!]!
}
input DeleteInboxViewInput {
  viewId: ID!
}
input StopSharingInboxViewInput {
  viewId: ID!
  "Whose view (InboxView.ownerId); the caller's own when omitted."
  ownerId: ID
}
input AcceptHeldMailInput {
  "The held message (HeldMail.id)."
  heldMailId: ID!
  "Why, for the record: 1 to 2,000 characters (trimmed)."
  note: String
}
input DiscardHeldMailInput {
  "The held message (HeldMail.id)."
  heldMailId: ID!
  "Why, for the record: 1 to 2,000 characters (trimmed)."
  note: String
}
"A mailbox mail comes in at, and what it gives the tickets it opens (null: the engine's default)."
input ConfigureMailboxInput {
  "Its address, kept in lower case; a sub-address (support+tag@...) is MAILBOX_SUB_ADDRESS: it reaches support@... already."
  address: String!
  "How the team calls it, 1 to 200 characters."
  name: String!
  "The category (an id of slaConfiguration.categories, MAILBOX_CATEGORY_UNKNOWN otherwise) of the tickets it opens."
  category: String
  "The language (a BCP 47 tag such as en or fr) of the customers it makes known, unless their message says otherwise."
  language: String
  "The priority of the tickets it opens."
  priority: TicketPriority
  "False: mail to it is refused, its configuration kept. True when omitted."
  active: Boolean
  "True: a new mailbox, MAILBOX_ADDRESS_TAKEN when its address is configured already. False when omitted: adds or replaces."
  adding: Boolean
}
input RemoveMailboxInput {
  address: String!
}
"A text in one language."
input LocalizedTextInput {
  "A BCP 47 tag such as en or fr."
  language: String!
  "1 to 500 characters."
  text: String!
}
"A pre-chat topic: what the visitor picks, and the category of the chat or ticket it opens."
input WidgetTopicInput {
  "Lower-case letters, digits, _ or -; unique among the key's topics (WIDGET_TOPIC_DUPLICATE)."
  id: String!
  "Its label in each of the widget's languages."
  label: [LocalizedTextInput!]!
  "A category of slaConfiguration.categories (WIDGET_TOPIC_CATEGORY_UNKNOWN otherwise)."
  categoryId: String!
}
"A chat widget key and what it offers: the origins that may embed it, its topics, its greeting."
input ConfigureWidgetInput {
  "The public key host pages embed (wk_ then letters, digits, _ or -)."
  widgetKey: String!
  "How the team calls it, 1 to 200 characters."
  name: String!
  "The exact origins (https://shop.example.com) whose pages may embed it, kept normalised; anything else is WIDGET_ORIGIN_INVALID."
  allowedOrigins: [String!]!
  "The pre-chat topics, in the widget's order; none when omitted."
  topics: [WidgetTopicInput!]
  "The widget's first line in each language; the widget's own when omitted or empty."
  greeting: [LocalizedTextInput!]
  "True: a new key, WIDGET_KEY_TAKEN when it is configured already. False when omitted: adds or replaces."
  adding: Boolean
}
input RemoveWidgetInput {
  widgetKey: String!
}
input TicketFilter {
  "Tickets in any of these statuses; every status when omitted or empty."
  status: [TicketStatus!]
  "Tickets of any of these priorities; every priority when omitted or empty."
  priority: [TicketPriority!]
  assigneeId: ID
  "Only tickets nobody is assigned to (ignored when assigneeId is given)."
  unassigned: Boolean
  "true: only the unassigned tickets in the caller's queues as the router sees them (an agent: their tier at least the ticket's, and the skill its category requires when someone on the team at that tier lists it; presence and load aside). Agents only: BAD_USER_INPUT for other roles."
  inMyQueues: Boolean
  "Ignored for customers, who only ever see their own tickets."
  customerId: ID
  category: String
  "Only tickets opened under this customer plan (Ticket.plan; case and surrounding space do not matter)."
  plan: String
  "Only tickets opened from one of these proactive suggestions (Ticket.suggestionId); every ticket when omitted or empty."
  suggestionId: [ID!]
  "Only tickets in their current status for more than this many seconds (0 or more): with status: [waiting_customer] and 259200, those waiting for more than 3 days."
  inStatusForMoreThan: Int
  "Only tickets that changed at or after this instant (Ticket.updatedAt): with order: updated, what a sync fetches since its last run."
  updatedSince: DateTime
  "Only tickets carrying every one of these tags (normalized: case and spaces do not matter). Ignored for customers."
  tags: [String!]
  "Only tickets whose SLA is in one of these states: [warning] lists those at risk, [breached] those late. Ignored for customers."
  slaState: [SlaState!]
  "Only tickets opened through one of these channels; every channel when omitted or empty."
  channel: [TicketChannel!]
  "true: only the stale tickets by the support guide's rules (in progress for more than 24 hours, waiting for the customer for more than 3 days); false or omitted: no such narrowing."
  stale: Boolean
  "Full-text search over subjects and messages (words, \\"phrases\\", -excluded), the customer's name or email, or a ticket's id written whole; at most ${SEARCH_LIMITS.characters} characters and ${SEARCH_LIMITS.words} words."
  search: String
}
"Narrows workQueue; the filters given all apply."
input WorkQueueFilter {
  "Only tickets or only chats."
  kind: WorkKind
  "Only these support tiers (chats are tier 1)."
  tier: [Int!]
  "Only this category (exact)."
  category: String
  "Only this language, matched on the primary subtag as routing matches it: en matches en-GB and en-GB matches en."
  language: String
  "Only these priorities (ticket or chat ones), matched by rank: normal and medium select each other."
  priority: [String!]
  "Only items that have waited longer than this many seconds (0 or more)."
  olderThanSeconds: Int
}
"A shipped SLA preset."
enum SlaPreset {
  "2 h first response, 4 h next response, 24 h resolution in business hours (UTC+4), 80 % goal."
  standard
  "24/7, first response urgent 15 min, high 30 min, normal 2 h."
  premium
  "Business hours beside 24/7 emergency support, targets by category (1 to 6 h) and priority, 6 h escalation."
  categories
}
"One opening window of a day, local HH:mm; an end not after the start runs past midnight."
input BusinessWindowInput { start: String! end: String! }
"The opening windows of each weekday (several per day for split shifts)."
input WeeklyHoursInput {
  mon: [BusinessWindowInput!] tue: [BusinessWindowInput!] wed: [BusinessWindowInput!] thu: [BusinessWindowInput!]
  fri: [BusinessWindowInput!] sat: [BusinessWindowInput!] sun: [BusinessWindowInput!]
}
"The dates a calendar is maintained for (YYYY-MM-DD); its holidays must fall inside."
input CalendarCoverageInput { from: String! to: String! }
"A business calendar: alwaysOpen, or an IANA time zone with weekly windows and holidays."
input SlaCalendarDefinitionInput {
  name: String!
  "Every instant is business time (24/7); weekly, timeZone and holidays may not be given with it (BAD_USER_INPUT)."
  alwaysOpen: Boolean
  "An IANA time zone, e.g. Asia/Dubai."
  timeZone: String
  weekly: WeeklyHoursInput
  "Local dates without business time (YYYY-MM-DD)."
  holidays: [String!]
  coverage: CalendarCoverageInput
}
"A canned reply (id generated when omitted). Placeholders: {{customer.name}}, {{customer.firstName}}, {{customer.email}}, {{ticket.id}}, {{ticket.subject}}, {{agent.name}}, {{agent.firstName}}; any other is UNKNOWN_PLACEHOLDER. scope: shared (supervisors and admins; the default) or personal (the saver's own)."
input SaveCannedReplyInput { cannedReplyId: ID name: String! locale: String! body: String! nextStatus: TicketStatus closeReason: StaffCloseReason scope: CannedReplyScope }
input DeleteCannedReplyInput { cannedReplyId: ID! }
"The standard replies' locales: en and fr by default."
input LoadStandardCannedRepliesInput { locales: [String!] }
"visibility: internal makes it a note (which moves no status)."
input ReplyWithCannedReplyInput { ticketId: ID! cannedReplyId: ID! visibility: Visibility }
"A calendar and its definition."
input CreateSlaCalendarInput { calendarId: ID! definition: SlaCalendarDefinitionInput! }
"A calendar and its new definition."
input UpdateSlaCalendarInput { calendarId: ID! definition: SlaCalendarDefinitionInput! }
"An iCalendar file (RFC 5545) whose events become holidays."
input ImportSlaCalendarHolidaysInput {
  calendarId: ID!
  "The file's text; all-day and timed events mark their dates, yearly repetitions repeat within the coverage."
  ics: String!
  "Replace the calendar's holidays instead of adding to them."
  replace: Boolean
}
"The calendar to delete."
input DeleteSlaCalendarInput { calendarId: ID! }
"SLA targets in minutes of business time."
input SlaTargetsInput { firstResponseMinutes: Int! nextResponseMinutes: Int! resolutionMinutes: Int! }
"Targets for each priority."
input SlaTargetsByPriorityInput { low: SlaTargetsInput! normal: SlaTargetsInput! high: SlaTargetsInput! urgent: SlaTargetsInput! }
"A category's targets, replacing the priority's where set."
input SlaCategoryTargetsInput { category: String! firstResponseMinutes: Int nextResponseMinutes: Int resolutionMinutes: Int }
"The calendar a priority counts in instead of the policy's."
input SlaCalendarByPriorityInput { low: ID normal: ID high: ID urgent: ID }
"Reminder and auto-close delays in milliseconds."
input SlaTimingsInput { firstReminderAfterMs: Float secondReminderAfterMs: Float waitingAutoCloseAfterMs: Float resolvedAutoCloseAfterMs: Float }
"An SLA policy's definition; calendars are named by id."
input SlaPolicyDefinitionInput {
  name: String!
  calendarId: ID!
  calendarByPriority: SlaCalendarByPriorityInput
  targets: SlaTargetsByPriorityInput!
  categoryTargets: [SlaCategoryTargetsInput!]
  "A warning is due when this fraction of a target has elapsed (0.8 by default)."
  warnAtFraction: Float
  "Unresolved after this many business minutes: escalated, breach or not."
  escalationThresholdMinutes: Int
  "A critical incident (an urgent ticket) books a call to its customer within this many minutes; none when unset."
  callbackTargetMinutes: Int
  "The share of tickets that should meet each target, for reports."
  complianceGoal: Float
  timings: SlaTimingsInput
}
"A policy and its definition."
input CreateSlaPolicyInput { policyId: ID! definition: SlaPolicyDefinitionInput! }
"A policy and its new definition (a new version)."
input UpdateSlaPolicyInput { policyId: ID! definition: SlaPolicyDefinitionInput! }
"The policy to delete."
input DeleteSlaPolicyInput { policyId: ID! }
"The default policy; none: the deployment's bootstrap policy."
input SetDefaultSlaPolicyInput { policyId: ID }
"A plan (as customers' profiles name it; case and surrounding space count for nothing) and the policy of the tickets its customers open; policyId omitted or null: the plan names none any more."
input SetPlanSlaPolicyInput { plan: String! policyId: ID }
"calendarId: the calendar of the chat desk's opening hours; omitted: open at all hours."
input SetChatHoursInput { calendarId: ID }
"How long a chat may go without activity before it closes itself; none: the deployment's CHAT_INACTIVITY_TIMEOUT_MS."
input SetChatInactivityTimeoutInput {
  "A minute (60000) to a day, in milliseconds; from a second when the deployment allows any timings. Null: the deployment's default (CHAT_INACTIVITY_TIMEOUT_MS)."
  inactivityTimeoutMs: Float
}
"A ticket category; unset fields are inherited from the nearest ancestor that sets them."
input TicketCategoryDefinitionInput {
  name: String!
  parentId: ID
  defaultPriority: TicketPriority
  slaPolicyId: ID
  "The skill the router requires of agents for this category's tickets (inherited by subcategories; waived while no agent lists it)."
  requiredSkill: String
  escalationThresholdMinutes: Int
}
"A category and its definition."
input CreateTicketCategoryInput { categoryId: ID! definition: TicketCategoryDefinitionInput! }
"A category and its new definition."
input UpdateTicketCategoryInput { categoryId: ID! definition: TicketCategoryDefinitionInput! }
"The category to delete."
input DeleteTicketCategoryInput { categoryId: ID! }
"The deployment's reminder and auto-close delays in milliseconds."
input SetAutomationTimingsInput {
  firstReminderAfterMs: Float!
  secondReminderAfterMs: Float!
  waitingAutoCloseAfterMs: Float!
  "Within 24 to 48 h unless the deployment allows any duration."
  resolvedAutoCloseAfterMs: Float!
}
"The presets to load, and the one whose policy becomes the default."
input LoadSlaPresetsInput { presets: [SlaPreset!]! defaultPreset: SlaPreset }
"A new article's first draft. slug: lower-case words joined by hyphens, unique in the locale; body: Markdown."
input CreateArticleDraftInput {
  articleId: ID
  locale: String!
  title: String!
  slug: String!
  body: String
  excerpt: String
  categoryId: ID
  tags: [String!]
  related: [ID!]
  "Files the caller uploaded (createAttachmentUpload, then PUT), up to 50."
  attachmentIds: [ID!]
}
"The draft's fields to change (at least one); categoryId set to an empty string removes the category."
input EditArticleDraftInput {
  articleId: ID!
  title: String
  slug: String
  body: String
  excerpt: String
  categoryId: String
  tags: [String!]
  related: [ID!]
  "The draft's files, replacing its list: ones the article already carries, or the caller's uploads (createAttachmentUpload, then PUT); up to 50."
  attachmentIds: [ID!]
}
input SubmitArticleForReviewInput { articleId: ID! }
input ApproveArticleInput { articleId: ID! }
input RequestArticleChangesInput { articleId: ID! reason: String! }
input StartArticleRevisionInput { articleId: ID! }
input RestoreArticleVersionInput { articleId: ID! version: Int! }
input DiscardArticleRevisionInput { articleId: ID! }
input ArchiveArticleInput { articleId: ID! reason: String }
input RestoreArticleInput { articleId: ID! reason: String }
input LinkArticleTranslationInput { articleId: ID! translationId: ID! locale: String! }
input UnlinkArticleTranslationInput { articleId: ID! translationId: ID! }
"visitorId: the system voting for a visitor without an account (a help center rendered on a server) names them with the id their client keeps."
input VoteOnArticleInput { articleId: ID! version: Int! helpful: Boolean! comment: String visitorId: String }
"visitorId: a visitor without an account (public help center) names themselves with the id their client keeps."
input RecordArticleViewInput { articleId: ID! version: Int! visitorId: String }
input KbCategoryNameInput { locale: String! name: String! }
input CreateKbCategoryInput { categoryId: ID names: [KbCategoryNameInput!]! parentId: ID sortOrder: Int }
input UpdateKbCategoryInput { categoryId: ID! names: [KbCategoryNameInput!]! parentId: ID sortOrder: Int }
input DeleteKbCategoryInput { categoryId: ID! }
`;

const TYPES = /* GraphQL */ `
"An instant, as an ISO-8601 string, read to the millisecond (finer digits are dropped)."
scalar DateTime
"Any JSON value (event data)."
scalar JSON

type Actor {
  id: ID!
  role: Role!
  "A staff member's name: an agent's as the team's lists show it, a supervisor's or an admin's from their profile (setStaffProfile); null for a customer, the system, or one never named."
  name: String
}

"What a mutation did: the new version of the stream it wrote (a ticket's, a chat's...; for SLA configuration, the configuration's, which counts every entity's edits) and a token to read it back consistently."
type CommandResult {
  id: ID!
  version: Int!
  "Pass to a query's consistencyToken to see this write reflected."
  consistencyToken: String!
  "The ticket the mutation opened, when it opened one besides changing its entity."
  ticketId: ID
}

type Csat { score: Int! comment: String }

type TicketSla {
  state: String!
  "The next instant the SLA acts at: the earliest of a running clock's warning, its breach and the escalation threshold (ticketSla has each metric's warningAt and breachAt)."
  nextDeadline: DateTime
  "The metric nextDeadline belongs to."
  nextDeadlineMetric: String
  "When the first running clock misses its target if nothing stops it first (nextDeadline may be a warning before it); null when no clock runs. Past it, the ticket is breached even before the automation records it."
  nextBreachAt: DateTime
  "An urgent ticket's customer hears from the team at least every 2 hours: when the next update is owed (2 hours after the team's last public reply, or after the ticket became urgent if none since); null when none is owed (not urgent, or waiting for the customer, resolved or closed)."
  customerUpdateDueAt: DateTime
  "The SLA policy the ticket recorded as governing it; null while the deployment's bootstrap policy does."
  policyId: ID
  "That policy's version."
  policyVersion: Int
  firstResponse: String!
  nextResponse: String!
  resolution: String!
  warningsRecorded: Int!
  breachesRecorded: Int!
}

type TicketMessage {
  messageId: ID!
  authorKind: String!
  authorId: ID!
  source: String!
  internal: Boolean!
  body: String!
  at: DateTime!
  attachments: [Attachment!]!
  "The knowledge-base articles an agent's reply points the customer to."
  articles: [LinkedArticle!]!
  "The mail the message came as, for staff: null for a customer, and for a message that did not come by mail. body is what the sender wrote this time (quoted text and signature left out)."
  mail: MessageMail
}

"A verdict of sender authentication, as RFC 8601's Authentication-Results spell it."
enum MailAuthResult { pass fail softfail neutral none policy temperror permerror }

"What the engine verified about who sent a mail: SPF for the sending host, DKIM (pass when a signature aligned with the From domain verified), DMARC for the From domain."
type MailAuthentication { spf: MailAuthResult! dkim: MailAuthResult! dmarc: MailAuthResult! }

"Where a ticket message that came by mail came from (staff only)."
type MessageMail {
  "The From address."
  from: String!
  "The Message-ID, without angle brackets; null when the mail had none."
  messageId: String
  "The engine's mailbox it was written to."
  mailbox: String!
  authentication: MailAuthentication!
  "The raw message (.eml) as received, a staff-only attachment: download it from originalUrl with a staff token."
  original: ID!
  originalUrl: String!
  "The mail's whole text when body shows only part of it (quoted earlier messages or a signature left out); null when body is all of it."
  fullText: String
}

"A knowledge-base article a reply links: the locale it was shown in, the version when the agent linked one in particular (else the live one), and the title the customer was shown (null on links recorded without one). Open it with article(id:)."
type LinkedArticle { articleId: ID! locale: String! version: Int title: String }

"A stored file. Its type was read from its bytes; sha256 is recorded in the message's event, so the history's hash chain covers the content. GET url (with the caller's token) streams it."
type Attachment {
  id: ID!
  fileName: String!
  contentType: String!
  size: Int!
  sha256: String!
  "Where to GET the bytes, with the caller's token. A file a live update told of straight from the log carries that update's consistencyToken in its URL: the download waits until the read models that say who may read it hold the message."
  url: String!
  "Where the message's text shows this image, for a ticket message that came as an HTML mail showing it inside its text (a cid: image): [start, end], the span of the message's body its stand-in '[alt text]' holds (offsets in UTF-16 code units, as JavaScript counts them). A reader showing images draws it there in place of that text (the body stays text: show it escaped, never as markup); one that does not shows the stand-in. Null for a file not placed in the text."
  inlineSpan: [Int!]
}

"Where to send a file's bytes: PUT them to uploadUrl (on this API's origin, no token needed: the URL is the credential) once, before expiresAt, at most maxBytes."
type AttachmentUpload {
  attachmentId: ID!
  uploadUrl: String!
  method: String!
  expiresAt: DateTime!
  maxBytes: Int!
}

"A canned reply the caller may use; ownerId is set for a personal one (the caller's)."
type CannedReply {
  id: ID!
  version: Int!
  name: String!
  locale: String!
  body: String!
  "The status a public reply with it moves the ticket to."
  nextStatus: TicketStatus
  "Why, when it closes the ticket (null: manual)."
  closeReason: StaffCloseReason
  scope: CannedReplyScope!
  ownerId: ID
  "Whether a chat can fill it: every placeholder it names is the customer's or the agent's (a chat has no ticket, so a reply naming the ticket is refused by chatCannedReplyDraft)."
  usableInChat: Boolean!
}
"A canned reply filled in for one ticket and the caller, as replyWithCannedReply would send it publicly: for a composer that lets the agent edit it before sending."
type CannedReplyDraft {
  cannedReplyId: ID!
  "The text, its placeholders filled."
  body: String!
  "The status the reply moves the ticket to; null: it stays."
  nextStatus: TicketStatus
  "Why, when it closes the ticket (null: manual)."
  closeReason: StaffCloseReason
}
"A canned reply filled in for one chat and the caller: for the chat console's composer to edit before sending."
type ChatCannedReplyDraft {
  cannedReplyId: ID!
  chatId: ID!
  "The text, its customer.* and agent.* placeholders filled."
  body: String!
}
"A customer: their profile (null fields for one only ever seen on tickets), their tickets and their chats."
type Customer {
  customerId: ID!
  name: String
  "The confirmed address: the only one mail goes to."
  email: String
  "The address the customer gave themself, not theirs until they confirm it through the link mailed to it."
  pendingEmail: PendingEmail
  "Their address as it bounced hard (mail to it came back undeliverable for good): not mailed until it changes, told in-app instead; null: none."
  emailBounced: String
  "When mail to their address last failed for now (a soft bounce: a full mailbox, a server down; still mailed, and three within a week count as a hard bounce); null: none since the address is theirs."
  emailSoftBouncedAt: DateTime
  language: String
  company: String
  plan: String
  "The number on file, in international form."
  phone: String
  "The IANA zone the dates and times they are told are shown in; null: UTC."
  timeZone: String
  deliveryPreference: DeliveryPreference!
  "When they registered, or the earlier date their import gave."
  customerSince: DateTime
  "When the engine first saw them (their first ticket, or registration)."
  firstSeenAt: DateTime!
  "The customer they were merged into, for good (a widget visitor who identified): their chats and tickets are that customer's now. Null: a customer of their own."
  mergedInto: ID
  "Their tickets, newest first."
  tickets(first: Int, after: String): TicketPage!
  "Their chats, oldest first."
  chats: [Chat!]!
  "Tickets offered to them from their activity, waiting for them to accept or dismiss (at most one)."
  pendingSuggestions: [ProactiveSuggestion!]!
}
"An address waiting for its confirmation."
type PendingEmail {
  email: String!
  "Until when the link mailed to it confirms it (a newer request replaces it)."
  expiresAt: DateTime!
}
"A signal of the customer's visit behind a suggestion."
type ActivitySignalRecord { signalId: ID! type: String! at: DateTime! }
"""
A ticket offered to a customer because critical signals came together during their visit:
acceptSuggestion (with its suggestionId) opens it, dismissSuggestion declines it.
"""
type ProactiveSuggestion {
  suggestionId: ID!
  customerId: ID!
  subject: String!
  description: String!
  priority: TicketPriority!
  signals: [ActivitySignalRecord!]!
}
"How many tickets carry a tag."
type TagCount {
  tag: String!
  count: Int!
}
"""
A ticket: now (from the read models) or, with asOf (an instant that has passed: a later one is BAD_USER_INPUT), as it was then (folded from the events recorded by that instant, by their recordedAt,
from the latest snapshot on: an instant between an event's business time and its recording shows the state before it). Each asOf read adds 100 to the query's cost, and the events a
request replays are limited (REPLAY_BUDGET_EXCEEDED beyond).
"""
type Ticket {
  id: ID!
  customerId: ID!
  "Whom it is about (their name for the desk), null before they have a profile; a page's customers are read in one query."
  customer: Customer
  subject: String!
  status: TicketStatus!
  priority: TicketPriority!
  category: String
  "Triage labels, normalized, in the order they were added; empty for customers, who do not see them."
  tags: [String!]!
  channel: TicketChannel!
  language: String
  "The customer's plan when the ticket was opened (its plan's SLA policy, if one is set, governs it); null: none."
  plan: String
  "The support tier working it (1 to 3); null for customers: escalations are the team's business."
  tier: Int
  assigneeId: ID
  "Escalated past the top tier: in the supervisors' queue until resolved or closed (false for customers)."
  withSupervisors: Boolean!
  proactive: Boolean!
  "The proactive suggestion the ticket was opened from (acceptSuggestion); null: none."
  suggestionId: ID
  openedAt: DateTime!
  statusSince: DateTime!
  resolvedAt: DateTime
  closedAt: DateTime
  "Why it was closed (manual, customer_confirmed, no_customer_response, resolved_timeout, spam, invalid); customers get null for spam and invalid: a spammer learns nothing."
  closeReason: String
  "Reminders sent in the latest waiting_customer period (0 to 2), kept after it ends: a ticket closed for lack of response shows 2."
  remindersSent: Int!
  version: Int!
  csat: Csat
  "The instant this is a past view of; null for the current ticket."
  asOf: DateTime
  "When the read model last changed the ticket; null in a past view (asOf)."
  updatedAt: DateTime
  "The first public staff reply (a past view answers it too)."
  firstResponseAt: DateTime
  "Times a resolved or closed ticket was reopened; null in a past view (asOf)."
  reopenCount: Int
  "The messages the caller can see: customers do not count internal notes. Null in a past view (asOf): select messages instead."
  messageCount: Int
  "Whether a low rating asked for a follow-up (a past view answers it too)."
  followUpRequested: Boolean
  "Since when it waits in the queue for an agent (open and unassigned); null otherwise, and in a past view (asOf)."
  queuedSince: DateTime
  "The SLA clocks as the read model keeps them; null in a past view (asOf): ticketHistory has the SLA warnings and breaches recorded by then. Null for customers."
  sla: TicketSla
  "Messages in order; internal notes are never shown to customers."
  messages(
    "The first this many, 1 to 100; 100 by default."
    first: Int
    "Only the messages after this one (the messageId of the last message you read): the next page of a long thread. An id that is none of the messages you read here is BAD_USER_INPUT."
    after: ID
    "The last this many instead, 1 to 100 (still in order): a conversation read from its newest message. Not with first or after (BAD_USER_INPUT)."
    last: Int
    "With last: only the messages before this one (the messageId of the oldest message you read), the page before in a thread read from its end. An id that is none of the messages you read here is BAD_USER_INPUT."
    before: ID
  ): [TicketMessage!]!
  "Calls to the customer booked on the ticket, in booking order."
  callbacks: [Callback!]!
  "Messages naming the ticket that were held for review (pending ones wait for staff to accept or discard them), newest first; in one state when state is given. Empty for customers."
  heldMails(state: HeldMailState): [HeldMail!]!
}

"Where a held message stands: pending (waiting for staff), accepted (added to its ticket as the customer's message) or discarded."
enum HeldMailState { pending accepted discarded }

"A message that names a ticket but whose sender the engine cannot trust, held for staff to accept or discard."
type HeldMail {
  id: ID!
  "The ticket it names."
  ticketId: ID!
  "Why it was held: dmarc-failed (the sender's domain says it is not from them, so the From may be forged) or token-for-another-sender (it answered a reply address the engine gave someone else)."
  reason: String!
  "The From header as received."
  sender: String!
  "The Subject header as received (empty when it had none)."
  subject: String!
  "The start of its text on one line, at most 280 characters."
  excerpt: String!
  "How many files came with it."
  attachmentCount: Int!
  "The sender's SPF, DKIM and DMARC verdicts (pass, fail, softfail, neutral, none, policy, temperror, permerror), by name."
  authentication: JSON!
  "When the engine received it."
  receivedAt: DateTime!
  "When it was held."
  heldAt: DateTime!
  state: HeldMailState!
  "Who accepted or discarded it; null while pending."
  decidedBy: ID
  "The name of who decided, as the team's agents list holds it; null while pending, or when they are no agent (a supervisor or admin outside the team: decidedBy still names them)."
  decidedByName: String
  decidedAt: DateTime
  "The note given with the decision, if any."
  note: String
}
type HeldMailEdge {
  cursor: String!
  node: HeldMail!
}
"A page of held messages, newest held first."
type HeldMailConnection {
  edges: [HeldMailEdge!]!
  pageInfo: PageInfo!
}
"A message was held, accepted or discarded: read the lists again with consistencyToken."
type HeldMailsChanged {
  heldMailId: ID!
  "The ticket it names."
  ticketId: ID!
  "What happened: MailHeld, HeldMailAccepted or HeldMailDiscarded."
  change: String!
  "Pass to a query's consistencyToken to read the change."
  consistencyToken: String!
}

"A call the team owes a customer: due at its time (the assignee is alerted), missed 15 minutes later if nobody made it (the ticket then escalates)."
type Callback {
  callbackId: ID!
  "When to call."
  at: DateTime!
  "The customer's time zone, to show at as they meant it: the one it was booked in; for a critical incident's own call (booked by the automation), the customer's zone on file when they have one."
  timeZone: String!
  "The number to call, in international form: the one booked with the call, else the customer's number on file; null when there is neither."
  phone: String
  reason: String!
  "Who booked it: the customer, staff, or the automation for a critical incident."
  requestedBy: Actor!
  status: CallbackStatus!
  "When it was completed, cancelled or marked missed."
  endedAt: DateTime
  "When it was marked missed; kept when the call was made late after all (status completed)."
  missedAt: DateTime
  "What came of the call, as staff noted it: the team's own, null for customers; null until completed."
  outcome: String
}

"Whether a low rating's follow-up is still to do."
enum FollowUpState { open done }
enum FollowUpKind { ticket chat }

"A low rating's follow-up: complete it with completeTicketFollowUp or completeChatFollowUp."
type CsatFollowUp {
  kind: FollowUpKind!
  "The ticket's or the chat's id."
  id: ID!
  customerId: ID!
  "Who held the ticket or the chat."
  agentId: ID
  "The ticket's subject; null for a chat."
  subject: String
  score: Int!
  comment: String
  "When the rating asked for it (null for ratings recorded before this was kept)."
  requestedAt: DateTime
  completedAt: DateTime
  "What the supervisor did."
  note: String
}

"A call owed, with its ticket: the callbacks queue."
type CallbackEntry {
  ticketId: ID!
  subject: String!
  priority: TicketPriority!
  assigneeId: ID
  customerId: ID!
  "The customer's name, when they registered a profile."
  customerName: String
  callback: Callback!
}

type TicketPage { items: [Ticket!]! nextCursor: String }

type StatusCounts {
  "Every ticket, closed ones included: new + inProgress + waitingCustomer + resolved + closed."
  total: Int!
  new: Int!
  inProgress: Int!
  waitingCustomer: Int!
  resolved: Int!
  closed: Int!
}

type HistoryEvent {
  version: Int!
  type: String!
  at: DateTime!
  recordedAt: DateTime!
  actor: Actor
  "Why, in the actor's words; else the choice the event records (an escalation's reason, a close's, a chat close's cause, the router's rule); null when none."
  reason: String
  data: JSON!
  "Its place in the whole log, as audit verify and the verify queries name a bad event (a decimal string: it may exceed 2^53)."
  globalPosition: String!
  "The key of the command that wrote it, on every event that command wrote: the caller's commandId scoped to who sent it (agent:agent-ada:my-key-1), or one the engine generated when the caller gave none (agent:agent-ada:<uuid>); null for an event no command key was recorded with."
  commandId: String
  "The request that wrote it (the API's x-request-id), on every event that request wrote; null for events no request wrote."
  correlationId: String
  hash: String!
}

"What is wrong at a stream's first bad event."
enum IntegrityProblem {
  "Its content no longer gives its hash, or its hash is not the one sealed for it."
  altered
  "A sealed event is gone while later ones remain."
  missing
  "The stream or the log ends before its sealed head: its tail was deleted."
  truncated
  "It does not follow the event before it (unsealed predecessors removed)."
  broken_link
  "A line of the seal file fails its signature or its link (version is the line number)."
  bad_seal
}
"The first bad event of a stream."
type AlteredEvent {
  streamId: String!
  version: Int!
  "Its position in the log, as stored or else as sealed (a decimal string: it may exceed 2^53)."
  globalPosition: String
  problem: IntegrityProblem!
  detail: String!
  expectedHash: String!
  actualHash: String!
}
type HistoryVerification {
  ok: Boolean!
  altered: [AlteredEvent!]!
  "Events appended after the last seal of their stream: checked by the hash chain only, not yet sealed."
  unsealedEvents: Int!
  "When the newest seal was made; null without seals."
  lastSealedAt: DateTime
}

type SlaMetricStatus {
  metric: String!
  state: String!
  cycle: Int!
  elapsedBusinessMs: Float!
  targetMs: Float!
  remainingBusinessMs: Float!
  warningAt: DateTime
  breachAt: DateTime
  warnedAt: DateTime
  breachedAt: DateTime
  completedAt: DateTime
}
type SlaEscalation { thresholdMs: Float! reachedAt: DateTime dueAt: DateTime }
"The live SLA clocks of a ticket, as its workflow computes them for now (at is this request's time, not the workflow's last wake-up)."
type TicketSlaStatus {
  at: DateTime!
  status: String
  "The id of the policy in force (the ticket's recorded one, or the deployment's bootstrap policy)."
  policyId: String!
  priority: String!
  metrics: [SlaMetricStatus!]!
  escalation: SlaEscalation
  "The next reminder or auto-close the ticket's status schedules (waiting for the customer: reminder 1, 2, then the close; resolved: the close); null when none is."
  nextAutomation: TicketAutomation
}
"A reminder or auto-close the automation will carry out, and when."
type TicketAutomation {
  "reminder or auto_close."
  kind: String!
  "Which reminder (1 or 2); null for a close."
  reminder: Int
  "Why it would close (no_customer_response, resolved_timeout); null for a reminder."
  reason: String
  dueAt: DateTime!
}

type DurationStats { count: Int! averageMs: Float medianMs: Float }
"Of the tickets counted toward one SLA metric, those that met its latest target in time and those that breached it (late or not at all); rate = met / (met + breached), null with neither."
type Compliance {
  met: Int!
  breached: Int!
  rate: Float
  "The share of tickets the SLA policy asks to meet the target (its complianceGoal: 0.8 for 80 %): in a report, by policy, and overall when every policy of the range sets the same one; in the what-if, the draft's (whatIf) and the recorded policies' when they share one (actual). Null elsewhere, or when the policy sets none."
  goal: Float
  "Whether rate reaches goal; null when either is null."
  meetsGoal: Boolean
}
type SlaCompliance { firstResponse: Compliance! nextResponse: Compliance! resolution: Compliance! }
type ResolutionDistribution { under1h: Int! from1hTo4h: Int! from4hTo24h: Int! over24h: Int! }
type CsatStats { count: Int! average: Float }
"count tickets of of; rate = count / of, null when of is 0."
type Share { count: Int! of: Int! rate: Float }
"Of the tickets that reached a tier (count of of), those escalated beyond it: to the next tier, or to the supervisors from the top one."
type TierEscalation { tier: Int! count: Int! of: Int! rate: Float }
type MetricsGroup {
  tickets: Int!
  firstResponse: DurationStats!
  resolution: DurationStats!
  slaCompliance: SlaCompliance!
  resolutionDistribution: ResolutionDistribution!
  csat: CsatStats!
  "Of the resolved tickets, those resolved with exactly one public staff reply and never reopened."
  firstContactResolution: Share!
  "Of the tickets resolved at least once, those reopened."
  reopens: Share!
  "Of the tickets, those escalated at least once (a tier up, or past the top tier to the supervisors)."
  escalation: Share!
  "Per tier, 1 to the top one."
  escalationByTier: [TierEscalation!]!
}
type KeyedMetrics { key: String! metrics: MetricsGroup! }
type TicketMetrics {
  from: DateTime!
  to: DateTime!
  overall: MetricsGroup!
  "By current assignee (unassigned for none)."
  byAgent: [KeyedMetrics!]!
  byChannel: [KeyedMetrics!]!
  byPriority: [KeyedMetrics!]!
  "By current category (uncategorized for none)."
  byCategory: [KeyedMetrics!]!
  "By current tier (1 to 3)."
  byTier: [KeyedMetrics!]!
  "By tag: a ticket counts under each tag it carries, an untagged one under none."
  byTag: [KeyedMetrics!]!
  "By the SLA policy governing the ticket (its id; no_policy for none), each policy's compliance held to its goal."
  byPolicy: [KeyedMetrics!]!
}
"The tickets opened in one bucket (figures of those tickets, however long they took)."
type SeriesBucket {
  start: DateTime!
  opened: Int!
  firstResponseMedianMs: Float
  resolutionMedianMs: Float
  slaCompliance: SlaCompliance!
}
"A period of a time series: every bucket of it, empty ones included; the edge buckets may start before from or end after to."
type SeriesPeriod { from: DateTime! to: DateTime! buckets: [SeriesBucket!]! }
"Tickets opened at one hour of the day (0 to 23, on the clocks of the series' time zone)."
type HourVolume { hour: Int! opened: Int! }
type TicketTimeSeries {
  interval: ReportInterval!
  "The IANA time zone whose hours and days cut the series and its peak hours (UTC unless asked)."
  timeZone: String!
  current: SeriesPeriod!
  "The period of the same length just before current, cut the same way."
  previous: SeriesPeriod!
  "The current period's tickets per hour of the day: all 24 hours, busiest first (then earliest)."
  peakHours: [HourVolume!]!
}
type ChatMetricsGroup {
  chats: Int!
  "Start to the first agent's assignment (accepted, assigned or routed), over the chats that got one."
  waitTime: DurationStats!
  "Start to close, over the closed chats (abandoned ones included)."
  duration: DurationStats!
  "Of the closed chats, those closed while still waiting (never assigned), except those closed by their conversion into a ticket."
  abandonment: Share!
  "Of the chats, those converted to a ticket."
  conversion: Share!
  csat: CsatStats!
}
type KeyedChatMetrics { key: String! metrics: ChatMetricsGroup! }
"An agent's time at work (presence available or busy) in the period, and of it the time holding at least one chat; rate = busyMs / availableMs."
type AgentUtilisation { agentId: ID! availableMs: Float! busyMs: Float! rate: Float }
type ChatMetrics {
  from: DateTime!
  to: DateTime!
  overall: ChatMetricsGroup!
  "By the chat's current agent (unassigned for chats never assigned)."
  byAgent: [KeyedChatMetrics!]!
  "By category, the chat's queue (uncategorized for none)."
  byCategory: [KeyedChatMetrics!]!
  "Per agent at work at some time of [from, to) up to now, by agent id."
  utilisation: [AgentUtilisation!]!
}
"The chat queue: how many wait, and how long the one waiting longest has (null when none waits)."
type WaitingChats { count: Int! longestWaitMs: Float }
"The tickets waiting in the queue for an agent (open and unassigned: workQueue lists them), and how long the one waiting longest has (null when none waits)."
type WaitingTickets { count: Int! longestWaitMs: Float }
"Work waiting for an agent: how many wait, and how long the one waiting longest has (null when none waits)."
type WaitingWork { count: Int! longestWaitMs: Float }
"The tickets of one tier waiting in a category's queue."
type TierQueue { tier: Int! count: Int! longestWaitMs: Float }
"The work waiting in one category's queue."
type CategoryQueue {
  "The category's id; null for the uncategorised work."
  category: String
  tickets: WaitingWork!
  chats: WaitingWork!
  "The tickets waiting per tier, lowest first; only tiers where some wait."
  ticketsByTier: [TierQueue!]!
}
"Agents per presence state."
type PresenceCounts { available: Int! busy: Int! break: Int! training: Int! offline: Int! }
"The supervisors' live board, as the read models hold it at at."
type LiveBoard {
  at: DateTime!
  tickets: StatusCounts!
  waitingChats: WaitingChats!
  waitingTickets: WaitingTickets!
  agents: PresenceCounts!
  "Tickets whose SLA deadline passed unmet in the last hour (a breach recorded as due then, or a running clock up to an hour overdue); those closed as spam or invalid left out."
  slaBreachesLastHour: Int!
  "Tickets whose SLA is at risk: a running clock past its warning threshold, not breached yet (Ticket.sla.state warning; tickets(filter: { slaState: [warning] }) lists them)."
  slaAtRisk: Int!
  "Calls owed now: due, or scheduled for a time already past (tickets not closed)."
  callbacksDue: Int!
  "Tickets escalated past the top tier, in the supervisors' queue."
  escalations: Int!
  "The waiting chats and tickets (open, unassigned) per category, by category id with the uncategorised last; categories where nothing waits are left out."
  queues: [CategoryQueue!]!
  "Low ratings' follow-ups not done yet, tickets' and chats' (csatFollowUps(state: open)): a new low rating or a follow-up done moves it, and liveBoardUpdated with it."
  openFollowUps: Int!
}

type ChatMessage { messageId: ID! sender: String! authorId: ID! body: String! internal: Boolean! at: DateTime! attachments: [Attachment!]! }
type QueueEntry {
  chatId: ID!
  customerId: ID!
  "Who waits (their name for the desk), null before they have a profile; read as Chat.customer is (a customer sees only their own entries), the queue's customers in one query."
  customer: Customer
  priority: ChatPriority!
  waitingSince: DateTime!
  position: Int!
  "Null when no agent is available (busy, on a break, in training and offline agents take no new chats)."
  estimatedWaitMs: Float
}
"""
A chat: now (from the read models) or, with asOf (an instant that has passed: a later one is BAD_USER_INPUT), as it was then
(folded from the events recorded by that instant, by their recordedAt). Every field is the chat's own and answers in a past view too. Each asOf read adds 100 to the
query's cost, and the events a request replays are limited (REPLAY_BUDGET_EXCEEDED beyond).
"""
type Chat {
  id: ID!
  customerId: ID!
  "Whom it is about (their name for the desk), null before they have a profile; a page's customers are read in one query."
  customer: Customer
  status: String!
  priority: ChatPriority!
  category: String
  language: String
  assigneeId: ID
  startedAt: DateTime!
  assignedAt: DateTime
  lastActivityAt: DateTime!
  "When the chat closes itself if nobody writes (lastActivityAt plus the inactivity timeout it started under); null once closed."
  closesForInactivityAt: DateTime
  closedAt: DateTime
  closeCause: String
  ticketId: ID
  "The messages the caller can see: customers do not count staff-only ones."
  messageCount: Int!
  csat: Csat
  followUpRequested: Boolean!
  "The version of the chat's stream this shows (a past view: the one it had then), to follow the chat from (chatUpdated's afterVersion); null for a chat unchanged since the engine began keeping it."
  version: Int
  "The instant this is a past view of; null for the current chat."
  asOf: DateTime
  "Messages in order; staff-only messages are never shown to customers."
  messages(
    "The first this many, 1 to 100; 100 by default."
    first: Int
    "Only the messages after this one (the messageId of the last message you read): the next page of a long thread. An id that is none of the messages you read here is BAD_USER_INPUT."
    after: ID
    "The last this many instead, 1 to 100 (still in order): a conversation read from its newest message. Not with first or after (BAD_USER_INPUT)."
    last: Int
    "With last: only the messages before this one (the messageId of the oldest message you read), the page before in a thread read from its end. An id that is none of the messages you read here is BAD_USER_INPUT."
    before: ID
  ): [ChatMessage!]!
}
type ChatPage { items: [Chat!]! nextCursor: String }
"A chat's transcript as a document to save or send."
type ChatTranscript {
  chatId: ID!
  format: TranscriptFormat!
  "text/plain; charset=utf-8 or application/json."
  contentType: String!
  "A name to save it under: chat-<id>.txt or chat-<id>.json."
  fileName: String!
  "The document itself."
  content: String!
  "The messages it holds (for a customer: without the staff-only ones)."
  messageCount: Int!
  "True when the chat has more messages than a transcript holds (2,000): only the first are in it."
  truncated: Boolean!
}
"A chat message matching a transcript search."
type ChatMessageHit {
  chatId: ID!
  customerId: ID!
  "The chat's agent: who holds it, or held it last."
  assigneeId: ID
  message: ChatMessage!
  "Passages around the matched words: escaped text with <mark> around the matches."
  snippet: String!
}
"A page of transcript search hits, newest message first."
type ChatMessageHitPage { items: [ChatMessageHit!]! nextCursor: String }

type Agent {
  id: ID!
  name: String!
  skills: [String!]!
  languages: [String!]!
  tier: Int!
  "Chats at once."
  capacity: Int!
  "Open tickets at once; null: no cap."
  ticketCapacity: Int
  performanceRating: Float!
  availability: Availability!
  "Open tickets the agent holds."
  activeTickets: Int!
  "Chats the agent holds; never above capacity."
  activeChats: Int!
  "Chats and open tickets together (the routing score's workload)."
  workload: Int!
  "When the agent left the team (deactivateAgent); null while on it. A deactivated agent stays offline and is given no work."
  deactivatedAt: DateTime
}

"A notification of a customer's in-app inbox: about a ticket, or offering a proactive suggestion."
type Notification {
  id: ID!
  "The ticket it is about; null when it offers a proactive suggestion (there is no ticket yet)."
  ticketId: ID
  "The suggestion it offers, as acceptSuggestion and dismissSuggestion take it; null otherwise."
  suggestionId: ID
  kind: String!
  "What it says, as the template its text came from (ticket.opened, ticket.replied, ticket.waiting, ticket.reminder.1, ticket.reminder.2, ticket.resolved, ticket.closed, ticket.closed.no_response, ticket.callback.scheduled, ticket.callback.scheduled.no_phone, ticket.callback.cancelled, suggestion.offered...); null on notifications stored before it was kept."
  template: String
  title: String!
  text: String!
  "The channels the customer's delivery preference named for it when it was made (web is this inbox); an email or a push goes out only to an address or a device on file."
  channels: [String!]!
  createdAt: DateTime!
  "When the customer marked it read (markNotificationsRead); null while unread."
  readAt: DateTime
}
"A page of a customer's inbox, newest first."
type NotificationPage {
  items: [Notification!]!
  nextCursor: String
  "How many notifications of the whole inbox are unread."
  unreadCount: Int!
}
"What markNotificationsRead did."
type NotificationsRead {
  "How many notifications were marked read now (one read already, or not the caller's, is not counted)."
  marked: Int!
  "How many notifications of the caller's inbox stay unread."
  unreadCount: Int!
}

"An item waiting for an agent: an open ticket nobody is assigned to, or a waiting chat."
type WorkQueueEntry {
  "Its place in the filtered queue, from 1."
  position: Int!
  "Ticket or chat."
  kind: WorkKind!
  "The ticket's or chat's id."
  id: ID!
  "A ticket priority (low normal high urgent) or a chat priority (low medium high urgent)."
  priority: String!
  "The support tier it needs (chats: 1)."
  tier: Int!
  "Its category, if any."
  category: String
  "Its language, if any."
  language: String
  "The customer waiting."
  customerId: ID!
  "Since when it waits: when the ticket last entered the queue, or when the chat started."
  queuedSince: DateTime!
  "How long it has waited, at the API's clock."
  waitingMs: Float!
}

"Where a list continues."
type PageInfo {
  "Whether another page follows."
  hasNextPage: Boolean!
  "Pass as after to get the next page; null on an empty page."
  endCursor: String
}

"A webhook endpoint: where the engine POSTs the ticket and chat events it listens to, signed with its secret."
type WebhookEndpoint {
  "Assigned by the server."
  id: ID!
  "Where deliveries are POSTed (normalised)."
  url: String!
  "The event types it receives; * for all."
  eventTypes: [String!]!
  "A note for humans."
  description: String
  "Whether it receives events: events while it is disabled are not planned for it, and pending deliveries to it are refused."
  enabled: Boolean!
  "Which secret signs its deliveries; each rotation adds one."
  secretVersion: Int!
  "When it was registered."
  createdAt: DateTime!
  "When its settings last changed."
  updatedAt: DateTime!
}
"A webhook endpoint's change (webhookEndpointUpdated)."
type WebhookEndpointUpdate {
  "The endpoint that changed."
  endpointId: ID!
  "The endpoint as its stream now stands; null once it is deleted."
  endpoint: WebhookEndpoint
}
"An endpoint and the secret its deliveries are signed with."
type WebhookEndpointWithSecret {
  "The endpoint."
  endpoint: WebhookEndpoint!
  "The signing secret (whsec_ and base64), for the receiver to verify webhook-signature with."
  secret: String!
}
"One attempt to deliver a webhook, an email or a push message."
type WebhookDeliveryAttempt {
  "1 for the first attempt."
  attempt: Int!
  "When it began."
  startedAt: DateTime!
  "When it ended; null while in flight, and forever if the sender stopped mid-attempt."
  finishedAt: DateTime
  "How it ended; null until it did."
  outcome: DeliveryAttemptOutcome
  "The endpoint's HTTP status (for an email, the mail server's SMTP reply code), when it answered."
  statusCode: Int
  "How long it took, in milliseconds."
  latencyMs: Int
  "What went wrong, if anything."
  error: String
}
"One event for one endpoint, with every attempt to deliver it."
type WebhookDelivery {
  "The delivery's id (pass it to redeliverWebhookDelivery)."
  id: ID!
  "The endpoint it goes to."
  endpointId: ID!
  "The webhook-id header it is sent with: the same on every attempt and redelivery, for receivers to deduplicate on."
  webhookId: ID!
  "The event type it carries."
  eventType: String!
  "Where it stands."
  status: WebhookDeliveryStatus!
  "Attempts made so far."
  attemptCount: Int!
  "Every attempt, first to last."
  attempts: [WebhookDeliveryAttempt!]!
  "When the event was planned for delivery."
  createdAt: DateTime!
  "When the endpoint accepted it; null until then."
  deliveredAt: DateTime
  "When it is tried next; null unless pending. While heldBehind names a delivery, not before that one is done."
  nextAttemptAt: DateTime
  "The earlier delivery of the same ticket (or other stream) to this endpoint that is still pending, which this one waits for: one stream's deliveries arrive in order. Null when nothing holds it back."
  heldBehind: ID
  "The endpoint's last HTTP status."
  lastStatusCode: Int
  "The last attempt's error."
  lastError: String
}
"A delivery and its place in the list."
type WebhookDeliveryEdge {
  "Where the list continues after this delivery."
  cursor: String!
  "The delivery."
  node: WebhookDelivery!
}
"A page of an endpoint's delivery log, newest first."
type WebhookDeliveryConnection {
  "The deliveries of this page."
  edges: [WebhookDeliveryEdge!]!
  "Where the list continues."
  pageInfo: PageInfo!
}
"One email or push notification for one customer or staff member, with every attempt to deliver it. It shows whom by id only: their address, the push endpoint and the message stay out of it."
type NotificationDelivery {
  "The delivery's id (pass it to redeliverNotification); the mail's Message-ID and the push Topic derive from it, the same on every attempt and redelivery."
  id: ID!
  "The channel it goes out on."
  channel: NotificationDeliveryChannel!
  "The customer or staff id it is for; null for a push delivery queued before this was recorded."
  recipient: ID
  "Whether recipient is a customer or a staff member; null with it."
  recipientKind: NotificationRecipientKind
  "The notification it carries (a customer's inbox notification or a staff alert id)."
  notificationId: ID!
  "The template it was rendered from (ticket.replied, alert.sla_breached, ...)."
  template: String!
  "Where it stands."
  status: WebhookDeliveryStatus!
  "Attempts made so far."
  attemptCount: Int!
  "Every attempt, first to last."
  attempts: [WebhookDeliveryAttempt!]!
  "When the notification was planned for delivery."
  createdAt: DateTime!
  "When the mail server or push service accepted it; null until then."
  deliveredAt: DateTime
  "When it is tried next; null unless pending."
  nextAttemptAt: DateTime
  "The last SMTP reply code (email) or HTTP status (push)."
  lastStatusCode: Int
  "The last attempt's error, as the mail server or push service gave it."
  lastError: String
}
"A delivery and its place in the list."
type NotificationDeliveryEdge {
  "Where the list continues after this delivery."
  cursor: String!
  "The delivery."
  node: NotificationDelivery!
}
"A page of email or push deliveries, newest first."
type NotificationDeliveryConnection {
  "The deliveries of this page."
  edges: [NotificationDeliveryEdge!]!
  "Where the list continues."
  pageInfo: PageInfo!
}
"A staff member's alert profile, as setStaffProfile set it."
type StaffProfile {
  staffId: ID!
  "The name alerts are addressed to (an agent's name on the team's lists is the agents' directory's)."
  name: String!
  "Where email alerts go; null: none."
  email: String
  "The language alerts are written in (BCP 47); null: English."
  language: String
  "The IANA time zone alerts show times in; null: UTC."
  timeZone: String
  "The channels alerts go to."
  channels: [StaffAlertChannel!]!
  "The alert groups (only leads change them)."
  groups: [StaffGroup!]!
}
"An alert in a staff member's in-app inbox."
type StaffNotification {
  "The alert's id."
  id: ID!
  "The ticket it is about, if any."
  ticketId: ID
  "The chat it is about, if any (a chat's low rating)."
  chatId: ID
  "message, warning, success or info."
  kind: String!
  "The template it was written from (staff.sla.breached, ...)."
  template: String!
  "A short heading, in the staff member's language."
  title: String!
  "The alert's text."
  text: String!
  "When it was raised."
  createdAt: DateTime!
  "When the staff member marked it read (markNotificationsRead); null while unread."
  readAt: DateTime
}
"An alert and its place in the inbox."
type StaffNotificationEdge {
  "Where the list continues after this alert."
  cursor: String!
  "The alert."
  node: StaffNotification!
}
"A page of a staff member's inbox, newest first."
type StaffNotificationConnection {
  "The alerts of this page."
  edges: [StaffNotificationEdge!]!
  "Where the list continues."
  pageInfo: PageInfo!
  "How many alerts of the whole inbox are unread."
  unreadCount: Int!
}

"The work an agent holds now."
type MyWork {
  "Tickets assigned to the caller that are neither resolved nor closed, oldest first."
  tickets: [Ticket!]!
  "The caller's active chats, oldest first."
  chats: [Chat!]!
}

"A view of the inbox its owner saved: a name, what it lists and in what order."
type InboxView {
  "The id its owner gave it."
  id: ID!
  name: String!
  "What it lists (the TicketFilter it was saved with)."
  filter: InboxViewFilter!
  order: TicketOrder!
  "How many tickets it lists now for the caller (ticketCount of its filter: a shared view's inMyQueues is the caller's queues)."
  count: Int!
  "Whether it is offered to the whole team too (teamInboxViews); only supervisors and admins share."
  shared: Boolean!
  "The staff member who saved it: only they rename, reorder, share or delete it."
  ownerId: ID!
}
"A mailbox mail comes in at (mail to its sub-addresses, support+tag@..., too), and what it gives the tickets it opens; null: the engine's default."
type Mailbox {
  "Its address, in lower case."
  address: String!
  name: String!
  "The category id of the tickets it opens."
  category: String
  "The language of the customers it makes known."
  language: String
  "The priority of the tickets it opens."
  priority: TicketPriority
  "False: mail to it is refused."
  active: Boolean!
  "Counts its configurations from 1."
  version: Int!
  updatedAt: DateTime!
  "Where its mail is delivered: the SMTP ingress's public host, and its port unless 25 (the deployment's MAIL_IN_PUBLIC_ADDRESS); null when the deployment does not say."
  smtpServer: String
}
"A text in one language."
type LocalizedText {
  language: String!
  text: String!
}
"A widget key's pre-chat topic."
type WidgetTopic {
  id: String!
  label: [LocalizedText!]!
  "The category id of the chats and tickets it opens."
  categoryId: String!
}
"A chat widget key (public: it is in the snippet of every host page) and what it offers."
type Widget {
  widgetKey: String!
  name: String!
  "The origins whose pages may embed it, normalised (scheme, host, port unless the default)."
  allowedOrigins: [String!]!
  topics: [WidgetTopic!]!
  "The widget's first line by language; null: the widget's own."
  greeting: [LocalizedText!]
  "Counts its configurations from 1."
  version: Int!
  updatedAt: DateTime!
}
"A saved view's TicketFilter, as saved (unset fields null)."
type InboxViewFilter {
  status: [TicketStatus!]
  priority: [TicketPriority!]
  channel: [TicketChannel!]
  assigneeId: ID
  unassigned: Boolean
  inMyQueues: Boolean
  category: String
  tags: [String!]
  customerId: ID
  slaState: [SlaState!]
  stale: Boolean
  search: String
}
"Some ticket changed: read the lists or counts again with consistencyToken."
type StaffNotificationsChanged {
  "How many of the caller's alerts are unread now."
  unreadCount: Int!
}
type KbCategoriesChanged {
  "The change's place in the log."
  consistencyToken: String!
}
type InboxViewsChanged {
  "Pass to inboxViews' and teamInboxViews' consistencyToken to read the change."
  consistencyToken: String!
}
type TicketsChanged {
  "The ticket that changed."
  ticketId: ID!
  "Pass to a query's consistencyToken to read the change."
  consistencyToken: String!
}

"A ticket or chat just given to the subscriber."
type AssignedWork {
  "Ticket or chat."
  kind: WorkKind!
  "The ticket's or chat's id."
  id: ID!
  "How it came: accepted, assigned, routed or transferred."
  mode: AssignmentMode!
  "When it was given."
  at: DateTime!
  "Pass to a query's consistencyToken to see the assignment reflected."
  consistencyToken: String!
  "Why the router chose the subscriber (rule, candidates' scores, waitedMs); null unless routed."
  routing: JSON
}

"One change to a ticket, as it is logged."
type ChatUpdate {
  chatId: ID!
  version: Int!
  type: String!
  at: DateTime!
  consistencyToken: String!
  "The message this change added (a ChatMessageSent), straight from the log; null for other changes."
  message: ChatMessage
  "The chat once the read models include this change."
  chat: Chat
}
"What became of a live chat signal."
type ChatSignalReceipt {
  chatId: ID!
  signal: ChatSignalKind!
  "When it was given."
  at: DateTime!
  "Sent to the other participants now; false: held back by the rate limit (the latest held back goes out when the interval ends)."
  relayed: Boolean!
}
"Who gave a live chat signal: a customer (by id) or a staff member (with their name when they are a registered agent)."
type ChatParticipant { role: Role! id: ID! name: String }
"A live signal of another participant of a chat; not part of the chat's history."
type ChatActivity {
  chatId: ID!
  signal: ChatSignalKind!
  by: ChatParticipant!
  "When it was given."
  at: DateTime!
  "With signal read: the last message read."
  lastReadMessageId: ID
}
"A change of a customer, their tickets or their chats: what changed (kind: customer, ticket or chat; its id; the event's type)."
type CustomerUpdate {
  customerId: ID!
  kind: String!
  id: ID!
  type: String!
  consistencyToken: String!
}
type TicketUpdate {
  ticketId: ID!
  version: Int!
  type: String!
  at: DateTime!
  consistencyToken: String!
  "The ticket once the read models include this change."
  ticket: Ticket
}
"A knowledge-base category command and whether the caller may issue it now."
type KbCategoryCommandCheck {
  "The category it is about; null for creating one."
  categoryId: ID
  "CreateKbCategory, UpdateKbCategory or DeleteKbCategory."
  command: String!
  "The code the engine would refuse it with; null when allowed."
  refusal: String
}
"A change of a knowledge-base article: the event's type and the log's position (read after it with consistencyToken)."
type ArticleUpdate {
  articleId: ID!
  "The article stream's version after this change."
  version: Int!
  "The event (ArticleDraftEdited, ArticleApproved, ArticleArchived, ArticleVoted...)."
  type: String!
  at: DateTime!
  consistencyToken: String!
  "The article as staff read it once the read models include this change."
  article: Article
}
"A business calendar at its latest version."
type SlaCalendarEntry { id: ID! version: Int! name: String! "The whole definition." definition: JSON! }
"An SLA policy at its latest version."
type SlaPolicyEntry { id: ID! version: Int! name: String! "The whole definition." definition: JSON! }
"A ticket category at its latest version; unset fields come from its ancestors."
type TicketCategoryEntry {
  id: ID!
  version: Int!
  name: String!
  parentId: ID
  defaultPriority: TicketPriority
  slaPolicyId: ID
  requiredSkill: String
  escalationThresholdMinutes: Int
}
"The deployment's reminder and auto-close delays, as configured."
type AutomationTimings {
  version: Int!
  firstReminderAfterMs: Float!
  secondReminderAfterMs: Float!
  waitingAutoCloseAfterMs: Float!
  resolvedAutoCloseAfterMs: Float!
}
"When a ticket opened now would be owed its first answer, under the SLA policy that would govern it."
type ExpectedFirstResponse {
  "The first-response deadline of a ticket opened now, nothing pausing it (business hours counted)."
  dueAt: DateTime!
  "The priority it would open with: its category's default, else normal."
  priority: TicketPriority!
  "The governing policy's name."
  policyName: String!
}
"The chat desk's opening hours as they stand now: a customer starts chats only while open."
type ChatAvailability {
  open: Boolean!
  "When the current opening ends; null at all hours or when open for longer than 60 days."
  closesAt: DateTime
  "When the desk opens next (while closed); null when open, or when no opening falls in the next 60 days."
  nextOpeningAt: DateTime
  "The calendar the hours follow; null: open at all hours."
  calendarId: ID
  "Closed: offer the customer a ticket instead (starting a chat now is refused with CHAT_OUTSIDE_OPENING_HOURS)."
  offerTicket: Boolean!
}
"The SLA configuration as the log holds it now."
type SlaConfiguration {
  "The policy of tickets no category gives one to; null: the deployment's bootstrap policy."
  defaultPolicyId: ID
  "The policies plans name (setPlanSlaPolicy): a ticket whose customer is on one of them when it opens follows that policy, before its category's and the default one. By plan."
  planPolicies: [PlanSlaPolicy!]!
  "The calendar of the chat desk's opening hours (setChatHours); null: chats are open at all hours."
  chatHoursCalendarId: ID
  "How long a chat started now may go without activity before it closes itself (setChatInactivityTimeout), in milliseconds; null: the deployment's CHAT_INACTIVITY_TIMEOUT_MS."
  chatInactivityTimeoutMs: Float
  calendars: [SlaCalendarEntry!]!
  policies: [SlaPolicyEntry!]!
  categories: [TicketCategoryEntry!]!
  "Null until set: the deployment's environment timings apply."
  timings: AutomationTimings
}
"A plan's SLA policy."
type PlanSlaPolicy {
  "The plan as an admin last named it."
  plan: String!
  policyId: ID!
}
"What a change to the SLA configuration is about."
enum SlaConfigurationEntity { calendar policy category default_policy plan_policy chat_hours chat_inactivity timings }
"One change to the SLA configuration: who made it, when, and the entity as it then stood."
type SlaConfigurationChange {
  "The event type, e.g. SlaPolicySaved."
  type: String!
  entity: SlaConfigurationEntity!
  "The entity's id: default for the default-policy slot, chat-hours for the chat desk's opening hours, timings for the timings."
  entityId: ID!
  "The entity's version after the change; null for the default-policy slot and the chat hours, which have none."
  version: Int
  "How a save came: admin, ical (holidays imported) or preset; null for other changes."
  source: String
  at: DateTime!
  actor: Actor!
  "The definition as saved ({ policyId } for the default slot); null for a deletion."
  definition: JSON
}
"A change and its place in the history."
type SlaConfigurationChangeEdge {
  "Where the history continues after this change."
  cursor: String!
  node: SlaConfigurationChange!
}
"A page of the SLA configuration's history, oldest first."
type SlaConfigurationChangeConnection {
  edges: [SlaConfigurationChangeEdge!]!
  pageInfo: PageInfo!
}
"The SLA figures of a group of tickets under one set of terms."
type SlaFigures {
  tickets: Int!
  compliance: SlaCompliance!
  "Metrics whose latest cycle reached its target."
  breaches: Int!
  "Metrics whose latest cycle reached its warning threshold."
  warnings: Int!
  "Tickets whose resolution clock reached the escalation threshold."
  escalations: Int!
}
"A group's figures under the terms the tickets recorded, and under the draft."
type SlaComparison { actual: SlaFigures! whatIf: SlaFigures! }
"One group of a what-if."
type KeyedSlaComparison { key: String! actual: SlaFigures! whatIf: SlaFigures! }
"What a ticket's SLA came to under one set of terms."
type SlaOutcome {
  "The metrics whose latest cycle reached its target (firstResponse, nextResponse, resolution)."
  breached: [String!]!
  "The metrics whose latest cycle reached its warning threshold."
  warned: [String!]!
  "Whether the resolution clock reached the escalation threshold."
  escalated: Boolean!
}
"A ticket whose SLA outcome the draft would have changed."
type SlaWhatIfTicket {
  ticketId: ID!
  priority: TicketPriority!
  category: String
  actual: SlaOutcome!
  whatIf: SlaOutcome!
}
"What a draft policy would have produced for the tickets opened in a period."
type SlaWhatIfReport {
  from: DateTime!
  to: DateTime!
  overall: SlaComparison!
  "The tickets whose outcome would differ under the draft (a metric breached or warned under one set of terms only, or an escalation), by id; never one closed as spam or invalid."
  changedTickets: [SlaWhatIfTicket!]!
  byPriority: [KeyedSlaComparison!]!
  byCategory: [KeyedSlaComparison!]!
  "By current assignee (unassigned for none)."
  byAgent: [KeyedSlaComparison!]!
}
"A file attached to an article; GET /attachments/<attachmentId> (url) downloads it for whoever may read that version. It has the fields of a message's Attachment (id, size, url), so one renderer serves both."
type ArticleAttachment {
  "The file's id (the same as id)."
  attachmentId: ID!
  id: ID!
  fileName: String!
  contentType: String!
  "Its size in bytes (the same as size)."
  sizeBytes: Int!
  size: Int!
  "The content's SHA-256 as the article's event records it (so the hash chain covers the file); null for a file attached before articles recorded digests."
  sha256: String
  url: String!
}
"The same article in another locale (slug: null in past views)."
type ArticleTranslation { articleId: ID! locale: String! slug: String }
"""
A knowledge-base article. Customers and visitors read its published version; staff read its
working text (a revision in progress, else the published version) whatever its status.
"""
type Article {
  articleId: ID!
  locale: String!
  slug: String!
  "draft, in_review, published or archived (a published article being revised stays published)."
  status: String!
  title: String!
  excerpt: String!
  "The body as written, in Markdown."
  bodyMarkdown: String!
  "The body rendered and sanitized: safe to put in a page as it is."
  bodyHtml: String!
  categoryId: ID
  tags: [String!]!
  "Other articles a reader may want next (for customers and visitors, only published ones)."
  related: [ID!]!
  attachments: [ArticleAttachment!]!
  authorId: ID!
  "The published version readers see; null until the first approval."
  publishedVersion: Int
  publishedAt: DateTime
  "Where the revision of the published version stands (draft or in_review: waiting for a reviewer), while status stays published; null when none is under way, and for customers and visitors."
  revisionStatus: String
  "When its text or status last changed; for customers and visitors, when the version they read was published."
  updatedAt: DateTime!
  helpfulVotes: Int!
  unhelpfulVotes: Int!
  "Views, one per reader and UTC day; null in past views (asOf)."
  views: Int
  translations: [ArticleTranslation!]!
  "The instant of a past view (asOf), else null."
  asOf: DateTime
}
"An article command and whether the caller may issue it now."
type ArticleCommandCheck {
  "The command's name, as the domain names it (ApproveArticle...)."
  command: String!
  "The code the engine would refuse it with (a refusal's stable code); null when allowed."
  refusal: String
}
"A published version, as it was published."
type ArticleVersion {
  articleId: ID!
  version: Int!
  locale: String!
  slug: String!
  title: String!
  excerpt: String!
  bodyMarkdown: String!
  bodyHtml: String!
  categoryId: ID
  tags: [String!]!
  "Other articles a reader may want next (for customers and visitors, only published ones)."
  related: [ID!]!
  attachments: [ArticleAttachment!]!
  authorId: ID!
  publishedBy: ID!
  "The name of the one who published it (Actor.name's rule); null for the system or one never named."
  publishedByName: String
  publishedAt: DateTime!
  "True for the version readers see now."
  current: Boolean!
}
"One search hit."
type ArticleHit {
  articleId: ID!
  locale: String!
  slug: String!
  title: String!
  excerpt: String!
  status: String!
  categoryId: ID
  tags: [String!]!
  "Relevance; hits holding every word of the query score above 1."
  rank: Float!
  "Passages around the matched words: escaped text with <mark> around the matches."
  snippet: String!
}
"A page of search hits."
type ArticleSearchResult {
  items: [ArticleHit!]!
  nextCursor: String
  "The text searched, trimmed."
  text: String!
  "The text with misspelt words corrected, when any was and no hit holds every word as typed: a did-you-mean."
  correctedText: String
  "True when nothing matched at all (a customer's or visitor's search is then recorded as a content gap, unless a category or tag narrowed it or it held no word to look for)."
  noHits: Boolean!
}
"A title offered while the reader types."
type ArticleTitleSuggestion {
  articleId: ID!
  locale: String!
  slug: String!
  title: String!
  similarity: Float!
  "Where the help center shows the article (the deployment's HELP_CENTER_ARTICLE_URL); null when it sets none."
  url: String
}
"A line of the staff's article list."
type ArticleListItem {
  articleId: ID!
  locale: String!
  slug: String!
  title: String!
  status: String!
  categoryId: ID
  tags: [String!]!
  authorId: ID!
  publishedVersion: Int
  "Where the revision of the published version stands (draft, in_review); null when none is under way."
  revisionStatus: String
  updatedAt: DateTime!
}
type ArticlePage { items: [ArticleListItem!]! nextCursor: String }
"A reader's vote on a published version."
type ArticleVote {
  version: Int!
  readerId: ID!
  "The reader's customer profile; null for a visitor not signed in, or one without a profile."
  reader: Customer
  helpful: Boolean!
  comment: String
  votedAt: DateTime!
}
type KbCategoryName { locale: String! name: String! }
"A knowledge-base category; name is in the locale asked for when it has one."
type KbCategory {
  id: ID!
  version: Int!
  name: String!
  names: [KbCategoryName!]!
  parentId: ID
  sortOrder: Int!
  "Articles using it: for staff every one, drafts and archived ones included, in every language; for customers and visitors the published ones, in the language of kbCategories' locale when it names one."
  articles: Int!
}
"Views (or sessions) whose 24-hour window has passed, and how many were followed by no ticket from the customer."
type SelfService {
  settled: Int!
  resolved: Int!
  "resolved / settled; null when nothing settled."
  rate: Float
  "Still inside their window: counted neither way yet."
  pending: Int!
}
type ArticleMetrics {
  articleId: ID!
  title: String!
  locale: String!
  categoryId: ID
  views: Int!
  helpfulVotes: Int!
  unhelpfulVotes: Int!
  "helpful / (helpful + unhelpful); null without votes."
  helpfulRatio: Float
  "Customers' views of it in the period."
  selfService: SelfService!
}
type CategoryMetrics { categoryId: ID selfService: SelfService! }
"A search that found nothing: a gap in the knowledge base (locale null: every locale)."
type SearchGap { query: String! locale: String searches: Int! firstAt: DateTime! lastAt: DateTime! }
"The knowledge base's figures over a period."
type KnowledgeBaseMetrics {
  from: DateTime!
  to: DateTime!
  "Customer sessions (a customer's views on one UTC day), resolved when no ticket followed within 24 hours."
  selfService: SelfService!
  articles: [ArticleMetrics!]!
  categories: [CategoryMetrics!]!
  searchGaps: [SearchGap!]!
}
`;

// Every query takes an optional consistency token: it then waits (bounded) until the read
// models include the write that returned it.
/** The arguments that page a history by version. */
const HISTORY_PAGE = /* GraphQL */ `"A page: the events after this version (versions count from 1); left out, from the first."
    afterVersion: Int
    "A page: at most this many events (1 to 1000); left out, every one to the end."
    first: Int`;

const QUERY = /* GraphQL */ `
type Query {
  ticket(id: ID!, asOf: DateTime, consistencyToken: String): Ticket
  tickets(filter: TicketFilter, order: TicketOrder, first: Int, after: String, consistencyToken: String): TicketPage!
  ticketStatusCounts(consistencyToken: String): StatusCounts!
  "How many tickets the filter keeps, as tickets(filter:) would list them (a saved view's count); alias it to count several views in one request."
  ticketCount(filter: TicketFilter, consistencyToken: String): Int!
  "Tickets per tag, most used first (then by tag): over the tickets in these statuses (all when omitted or empty), at most first tags (1 to 500; 50 by default)."
  ticketTagCounts(status: [TicketStatus!], first: Int, consistencyToken: String): [TagCount!]!
  "The calls owed to customers, soonest first: the open ones (scheduled, due) unless status says otherwise; of one agent's tickets with assigneeId; at most first (1 to 200; 50 by default)."
  callbacks(status: [CallbackStatus!], assigneeId: ID, first: Int, consistencyToken: String): [CallbackEntry!]!
  "The follow-ups low ratings (2 or less) asked of the supervisors, tickets' and chats' together: the open ones oldest first, or the done ones latest first; at most first (1 to 200; 50 by default)."
  csatFollowUps(state: FollowUpState, first: Int, consistencyToken: String): [CsatFollowUp!]!
  "Every event of a ticket with who, when and why, oldest first; NOT_FOUND when there is no such ticket."
  ticketHistory(
    ticketId: ID!
    ${HISTORY_PAGE}
    consistencyToken: String
  ): [HistoryEvent!]!
  verifyTicketHistory(ticketId: ID!, consistencyToken: String): HistoryVerification!
  "The ticket's live SLA clocks, from its workflow: null when it has none running (a ticket closed long ago); NOT_FOUND for a ticket never opened."
  ticketSla(ticketId: ID!, consistencyToken: String): TicketSlaStatus
  ticketMetrics(from: DateTime!, to: DateTime!, consistencyToken: String): TicketMetrics!
  "The tickets opened in [from, to) per hour or day of timeZone (an IANA zone, UTC when omitted; UNKNOWN_TIME_ZONE for one the time-zone database does not know), beside the period of the same length before; from before to, at most 1000 buckets per period."
  ticketTimeSeries(from: DateTime!, to: DateTime!, interval: ReportInterval!, timeZone: String, consistencyToken: String): TicketTimeSeries!
  "The chats started in [from, to) (from before to): waits, durations, abandonment, conversion, CSAT, by agent and category, and agent utilisation."
  chatMetrics(from: DateTime!, to: DateTime!, consistencyToken: String): ChatMetrics!
  "The supervisors' live board now."
  liveBoard(consistencyToken: String): LiveBoard!
  "A chat (a customer: their own); with asOf, as it was at that past instant (null if it had not started yet)."
  chat(id: ID!, asOf: DateTime, consistencyToken: String): Chat
  "Chats by status (waiting, active, closed), agent, customer and queue (category: the skill the chat is routed by, exact), oldest first, at most 500 (a customer: their own)."
  chats(status: [String!], assigneeId: ID, customerId: ID, category: String, consistencyToken: String): [Chat!]!
  chatQueue(consistencyToken: String): [QueueEntry!]!
  "The caller's chats, latest activity first: the active ones they hold, or with status those they closed too (active, closed); only one queue with category."
  myChats(status: [String!], category: String, "1 to 100; 20 by default." first: Int, after: String, consistencyToken: String): ChatPage!
  "A chat's whole transcript as plain text (the default) or JSON; customers get their own chats' without the staff-only notes, staff every message with notes marked internal. Null for staff when there is no such chat; a customer gets NOT_FOUND for it as for another customer's chat (the two look the same to them)."
  chatTranscript(chatId: ID!, format: TranscriptFormat, consistencyToken: String): ChatTranscript
  "Staff search every chat's messages, internal notes included, newest first: full text (words, \\"phrases\\", -excluded; at most ${SEARCH_LIMITS.characters} characters and ${SEARCH_LIMITS.words} words), sent in [from, to), in the chats of agentId (their assignee) or of customerId."
  searchChatMessages(text: String!, from: DateTime, to: DateTime, agentId: ID, customerId: ID, "1 to 100; 20 by default." first: Int, after: String, consistencyToken: String): ChatMessageHitPage!
  "The team by id, optionally only agents with one of the availabilities; agents who left the team (deactivateAgent) only with includeDeactivated."
  agents(availability: [Availability!], includeDeactivated: Boolean, consistencyToken: String): [Agent!]!
  myNotifications("1 to 100; 20 by default." first: Int, "The nextCursor of the previous page." after: String, consistencyToken: String): NotificationPage!
  "Open unassigned tickets and waiting chats in routing order: priority, then longest waiting, then kind and id."
  workQueue(filter: WorkQueueFilter, "1 to 200; 50 by default." first: Int, consistencyToken: String): [WorkQueueEntry!]!
  "Open tickets escalated past the top tier, oldest first."
  supervisorQueue("1 to 200; 50 by default." first: Int, consistencyToken: String): [Ticket!]!
  "The caller's own open tickets and active chats."
  myWork(consistencyToken: String): MyWork!
  "Every event of a chat with who, when and why; routed hand-overs carry the router's reasons in data.routing; NOT_FOUND when there is no such chat."
  chatHistory(
    chatId: ID!
    ${HISTORY_PAGE}
    consistencyToken: String
  ): [HistoryEvent!]!
  "Whether the chat's history is intact: its hash chain recomputed from the stored events, and where it breaks if not."
  verifyChatHistory(chatId: ID!, consistencyToken: String): HistoryVerification!
  "The SLA configuration: calendars, policies, categories, the default policy and the timings, as the log holds them now."
  slaConfiguration(consistencyToken: String): SlaConfiguration!
  "Whether the chat desk takes new chats now (its opening hours: setChatHours), and when that changes; outside them, offer a ticket."
  chatAvailability: ChatAvailability!
  "When a ticket the caller opens now in category would be owed its first answer: the plan's SLA policy (a customer's own), else the category's, else the default; what an offline form tells the visitor."
  expectedFirstResponse(category: String): ExpectedFirstResponse!
  "The canned replies the caller may use (shared, and their own personal ones), by name; only one language's with locale (primary subtag)."
  cannedReplies(locale: String, consistencyToken: String): [CannedReply!]!
  "A canned reply filled in for a ticket (placeholders from the ticket, its customer and the caller), without sending it; a missing value is MISSING_PLACEHOLDER_VALUE, a reply the caller may not use NOT_FOUND."
  cannedReplyDraft(ticketId: ID!, cannedReplyId: ID!, consistencyToken: String): CannedReplyDraft!
  "A canned reply filled in for a chat (placeholders from its customer and the caller), without sending it; ticket.* and any other missing value is MISSING_PLACEHOLDER_VALUE, a reply the caller may not use or a chat that does not exist NOT_FOUND."
  chatCannedReplyDraft(chatId: ID!, cannedReplyId: ID!, consistencyToken: String): ChatCannedReplyDraft!
  "A customer (a customer may read only their own); null when the engine never saw them."
  customer(id: ID!, consistencyToken: String): Customer
  "Customers whose name, email, company or id contains the text (case-insensitive), or whose plan it is: an exact email or id first, then by name; at most first (1 to 100; 20 by default)."
  customers(search: String!, first: Int, consistencyToken: String): [Customer!]!
  "Every change to the SLA configuration with who, when and what, oldest first."
  slaConfigurationHistory(
    "Only this entity's changes (a calendar's, policy's or category's id, or a plan), with the default-policy and plan-policy changes naming it."
    entityId: ID
    "1 to 100; 20 by default."
    first: Int
    "The endCursor of the previous page."
    after: String
    consistencyToken: String
  ): SlaConfigurationChangeConnection!
  "What a draft policy would have produced for the tickets opened in [from, to), beside what their recorded terms produced; read-only. Only those tickets are replayed, up to the deployment's what-if budget (WHAT_IF_TOO_LARGE beyond: ask a shorter period); once per operation (QUERY_TOO_COMPLEX for a second, aliased or not)."
  slaWhatIf(
    policy: SlaPolicyDefinitionInput!
    from: DateTime!
    to: DateTime!
    "Only the tickets this policy governs (their last recorded terms; the deployment's bootstrap policy for those that recorded none): an edit of one policy, previewed on its own tickets. NOT_FOUND for a policy the configuration never held, other than the bootstrap policy."
    policyId: ID
    "The period's tickets are found in the tickets read model: a write's token waits for it."
    consistencyToken: String
  ): SlaWhatIfReport!
  "The event types a webhook endpoint may subscribe to (eventTypes), sorted; * subscribes to every one, present and future."
  webhookEventTypes: [String!]!
  "Every webhook endpoint, as the notifier knows them (a new one appears within moments)."
  webhookEndpoints: [WebhookEndpoint!]!
  "One webhook endpoint, as it stands now; null when there is none."
  webhookEndpoint("The endpoint's id." id: ID!): WebhookEndpoint
  "An endpoint's current signing secret; null when there is no such endpoint."
  webhookEndpointSecret("The endpoint's id." id: ID!): String
  "An endpoint's delivery log, newest first."
  webhookDeliveries(
    "The endpoint."
    endpointId: ID!
    "Only deliveries in this state."
    status: WebhookDeliveryStatus
    "1 to 100; 20 by default."
    first: Int
    "The endCursor of the previous page."
    after: String
  ): WebhookDeliveryConnection!
  "One channel's email or push deliveries, newest first: what was sent, what waits, what was given up."
  notificationDeliveries(
    "The channel."
    channel: NotificationDeliveryChannel!
    "Only deliveries in this state."
    status: WebhookDeliveryStatus
    "Only those for this customer or staff id."
    recipient: ID
    "1 to 100; 20 by default."
    first: Int
    "The endCursor of the previous page."
    after: String
  ): NotificationDeliveryConnection!
  "The caller's saved inbox views, in their order, each with its count."
  inboxViews(consistencyToken: String): [InboxView!]!
  "The views supervisors and admins shared with the team, by name, the caller's own left out (they are in inboxViews), each with the caller's count; one asking for inMyQueues only to agents (others have no queues). At most 100."
  teamInboxViews(consistencyToken: String): [InboxView!]!
  "The mailboxes mail comes in at, by address: the active ones; the inactive ones too with includeInactive (admins only, FORBIDDEN otherwise)."
  mailboxes(includeInactive: Boolean, consistencyToken: String): [Mailbox!]!
  "The chat widget keys, by key (admins)."
  widgets(consistencyToken: String): [Widget!]!
  "One chat widget key; null when it is not configured (admins)."
  widget(widgetKey: String!, consistencyToken: String): Widget
  "The identity secret of a widget key, which the host's server signs its users' identities with (docs/widget.md): derived from the deployment's widget secret, never stored, never to reach a browser. NOT_FOUND for a key not configured, WIDGETS_NOT_CONFIGURED without a widget secret (admins)."
  widgetIdentitySecret(widgetKey: String!): String!
  "The caller's own alert profile (setStaffProfile): their name on alerts, where and in which language alerts reach them; null until one is set."
  myStaffProfile: StaffProfile
  "The caller's in-app alerts, newest first."
  staffNotifications("1 to 100; 20 by default." first: Int, "The endCursor of the previous page." after: String): StaffNotificationConnection!
  "The VAPID public key to subscribe browsers to push with; null when push is off."
  vapidPublicKey: String
  "An article (published only, for customers and visitors); staff and auditors may read it asOf a past instant (from its events)."
  article(id: ID!, asOf: DateTime, consistencyToken: String): Article
  "An article by locale and slug, as a help-center URL names it; a renamed article is still found by a slug it published before (its slug field says the one to redirect to), unless another article holds that slug now."
  articleBySlug(locale: String!, slug: String!, consistencyToken: String): Article
  "A published version as it was published."
  articleVersion(articleId: ID!, version: Int!, consistencyToken: String): ArticleVersion
  "Every published version of an article, newest first (staff and auditors): what restoreArticleVersion brings back."
  articleVersions(articleId: ID!, consistencyToken: String): [ArticleVersion!]!
  "The review and writing commands a screen offers on an article (SubmitArticleForReview, ApproveArticle, RequestArticleChanges, StartArticleRevision, DiscardArticleRevision, ArchiveArticle, RestoreArticle, UnlinkArticleTranslation: of any of its translations), each with the code the engine would refuse it with for the caller now (e.g. SELF_APPROVAL_FORBIDDEN, FORBIDDEN, ARTICLE_NOT_IN_REVIEW), null when allowed: tried against the article's events, nothing written (staff)."
  articleCommandChecks(articleId: ID!, consistencyToken: String): [ArticleCommandCheck!]!
  "Whether the caller may create a knowledge-base category (categoryId null), and edit (UpdateKbCategory) and delete (DeleteKbCategory) each one, with the code the engine would refuse it with (FORBIDDEN, CATEGORY_IN_USE...), null when allowed: tried against the category tree, nothing written (staff)."
  kbCategoryCommandChecks: [KbCategoryCommandCheck!]!
  "Markdown rendered and sanitized exactly as an article's bodyHtml is: a writer's preview before saving (staff)."
  renderArticleMarkdown(markdown: String!): String!
  "Ranked full-text search with snippets (French and English stemming, accents folded, typos corrected); customers and visitors find published articles only."
  searchArticles(text: String!, locale: String, categoryId: ID, tag: String, "1 to 100; 20 by default." first: Int, after: String, consistencyToken: String): ArticleSearchResult!
  "Titles matching what the reader is typing, typo tolerant."
  autocompleteArticles(text: String!, locale: String, "1 to 100; 8 by default." first: Int, consistencyToken: String): [ArticleTitleSuggestion!]!
  "The knowledge base's category tree, parents before children; names in locale when given."
  kbCategories(locale: String): [KbCategory!]!
  "Articles as staff list them (status: in_review is the review queue: first versions and revisions of published articles waiting for a reviewer; draft likewise lists revisions being written), most recently changed first. Customers and visitors list the published ones as they read them (each one's live version, most recently published first: a help center's category page); any other status is FORBIDDEN to them."
  articles(status: String, locale: String, categoryId: ID, tag: String, "1 to 100; 20 by default." first: Int, after: String, consistencyToken: String): ArticlePage!
  "Published articles readers opened most (every reader's views, a public help center's visitors' included, all time; ties: the latest published first), as everyone reads them (each one's live version), in locale when given: a help center's popular articles."
  popularArticles(locale: String, "1 to 20; 6 by default." first: Int, consistencyToken: String): [ArticleListItem!]!
  "Published articles that may answer a ticket or a chat (exactly one of the two), from its subject and first message."
  suggestedArticles(ticketId: ID, chatId: ID, "1 to 20; 5 by default." first: Int, consistencyToken: String): [ArticleHit!]!
  "Readers' votes on an article, newest first."
  articleFeedback(articleId: ID!, version: Int, withCommentOnly: Boolean, "1 to 100; 20 by default." first: Int, consistencyToken: String): [ArticleVote!]!
  "Every event of an article with who, when and why; NOT_FOUND when there is no such article."
  articleHistory(
    articleId: ID!
    ${HISTORY_PAGE}
    consistencyToken: String
  ): [HistoryEvent!]!
  verifyArticleHistory(articleId: ID!, consistencyToken: String): HistoryVerification!
  "Every event of any stream of the log, by its name (agent-<id>, customer-<id>, staff-<id>, slaconfig-default, webhook-<id>, cannedreplies-default, ...: audit verify names them): who changed an agent's tier or a customer's profile, and when; in pages by version like ticketHistory."
  streamEvents(
    streamId: String!
    ${HISTORY_PAGE}
  ): [HistoryEvent!]!
  "Whether any stream's hash chain (and its seals) is intact, and where it breaks if not."
  verifyStream(streamId: String!): HistoryVerification!
  "A customer's pending proactive suggestions (a customer: their own); at most one is pending at a time."
  proactiveSuggestions(customerId: ID!, consistencyToken: String): [ProactiveSuggestion!]!
  "Self-service resolution (overall, by article, by category), helpfulness and searches that found nothing, over [from, to)."
  knowledgeBaseMetrics(from: DateTime!, to: DateTime!, "1 to 500; 50 by default." first: Int, consistencyToken: String): KnowledgeBaseMetrics!
  "A stored file the caller uploaded or may read on a message or an article (a customer: not on an internal note, only on their own tickets and chats; published article versions only; visitors of a public help center: those only)."
  attachment(id: ID!, consistencyToken: String): Attachment
  "Messages held for review (staff and auditors), newest held first; in one state when state is given (pending: those waiting for a decision)."
  heldMails(state: HeldMailState, "1 to 100; 20 by default." first: Int, "The endCursor of the previous page." after: String, consistencyToken: String): HeldMailConnection!
}

type Subscription {
  "Each change of a ticket; customers are told only of what changes their view of it (not internal notes, tags, escalations, SLA reports or follow-ups), so their versions skip the rest."
  ticketUpdated(
    ticketId: ID!
    "The version the caller read the ticket at: the changes after it come first (the last 1,000 at most), so one made between that read and this subscription's start is not missed."
    afterVersion: Int
  ): TicketUpdate!
  "Each change of a chat, for both sides: a new message comes with the update (message), the chat as the read models then hold it (chat); customers are not sent staff-only messages."
  chatUpdated(
    chatId: ID!
    "The version the caller read the chat at (Chat.version): the changes after it come first (the last 1,000 at most), so a message sent between that read and this subscription's start is not missed."
    afterVersion: Int
  ): ChatUpdate!
  "The other participants' live signals in a chat (typing, stopped typing, read), from every API process; never the caller's own, and customers are not told of reads of staff-only messages."
  chatActivity(chatId: ID!): ChatActivity!
  "The whole queue (for customers: their own entries) after each change."
  queueUpdated: [QueueEntry!]!
  "The supervisors' live board after each ticket, chat or agent change."
  liveBoardUpdated: LiveBoard!
  "Each ticket or chat given to the caller: assigned, routed, accepted or transferred to them."
  assignedToMe: AssignedWork!
  "Each change of any ticket (staff see every ticket), for lists and counts to read again: the ticket and the token to read it with."
  ticketsChanged: TicketsChanged!
  "Each change of a saved inbox view, anyone's (a lead's shared view is in everyone's teamInboxViews; one's own views follow them to their other browsers), for the lists to read again: only the token to read them with."
  inboxViewsChanged: InboxViewsChanged!
  "Each change of the caller's in-app alerts (staffNotifications): one saved for them, some marked read in another window; with their unread count then."
  staffNotificationsChanged: StaffNotificationsChanged!
  "A customer's pending suggestions after each suggestion, acceptance or dismissal (a customer: their own)."
  suggestionsUpdated(customerId: ID!): [ProactiveSuggestion!]!
  "Each change of one article: its text, status, translations or a reader's vote (staff only: drafts are never sent to customers); NOT_FOUND for no such article."
  articleUpdated(articleId: ID!): ArticleUpdate!
  "Each change of any article (staff only): a list's cue to read again with the update's consistencyToken."
  articlesUpdated: ArticleUpdate!
  "Each change of the knowledge base's category tree (staff): a cue to read kbCategories again, which already holds it."
  kbCategoriesChanged: KbCategoriesChanged!
  "Each change of a customer as the desk's customer card shows them (staff): their profile, and their tickets and chats (those they have and those they open meanwhile); read the card again with the update's consistencyToken."
  customerUpdated(customerId: ID!): CustomerUpdate!
  "The SLA configuration (calendars, policies, categories, plan and default policies, chat hours) after each change to it, as its stream then holds it (admins)."
  slaConfigurationUpdated: SlaConfiguration!
  "Each agent after a change of theirs (registration, skills, languages, tier, capacity, presence, deactivation), as the agents read model then holds them (admins)."
  agentUpdated: Agent!
  "Each webhook endpoint after a change of it (registration, edit, disabling, enabling, a new secret, deletion) (admins)."
  webhookEndpointUpdated: WebhookEndpointUpdate!
  "Each message held, accepted or discarded (staff and auditors): which one, the ticket it names, and the token to read it with."
  heldMailsChanged: HeldMailsChanged!
  "Every mailbox, the inactive ones included, after each change to them (admins)."
  mailboxesUpdated: [Mailbox!]!
  "Every chat widget key after each change to them (admins)."
  widgetsUpdated: [Widget!]!
}
`;

const returnType = (name: MutationName): string => {
  const spec: CommandSpec = COMMANDS[name];
  return spec.returns ?? 'CommandResult';
};

function mutationType(): string {
  const fields = (Object.keys(COMMANDS) as MutationName[]).map(
    (name) =>
      `  ${JSON.stringify(COMMANDS[name].description)}\n  ${name}(input: ${inputTypeName(name)}!, commandId: ID): ${returnType(name)}!`,
  );
  return `"Every command. commandId is an idempotency key: repeating it returns the first outcome."\ntype Mutation {\n${fields.join('\n')}\n}\n`;
}

/** The SDL of the API: the schema is the contract (printed to schema.graphql, checked by a test). */
export const typeDefs = [ENUMS, INPUTS, TYPES, QUERY, mutationType()].join('\n');
