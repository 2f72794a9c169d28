import type { AttachmentStorage, AttachmentsTable } from '@support-engine/api';
import { catalogStoredFile, MAIL_IN_UPLOADER } from '@support-engine/api';
import type { CommandBus } from '@support-engine/application';
import { isEmailAddress, LanguageTag } from '@support-engine/domain';
import type { AttachmentLimits, MessageAttachment } from '@support-engine/domain/attachment';
import {
  classifyInboundMail,
  type FailedRecipient,
  type InlineImage,
  type MailOrigin,
  mailAddressKey,
  reportedBounces,
  threadInboundMail,
} from '@support-engine/domain/inbound-mail';
import type { TicketPriority } from '@support-engine/domain/ticket';
import type { Kysely, Selectable } from 'kysely';
import type { PlacedImage } from '../content/message-content.js';
import type { MailInMessagesTable, MailInTables } from '../store/schema.js';
import { storeMailParts } from './attachments.js';
import { authenticateMail, type MailDnsResolver } from './authenticate.js';
import { messageText, ticketDescription, ticketSubject } from './body.js';
import { customerOfSender } from './customers.js';
import { replyTokenOf, threadFacts, ticketParty } from './evidence.js';
import { type MailIds, mailIds } from './ids.js';
import type { BouncedMail, HeldMail, MailOutcome } from './outcome.js';
import { type MailPart, type ParsedMail, parseMail } from './parse.js';
import { type StaffByEmail, staffOfToken } from './staff.js';

/** What a mailbox says of the tickets its mail opens (see `findMailbox`). */
export interface MailboxSettings {
  readonly category?: string;
  readonly language?: string;
  readonly priority?: TicketPriority;
}

/** What deciding a message needs. */
export interface MailDeciding {
  readonly db: Kysely<MailInTables>;
  /** The attachment catalog (the same database, as the API's table). */
  readonly catalog: Kysely<{ attachments: AttachmentsTable }>;
  readonly storage: AttachmentStorage;
  readonly bus: CommandBus;
  readonly limits: AttachmentLimits;
  /** The key reply tokens and the engine's Message-IDs are signed with (delivery's). */
  readonly threadKey: Buffer;
  readonly ownAddresses: readonly string[];
  readonly findMailbox: (address: string) => MailboxSettings | undefined;
  readonly findStaff: StaffByEmail;
  readonly resolver: MailDnsResolver;
  /** The host name authentication results are reported by. */
  readonly mta: string;
  readonly onBounce: (failedRecipients: readonly string[], mail: BouncedMail) => Promise<void>;
  readonly onSoftBounce: (delayed: readonly FailedRecipient[], mail: BouncedMail) => Promise<void>;
  readonly onHold: (held: HeldMail) => Promise<void>;
  readonly clock: () => Date;
}

type MailRow = Selectable<MailInMessagesTable>;

/**
 * Decides one recorded message and writes what it decides, every write under an id derived from
 * the message's key: parses and authenticates it, sets noise aside, then follows a staff reply
 * token, or threads it (a reply, a new ticket for its sender, or held). Deciding it again after a
 * crash writes nothing twice.
 */
export async function decideMail(row: MailRow, raw: Buffer, deps: MailDeciding): Promise<MailOutcome> {
  const parsed = await parseMail(raw).catch(() => undefined);
  // Unreadable for good (nested past the parser's limit): retrying would fail the same way.
  if (parsed === undefined)
    return { kind: 'refused', code: 'MAIL_UNREADABLE', message: 'The message could not be read as mail' };
  const sender = parsed.from;
  if (sender === undefined)
    return { kind: 'refused', code: 'MAIL_NO_SENDER', message: 'The message names no sender address to answer' };
  const kind = classifyInboundMail({ headers: parsed.headers, from: sender.address, ownAddresses: deps.ownAddresses });
  if (kind.kind === 'own') return { kind: 'own' };
  if (kind.kind === 'automatic') return { kind: 'automatic', because: kind.because };
  if (kind.kind === 'bounce') {
    const reported = reportedFailures(parsed);
    const hard = reported.filter((failure) => failure.severity === 'hard');
    const failedRecipients = [
      ...new Set([...kind.failedRecipients.map(mailAddressKey), ...hard.map((r) => r.address)]),
    ];
    // A recipient failed for good is no soft bounce, whatever else the report says of it.
    const delayed = reported.filter(
      (failure) => failure.severity === 'soft' && !failedRecipients.includes(failure.address),
    );
    const bounce: BouncedMail = {
      mailKey: row.message_key,
      reason: hard[0]?.reason ?? parsed.subject,
      from: sender.address,
      mailbox: row.mailbox,
      receivedAt: row.received_at,
    };
    await deps.onBounce(failedRecipients, bounce);
    if (delayed.length > 0) await deps.onSoftBounce(delayed, bounce);
    return {
      kind: 'bounce',
      failedRecipients,
      ...(delayed.length === 0 ? {} : { delayedRecipients: delayed.map((failure) => failure.address) }),
    };
  }

  const authentication = await authenticateMail(
    raw,
    {
      ...(row.client_ip === null
        ? {}
        : { client: { ip: row.client_ip, ...(row.client_helo ? { helo: row.client_helo } : {}) } }),
      ...(row.envelope_from === null ? {} : { envelopeFrom: row.envelope_from }),
    },
    { resolver: deps.resolver, mta: deps.mta },
  );
  const now = deps.clock();
  const original = row.storage_key;
  await catalogStoredFile(
    deps.catalog,
    {
      attachmentId: original,
      fileName: 'original.eml',
      contentType: 'message/rfc822',
      size: row.size,
      sha256: row.sha256,
    },
    MAIL_IN_UPLOADER,
    now,
  );
  const { body, fullText, placed } = messageText(parsed);
  const ids = mailIds(row.message_key);
  const { attachments, dropped } = await storeMailParts(
    parsed.attachments,
    ids.part,
    { ...deps, db: deps.catalog },
    now,
  );
  const inline = placedImages(placed, parsed.attachments, attachments, ids);
  const mail: MailOrigin = {
    ...(row.message_id === null ? {} : { messageId: row.message_id }),
    mailKey: row.message_key,
    original,
    from: mailAddressKey(sender.address),
    mailbox: row.mailbox,
    authentication,
    ...(fullText === undefined ? {} : { fullText }),
    ...(inline.length === 0 ? {} : { inline }),
  };
  const written = { authentication, dropped };
  const attached = attachments.length > 0 ? { attachments } : {};
  const recipients = [...parsed.recipients, ...row.envelope_to];
  const token = replyTokenOf(recipients, row.mailbox);

  if (token?.kind === 'staff') {
    const staffId =
      authentication.dmarc === 'fail'
        ? undefined
        : await staffOfToken(deps.bus, token, sender.address, deps.findStaff, deps.threadKey);
    if (staffId === undefined)
      return {
        kind: 'refused',
        code: 'MAIL_STAFF_TOKEN_REFUSED',
        message: 'A staff reply token used by someone it was not issued to, or from an address failing DMARC',
        authentication,
      };
    await deps.bus.send(
      'ticket',
      token.ticketId,
      {
        type: 'ReplyToTicket',
        data: { ticketId: token.ticketId, body: said(body, attachments), visibility: 'public', ...attached, mail },
      },
      { id: staffId, role: 'agent' },
      ids.replyCommand,
    );
    return { kind: 'agent-replied', ticketId: token.ticketId, staffId, ...written };
  }

  const { facts, parties } = await threadFacts({
    bus: deps.bus,
    db: deps.db,
    parsed,
    from: sender.address,
    token,
    authentication,
    key: deps.threadKey,
  });
  const decision = threadInboundMail(facts);
  if (decision.kind === 'new-ticket') {
    // A new customer is known by their address: one the engine cannot keep is a person's call.
    if (!isEmailAddress(sender.address)) return senderHeld(sender.address, authentication);
    const mailbox = deps.findMailbox(row.mailbox) ?? {};
    const language = languageTag(mailbox.language) ?? languageTag(parsed.language);
    const { customerId, registered } = await customerOfSender(deps.bus, sender, language, ids);
    await deps.bus.send(
      'ticket',
      ids.ticketId,
      {
        type: 'OpenTicket',
        data: {
          ticketId: ids.ticketId,
          customerId,
          subject: ticketSubject(parsed),
          description: ticketDescription(body),
          ...attached,
          channel: 'email',
          ...(mailbox.category === undefined ? {} : { category: mailbox.category }),
          ...(mailbox.priority === undefined ? {} : { priority: mailbox.priority }),
          ...(language === undefined ? {} : { language }),
          mail,
        },
      },
      { id: customerId, role: 'customer' },
      ids.openCommand,
    );
    return { kind: 'opened', ticketId: ids.ticketId, customerId, registered, ...written };
  }
  const party = parties.get(decision.ticketId) ?? (await ticketParty(deps.bus, decision.ticketId));
  if (party === undefined) throw new Error(`Ticket ${decision.ticketId} vanished while its mail was processed`);
  if (decision.kind === 'held') {
    await deps.onHold({
      ticketId: decision.ticketId,
      because: decision.because,
      customerId: party.customerId,
      body: said(body, attachments),
      attachments,
      mail,
      subject: parsed.subject,
      from: sender.name === undefined ? sender.address : `${sender.name} <${sender.address}>`,
      receivedAt: row.received_at,
    });
    return { kind: 'held', ticketId: decision.ticketId, because: decision.because, ...written };
  }
  await deps.bus.send(
    'ticket',
    decision.ticketId,
    {
      type: 'CustomerReply',
      data: { ticketId: decision.ticketId, body: said(body, attachments), ...attached, mail },
    },
    { id: party.customerId, role: 'customer' },
    ids.replyCommand,
  );
  return { kind: 'replied', ticketId: decision.ticketId, by: decision.by, ...written };
}

/**
 * Where the body shows the message's images, on the attachments they became: an image part the
 * checks dropped (or stored as something other than an image) keeps only its stand-in text.
 */
function placedImages(
  placed: readonly PlacedImage<MailPart>[],
  parts: readonly MailPart[],
  attachments: readonly MessageAttachment[],
  ids: MailIds,
): InlineImage[] {
  const images = new Set(
    attachments.filter((file) => file.contentType.startsWith('image/')).map((file) => file.attachmentId),
  );
  return placed.flatMap(({ part, start, end }) => {
    const attachmentId = ids.part(parts.indexOf(part));
    return images.has(attachmentId) ? [{ attachmentId, start, end }] : [];
  });
}

/** The outcome of a new sender whose address cannot be a customer's, saying what a person can do. */
function senderHeld(address: string, authentication: MailOrigin['authentication']): MailOutcome {
  return {
    kind: 'sender-held',
    code: 'MAIL_SENDER_ADDRESS_UNUSABLE',
    address,
    message:
      `The sender's address "${address}" is not one the engine can keep for a customer (a quoted or spaced ` +
      'local part, an IP address for a domain, or a domain without a dot), so no ticket was opened. Read the ' +
      'original message; to answer, open a ticket for the sender under an address that reaches them.',
    authentication,
  };
}

/** A message's text, or a word saying it had none when no file says it either (a message says something). */
function said(body: string, attachments: readonly MessageAttachment[]): string {
  return body.length > 0 || attachments.length > 0 ? body : '(no text)';
}

/** The tag when it is a valid language tag (a mailbox's, or the message's `Content-Language`). */
function languageTag(tag: string | undefined): string | undefined {
  const parsed = LanguageTag.safeParse(tag);
  return parsed.success ? parsed.data : undefined;
}

/** The failures, hard and soft, the message's delivery status reports name (a bounce's `message/delivery-status` parts). */
function reportedFailures(parsed: ParsedMail) {
  return parsed.attachments
    .filter((part) => /^message\/(global-)?delivery-status$/i.test(part.mimeType))
    .flatMap((part) => reportedBounces(part.content.toString('utf8')));
}
