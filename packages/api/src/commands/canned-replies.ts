import { DomainError, Id } from '@support-engine/domain';
import { agentDecider } from '@support-engine/domain/agent';
import {
  CANNED_REPLY_LIBRARY_ID,
  CannedReplyDefinition,
  cannedRepliesDecider,
  LoadStandardCannedReplies,
  replyFromCannedReply,
} from '@support-engine/domain/canned-reply';
import { customerDecider } from '@support-engine/domain/customer';
import { staffDecider } from '@support-engine/domain/staff';
import { ticketDecider, Visibility } from '@support-engine/domain/ticket';
import { z } from 'zod';
import { type CommandSpec, defineMutation } from './spec.js';

const save = z.object({ cannedReplyId: Id.optional(), ...CannedReplyDefinition.shape }).strict();

/** The mutations of the canned-reply library (docs/domain.md, "Canned replies"). */
export const CANNED_REPLY_COMMANDS = {
  saveCannedReply: defineMutation(
    'Creates or replaces a canned reply (id generated when omitted): shared ones by supervisors and admins, personal ones by anyone on staff.',
    save,
    async ({ cannedReplyId, ...definition }, env) => {
      const id = cannedReplyId ?? env.newId();
      const command = { type: 'SaveCannedReply' as const, data: { cannedReplyId: id, definition } };
      return {
        id,
        sent: await env.bus.send('cannedreplies', CANNED_REPLY_LIBRARY_ID, command, env.principal, env.commandId),
      };
    },
  ),
  deleteCannedReply: defineMutation(
    'Removes a canned reply (a personal one only by its owner, a shared one by supervisors and admins).',
    z.object({ cannedReplyId: Id }).strict(),
    async ({ cannedReplyId }, env) => {
      const command = { type: 'DeleteCannedReply' as const, data: { cannedReplyId } };
      return {
        id: cannedReplyId,
        sent: await env.bus.send('cannedreplies', CANNED_REPLY_LIBRARY_ID, command, env.principal, env.commandId),
      };
    },
  ),
  loadStandardCannedReplies: defineMutation(
    "Adds the support guide's four standard replies, in English and French (or the locales given), where missing.",
    LoadStandardCannedReplies.shape.data.strict(),
    async (data, env) => {
      const command = { type: 'LoadStandardCannedReplies' as const, data };
      return {
        id: CANNED_REPLY_LIBRARY_ID,
        sent: await env.bus.send('cannedreplies', CANNED_REPLY_LIBRARY_ID, command, env.principal, env.commandId),
      };
    },
  ),
  replyWithCannedReply: defineMutation(
    "Replies on a ticket with a canned reply, its placeholders filled from the ticket, its customer and the replier (a missing value is MISSING_PLACEHOLDER_VALUE), moving the ticket to the reply's next status.",
    z.object({ ticketId: Id, cannedReplyId: Id, visibility: Visibility.default('public') }).strict(),
    async ({ ticketId, cannedReplyId, visibility }, env) => {
      const { bus, principal } = env;
      const ticket = await bus.fold('ticket', ticketId, ticketDecider);
      if (ticket === null) throw new DomainError('NOT_FOUND', `Ticket ${ticketId} does not exist`, { ticketId });
      const [library, customer, agent, staff] = await Promise.all([
        bus.fold('cannedreplies', CANNED_REPLY_LIBRARY_ID, cannedRepliesDecider),
        bus.fold('customer', ticket.customerId, customerDecider),
        bus.fold('agent', principal.id, agentDecider),
        bus.fold('staff', principal.id, staffDecider),
      ]);
      const command = replyFromCannedReply(
        library,
        cannedReplyId,
        principal.id,
        ticket,
        {
          customer: customer.profile,
          replierName: ('name' in agent ? agent.name : null) ?? staff.profile?.name ?? null,
        },
        visibility,
      );
      return { id: ticketId, sent: await bus.send('ticket', ticketId, command, principal, env.commandId) };
    },
  ),
} satisfies Record<string, CommandSpec>;
