import { Id } from '@support-engine/domain';
import { ChatSignalKind, chatDecider, permitChatSignal } from '@support-engine/domain/chat';
import { z } from 'zod';
import { definePayloadMutation } from './spec.js';

const SignalChatInput = z
  .object({ chatId: Id, signal: ChatSignalKind, lastReadMessageId: Id.optional(), internal: z.boolean().optional() })
  .strict()
  .refine((input) => (input.signal === 'read') === (input.lastReadMessageId !== undefined), {
    path: ['lastReadMessageId'],
    message: 'required with signal read, and only with it',
  });

/** The live signals of a chat: checked like a message, relayed to the other side, never written. */
export const SIGNAL_COMMANDS = {
  signalChat: definePayloadMutation(
    "Tells the chat's other participants, live, that the caller is typing, stopped typing, or read up to lastReadMessageId (a message of the chat); with internal, staff typing an internal note are shown to staff only. Allowed to whoever may write in the chat; nothing is recorded (so commandId plays no part). Rate limited per caller, chat and kind (typing and stopped_typing together): relayed false means held back, the latest held-back signal going out when the interval ends.",
    'ChatSignalReceipt',
    SignalChatInput,
    async ({ chatId, signal, lastReadMessageId, internal }, env) => {
      const { bus, principal, signals } = env;
      // From the log, not the read model: a message sent a moment ago may already be read.
      const state = await bus.fold('chat', chatId, chatDecider);
      const { staffOnly } = permitChatSignal(state, principal, chatId, signal, lastReadMessageId, internal);
      const permitted = { chatId, signal, by: principal, lastReadMessageId: lastReadMessageId ?? null, staffOnly };
      return { chatId, signal, ...(await signals.give(permitted)) };
    },
  ),
};
