/**
 * Test support (not a test file): the parse boundary as the core processor crosses it, so the
 * corpus of malformed mail can be run through it before that processor exists. Reading a message
 * never throws: it is read (with what it is, for the domain) or it is unreadable, each typed.
 */
import { classifyInboundMail, type InboundMailKind, type MailHeaders } from '@support-engine/domain/inbound-mail';
import PostalMime, { type Attachment, type Email } from 'postal-mime';
import { type MessageContent, messageContent } from '../content/message-content.js';

/** What reading a raw message gives. */
export type MessageReading =
  /** Parsed, with a sender address: the domain says what it is. */
  | {
      readonly kind: 'read';
      readonly email: Email;
      readonly from: string;
      readonly is: InboundMailKind;
      /** What a ticket message would take of it. */
      readonly content: MessageContent<Attachment>;
    }
  /** Parsed, but no `From` address to answer or to know the customer by (held for an agent). */
  | { readonly kind: 'no-sender'; readonly email: Email }
  /** The parser gave up (nesting or headers past its limits): kept raw, nothing else done. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** The engine's own addresses in these tests. */
export const OWN_ADDRESSES = ['support@support.test', 'noreply@support.test'] as const;

/** Reads `raw` with postal-mime, classifies it with the domain's rule and takes its content as a ticket message would; never throws. */
export async function readMessage(raw: Buffer): Promise<MessageReading> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
  const from = senderAddress(email);
  if (from === undefined) return { kind: 'no-sender', email };
  const is = classifyInboundMail({ headers: headersOf(email), from, ownAddresses: OWN_ADDRESSES });
  return { kind: 'read', email, from, is, content: messageContent(email) };
}

/** The first address of `From` (a group's first member), when it has one that looks like an address. */
function senderAddress(email: Email): string | undefined {
  const first = email.from?.group ? email.from.group[0] : email.from;
  const address = first?.address?.trim();
  return address !== undefined && /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}

/** postal-mime's header list as the domain takes headers: each name with its values in order. */
export function headersOf(email: Email): MailHeaders {
  const headers: Record<string, string[]> = {};
  for (const { key, value } of email.headers) headers[key] = [...(headers[key] ?? []), value];
  return headers;
}
