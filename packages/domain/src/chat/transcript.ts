import { z } from 'zod';
import { type Actor, Id, isStaff } from '../shared/actor.js';
import { emailAddressKey } from '../shared/email-address.js';
import { DomainError } from '../shared/errors.js';
import { Instant } from '../shared/time.js';
import { isChatCustomer, requirePermission } from './guards.js';
import { type ChatSession, MAX_MESSAGE_LENGTH, MessageSender } from './state.js';

/**
 * How many transcripts a chat's customer may have mailed: enough to ask again after a lost mail,
 * few enough that the support address cannot be made to mail one chat again and again.
 */
export const MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT = 3;

/** One line of a mailed transcript: when, who (their kind and id), what, and the files' names. */
export const TranscriptLine = z
  .object({
    at: Instant,
    from: MessageSender,
    authorId: Id,
    body: z.string().max(MAX_MESSAGE_LENGTH),
    /** The names of the files sent with it (left out when none). */
    files: z.array(z.string()).min(1).optional(),
  })
  .strict();
export type TranscriptLine = z.infer<typeof TranscriptLine>;

/**
 * The conversation as its customer was shown it, oldest first: every message but the staff's
 * internal notes, each file by its name only.
 */
export function customerTranscript(session: ChatSession): TranscriptLine[] {
  return session.messages
    .filter((message) => !message.internal)
    .map(({ at, from, authorId, body, attachments }) => ({
      at,
      from,
      authorId,
      body,
      ...(attachments === undefined ? {} : { files: attachments.map((file) => file.fileName) }),
    }));
}

/**
 * Who may have a chat's transcript mailed, and when: the chat's own customer (a few times per
 * chat, {@link MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT}) or staff, at any time, open or ended, converted
 * or moved to another customer; never a chat whose customer has seen no message yet (nothing to
 * send: `TRANSCRIPT_EMPTY`).
 */
export function requireTranscriptMailable(actor: Actor, session: ChatSession): TranscriptLine[] {
  const customer = isChatCustomer(actor, session);
  requirePermission(customer || isStaff(actor), actor, 'mail the transcript of this chat');
  const transcript = customerTranscript(session);
  if (transcript.length === 0) {
    throw new DomainError('TRANSCRIPT_EMPTY', 'This chat has no message yet: its transcript would be empty', {
      chatId: session.chatId,
    });
  }
  if (customer && session.transcriptsMailed >= MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT) {
    throw new DomainError(
      'TRANSCRIPT_LIMIT_REACHED',
      `This chat's transcript was already mailed ${MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT} times`,
      { chatId: session.chatId, limit: MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT },
    );
  }
  return transcript;
}

/** The addresses a customer's profile holds: the confirmed one, and the one they gave and have not confirmed yet. */
export interface AddressesOnFile {
  readonly email: string | null;
  readonly pendingEmail: string | null;
}

/**
 * Where a chat's transcript is mailed. The chat's customer has it sent to an address of their
 * profile (the confirmed one first, else the one they gave in the widget's pre-chat form), never
 * to another: the support address does not mail a conversation to whoever a visitor names. Staff
 * may name any address (a customer asking by phone), else the customer's confirmed one.
 * `TRANSCRIPT_NO_ADDRESS` when there is none; `TRANSCRIPT_ADDRESS_NOT_ON_FILE` for a customer
 * naming an address their profile does not hold.
 */
export function transcriptRecipient(
  actor: Actor,
  session: ChatSession,
  onFile: AddressesOnFile,
  given: string | undefined,
): string {
  if (!isChatCustomer(actor, session)) {
    const to = given ?? onFile.email;
    if (to === null) throw noAddress(session.chatId);
    return to;
  }
  const held = [onFile.email, onFile.pendingEmail].filter((address): address is string => address !== null);
  if (given === undefined) {
    if (held[0] === undefined) throw noAddress(session.chatId);
    return held[0];
  }
  const key = emailAddressKey(given);
  const match = held.find((address) => emailAddressKey(address) === key);
  if (match === undefined) {
    throw new DomainError(
      'TRANSCRIPT_ADDRESS_NOT_ON_FILE',
      'A transcript is mailed only to an address of your profile: give the one you chatted with',
      { chatId: session.chatId },
    );
  }
  return match;
}

function noAddress(chatId: string): DomainError {
  return new DomainError('TRANSCRIPT_NO_ADDRESS', 'No email address is on file to mail this transcript to', {
    chatId,
  });
}
