import { toStorableText } from '@support-engine/domain';
import type { MailHeaders } from '@support-engine/domain/inbound-mail';
import PostalMime, { type Address } from 'postal-mime';

/** One address as a message names it. */
export interface MailPerson {
  readonly address: string;
  /** The display name, when the header gave one. */
  readonly name?: string;
}

/** A file a message carries, as the parser decoded it. */
export interface MailPart {
  readonly fileName?: string;
  /** The type the message claims for it (the sniffed type decides; see `storeMailParts`). */
  readonly mimeType: string;
  readonly disposition?: string;
  readonly contentId?: string;
  readonly content: Buffer;
}

/** What processing reads of a received message. */
export interface ParsedMail {
  readonly headers: MailHeaders;
  /** The `From` address; undefined when the message names none the parser could read. */
  readonly from?: MailPerson;
  /** Everyone it was addressed to: `To`, `Cc` and `Delivered-To`, in that order. */
  readonly recipients: readonly string[];
  readonly subject: string;
  /** Message-ID, In-Reply-To and References, each without angle brackets. */
  readonly messageId?: string;
  readonly inReplyTo: readonly string[];
  readonly references: readonly string[];
  /** The first language the message says it is in (`Content-Language`), as written. */
  readonly language?: string;
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly MailPart[];
}

/** Nested messages read this deep at most: enough for a forward of a forward, no more work for a crafted one. */
const MAX_NESTING = 20;

/**
 * Parses a raw message (postal-mime): headers grouped by name, addresses flattened out of groups,
 * Message-IDs without brackets, parts as bytes. Parsing is forgiving: a malformed message still
 * gives what could be read of it.
 */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: MAX_NESTING });
  const headers: Record<string, string[]> = {};
  for (const { key, value } of email.headers) headers[key] = [...(headers[key] ?? []), value];
  const from = people(email.from === undefined ? [] : [email.from])[0];
  const recipients = [
    ...people(email.to ?? []).map((person) => person.address),
    ...people(email.cc ?? []).map((person) => person.address),
    ...(email.deliveredTo === undefined ? [] : [email.deliveredTo]),
  ];
  const language = headers['content-language']?.[0]?.split(',')[0]?.trim();
  return {
    headers,
    ...(from === undefined ? {} : { from }),
    recipients,
    // Text read from outside is made storable here, once: a NUL in a subject must not fail the write.
    subject: toStorableText(email.subject?.trim() ?? ''),
    ...optional('messageId', messageIds(email.messageId)[0]),
    inReplyTo: messageIds(email.inReplyTo),
    references: messageIds(email.references),
    ...optional('language', language === '' ? undefined : language),
    ...optional('text', email.text === undefined ? undefined : toStorableText(email.text)),
    ...optional('html', email.html === undefined ? undefined : toStorableText(email.html)),
    attachments: email.attachments.map((part) => ({
      ...optional('fileName', part.filename ?? undefined),
      mimeType: part.mimeType,
      ...optional('disposition', part.disposition ?? undefined),
      ...optional('contentId', part.contentId?.replace(/^<(.*)>$/, '$1')),
      content: toBuffer(part.content),
    })),
  };
}

/** The Message-IDs a header names (`<a@x> <b@y>`), brackets off, in order. */
export function messageIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? '');
  const ids = bracketed.length > 0 ? bracketed : value.split(/\s+/);
  return ids.map((id) => id.trim()).filter((id) => id.length > 0 && id.length <= 995);
}

function people(addresses: readonly Address[]): MailPerson[] {
  return addresses
    .flatMap((address) => (address.group === undefined ? [address] : address.group))
    .filter((person) => person.address.includes('@'))
    .map((person) => ({
      address: toStorableText(person.address),
      ...optional('name', toStorableText(person.name.trim()) || undefined),
    }));
}

function toBuffer(content: ArrayBuffer | Uint8Array | string): Buffer {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return content instanceof Uint8Array ? Buffer.from(content) : Buffer.from(new Uint8Array(content));
}

/** `{ [key]: value }`, or nothing when the value is undefined (the domain's types are exact). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
