import { mintToken } from '@support-engine/api';
import type { Role } from '@support-engine/domain';
import { createGraphQLClient, type GraphQLClient, GraphQLRequestError, mutate } from '../graphql-client.js';
import type { Logger } from '../logger.js';

/** Who performs a demo step: a role and the subject of its token. */
type Actor = readonly [Role, string];

const ADMIN: Actor = ['admin', 'dev-admin'];
const ADA: Actor = ['agent', 'agent-ada'];
const SUE: Actor = ['supervisor', 'sup-sue'];
const LINUS: Actor = ['agent', 'agent-linus'];
const ALICE: Actor = ['customer', 'cust-alice'];
const BOB: Actor = ['customer', 'cust-bob'];
const CAROL: Actor = ['customer', 'cust-carol'];
const DAN: Actor = ['customer', 'cust-dan'];
// The customer portal (a trusted backend) opens tickets and chats for its customers under ids it
// chooses, so loading the demo again finds them; customers calling the API themselves get ids
// assigned by the server.
const PORTAL: Actor = ['system', 'customer-portal'];

type Step = readonly [Actor, mutation: string, input: Record<string, unknown>];

/** A step with its own command id (steps added after the numbered ones keep old demo data loadable). */
type NamedStep = readonly [id: string, ...Step];

/**
 * Who hears what, set before any work arrives: Sue supervises (breaches, escalations to
 * supervisors, low ratings) by inbox and mail; Linus is on call (urgent tickets) by inbox and
 * mail; Ada reads her alerts in French, with their times in Paris time. Their mails land on the
 * dev mail page.
 */
const PROFILES: readonly NamedStep[] = [
  [
    'demo-profile-sue',
    ADMIN,
    'setStaffProfile',
    {
      staffId: 'sup-sue',
      name: 'Sue Supervisor',
      email: 'sue@example.com',
      channels: ['web', 'email'],
      groups: ['supervisors'],
    },
  ],
  [
    'demo-profile-linus',
    ADMIN,
    'setStaffProfile',
    {
      staffId: 'agent-linus',
      name: 'Linus Pauling',
      email: 'linus@example.com',
      channels: ['web', 'email'],
      groups: ['on_call'],
    },
  ],
  [
    'demo-profile-ada',
    ADMIN,
    'setStaffProfile',
    {
      staffId: 'agent-ada',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      language: 'fr',
      timeZone: 'Europe/Paris',
      channels: ['web', 'email'],
    },
  ],
];

/**
 * Ada keeps a view of her own in the desk's inbox: the open billing tickets, most urgent first; Sue
 * shares one with the whole team: the urgent and high tickets nobody holds, closest SLA first.
 */
const SAVED_VIEWS: readonly NamedStep[] = [
  [
    'demo-view-sue-unassigned-urgent',
    SUE,
    'saveInboxView',
    {
      viewId: 'team-unassigned-urgent',
      name: 'Urgent, nobody on it',
      filter: { priority: ['urgent', 'high'], unassigned: true, status: ['new', 'in_progress', 'waiting_customer'] },
      order: 'sla_deadline',
      shared: true,
    },
  ],
  [
    'demo-view-ada-billing',
    ADA,
    'saveInboxView',
    {
      viewId: 'ada-billing',
      name: 'Billing, most urgent first',
      filter: { category: 'billing', status: ['new', 'in_progress', 'waiting_customer'] },
      order: 'priority',
    },
  ],
];

/**
 * The SLA configuration: the three shipped presets, with the standard policy as the default. The
 * demo's billing and technical tickets then fall under the category policy (urgent ones count
 * 24/7), the others under the standard one, and the premium plan's customers' under the premium
 * one ({@link PLAN_STEP}); each records its terms.
 */
const SLA_PRESETS_STEP: NamedStep = [
  'demo-sla-presets',
  ADMIN,
  'loadSlaPresets',
  { presets: ['standard', 'premium', 'categories'], defaultPreset: 'standard' },
];

/**
 * The addresses a newcomer may mail (`npm start -- --demo` prints the SMTP address): support, and
 * billing, whose tickets open in the preset's billing category. On the development deployment's
 * mail domain (its MAIL_FROM, `support@localhost`), so answers to the engine's mails come back to
 * a mailbox too.
 */
const MAILBOXES: readonly NamedStep[] = [
  [
    'demo-mailbox-support',
    ADMIN,
    'configureMailbox',
    { address: 'support@localhost', name: 'Support', language: 'en' },
  ],
  [
    'demo-mailbox-billing',
    ADMIN,
    'configureMailbox',
    { address: 'billing@localhost', name: 'Billing', category: 'billing', priority: 'normal' },
  ],
];

/** The demo's widget key, which the demo host page (port 8088) embeds. */
export const DEMO_WIDGET_KEY = 'wk_demo';

/** Both languages of a widget text, as configureWidget takes them. */
const bilingual = (en: string, fr: string) => [
  { language: 'en', text: en },
  { language: 'fr', text: fr },
];

/**
 * The chat widget the demo host page embeds (`wk_demo`, docs/widget.md): its page's two spellings
 * of one origin, topics in the preset's categories, a greeting in English and French.
 */
const WIDGET_STEP: NamedStep = [
  'demo-widget',
  ADMIN,
  'configureWidget',
  {
    widgetKey: DEMO_WIDGET_KEY,
    name: 'Demo shop',
    allowedOrigins: ['http://127.0.0.1:8088', 'http://localhost:8088'],
    topics: [
      { id: 'billing', label: bilingual('Billing', 'Facturation'), categoryId: 'billing' },
      { id: 'technical', label: bilingual('A technical problem', 'Un problème technique'), categoryId: 'technical' },
      { id: 'account', label: bilingual('My account', 'Mon compte'), categoryId: 'account' },
    ],
    greeting: bilingual('Hi! How can we help?', 'Bonjour ! Comment pouvons-nous vous aider ?'),
  },
];

/** Customers on the premium plan (Alice) get the premium policy's 24/7 priority SLAs, whatever the category. */
const PLAN_STEP: NamedStep = ['demo-plan-premium', ADMIN, 'setPlanSlaPolicy', { plan: 'premium', policyId: 'premium' }];

/**
 * The chat desk keeps the preset's 24/7 calendar as its opening hours: an admin who switches it to
 * `business-hours` (`setChatHours`) sees customers offered a ticket after hours.
 */
const CHAT_HOURS_STEP: NamedStep = ['demo-chat-hours', ADMIN, 'setChatHours', { calendarId: '24-7' }];

/** A chat nobody writes in for 20 minutes closes itself (the deployment's default is 30). */
const CHAT_TIMEOUT_STEP: NamedStep = [
  'demo-chat-inactivity',
  ADMIN,
  'setChatInactivityTimeout',
  { inactivityTimeoutMs: 20 * 60_000 },
];

/**
 * Registers an endpoint on the dev webhook receiver that takes every ticket and chat event. Not a
 * step like the others: the mutation answers the endpoint and its secret, not a command's result.
 * Its fixed command id gives the same endpoint id every time, so loading again adds none.
 */
async function registerDemoWebhook(client: GraphQLClient, receiverUrl: string, token: string): Promise<void> {
  await client.request(
    `mutation($input: RegisterWebhookEndpointInput!) {
      registerWebhookEndpoint(input: $input, commandId: "demo-webhook-crm") { endpoint { id } }
    }`,
    {
      input: {
        url: `${receiverUrl}/hooks/demo-crm`,
        eventTypes: ['*'],
        description: 'The demo CRM (the dev webhook receiver)',
      },
    },
    token,
  );
}

const open = (
  customer: Actor,
  ticketId: string,
  subject: string,
  description: string,
  extra: Record<string, unknown> = {},
): Step => [
  PORTAL,
  'openTicket',
  { ticketId, customerId: customer[1], subject, description, channel: 'web', ...extra },
];
const presence = (agent: Actor, availability: string): Step => [
  agent,
  'setAgentAvailability',
  { agentId: agent[1], availability },
];
const reply = (ticketId: string, body: string, nextStatus?: string): Step => [
  ADA,
  'replyToTicket',
  { ticketId, body, ...(nextStatus ? { nextStatus } : {}) },
];

/**
 * A few customers and agents, and tickets standing at each step of the support guide's three
 * reference scenarios: a simple question resolved (it auto-closes after the resolved delay), a
 * complex problem taken through `waiting_customer` and confirmed closed, a silent customer
 * waiting (reminders at days 3 and 5, auto-close at day 7), plus one new ticket. Then the team
 * becomes available and new work finds its agent by itself: a French billing ticket reaches Ada
 * (billing, French), a chat is routed, and an escalated ticket moves to Linus (tier 2); each
 * routed assignment's history says why.
 */
const STEPS: readonly Step[] = [
  [
    ADMIN,
    'registerAgent',
    { agentId: 'agent-ada', name: 'Ada Lovelace', skills: ['billing', 'technical'], languages: ['en', 'fr'] },
  ],
  [
    ADMIN,
    'registerAgent',
    { agentId: 'agent-linus', name: 'Linus Pauling', skills: ['technical'], languages: ['en', 'de'], tier: 2 },
  ],
  [
    ADMIN,
    'registerAgent',
    { agentId: 'agent-grace', name: 'Grace Hopper', skills: ['billing'], languages: ['en', 'es'], ticketCapacity: 10 },
  ],
  // The top tier, off shift: a ticket escalated to tier 3 waits for her (or for the supervisors).
  [
    ADMIN,
    'registerAgent',
    { agentId: 'agent-marie', name: 'Marie Curie', skills: ['technical'], languages: ['en', 'fr'], tier: 3 },
  ],
  [
    ADMIN,
    'registerCustomer',
    { customerId: 'cust-alice', name: 'Alice Martin', email: 'alice@example.com', company: 'Acme', plan: 'premium' },
  ],
  [ADMIN, 'registerCustomer', { customerId: 'cust-bob', name: 'Bob Keller', email: 'bob@example.com' }],
  [ADMIN, 'registerCustomer', { customerId: 'cust-carol', name: 'Carol Diaz', email: 'carol@example.com' }],
  [ADMIN, 'registerCustomer', { customerId: 'cust-dan', name: 'Dan Okafor', email: 'dan@example.com' }],
  // 1. Simple question: new -> in_progress -> resolved (closes by itself after the resolved delay).
  open(ALICE, 'demo-password', 'Cannot reset my password', 'The reset link says it expired.'),
  [ADA, 'assignTicket', { ticketId: 'demo-password', agentId: 'agent-ada' }],
  [ADA, 'changeTicketStatus', { ticketId: 'demo-password', to: 'in_progress' }],
  reply('demo-password', 'Links last 30 minutes; here is a fresh one.', 'resolved'),
  // 2. Complex problem: through waiting_customer and back, resolved, confirmed by the customer.
  open(BOB, 'demo-export', 'App crashes when exporting a PDF', 'Every export of a large report crashes.'),
  [ADA, 'assignTicket', { ticketId: 'demo-export', agentId: 'agent-ada' }],
  reply('demo-export', 'Which version and which report size?', 'waiting_customer'),
  [BOB, 'customerReply', { ticketId: 'demo-export', body: 'Version 4.2, about 300 pages.' }],
  reply('demo-export', 'Fixed in 4.2.1: please update.', 'resolved'),
  [BOB, 'confirmResolution', { ticketId: 'demo-export' }],
  // Bob found it slow: a low rating the supervisors follow up (csatFollowUps).
  [BOB, 'rateTicket', { ticketId: 'demo-export', score: 2, comment: 'Fixed, but it took three days.' }],
  // 3. Silent customer: waiting for an answer that never comes.
  open(CAROL, 'demo-invoice', 'Invoice shows the wrong VAT number', 'My March invoice has an old VAT number.'),
  [ADA, 'assignTicket', { ticketId: 'demo-invoice', agentId: 'agent-ada' }],
  reply('demo-invoice', 'Could you send us your current VAT number?', 'waiting_customer'),
  // A new ticket nobody has touched yet.
  open(DAN, 'demo-dark-mode', 'Feature request: dark mode', 'The dashboard is too bright at night.'),
  // Triage labels the team filters and counts by (ticketTagCounts).
  [ADMIN, 'loadStandardCannedReplies', {}],
  // The standard replies name a ticket's subject; these fill in a chat too (its customer and agent).
  [
    ADMIN,
    'saveCannedReply',
    {
      cannedReplyId: 'demo-chat-greeting',
      name: 'Chat greeting',
      locale: 'en',
      body: 'Hi {{customer.firstName}}, {{agent.firstName}} here: how can I help?',
      scope: 'shared',
    },
  ],
  [
    ADMIN,
    'saveCannedReply',
    {
      cannedReplyId: 'demo-chat-greeting-fr',
      name: 'Accueil du chat',
      locale: 'fr',
      body: 'Bonjour {{customer.firstName}}, ici {{agent.firstName}} : que puis-je pour vous ?',
      scope: 'shared',
    },
  ],
  [ADA, 'addTicketTags', { ticketId: 'demo-dark-mode', tags: ['feature-request', 'ui'] }],
  [ADA, 'addTicketTags', { ticketId: 'demo-invoice', tags: ['vat', 'invoice'] }],
  // Routing: the team starts its shift (Grace is in training); queued and new work is routed.
  presence(ADA, 'available'),
  presence(LINUS, 'available'),
  [ADMIN, 'setAgentAvailability', { agentId: 'agent-grace', availability: 'training' }],
  open(ALICE, 'demo-refund', 'Remboursement en double', "J'ai été débitée deux fois en mars.", {
    category: 'billing',
    language: 'fr',
    priority: 'high',
  }),
  [
    PORTAL,
    'startChat',
    {
      chatId: 'demo-chat',
      customerId: 'cust-carol',
      category: 'technical',
      language: 'en',
      firstMessage: { body: 'The mobile app logs me out every hour.' },
    },
  ],
  open(BOB, 'demo-api-limits', 'API rate limit too low for our sync', 'We hit 429s every night.', {
    category: 'technical',
    language: 'en',
  }),
  [ADA, 'addTicketTags', { ticketId: 'demo-api-limits', tags: ['api', 'rate-limit'] }],
  [ADA, 'escalateTicket', { ticketId: 'demo-api-limits', reason: 'complexity', note: 'Needs a platform engineer' }],
  // A critical incident: an urgent ticket is in progress and pages the on-call engineer at once.
  open(DAN, 'demo-outage', 'Checkout is down for everyone', 'Every payment fails with an error since 10:00.', {
    priority: 'urgent',
    category: 'technical',
  }),
];

/** A knowledge-base article written by Ada, submitted, and approved by Sue (unless `inReview`). */
function article(
  articleId: string,
  content: Record<string, unknown>,
  options: { inReview?: boolean } = {},
): NamedStep[] {
  return [
    [`demo-kb-${articleId}-draft`, ADA, 'createArticleDraft', { articleId, ...content }],
    [`demo-kb-${articleId}-submit`, ADA, 'submitArticleForReview', { articleId }],
    ...(options.inReview ? [] : [[`demo-kb-${articleId}-approve`, SUE, 'approveArticle', { articleId }] as NamedStep]),
  ];
}

/** Two articles linked as each other's translation (the step names are the ones the demo first used). */
function translations(english: string, french: string): NamedStep[] {
  return [
    [
      `demo-${english}-link`,
      ADA,
      'linkArticleTranslation',
      { articleId: english, translationId: french, locale: 'fr' },
    ],
    [`demo-${french}-link`, ADA, 'linkArticleTranslation', { articleId: french, translationId: english, locale: 'en' }],
  ];
}

/**
 * Dan books a call about his feature request for the next day at 10:00 UTC (it lands in the
 * callbacks queue staff work; loading the demo again keeps the first booking).
 */
function callbackStep(now: Date): NamedStep {
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 10));
  return [
    'demo-callback-dan',
    DAN,
    'scheduleCallback',
    {
      ticketId: 'demo-dark-mode',
      callbackId: 'demo-callback',
      at: tomorrow.toISOString(),
      timeZone: 'Africa/Lagos',
      phone: '+234 803 123 4567',
      reason: 'Walk me through the dark mode mock-ups',
    },
  ];
}

/** Numbers on file: what a call booked without one dials (steps of their own, so older demo data loads again). */
const PHONES_ON_FILE: readonly NamedStep[] = [
  ['demo-phone-alice', ADMIN, 'updateCustomerProfile', { customerId: 'cust-alice', phone: '+44 20 7946 0958' }],
  ['demo-phone-dan', DAN, 'updateCustomerProfile', { customerId: 'cust-dan', phone: '+234 803 123 4567' }],
];

/** Where the customers live: the dates their reminders and calls announce are shown in these zones. */
const TIME_ZONES: readonly NamedStep[] = [
  ['demo-zone-alice', ADMIN, 'updateCustomerProfile', { customerId: 'cust-alice', timeZone: 'Europe/London' }],
  ['demo-zone-carol', ADMIN, 'updateCustomerProfile', { customerId: 'cust-carol', timeZone: 'America/Mexico_City' }],
  ['demo-zone-dan', DAN, 'updateCustomerProfile', { customerId: 'cust-dan', timeZone: 'Africa/Lagos' }],
];

/**
 * Alan worked the queue until he moved to the sales team: he left the team (`agents` lists him only
 * with `includeDeactivated`) and is given no work, while his history keeps him.
 */
const FORMER_AGENT: readonly NamedStep[] = [
  [
    'demo-agent-alan',
    ADMIN,
    'registerAgent',
    { agentId: 'agent-alan', name: 'Alan Turing', skills: ['technical'], languages: ['en'] },
  ],
  ['demo-agent-alan-left', ADMIN, 'deactivateAgent', { agentId: 'agent-alan', reason: 'Moved to the sales team' }],
];

/**
 * Carol fails to sign in three times: the engine offers her a ticket (suggestion
 * `demo-carol-login-3`), which she sees in her inbox and by mail on the dev mail page.
 */
const SUGGESTION: readonly NamedStep[] = [1, 2, 3].map(
  (n): NamedStep => [
    `demo-carol-login-${n}`,
    CAROL,
    'recordCustomerActivity',
    { customerId: 'cust-carol', signalId: `demo-carol-login-${n}`, signalType: 'login_failed', detail: 'Sign-in page' },
  ],
);

/**
 * The knowledge base: two categories, two articles in English and French linked as
 * translations, one waiting for review, and a customer's view and vote.
 */
const KNOWLEDGE_BASE: readonly NamedStep[] = [
  [
    'demo-kb-category-account',
    SUE,
    'createKbCategory',
    {
      categoryId: 'kb-account',
      names: [
        { locale: 'en', name: 'Account and security' },
        { locale: 'fr', name: 'Compte et sécurité' },
      ],
    },
  ],
  [
    'demo-kb-category-billing',
    SUE,
    'createKbCategory',
    {
      categoryId: 'kb-billing',
      names: [
        { locale: 'en', name: 'Billing' },
        { locale: 'fr', name: 'Facturation' },
      ],
      sortOrder: 1,
    },
  ],
  ...article('kb-reset-password', {
    locale: 'en',
    title: 'Reset your password',
    slug: 'reset-your-password',
    excerpt: 'Get back into your account when you forgot your password.',
    body: '1. Open the sign-in page and choose **Forgot password**.\n2. Enter your email address.\n3. Follow the link we send you within 15 minutes.\n\nNo email? Check your spam folder, then [contact us](https://example.com/support).',
    categoryId: 'kb-account',
    tags: ['password', 'login'],
  }),
  ...article('kb-reset-password-fr', {
    locale: 'fr',
    title: 'Réinitialiser votre mot de passe',
    slug: 'reinitialiser-votre-mot-de-passe',
    excerpt: 'Retrouvez l’accès à votre compte si vous avez oublié votre mot de passe.',
    body: '1. Ouvrez la page de connexion et choisissez **Mot de passe oublié**.\n2. Saisissez votre adresse e-mail.\n3. Suivez le lien envoyé dans les 15 minutes.\n\nPas d’e-mail ? Vérifiez vos indésirables.',
    categoryId: 'kb-account',
    tags: ['mot-de-passe', 'connexion'],
  }),
  ...translations('kb-reset-password', 'kb-reset-password-fr'),
  // A second version of the English article: articleVersions lists both, restoreArticleVersion brings back the first.
  ['demo-kb-reset-password-revise', ADA, 'startArticleRevision', { articleId: 'kb-reset-password' }],
  [
    'demo-kb-reset-password-edit',
    ADA,
    'editArticleDraft',
    {
      articleId: 'kb-reset-password',
      body: '1. Open the sign-in page and choose **Forgot password**.\n2. Enter your email address.\n3. Follow the link we send you within 30 minutes.\n\nNo email? Check your spam folder, then [contact us](https://example.com/support).',
    },
  ],
  ['demo-kb-reset-password-resubmit', ADA, 'submitArticleForReview', { articleId: 'kb-reset-password' }],
  ['demo-kb-reset-password-v2', SUE, 'approveArticle', { articleId: 'kb-reset-password' }],
  ...article('kb-double-charge', {
    locale: 'en',
    title: 'Charged twice for one order',
    slug: 'charged-twice',
    excerpt: 'Why a payment can show twice, and how the refund works.',
    body: 'A second charge is usually a **pending authorisation** that your bank releases within 5 working days.\n\nIf both charges are still there after that, open a ticket with both transaction references: we refund the duplicate within 48 hours.',
    categoryId: 'kb-billing',
    tags: ['refund', 'payment'],
  }),
  ...article('kb-double-charge-fr', {
    locale: 'fr',
    title: 'Débité deux fois pour une commande',
    slug: 'debite-deux-fois',
    excerpt: 'Pourquoi un paiement apparaît deux fois, et comment se passe le remboursement.',
    body: 'Un second débit est souvent une **autorisation en attente** que votre banque libère sous 5 jours ouvrés.\n\nSi les deux débits sont toujours là, ouvrez un ticket avec les deux références : nous remboursons le doublon sous 48 heures.',
    categoryId: 'kb-billing',
    tags: ['remboursement', 'paiement'],
  }),
  ...translations('kb-double-charge', 'kb-double-charge-fr'),
  ...article(
    'kb-export-pdf',
    {
      locale: 'en',
      title: 'Export large reports as PDF',
      slug: 'export-large-reports',
      body: 'Reports over 200 pages export in the background: you get an email with the file when it is ready.',
      tags: ['export', 'pdf'],
    },
    { inReview: true },
  ),
  ['demo-kb-view-alice', ALICE, 'recordArticleView', { articleId: 'kb-double-charge-fr', version: 1 }],
  ['demo-kb-vote-alice', ALICE, 'voteOnArticle', { articleId: 'kb-double-charge-fr', version: 1, helpful: true }],
  // Ada points Alice to the French article on her double charge: Alice sees it under the reply.
  [
    'demo-kb-link-refund',
    ADA,
    'replyToTicket',
    {
      ticketId: 'demo-refund',
      body: 'Le second débit est une pré-autorisation : cet article explique quand il disparaît.',
      articles: [{ articleId: 'kb-double-charge-fr', locale: 'fr' }],
    },
  ],
];

/** The error log Bob sends with his API ticket. */
const SYNC_LOG = {
  fileName: 'nightly-sync.log',
  bytes: [
    '2026-03-02T02:00:01Z POST /v1/contacts/sync 429 Too Many Requests (retry-after 60)',
    '2026-03-02T02:01:02Z POST /v1/contacts/sync 429 Too Many Requests (retry-after 60)',
    '2026-03-02T02:02:03Z sync aborted after 3 attempts',
    '',
  ].join('\n'),
};

/**
 * Bob sends the nightly sync's error log with a reply on his API ticket, as a client would: an
 * upload URL, the bytes PUT to it, then the reply naming the stored file. Loading the demo again
 * finds the file in the ticket's history (the log itself, never behind) and uploads nothing.
 */
async function attachmentStep(client: GraphQLClient, apiUrl: string, token: string, staffToken: string): Promise<void> {
  const { ticketHistory } = await client.request<{
    ticketHistory: { data: { attachments?: { fileName: string }[] } }[];
  }>('{ ticketHistory(ticketId: "demo-api-limits") { data } }', {}, staffToken);
  if (ticketHistory.some((event) => event.data.attachments?.some((a) => a.fileName === SYNC_LOG.fileName))) return;
  const { createAttachmentUpload: upload } = await client.request<{
    createAttachmentUpload: { attachmentId: string; uploadUrl: string };
  }>(
    'mutation($f: String!) { createAttachmentUpload(input: { fileName: $f, contentType: "text/plain" }) { attachmentId uploadUrl } }',
    { f: SYNC_LOG.fileName },
    token,
  );
  const sent = await fetch(new URL(upload.uploadUrl, apiUrl), {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: SYNC_LOG.bytes,
  });
  if (sent.status !== 201) throw new Error(`Demo upload refused (HTTP ${sent.status}): ${await sent.text()}`);
  const input = {
    ticketId: 'demo-api-limits',
    body: 'Here is last night’s sync log.',
    attachmentIds: [upload.attachmentId],
  };
  await mutate(client, 'customerReply', input, { token, commandId: 'demo-attachment-bob' });
}

/**
 * Alice has read the confirmation of her first ticket (opened long before, so projected by now):
 * her inbox shows it read and the rest unread. Marking it again changes nothing.
 */
async function inboxStep(client: GraphQLClient, token: string): Promise<void> {
  await client.request(
    'mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked } }',
    { i: { notificationIds: ['notification:ticket-demo-password:1'] } },
    token,
  );
}

/** Where the demo points what it sets up. */
export interface DemoTargets {
  /** The dev webhook receiver: the demo registers an endpoint on it (needs webhooks configured). */
  readonly webhookReceiverUrl?: string;
}

/**
 * Loads the demo data through the API, as clients would: the SLA presets, staff alert profiles
 * and a webhook endpoint first, so the work that follows is told on every channel. Each step has a fixed
 * command id, so loading it again (every `dev --demo`) writes nothing new.
 */
export async function loadDemoData(
  apiUrl: string,
  secret: string,
  logger: Logger,
  targets: DemoTargets = {},
): Promise<void> {
  const client = createGraphQLClient(apiUrl);
  const tokens = new Map<string, string>();
  const tokenFor = async ([role, sub]: Actor) => {
    const key = `${role}:${sub}`;
    if (!tokens.has(key)) tokens.set(key, await mintToken({ role, sub }, secret, 600));
    return tokens.get(key)!;
  };
  const run = async (steps: readonly NamedStep[]) => {
    for (const [commandId, actor, name, input] of steps) {
      try {
        await mutate(client, name, input, { token: await tokenFor(actor), commandId });
      } catch (error) {
        // A data folder loaded by an older build, whose step said something else: what it wrote stands.
        if (!(error instanceof GraphQLRequestError && error.codes.includes('IDEMPOTENCY_KEY_REUSED'))) throw error;
        logger.warn(
          { commandId, operation: name },
          'demo step changed since this data folder was loaded: kept as it was',
        );
      }
    }
  };
  const setUp = [
    SLA_PRESETS_STEP,
    PLAN_STEP,
    CHAT_HOURS_STEP,
    CHAT_TIMEOUT_STEP,
    ...MAILBOXES,
    WIDGET_STEP,
    ...PROFILES,
  ];
  const work: NamedStep[] = [
    ...STEPS.map((step, index): NamedStep => [`demo-step-${index + 1}`, ...step]),
    ...KNOWLEDGE_BASE,
    ...SUGGESTION,
    callbackStep(new Date()),
    ...PHONES_ON_FILE,
    ...TIME_ZONES,
    ...FORMER_AGENT,
    ...SAVED_VIEWS,
  ];
  await run(setUp);
  if (targets.webhookReceiverUrl) await registerDemoWebhook(client, targets.webhookReceiverUrl, await tokenFor(ADMIN));
  await run(work);
  await attachmentStep(client, apiUrl, await tokenFor(BOB), await tokenFor(ADMIN));
  await inboxStep(client, await tokenFor(ALICE));
  logger.info({ steps: setUp.length + work.length }, 'demo data loaded');
}
