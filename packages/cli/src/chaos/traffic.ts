import { setTimeout as sleep } from 'node:timers/promises';
import type { Role } from '@support-engine/domain';
import { ChaosClient, type ClientCounters } from './client.js';
import type { UploadOutcome } from './disk-fault.js';
import { between, pick, type Random } from './random.js';

/** Where the simulated desk works and how hard. */
export interface TrafficOptions {
  readonly apiUrl: string;
  readonly secret: string;
  /** Where each client's acknowledged commands go. */
  readonly dir: string;
  readonly webhookUrl: string;
  /** Conversations (tickets or chats) under way at once. */
  readonly concurrency: number;
  readonly random: Random;
}

/** The running traffic: stop it, then await `done`. */
export interface RunningTraffic {
  readonly counters: ClientCounters;
  /** Tickets and chats begun. */
  readonly begun: () => { tickets: number; chats: number };
  /** The supervisor edits the SLA policy now (the run does it once mid-run). */
  editSlaPolicy(): Promise<void>;
  /** A customer of its own uploads a small file (the full-disk fault's probe). */
  upload(): Promise<UploadOutcome>;
  stop(): Promise<void>;
}

const AGENTS = ['agent-1', 'agent-2', 'agent-3', 'agent-4'];
const CUSTOMERS = 24;
/** A customer's small text file (a log excerpt), which every deployment takes. */
const logFileOf = (n: number) => Buffer.from(`2026-11-28 ERROR export ${n} failed\n`.repeat(64));

/** The SLA targets in minutes: short, so warnings and breaches happen within the run. */
const targets = (first: number) => {
  const t = { firstResponseMinutes: first, nextResponseMinutes: first + 1, resolutionMinutes: first + 2 };
  return { low: t, normal: t, high: t, urgent: t };
};

/**
 * The desk's day, through the proxy: an admin sets up agents, customers (with mail addresses), a
 * 24/7 SLA policy with minute targets and a webhook endpoint; then conversations run side by
 * side, each a customer's ticket (taken up and answered with a question, then the customer
 * answers and the agent resolves it, or the customer never answers and the reminders and the
 * auto-close follow, or nobody answers and the SLA breaches) or a chat (accepted by an agent or
 * routed, a few messages, closed by the customer or left to close by inactivity).
 */
export async function startTraffic(options: TrafficOptions): Promise<RunningTraffic> {
  const counters: ClientCounters = {
    acknowledged: 0,
    refused: 0,
    resent: 0,
    unanswered: 0,
    uploaded: 0,
    uploadRefusals: {},
  };
  const client = (role: Role, subject: string) =>
    new ChaosClient(role, subject, options.apiUrl, options.secret, options.dir, counters);
  const admin = client('admin', 'chaos-admin');
  // Only admins may edit SLA policies (the API's policy): the desk's lead, with an admin token.
  const supervisor = client('admin', 'chaos-supervisor');
  const agents = AGENTS.map((id) => client('agent', id));
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => client('customer', `customer-${i + 1}`));
  const prober = client('customer', 'chaos-prober');
  const must = async (outcome: Promise<{ ok: boolean; code?: string }>, what: string) => {
    const result = await outcome;
    if (!result.ok) throw new Error(`chaos setup: ${what} failed (${'code' in result ? result.code : ''})`);
  };

  await must(admin.command('loadSlaPresets', { presets: ['premium'], defaultPreset: 'premium' }), 'loadSlaPresets');
  const policy = (first: number) => ({
    policyId: 'premium',
    definition: { name: 'Chaos 24/7', calendarId: '24-7', targets: targets(first) },
  });
  await must(supervisor.command('updateSlaPolicy', policy(1)), 'updateSlaPolicy');
  await must(
    admin.command(
      'registerWebhookEndpoint',
      { url: `${options.webhookUrl}/hooks/chaos`, eventTypes: ['*'] },
      '{ endpoint { id } }',
    ),
    'registerWebhookEndpoint',
  );
  for (const agent of agents) {
    await must(
      admin.command('registerAgent', { agentId: agent.subject, name: agent.subject, capacity: 2 }),
      'registerAgent',
    );
    await must(
      agent.command('setAgentAvailability', { agentId: agent.subject, availability: 'available' }),
      'setAgentAvailability',
    );
  }
  for (const customer of customers)
    await must(
      admin.command('registerCustomer', {
        customerId: customer.subject,
        name: customer.subject,
        email: `${customer.subject}@example.com`,
      }),
      'registerCustomer',
    );

  const random = options.random;
  const pause = (min: number, max: number) => sleep(between(random, min, max));
  let stopping = false;
  const begun = { tickets: 0, chats: 0 };

  const ticket = async () => {
    begun.tickets++;
    const customer = pick(random, customers);
    const agent = pick(random, agents);
    const opened = await customer.command('openTicket', {
      customerId: customer.subject,
      subject: `Question ${begun.tickets}`,
      description: 'It does not work.',
      channel: 'web',
    });
    if (!opened.ok) return;
    const ticketId = opened.id;
    const fate = random();
    // Nobody answers: the SLA warns, then breaches.
    if (fate < 0.15) return;
    await pause(200, 1_500);
    await agent.command('changeTicketStatus', { ticketId, to: 'in_progress' });
    await agent.command('replyToTicket', { ticketId, body: 'Which account is it?', nextStatus: 'waiting_customer' });
    // The customer never answers: two reminders, then the auto-close.
    if (fate < 0.55) return;
    await pause(500, 3_000);
    // One answer in two sends a log file along (uploaded first; refused: the answer goes without it).
    const file = random() < 0.5 ? await customer.upload('export.log', logFileOf(begun.tickets)) : null;
    await customer.command('customerReply', {
      ticketId,
      body: 'The main one.',
      ...(file?.id ? { attachmentIds: [file.id] } : {}),
    });
    await pause(200, 1_500);
    await agent.command('replyToTicket', { ticketId, body: 'Fixed.', nextStatus: 'resolved' });
  };

  const chat = async () => {
    begun.chats++;
    const customer = pick(random, customers);
    const started = await customer.command('startChat', {
      customerId: customer.subject,
      firstMessage: { body: 'Hello?' },
    });
    if (!started.ok) return;
    const chatId = started.id;
    await pause(200, 1_000);
    // An agent takes it, unless the router already gave it to someone (then refused).
    const agent = pick(random, agents);
    const accepted = await agent.command('acceptChat', { chatId });
    if (accepted.ok) await agent.command('sendChatMessage', { chatId, body: 'Hi, how can I help?' });
    await pause(200, 1_500);
    await customer.command('sendChatMessage', { chatId, body: 'Thanks.' });
    // Left open, it closes itself once nobody writes for the inactivity timeout.
    if (random() < 0.6) await customer.command('closeChat', { chatId });
  };

  const lane = async () => {
    while (!stopping) {
      await (random() < 0.7 ? ticket() : chat()).catch(() => {});
      await pause(100, 800);
    }
  };
  const lanes = Array.from({ length: options.concurrency }, () => lane());
  return {
    counters,
    begun: () => ({ ...begun }),
    async editSlaPolicy() {
      await supervisor.command('updateSlaPolicy', policy(2));
    },
    upload: () => prober.upload('probe.log', logFileOf(0)),
    async stop() {
      stopping = true;
      await Promise.all(lanes);
    },
  };
}
