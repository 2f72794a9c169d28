import {
  AcceptSuggestion,
  AssignTicket,
  ChangePriority,
  ChangeStatus,
  ChatConvertedToTicket,
  CloseAsSpam,
  CloseChat,
  ConfirmResolution,
  CustomerReply,
  DismissSuggestion,
  Escalate,
  Id,
  OpenTicket,
  RateChat,
  RateTicket,
  RecordCustomerActivity,
  RegisterAgent,
  RegisterCustomer,
  ReplyToTicket,
  SendChatMessage,
  SetAvailability,
  SetCapacity,
  SetDeliveryPreference,
  StartChat,
  SuggestionAccepted,
  TransferChat,
} from '@support-engine/domain';
import { z } from 'zod';
import type { Operation } from '../auth/policy.js';
import type { CommandsByCategory, Sent } from './bus.js';
import { type OpenTicketCommand, ticketFromChat, ticketFromSuggestion } from './follow-ups.js';
import { type CommandEnv, type CommandSpec, defineCommand, defineMutation } from './spec.js';

// Inputs reuse the domain's command data schemas, so limits and formats have one home; ids a
// client may leave out are made optional (the API then generates them).
const data = {
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
    .extend({ ticketId: Id.optional() }),
  startChat: StartChat.shape.data.extend({
    chatId: Id.optional(),
    firstMessage: z
      .object({ messageId: Id.optional(), body: SendChatMessage.shape.data.shape.body })
      .strict()
      .optional(),
  }),
  sendChatMessage: SendChatMessage.shape.data.extend({ messageId: Id.optional() }),
  chatRef: z.object({ chatId: Id }).strict(),
  transferChat: TransferChat.shape.data.omit({ agentLoad: true }),
  convertChat: z.object({ chatId: Id, ticketId: Id.optional() }).strict(),
  recordActivity: RecordCustomerActivity.shape.data.extend({ signalId: Id.optional() }),
  acceptSuggestion: AcceptSuggestion.shape.data.extend({ ticketId: Id.optional() }),
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

const TICKET_DATA = {
  ReplyToTicket: ReplyToTicket.shape.data,
  CustomerReply: CustomerReply.shape.data,
  ChangeStatus: ChangeStatus.shape.data,
  CloseAsSpam: CloseAsSpam.shape.data,
  ConfirmResolution: ConfirmResolution.shape.data,
  AssignTicket: AssignTicket.shape.data,
  ChangePriority: ChangePriority.shape.data,
  Escalate: Escalate.shape.data,
  RateTicket: RateTicket.shape.data,
};

/** Sends a chat command carrying the load of the agent who receives the chat. */
async function withLoad<C extends CommandsByCategory['chat']>(
  env: CommandEnv,
  chatId: string,
  agentId: string,
  build: (agentLoad: Awaited<ReturnType<CommandEnv['loads']['loadOf']>>) => C,
): Promise<{ id: string; sent: Sent }> {
  const command = build(await env.loads.loadOf(agentId));
  return { id: chatId, sent: await env.bus.send('chat', chatId, command, env.principal, env.commandId) };
}

/** Opens the ticket a just-recorded decision names; its command id derives from the mutation's, so a retry opens it once. */
async function openFollowUp(env: CommandEnv, command: OpenTicketCommand): Promise<Sent> {
  return env.bus.send('ticket', command.data.ticketId, command, env.principal, `${env.commandId}:open-ticket`);
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
    (input, ticketId) => ({ type: 'OpenTicket', data: { ...input, ticketId } }),
  ),
  replyToTicket: ticketCommand(
    'A staff reply: public or an internal note, optionally with the next status.',
    'ReplyToTicket',
  ),
  customerReply: ticketCommand("The ticket's customer writes.", 'CustomerReply'),
  changeTicketStatus: ticketCommand('Moves the ticket along the lifecycle table.', 'ChangeStatus'),
  closeTicketAsSpam: ticketCommand('Closes a ticket unanswered, as spam or invalid.', 'CloseAsSpam'),
  confirmResolution: ticketCommand('The customer confirms a resolved ticket is done.', 'ConfirmResolution'),
  assignTicket: ticketCommand('Gives the ticket to an agent.', 'AssignTicket'),
  changeTicketPriority: ticketCommand('Changes the priority (and so the SLA targets).', 'ChangePriority'),
  escalateTicket: ticketCommand('Moves the ticket one support tier up.', 'Escalate'),
  rateTicket: ticketCommand('The customer rates the support received (CSAT 1-5).', 'RateTicket'),
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
    'Accepts the pending proactive suggestion and opens its ticket.',
    data.acceptSuggestion,
    async (input, env) => {
      const ticketId = input.ticketId ?? env.newId();
      const command = { type: 'AcceptSuggestion' as const, data: { ...input, ticketId } };
      const accepted = await env.bus.send('activity', input.customerId, command, env.principal, env.commandId);
      const event = SuggestionAccepted.parse(accepted.events[0]);
      const opened = await openFollowUp(env, ticketFromSuggestion(event.data));
      return {
        id: input.customerId,
        sent: { ...accepted, checkpoint: opened.checkpoint },
        ticketId: event.data.ticketId,
      };
    },
  ),
  dismissSuggestion: defineCommand(
    'Dismisses the pending proactive suggestion.',
    DismissSuggestion.shape.data,
    'activity',
    customer,
    (input) => ({ type: 'DismissSuggestion', data: input }),
  ),
  startChat: defineCommand(
    'Starts a chat in the queue (ids generated when omitted).',
    data.startChat,
    'chat',
    (input, env) => input.chatId ?? env.newId(),
    (input, chatId) => ({
      type: 'StartChat',
      data: {
        ...input,
        chatId,
        firstMessage: input.firstMessage && {
          body: input.firstMessage.body,
          messageId: input.firstMessage.messageId ?? `${chatId}-1`,
        },
      },
    }),
  ),
  sendChatMessage: defineMutation(
    'Adds a message to a chat (id generated when omitted).',
    data.sendChatMessage,
    async (input, env) => {
      const command = {
        type: 'SendChatMessage' as const,
        data: { ...input, messageId: input.messageId ?? env.newId() },
      };
      return {
        id: input.chatId,
        sent: await env.bus.send('chat', input.chatId, command, env.principal, env.commandId),
      };
    },
  ),
  acceptChat: defineMutation('The calling agent takes a waiting chat.', data.chatRef, (input, env) =>
    withLoad(env, input.chatId, env.principal.id, (agentLoad) => ({
      type: 'AcceptChat',
      data: { ...input, agentLoad },
    })),
  ),
  transferChat: defineMutation('Hands an active chat to another agent.', data.transferChat, (input, env) =>
    withLoad(env, input.chatId, input.toAgentId, (agentLoad) => ({
      type: 'TransferChat',
      data: { ...input, agentLoad },
    })),
  ),
  closeChat: defineCommand('Ends a chat.', CloseChat.shape.data, 'chat', chat, (input) => ({
    type: 'CloseChat',
    data: input,
  })),
  convertChatToTicket: defineMutation(
    'Turns a chat into a ticket carrying its transcript, and opens that ticket.',
    data.convertChat,
    async (input, env) => {
      const command = {
        type: 'ConvertChatToTicket' as const,
        data: { ...input, ticketId: input.ticketId ?? env.newId() },
      };
      const converted = await env.bus.send('chat', input.chatId, command, env.principal, env.commandId);
      const event = ChatConvertedToTicket.parse(converted.events[0]);
      const opened = await openFollowUp(env, ticketFromChat(event.data));
      return { id: input.chatId, sent: { ...converted, checkpoint: opened.checkpoint }, ticketId: event.data.ticketId };
    },
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
  registerAgent: defineCommand('Adds an agent to the team.', RegisterAgent.shape.data, 'agent', agent, (input) => ({
    type: 'RegisterAgent',
    data: input,
  })),
  setAgentAvailability: defineCommand(
    'Sets an agent online, away or offline.',
    SetAvailability.shape.data,
    'agent',
    agent,
    (input) => ({ type: 'SetAvailability', data: input }),
  ),
  setAgentCapacity: defineCommand(
    'Sets how many chats an agent handles at once.',
    SetCapacity.shape.data,
    'agent',
    agent,
    (input) => ({
      type: 'SetCapacity',
      data: input,
    }),
  ),
  registerCustomer: defineCommand(
    'Creates a customer profile.',
    RegisterCustomer.shape.data,
    'customer',
    customer,
    (input) => ({
      type: 'RegisterCustomer',
      data: input,
    }),
  ),
  setDeliveryPreference: defineCommand(
    'Changes how a customer is notified.',
    SetDeliveryPreference.shape.data,
    'customer',
    customer,
    (input) => ({ type: 'SetDeliveryPreference', data: input }),
  ),
} satisfies Partial<Record<Operation, CommandSpec>>;

/** A mutation field name. */
export type MutationName = keyof typeof COMMANDS;

/** The GraphQL input type name of a mutation. */
export function inputTypeName(name: MutationName): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
}
