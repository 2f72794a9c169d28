import type { CommandBus } from '@support-engine/application';
import { type ReplyTokenClaim, readReplyToken, replyTokenIsFor, ticketOfMessageId } from '@support-engine/delivery';
import {
  type InboundThreadFacts,
  type MailAuthentication,
  subAddressTag,
  ticketReferenceInSubject,
} from '@support-engine/domain/inbound-mail';
import { ticketDecider } from '@support-engine/domain/ticket';
import type { Kysely } from 'kysely';
import type { MailInTables } from '../store/schema.js';
import { addressOfCustomer } from './customers.js';
import type { ParsedMail } from './parse.js';

/** A reply token read from a recipient's sub-address (its signature not checked yet). */
export function replyTokenOf(recipients: readonly string[], mailbox: string): ReplyTokenClaim | undefined {
  for (const recipient of recipients) {
    const tag = subAddressTag(recipient, mailbox);
    const claim = tag === undefined ? undefined : readReplyToken(tag);
    if (claim !== undefined) return claim;
  }
  return undefined;
}

/** The tickets a message's `In-Reply-To` and `References` name: In-Reply-To first, then References from the most recent, once each. */
export async function referencedTickets(db: Kysely<MailInTables>, parsed: ParsedMail, key: Buffer): Promise<string[]> {
  const ids = [...new Set([...parsed.inReplyTo, ...[...parsed.references].reverse()])];
  if (ids.length === 0) return [];
  // Message-IDs the engine received: the ticket each one went to.
  const received = await db
    .selectFrom('mail_in_messages')
    .select(['message_id', 'ticket_id'])
    .where('message_id', 'in', ids)
    .where('ticket_id', 'is not', null)
    .execute();
  const tickets = ids.map(
    (id) => ticketOfMessageId(id, key) ?? received.find((row) => row.message_id === id)?.ticket_id ?? undefined,
  );
  return [...new Set(tickets.filter((ticket): ticket is string => ticket !== undefined))];
}

/** A ticket as threading needs it: its customer and their address (undefined: no such ticket). */
export interface TicketParty {
  readonly customerId: string;
  readonly address: string | undefined;
}

/** Reads a ticket's customer, folding its stream through the bus (never a read model). */
export async function ticketParty(bus: CommandBus, ticketId: string): Promise<TicketParty | undefined> {
  const ticket = await bus.fold('ticket', ticketId, ticketDecider);
  if (ticket === null) return undefined;
  return { customerId: ticket.customerId, address: await addressOfCustomer(bus, ticket.customerId) };
}

/**
 * Everything {@link threadInboundMail} weighs about a message from `from`: the customer reply
 * token when it verifies for its ticket's customer, the tickets its Message-IDs answer, the
 * ticket its subject names, each ticket's customer's address, and DMARC.
 */
export async function threadFacts(input: {
  readonly bus: CommandBus;
  readonly db: Kysely<MailInTables>;
  readonly parsed: ParsedMail;
  readonly from: string;
  readonly token: ReplyTokenClaim | undefined;
  readonly authentication: MailAuthentication;
  readonly key: Buffer;
}): Promise<{ facts: InboundThreadFacts; parties: ReadonlyMap<string, TicketParty> }> {
  const { bus, parsed, token, key } = input;
  const referenced = await referencedTickets(input.db, parsed, key);
  const subjectTicket = ticketReferenceInSubject(parsed.subject);
  const named = new Set([...referenced, ...(subjectTicket === undefined ? [] : [subjectTicket])]);
  if (token?.kind === 'customer') named.add(token.ticketId);
  const parties = new Map<string, TicketParty>();
  for (const ticketId of named) {
    const party = await ticketParty(bus, ticketId);
    if (party !== undefined) parties.set(ticketId, party);
  }
  const tokenParty = token?.kind === 'customer' ? parties.get(token.ticketId) : undefined;
  const replyToken =
    token !== undefined && tokenParty?.address !== undefined && replyTokenIsFor(token, tokenParty.customerId, key)
      ? { ticketId: token.ticketId, issuedTo: tokenParty.address }
      : undefined;
  const { dmarc } = input.authentication;
  return {
    facts: {
      from: input.from,
      ...(replyToken === undefined ? {} : { replyToken }),
      referencedTickets: referenced,
      ...(subjectTicket === undefined ? {} : { subjectTicket }),
      // A ticket whose customer has no address is still known: threading by subject then never matches it.
      customerAddressOf: (ticketId) => {
        const party = parties.get(ticketId);
        return party === undefined ? undefined : (party.address ?? '');
      },
      dmarc: dmarc === 'pass' || dmarc === 'fail' ? dmarc : 'none',
    },
    parties,
  };
}
