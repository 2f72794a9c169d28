import { mailAddressKey } from './addresses.js';

/** What the application found out about a received message, for {@link threadInboundMail}. */
export interface InboundThreadFacts {
  /** The sender's address (the `From` header's). */
  readonly from: string;
  /**
   * The reply token found in a recipient's sub-address, once the application verified its
   * signature: the ticket and the address it was issued to. Absent when there was none or it did
   * not verify (forged, or signed with a retired key): the other evidence decides then.
   */
  readonly replyToken?: { readonly ticketId: string; readonly issuedTo: string };
  /**
   * The tickets whose sent or received Message-IDs the message's `In-Reply-To` and `References`
   * name, `In-Reply-To` first, then `References` from the most recent, without repeats.
   */
  readonly referencedTickets: readonly string[];
  /** The ticket named in the subject (`[#id]`), if any. */
  readonly subjectTicket?: string;
  /** The address of a ticket's customer, for the tickets above; undefined for an unknown ticket. */
  readonly customerAddressOf: (ticketId: string) => string | undefined;
  /**
   * The DMARC result for the sender's domain: `fail` means the `From` may not be the sender's
   * (its domain publishes a policy the message does not pass).
   */
  readonly dmarc: 'pass' | 'fail' | 'none';
}

/** Where a received message goes. */
export type InboundThreadDecision =
  /** A reply on an existing ticket, found by `by`. */
  | { readonly kind: 'reply'; readonly ticketId: string; readonly by: 'reply-token' | 'references' | 'subject' }
  /** A new ticket. */
  | { readonly kind: 'new-ticket' }
  /**
   * Held for an agent to accept or discard: it names a ticket but its sender cannot be trusted to
   * be that ticket's customer.
   */
  | {
      readonly kind: 'held';
      readonly ticketId: string;
      readonly because: 'dmarc-failed' | 'token-for-another-sender';
    };

/**
 * Threads a received message into the ticket it answers, in the order the evidence deserves:
 * first a verified reply token (the engine signed it for that ticket and address), then the
 * Message-IDs the message answers (`In-Reply-To`, `References`), then a ticket named in the
 * subject, but only when the sender is that ticket's customer (a subject is easy to type). A
 * message that matches none opens a ticket. A message whose sender fails DMARC is never added to
 * an existing ticket (the address could be forged to write into someone's conversation): when it
 * would be, it is held for an agent instead; so is a message carrying a token issued to another
 * address (a forwarded notification, or a leaked token). Unknown tickets are skipped.
 */
export function threadInboundMail(facts: InboundThreadFacts): InboundThreadDecision {
  const sender = mailAddressKey(facts.from);
  const known = (ticketId: string) => facts.customerAddressOf(ticketId) !== undefined;
  const reply = (ticketId: string, by: 'reply-token' | 'references' | 'subject'): InboundThreadDecision =>
    facts.dmarc === 'fail' ? { kind: 'held', ticketId, because: 'dmarc-failed' } : { kind: 'reply', ticketId, by };

  const token = facts.replyToken;
  if (token !== undefined && known(token.ticketId)) {
    if (mailAddressKey(token.issuedTo) !== sender)
      return { kind: 'held', ticketId: token.ticketId, because: 'token-for-another-sender' };
    return reply(token.ticketId, 'reply-token');
  }
  const referenced = facts.referencedTickets.find(known);
  if (referenced !== undefined) return reply(referenced, 'references');
  const named = facts.subjectTicket;
  if (named !== undefined && known(named) && mailAddressKey(facts.customerAddressOf(named) ?? '') === sender)
    return reply(named, 'subject');
  return { kind: 'new-ticket' };
}

/** A ticket reference in a subject: `[#id]`, the form the engine's own subjects carry. */
const SUBJECT_REFERENCE = /\[#([^\]\s]{1,128})\]/;

/** The ticket a subject names (`… [#id]`), if any: the first reference. */
export function ticketReferenceInSubject(subject: string): string | undefined {
  return SUBJECT_REFERENCE.exec(subject)?.[1];
}

/** A subject carrying the ticket's reference once, so a reply's subject still names it. */
export function subjectWithTicketReference(subject: string, ticketId: string): string {
  return ticketReferenceInSubject(subject) === ticketId ? subject : `${subject} [#${ticketId}]`;
}
