import {
  acceptSuggestion,
  type CommandsByCategory,
  convertChatToTicket,
  emailChatTranscript,
  linkableArticles,
  profileLanguage,
  type Sent,
} from '@support-engine/application';
import { readEmailConfirmation } from '@support-engine/delivery';
import { Id } from '@support-engine/domain';
import {
  Availability,
  ChangeTier,
  DeactivateAgent,
  normalizeAvailability,
  RatePerformance,
  ReactivateAgent,
  RegisterAgent,
  RenameAgent,
  SetAvailability,
  SetCapacity,
  SetTicketCapacity,
  UpdateSkills,
} from '@support-engine/domain/agent';
import {
  AssignChat,
  CloseChat,
  CompleteChatFollowUp,
  EmailChatTranscript,
  RateChat,
  SendChatMessage,
  StartChat,
  TransferChat,
  TransferChatToQueue,
} from '@support-engine/domain/chat';
import {
  customerDecider,
  invalidConfirmationError,
  RegisterCustomer,
  SetDeliveryPreference,
} from '@support-engine/domain/customer';
import { AcceptSuggestion, DismissSuggestion, RecordCustomerActivity } from '@support-engine/domain/proactive';
import {
  AddTicketTags,
  AssignTicket,
  CancelCallback,
  ChangeCategory,
  ChangePriority,
  ChangeStatus,
  CloseAsSpam,
  CompleteCallback,
  CompleteFollowUp,
  ConfirmResolution,
  CustomerReply,
  Escalate,
  type LinkedArticle,
  OpenTicket,
  RateTicket,
  RemoveTicketTags,
  ReplyToTicket,
  requireNumberToCall,
  ScheduleCallback,
  ticketDecider,
  UnassignTicket,
} from '@support-engine/domain/ticket';
import { z } from 'zod';
import type { Operation } from '../auth/policy.js';
import { ATTACHMENT_COMMANDS, ATTACHMENT_IDS, filesOf } from './attachments.js';
import { CANNED_REPLY_COMMANDS } from './canned-replies.js';
import { DELIVERY_COMMANDS } from './delivery.js';
import { HELD_MAIL_COMMANDS } from './held-mail.js';
import { INBOX_COMMANDS } from './inbox.js';
import { INBOX_VIEW_COMMANDS } from './inbox-views.js';
import { KNOWLEDGE_BASE_COMMANDS } from './knowledge-base.js';
import { MAILBOX_COMMANDS } from './mailboxes.js';
import { SIGNAL_COMMANDS } from './signals.js';
import { SLA_CONFIG_COMMANDS } from './sla-config.js';
import { type CommandEnv, type CommandSpec, defineCommand, defineMutation } from './spec.js';
import { WIDGET_COMMANDS } from './widgets.js';

// Inputs reuse the domain's command data schemas, so limits and formats have one home; ids a
// client may leave out are made optional (the API then generates them).
/** A profile field as a client sends it: the domain checks its format; "" clears it. */
const Clearable = z.string().max(320).optional();

/** The confirmation window the deployment gives an address a customer gives themself. */
const confirmationWindow = (env: CommandEnv) => {
  const window = env.delivery?.emailConfirmation?.validityMs;
  return window === undefined ? {} : { confirmWithinMs: window };
};

const data = {
  confirmCustomerEmail: z.object({ token: z.string().min(1).max(2_048) }).strict(),
  updateCustomerProfile: z
    .object({
      customerId: Id,
      name: Clearable,
      email: Clearable,
      language: Clearable,
      company: Clearable,
      plan: Clearable,
      phone: Clearable,
      timeZone: Clearable,
    })
    .strict(),
  openTicket: OpenTicket.shape.data
    .pick({
      customerId: true,
      subject: true,
      description: true,
      priority: true,
      category: true,
      channel: true,
      language: true,
    })
    .extend({ ticketId: Id.optional(), ...ATTACHMENT_IDS }),
  startChat: StartChat.shape.data.extend({
    chatId: Id.optional(),
    firstMessage: z
      .object({ messageId: Id.optional(), body: SendChatMessage.shape.data.shape.body, ...ATTACHMENT_IDS })
      .strict()
      .optional(),
  }),
  sendChatMessage: SendChatMessage.shape.data
    .omit({ attachments: true })
    .extend({ messageId: Id.optional(), ...ATTACHMENT_IDS }),
  // The origin of a message that came by mail is the mail ingress's to record, never a client's.
  replyToTicket: ReplyToTicket.shape.data.omit({ attachments: true, mail: true }).extend(ATTACHMENT_IDS),
  customerReply: CustomerReply.shape.data.omit({ attachments: true, mail: true }).extend(ATTACHMENT_IDS),
  chatRef: z.object({ chatId: Id }).strict(),
  assignChat: AssignChat.shape.data.omit({ routing: true }),
  assignTicket: AssignTicket.shape.data.omit({ routing: true, ifUnassigned: true }),
  unassignTicket: UnassignTicket.shape.data.omit({ agentId: true }),
  // Presence: the five states, or the legacy `online`/`away` of earlier clients.
  setAvailability: SetAvailability.shape.data.extend({
    availability: z.preprocess(
      (value) => (typeof value === 'string' ? normalizeAvailability(value) : value),
      Availability,
    ),
  }),
  convertChat: z.object({ chatId: Id, ticketId: Id.optional() }).strict(),
  recordActivity: RecordCustomerActivity.shape.data.extend({ signalId: Id.optional() }),
  // The ticket's id is the server's (customers alone accept, and never choose ids).
  acceptSuggestion: AcceptSuggestion.shape.data.omit({ ticketId: true }),
  scheduleCallback: ScheduleCallback.shape.data.extend({ callbackId: Id.optional(), at: z.date() }),
};

const ticket = <T extends { ticketId: string }>(input: T) => input.ticketId;
const chat = <T extends { chatId: string }>(input: T) => input.chatId;
const agent = <T extends { agentId: string }>(input: T) => input.agentId;
const customer = <T extends { customerId: string }>(input: T) => input.customerId;

/** A ticket command whose input is exactly the domain command's data. */
function ticketCommand<T extends keyof typeof TICKET_DATA>(description: string, type: T): CommandSpec {
  return defineCommand(
    description,
    TICKET_DATA[type],
    'ticket',
    ticket,
    (input) => ({ type, data: input }) as CommandsByCategory['ticket'],
  );
}

/**
 * A ticket message command: the domain's data, with uploaded files named by id (see {@link filesOf})
 * and the articles a reply links checked against the knowledge base (`linkableArticles`, which also fills in their titles).
 */
function messageCommand(description: string, type: 'ReplyToTicket' | 'CustomerReply'): CommandSpec {
  const input = type === 'ReplyToTicket' ? data.replyToTicket : data.customerReply;
  return defineCommand(description, input, 'ticket', ticket, async ({ attachmentIds, ...rest }, _id, env) => {
    const links = (rest as { articles?: readonly LinkedArticle[] }).articles;
    const articles = links === undefined ? {} : { articles: await linkableArticles(env.bus, links) };
    const command = { type, data: { ...rest, ...articles, ...(await filesOf(attachmentIds, env)) } };
    return command as CommandsByCategory['ticket'];
  });
}

const TICKET_DATA = {
  ChangeStatus: ChangeStatus.shape.data,
  CloseAsSpam: CloseAsSpam.shape.data,
  ConfirmResolution: ConfirmResolution.shape.data,
  ChangePriority: ChangePriority.shape.data,
  // GraphQL's null arrives as a missing field (validation drops nulls): that is the clearing null.
  ChangeCategory: ChangeCategory.shape.data.extend({
    category: ChangeCategory.shape.data.shape.category.default(null),
  }),
  AddTicketTags: AddTicketTags.shape.data,
  RemoveTicketTags: RemoveTicketTags.shape.data,
  Escalate: Escalate.shape.data,
  RateTicket: RateTicket.shape.data,
  CompleteFollowUp: CompleteFollowUp.shape.data,
  CompleteCallback: CompleteCallback.shape.data,
  CancelCallback: CancelCallback.shape.data,
};

/** Hands a chat to `agentId` through the agent's ledger (capacity and presence are theirs to enforce). */
async function handOverChat(
  env: CommandEnv,
  agentId: string,
  mode: 'accepted' | 'assigned' | 'transferred',
  command: Extract<CommandsByCategory['chat'], { type: 'AcceptChat' | 'AssignChat' | 'TransferChat' }>,
  reason?: string,
): Promise<{ id: string; sent: Sent }> {
  const { chatId } = command.data;
  const request = {
    agentId,
    item: { kind: 'chat' as const, id: chatId },
    mode,
    command,
    commandId: env.commandId,
    reason,
  };
  return { id: chatId, sent: await env.bus.handOver(request, env.principal) };
}

/**
 * Every mutation, keyed by its GraphQL field name (which is also its operation in the policy
 * table). The GraphQL input type of each is `<Name>Input`.
 */
export const COMMANDS = {
  openTicket: defineCommand(
    'Opens a ticket (id generated when omitted).',
    data.openTicket,
    'ticket',
    (input, env) => input.ticketId ?? env.newId(),
    async ({ attachmentIds, ...input }, ticketId, env) => ({
      type: 'OpenTicket',
      data: {
        // Left out, the language is the customer's (their profile's), so routing can prefer agents who speak it.
        ...(input.language === undefined ? await profileLanguage(env.bus, input.customerId) : {}),
        ...input,
        ticketId,
        ...(await filesOf(attachmentIds, env)),
      },
    }),
  ),
  replyToTicket: messageCommand(
    'A staff reply: public or an internal note, optionally with the next status and files.',
    'ReplyToTicket',
  ),
  customerReply: messageCommand("The ticket's customer writes, optionally with files.", 'CustomerReply'),
  changeTicketStatus: ticketCommand('Moves the ticket along the lifecycle table.', 'ChangeStatus'),
  closeTicketAsSpam: ticketCommand(
    'Closes a ticket unanswered, as spam or invalid (INVALID_TRANSITION once the team replied publicly: close it as done).',
    'CloseAsSpam',
  ),
  confirmResolution: ticketCommand('The customer confirms a resolved ticket is done.', 'ConfirmResolution'),
  assignTicket: defineMutation(
    "Gives the ticket to an agent (within their ticket cap, at least the ticket's tier).",
    data.assignTicket,
    async (input, env) => ({
      id: input.ticketId,
      sent: await env.bus.handOver(
        {
          agentId: input.agentId,
          item: { kind: 'ticket', id: input.ticketId },
          mode: 'assigned',
          command: { type: 'AssignTicket', data: input },
          commandId: env.commandId,
          reason: input.reason,
        },
        env.principal,
      ),
    }),
  ),
  unassignTicket: defineCommand(
    'Puts the ticket back in the queue.',
    data.unassignTicket,
    'ticket',
    ticket,
    (input) => ({ type: 'UnassignTicket', data: input }),
  ),
  changeTicketPriority: ticketCommand('Changes the priority (and so the SLA targets).', 'ChangePriority'),
  changeTicketCategory: ticketCommand(
    'Sets or clears the category (and so the SLA terms and the skill routing asks of agents).',
    'ChangeCategory',
  ),
  addTicketTags: ticketCommand(
    'Labels the ticket for triage; tags it already carries are left as they are.',
    'AddTicketTags',
  ),
  removeTicketTags: ticketCommand('Takes triage labels off the ticket.', 'RemoveTicketTags'),
  escalateTicket: ticketCommand(
    "Moves the ticket one support tier up; past tier 3, into the supervisors' queue.",
    'Escalate',
  ),
  rateTicket: ticketCommand('The customer rates the support received (CSAT 1-5).', 'RateTicket'),
  completeTicketFollowUp: ticketCommand(
    "A supervisor records the follow-up of the ticket's low rating (2 or less) as done, with what was done.",
    'CompleteFollowUp',
  ),
  scheduleCallback: defineCommand(
    "Books a call to the customer (callbackId generated when omitted; read it from the ticket's callbacks).",
    data.scheduleCallback,
    'ticket',
    ticket,
    async (input, ticketId, env) => {
      if (input.phone === undefined) {
        // The number to dial comes from the profile then: there must be one.
        // (An unknown ticket is left to the decider, which says so.)
        const customerId = (await env.bus.fold('ticket', ticketId, ticketDecider))?.customerId;
        if (customerId !== undefined)
          requireNumberToCall(
            input.phone,
            (await env.bus.fold('customer', customerId, customerDecider)).profile,
            env.principal,
          );
      }
      return {
        type: 'ScheduleCallback',
        data: { ...input, callbackId: input.callbackId ?? env.newId(), at: input.at.toISOString() },
      };
    },
  ),
  completeCallback: ticketCommand('Records that the call was made, with its outcome.', 'CompleteCallback'),
  cancelCallback: ticketCommand('Calls off a booked call.', 'CancelCallback'),
  recordCustomerActivity: defineCommand(
    'Records an activity signal (id generated when omitted); may produce a proactive suggestion.',
    data.recordActivity,
    'activity',
    customer,
    (input, customerId, env) => ({
      type: 'RecordCustomerActivity',
      data: { ...input, customerId, signalId: input.signalId ?? env.newId() },
    }),
  ),
  acceptSuggestion: defineMutation(
    "Accepts the pending proactive suggestion and opens its ticket, in the customer's language (their profile's).",
    data.acceptSuggestion.omit({ language: true }),
    async (input, env) => {
      const { sent, ticketId } = await acceptSuggestion(
        env.bus,
        { ...input, ticketId: env.newId() },
        env.principal,
        env.commandId,
      );
      return { id: input.customerId, sent, ticketId };
    },
  ),
  dismissSuggestion: defineCommand(
    'Dismisses the pending proactive suggestion.',
    DismissSuggestion.shape.data,
    'activity',
    customer,
    (input) => ({ type: 'DismissSuggestion', data: input }),
  ),
  startChat: defineMutation(
    'Starts a chat in the queue (ids generated when omitted).',
    data.startChat,
    async (input, env) => {
      const chatId = input.chatId ?? env.newId();
      const command = {
        type: 'StartChat' as const,
        data: {
          ...input,
          chatId,
          firstMessage: input.firstMessage && {
            body: input.firstMessage.body,
            messageId: input.firstMessage.messageId ?? `${chatId}-1`,
            ...(await filesOf(input.firstMessage.attachmentIds, env)),
          },
        },
      };
      return { id: chatId, sent: await env.bus.startChat({ command, commandId: env.commandId }, env.principal) };
    },
  ),
  sendChatMessage: defineMutation(
    'Adds a message to a chat (id generated when omitted).',
    data.sendChatMessage,
    async ({ attachmentIds, ...input }, env) => {
      const command = {
        type: 'SendChatMessage' as const,
        data: { ...input, messageId: input.messageId ?? env.newId(), ...(await filesOf(attachmentIds, env)) },
      };
      return {
        id: input.chatId,
        sent: await env.bus.send('chat', input.chatId, command, env.principal, env.commandId),
      };
    },
  ),
  acceptChat: defineMutation(
    'The calling agent takes a waiting chat (within their capacity).',
    data.chatRef,
    (input, env) => handOverChat(env, env.principal.id, 'accepted', { type: 'AcceptChat', data: input }),
  ),
  assignChat: defineMutation(
    'Gives a waiting chat to an agent (within their capacity).',
    data.assignChat,
    (input, env) => handOverChat(env, input.agentId, 'assigned', { type: 'AssignChat', data: input }),
  ),
  transferChat: defineMutation(
    'Hands an active chat to another agent (within their capacity).',
    TransferChat.shape.data,
    (input, env) =>
      handOverChat(env, input.toAgentId, 'transferred', { type: 'TransferChat', data: input }, input.reason),
  ),
  transferChatToQueue: defineCommand(
    'Sends an active chat back to waiting in a queue (its category), releasing its agent.',
    TransferChatToQueue.shape.data,
    'chat',
    chat,
    (input) => ({ type: 'TransferChatToQueue', data: input }),
  ),
  closeChat: defineCommand('Ends a chat.', CloseChat.shape.data, 'chat', chat, (input) => ({
    type: 'CloseChat',
    data: input,
  })),
  convertChatToTicket: defineMutation(
    "Turns a chat into a ticket carrying its transcript, opens that ticket, and gives it to the chat's agent.",
    data.convertChat,
    async (input, env) => {
      const { sent, ticketId } = await convertChatToTicket(
        env.bus,
        { chatId: input.chatId, ticketId: input.ticketId ?? env.newId() },
        env.principal,
        env.commandId,
        input.ticketId !== undefined,
      );
      return { id: input.chatId, sent, ticketId };
    },
  ),
  emailChatTranscript: defineMutation(
    "Mails a chat's transcript (never an internal note): a customer's to an address of their profile, staff's to any (else the customer's). One per commandId.",
    // The address is optional here: the rules choose it when the caller names none.
    EmailChatTranscript.shape.data
      .omit({ to: true })
      .extend({ email: EmailChatTranscript.shape.data.shape.to.optional() }),
    async (input, env) => ({
      id: input.chatId,
      sent: await emailChatTranscript(env.bus, input, env.principal, env.commandId),
    }),
  ),
  rateChat: defineCommand(
    'The customer rates a finished chat (CSAT 1-5).',
    RateChat.shape.data,
    'chat',
    chat,
    (input) => ({
      type: 'RateChat',
      data: input,
    }),
  ),
  completeChatFollowUp: defineCommand(
    "A supervisor records the follow-up of the chat's low rating (2 or less) as done, with what was done.",
    CompleteChatFollowUp.shape.data,
    'chat',
    chat,
    (input) => ({ type: 'CompleteChatFollowUp', data: input }),
  ),
  registerAgent: defineCommand('Adds an agent to the team.', RegisterAgent.shape.data, 'agent', agent, (input) => ({
    type: 'RegisterAgent',
    data: input,
  })),
  setAgentAvailability: defineCommand(
    "Sets an agent's presence: available (receives routed work), busy, break, training or offline.",
    data.setAvailability,
    'agent',
    agent,
    (input) => ({ type: 'SetAvailability', data: input }),
  ),
  setAgentCapacity: defineCommand(
    'Sets how many chats an agent handles at once (never below the chats they hold).',
    SetCapacity.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'SetCapacity', data: input }),
  ),
  setAgentTicketCapacity: defineCommand(
    'Caps how many open tickets an agent holds, or lifts the cap (null or left out).',
    // GraphQL nulls are dropped before validation: a cap left out is the null that lifts it.
    SetTicketCapacity.shape.data.extend({
      ticketCapacity: SetTicketCapacity.shape.data.shape.ticketCapacity.optional(),
    }),
    'agent',
    agent,
    ({ agentId, ticketCapacity }) => ({
      type: 'SetTicketCapacity',
      data: { agentId, ticketCapacity: ticketCapacity ?? null },
    }),
  ),
  updateAgentSkills: defineCommand(
    "Replaces an agent's skills (categories they serve best) and languages.",
    UpdateSkills.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'UpdateSkills', data: input }),
  ),
  setAgentTier: defineCommand(
    'Moves an agent to another support tier (1 to 3).',
    ChangeTier.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'ChangeTier', data: input }),
  ),
  rateAgentPerformance: defineCommand(
    "Records an agent's performance rating (0 to 10), which routing weighs.",
    RatePerformance.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'RatePerformance', data: input }),
  ),
  renameAgent: defineCommand(
    "Corrects an agent's display name (history keeps the old one).",
    RenameAgent.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'RenameAgent', data: input }),
  ),
  deactivateAgent: defineCommand(
    'Takes an agent off the team: offline, given no work, not alerted as a member of their tier; refused while they hold tickets or chats (AGENT_HOLDS_WORK). Their history and reports keep them.',
    DeactivateAgent.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'DeactivateAgent', data: input }),
  ),
  reactivateAgent: defineCommand(
    'Brings a deactivated agent back, offline until they set their presence.',
    ReactivateAgent.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'ReactivateAgent', data: input }),
  ),
  registerCustomer: defineCommand(
    "Creates a customer profile (an import may date it back with customerSince). An email given by staff must not be another customer's, whatever its case (CUSTOMER_EMAIL_TAKEN); one a customer gives themself is pending until they confirm it (confirmCustomerEmail).",
    RegisterCustomer.shape.data.omit({ confirmWithinMs: true }).extend({ customerSince: z.date().optional() }),
    'customer',
    customer,
    ({ customerSince, ...input }, _id, env) => ({
      type: 'RegisterCustomer',
      data: {
        ...input,
        ...(customerSince === undefined ? {} : { customerSince: customerSince.toISOString() }),
        ...confirmationWindow(env),
      },
    }),
  ),
  updateCustomerProfile: defineCommand(
    "Changes a customer's name, email, language, company, plan, phone number or time zone (an empty string clears an optional one). A new email set by staff must not be another customer's (CUSTOMER_EMAIL_TAKEN); one a customer gives themself is pending (Customer.pendingEmail) until they confirm it through the link mailed to it (confirmCustomerEmail). A zone must be one the time-zone database knows (UNKNOWN_TIME_ZONE).",
    data.updateCustomerProfile,
    'customer',
    customer,
    ({ customerId, ...fields }, _id, env) => ({
      type: 'UpdateCustomerProfile',
      // GraphQL nulls are dropped before validation, so "" is how a client clears a field.
      data: {
        customerId,
        ...Object.fromEntries(
          Object.entries(fields).map(([key, value]) => [key, value === '' && key !== 'name' ? null : value]),
        ),
        ...confirmationWindow(env),
      },
    }),
  ),
  confirmCustomerEmail: defineMutation(
    'Makes the address the signed-in customer gave themself theirs, with the token of the link mailed to it. Refused with EMAIL_CONFIRMATION_INVALID (forged, altered, used, or replaced by a newer request), EMAIL_CONFIRMATION_EXPIRED, or EMAIL_CONFIRMATION_REFUSED (the address cannot be theirs).',
    data.confirmCustomerEmail,
    async ({ token }, env) => {
      const key = env.delivery?.emailConfirmation?.key;
      const link = key === undefined ? null : readEmailConfirmation(token, key);
      if (link === null) throw invalidConfirmationError();
      const { customerId } = link;
      const command = { type: 'ConfirmCustomerEmail' as const, data: link };
      return {
        id: customerId,
        sent: await env.bus.send('customer', customerId, command, env.principal, env.commandId),
      };
    },
  ),
  setDeliveryPreference: defineCommand(
    'Changes how a customer is notified.',
    SetDeliveryPreference.shape.data,
    'customer',
    customer,
    (input) => ({ type: 'SetDeliveryPreference', data: input }),
  ),
  ...DELIVERY_COMMANDS,
  ...SLA_CONFIG_COMMANDS,
  ...CANNED_REPLY_COMMANDS,
  ...KNOWLEDGE_BASE_COMMANDS,
  ...ATTACHMENT_COMMANDS,
  ...SIGNAL_COMMANDS,
  ...INBOX_COMMANDS,
  ...INBOX_VIEW_COMMANDS,
  ...HELD_MAIL_COMMANDS,
  ...MAILBOX_COMMANDS,
  ...WIDGET_COMMANDS,
} satisfies Partial<Record<Operation, CommandSpec>>;

/** A mutation field name. */
export type MutationName = keyof typeof COMMANDS;

/** The GraphQL input type name of a mutation. */
export function inputTypeName(name: MutationName): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
}
