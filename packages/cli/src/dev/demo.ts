import { mintToken } from '@support-engine/api';
import type { Role } from '@support-engine/domain';
import { createGraphQLClient, mutate } from '../graphql-client.js';
import type { Logger } from '../logger.js';

/** Who performs a demo step: a role and the subject of its token. */
type Actor = readonly [Role, string];

const ADMIN: Actor = ['admin', 'dev-admin'];
const ADA: Actor = ['agent', 'agent-ada'];
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
 * mail; Ada reads her alerts in French. Their mails land on the dev mail page.
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
      channels: ['web', 'email'],
    },
  ],
];

/**
 * The SLA configuration: the three shipped presets, with the standard policy as the default. The
 * demo's billing and technical tickets then fall under the category policy (urgent ones count
 * 24/7), the others under the standard one; each records its terms.
 */
const SLA_PRESETS_STEP: NamedStep = [
  'demo-sla-presets',
  ADMIN,
  'loadSlaPresets',
  { presets: ['standard', 'premium', 'categories'], defaultPreset: 'standard' },
];

/** An endpoint on the dev webhook receiver that takes every ticket and chat event. */
const webhookStep = (receiverUrl: string): NamedStep => [
  'demo-webhook-crm',
  ADMIN,
  'registerWebhookEndpoint',
  { url: `${receiverUrl}/hooks/demo-crm`, eventTypes: ['*'], description: 'The demo CRM (the dev webhook receiver)' },
];

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
  // 3. Silent customer: waiting for an answer that never comes.
  open(CAROL, 'demo-invoice', 'Invoice shows the wrong VAT number', 'My March invoice has an old VAT number.'),
  [ADA, 'assignTicket', { ticketId: 'demo-invoice', agentId: 'agent-ada' }],
  reply('demo-invoice', 'Could you send us your current VAT number?', 'waiting_customer'),
  // A new ticket nobody has touched yet.
  open(DAN, 'demo-dark-mode', 'Feature request: dark mode', 'The dashboard is too bright at night.'),
  // Triage labels the team filters and counts by (ticketTagCounts).
  [ADMIN, 'loadStandardCannedReplies', {}],
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
  // A critical incident: an urgent ticket pages the on-call engineer at once.
  open(DAN, 'demo-outage', 'Checkout is down for everyone', 'Every payment fails with an error since 10:00.', {
    priority: 'urgent',
    category: 'technical',
  }),
];

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
  const setUp = [
    SLA_PRESETS_STEP,
    ...PROFILES,
    ...(targets.webhookReceiverUrl ? [webhookStep(targets.webhookReceiverUrl)] : []),
  ];
  const steps: NamedStep[] = [...setUp, ...STEPS.map((step, index): NamedStep => [`demo-step-${index + 1}`, ...step])];
  for (const [commandId, actor, name, input] of steps) {
    await mutate(client, name, input, { token: await tokenFor(actor), commandId });
  }
  logger.info({ steps: steps.length }, 'demo data loaded');
}
