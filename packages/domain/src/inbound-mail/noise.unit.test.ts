import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyInboundMail, type MailHeaders } from './index.js';

const own = ['support@acme.test', 'No-Reply@acme.test'];
const classify = (headers: MailHeaders, from = 'bob@example.com') =>
  classifyInboundMail({ headers, from, ownAddresses: own });

describe('what a received message is', () => {
  it("is a person's message when nothing marks it otherwise, answered unless the sender asked not to be", () => {
    expect(classify({ Subject: ['Export broken'] })).toEqual({ kind: 'person', autoAnswer: true });
    expect(classify({ 'Auto-Submitted': ['no'] })).toEqual({ kind: 'person', autoAnswer: true });
    expect(classify({ 'X-Auto-Response-Suppress': ['All'] })).toEqual({ kind: 'person', autoAnswer: false });
  });

  it('is an automatic answer by any of the headers auto-responders set, in any case', () => {
    for (const headers of <MailHeaders[]>[
      { 'Auto-Submitted': ['auto-replied'] },
      { 'auto-submitted': ['Auto-Generated'] },
      { 'X-Autoreply': ['yes'] },
      { 'X-AUTORESPOND': ['1'] },
      { Precedence: ['bulk'] },
      { precedence: ['List'] },
      { Precedence: ['junk'] },
    ])
      expect(classify(headers).kind).toBe('automatic');
  });

  it('is a bounce when it reports on delivery, naming the failed addresses it gives', () => {
    expect(classify({ 'Content-Type': ['multipart/report; report-type=delivery-status; boundary="b"'] })).toEqual({
      kind: 'bounce',
      failedRecipients: [],
    });
    expect(classify({ 'X-Failed-Recipients': ['bob@example.com, ann@example.com'] })).toEqual({
      kind: 'bounce',
      failedRecipients: ['bob@example.com', 'ann@example.com'],
    });
    expect(classify({}, 'MAILER-DAEMON@mx.example.com').kind).toBe('bounce');
    // A report of another kind (a read receipt) is not a bounce.
    expect(classify({ 'Content-Type': ['multipart/report; report-type=disposition-notification'] }).kind).toBe(
      'person',
    );
  });

  it("drops the engine's own mail, whatever the address's case, before anything else", () => {
    expect(classify({ 'Auto-Submitted': ['auto-generated'] }, ' <Support@ACME.test> ')).toEqual({ kind: 'own' });
    expect(classify({}, 'no-reply@acme.test')).toEqual({ kind: 'own' });
  });

  it('never answers automatically a message carrying any loop marker, whatever else it carries', () => {
    const marker = fc.constantFrom<MailHeaders>(
      { 'Auto-Submitted': ['auto-replied'] },
      { 'X-Autoreply': ['yes'] },
      { 'X-Autorespond': ['yes'] },
      { Precedence: ['bulk'] },
      { 'X-Failed-Recipients': ['x@example.com'] },
      { 'X-Auto-Response-Suppress': ['OOF'] },
    );
    const other = fc.dictionary(
      fc.constantFrom('Subject', 'To', 'Reply-To', 'Message-ID', 'X-Mailer'),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    fc.assert(
      fc.property(marker, other, fc.emailAddress(), (loop, rest, from) => {
        const kind = classify({ ...rest, ...loop }, from);
        expect(kind.kind === 'person' && kind.autoAnswer).toBe(false);
      }),
    );
  });
});
