import { Id } from '@support-engine/domain';
import {
  CANNED_REPLY_LIBRARY_ID,
  CannedReplyDefinition,
  LoadStandardCannedReplies,
} from '@support-engine/domain/canned-reply';
import { Visibility } from '@support-engine/domain/ticket';
import { z } from 'zod';
import { cannedReplyForTicket } from './canned-reply-use.js';
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
      const command = await cannedReplyForTicket(env.bus, env.principal, ticketId, cannedReplyId, visibility);
      return { id: ticketId, sent: await env.bus.send('ticket', ticketId, command, env.principal, env.commandId) };
    },
  ),
} satisfies Record<string, CommandSpec>;
