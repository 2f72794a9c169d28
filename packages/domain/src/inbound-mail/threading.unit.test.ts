import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type InboundThreadFacts,
  subAddress,
  subAddressTag,
  subjectWithTicketReference,
  threadInboundMail,
  ticketReferenceInSubject,
} from './index.js';

const customers: Record<string, string> = { 't-1': 'bob@example.com', 't-2': 'ann@example.com' };
const facts = (over: Partial<InboundThreadFacts>): InboundThreadFacts => ({
  from: 'bob@example.com',
  referencedTickets: [],
  customerAddressOf: (id) => customers[id],
  dmarc: 'pass',
  ...over,
});

describe('threading a received message', () => {
  it('follows a verified reply token first, then the Message-IDs it answers, then the subject', () => {
    const token = { ticketId: 't-1', issuedTo: 'Bob@Example.com' };
    expect(threadInboundMail(facts({ replyToken: token, referencedTickets: ['t-2'], subjectTicket: 't-2' }))).toEqual({
      kind: 'reply',
      ticketId: 't-1',
      by: 'reply-token',
    });
    expect(threadInboundMail(facts({ referencedTickets: ['t-9', 't-1'], subjectTicket: 't-2' }))).toEqual({
      kind: 'reply',
      ticketId: 't-1',
      by: 'references',
    });
    expect(threadInboundMail(facts({ subjectTicket: 't-1' }))).toEqual({
      kind: 'reply',
      ticketId: 't-1',
      by: 'subject',
    });
    expect(threadInboundMail(facts({}))).toEqual({ kind: 'new-ticket' });
  });

  it("threads by subject only the ticket's own customer", () => {
    expect(threadInboundMail(facts({ subjectTicket: 't-2' }))).toEqual({ kind: 'new-ticket' });
    expect(threadInboundMail(facts({ from: 'ANN@example.com', subjectTicket: 't-2' }))).toMatchObject({
      kind: 'reply',
      ticketId: 't-2',
    });
  });

  it('holds a message whose sender fails DMARC, or whose token was issued to someone else, instead of threading it', () => {
    expect(threadInboundMail(facts({ dmarc: 'fail', referencedTickets: ['t-1'] }))).toEqual({
      kind: 'held',
      ticketId: 't-1',
      because: 'dmarc-failed',
    });
    expect(
      threadInboundMail(
        facts({ from: 'eve@example.net', replyToken: { ticketId: 't-1', issuedTo: 'bob@example.com' } }),
      ),
    ).toEqual({ kind: 'held', ticketId: 't-1', because: 'token-for-another-sender' });
    // Nothing to thread into: a new ticket, DMARC or not (the results are recorded with it).
    expect(threadInboundMail(facts({ dmarc: 'fail' }))).toEqual({ kind: 'new-ticket' });
  });

  it('never adds to a ticket what fails DMARC, nor by subject what another sender wrote (any facts)', () => {
    const ticket = fc.constantFrom('t-1', 't-2', 't-9');
    const address = fc.constantFrom('bob@example.com', 'BOB@example.com', 'ann@example.com', 'eve@example.net');
    const anyFacts = fc.record({
      from: address,
      replyToken: fc.option(fc.record({ ticketId: ticket, issuedTo: address }), { nil: undefined }),
      referencedTickets: fc.uniqueArray(ticket, { maxLength: 3 }),
      subjectTicket: fc.option(ticket, { nil: undefined }),
      dmarc: fc.constantFrom<'pass' | 'fail' | 'none'>('pass', 'fail', 'none'),
    });
    fc.assert(
      fc.property(anyFacts, (generated) => {
        const input = facts(generated);
        const decision = threadInboundMail(input);
        if (decision.kind === 'reply') {
          expect(input.dmarc).not.toBe('fail');
          expect(customers[decision.ticketId]).toBeDefined();
          if (decision.by === 'subject') expect(customers[decision.ticketId]).toBe(input.from.toLowerCase());
          if (decision.by === 'reply-token')
            expect(input.replyToken?.issuedTo.toLowerCase()).toBe(input.from.toLowerCase());
        }
        // Deterministic: the same facts, the same decision.
        expect(threadInboundMail(input)).toEqual(decision);
      }),
    );
  });
});

describe('addresses and subjects', () => {
  it("reads a reply token from a sub-address of the mailbox, keeping the token's case", () => {
    expect(subAddressTag('Support+AbC.123@Acme.test', 'support@acme.test')).toBe('AbC.123');
    expect(subAddressTag('<support+x@acme.test>', 'support@acme.test')).toBe('x');
    expect(subAddressTag('support@acme.test', 'support@acme.test')).toBeUndefined();
    expect(subAddressTag('support+x@other.test', 'support@acme.test')).toBeUndefined();
    expect(subAddressTag('supportive+x@acme.test', 'support@acme.test')).toBeUndefined();
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/), (tag) => {
        expect(subAddressTag(subAddress('Support@Acme.test', tag), 'support@acme.test')).toBe(tag);
      }),
    );
  });

  it('names the ticket in a subject once, and reads it back', () => {
    expect(subjectWithTicketReference('Export broken', 't-1')).toBe('Export broken [#t-1]');
    expect(subjectWithTicketReference('Re: Export broken [#t-1]', 't-1')).toBe('Re: Export broken [#t-1]');
    expect(ticketReferenceInSubject('RE: AW: Export broken [#t-1]')).toBe('t-1');
    expect(ticketReferenceInSubject('Export [# not one]')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{1,36}$/), (subject, id) => {
        const tagged = subjectWithTicketReference(subject.replace(/\[#/g, '['), id);
        expect(ticketReferenceInSubject(tagged)).toBe(id);
      }),
    );
  });
});
