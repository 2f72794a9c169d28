import { DomainError } from '@support-engine/domain';
import { chatDecider, transcriptRecipient } from '@support-engine/domain/chat';
import { customerDecider } from '@support-engine/domain/customer';
import type { CommandActor, CommandBus, Sent } from './bus.js';

/** A request to mail a chat's transcript: to `email`, or else to the address the rules choose. */
export interface TranscriptRequest {
  readonly chatId: string;
  readonly email?: string;
  /** The language the asker reads (the widget's); the customer's when absent. */
  readonly language?: string;
}

/**
 * Mails a chat's transcript: the address is chosen from the chat's customer's profile as it
 * stands (`transcriptRecipient`), then the chat decides and records the request, which the
 * notifier mails. `commandId` makes it once: the same request again records and mails nothing more.
 */
export async function emailChatTranscript(
  bus: CommandBus,
  request: TranscriptRequest,
  actor: CommandActor,
  commandId: string,
): Promise<Sent> {
  const { chatId, email, language } = request;
  const chat = await bus.fold('chat', chatId, chatDecider);
  if (chat.status === 'none') throw new DomainError('NOT_FOUND', `Chat "${chatId}" does not exist`, { chatId });
  const { profile } = await bus.fold('customer', chat.customerId, customerDecider);
  const onFile = { email: profile?.email ?? null, pendingEmail: profile?.pendingEmail?.email ?? null };
  const to = transcriptRecipient(actor, chat, onFile, email);
  const command = { type: 'EmailChatTranscript' as const, data: { chatId, to, language } };
  return bus.send('chat', chatId, command, actor, commandId);
}
