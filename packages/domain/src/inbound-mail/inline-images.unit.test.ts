import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/errors.js';
import { parseTicketCommand } from '../ticket/commands.js';
import { inlineImagesFit, messageBodyParts } from './inline-images.js';
import { MailOrigin } from './origin.js';

const logo = { attachmentId: 'att-logo', contentType: 'image/png' };
const chart = { attachmentId: 'att-chart', contentType: 'image/jpeg' };
const sheet = { attachmentId: 'att-sheet', contentType: 'application/pdf' };
const body = 'Hello,\n[logo]\nSee the chart: [chart] thanks';
const at = (text: string) => ({ start: body.indexOf(text), end: body.indexOf(text) + text.length });

describe('messageBodyParts', () => {
  it('cuts the body into text and each placed image, in order, the stand-in as the alt text', () => {
    const inline = [
      { attachmentId: 'att-logo', ...at('[logo]') },
      { attachmentId: 'att-chart', ...at('[chart]') },
    ];
    expect(messageBodyParts(body, [logo, chart], inline)).toEqual([
      { kind: 'text', text: 'Hello,\n' },
      { kind: 'image', attachmentId: 'att-logo', alt: 'logo' },
      { kind: 'text', text: '\nSee the chart: ' },
      { kind: 'image', attachmentId: 'att-chart', alt: 'chart' },
      { kind: 'text', text: ' thanks' },
    ]);
  });

  it('is the body as text without placements, and nothing for an empty body', () => {
    expect(messageBodyParts(body, [logo], undefined)).toEqual([{ kind: 'text', text: body }]);
    expect(messageBodyParts('', [logo], undefined)).toEqual([]);
  });

  it('leaves a placement that does not fit as its text: past the end, overlapping, not an image, not carried', () => {
    const placed = (inline: Parameters<typeof messageBodyParts>[2]) =>
      messageBodyParts(body, [logo, sheet], inline).filter((part) => part.kind === 'image');
    expect(placed([{ attachmentId: 'att-logo', start: body.length - 2, end: body.length + 3 }])).toEqual([]);
    expect(placed([{ attachmentId: 'att-sheet', ...at('[chart]') }])).toEqual([]);
    expect(placed([{ attachmentId: 'att-chart', ...at('[chart]') }])).toEqual([]);
    expect(
      placed([
        { attachmentId: 'att-logo', start: 0, end: 10 },
        { attachmentId: 'att-logo', start: 5, end: 12 },
      ]),
    ).toHaveLength(1);
    expect(messageBodyParts(body, [sheet], [{ attachmentId: 'att-sheet', ...at('[chart]') }])).toEqual([
      { kind: 'text', text: body },
    ]);
  });
});

describe('inlineImagesFit', () => {
  it('holds placements within the body on the message’s own images only', () => {
    expect(inlineImagesFit(body, [logo], [{ attachmentId: 'att-logo', ...at('[logo]') }])).toBe(true);
    expect(inlineImagesFit(body, [logo], undefined)).toBe(true);
    expect(inlineImagesFit(body, [logo], [{ attachmentId: 'att-logo', start: 0, end: body.length + 1 }])).toBe(false);
    expect(inlineImagesFit(body, [sheet], [{ attachmentId: 'att-sheet', ...at('[logo]') }])).toBe(false);
    expect(inlineImagesFit(body, undefined, [{ attachmentId: 'att-logo', ...at('[logo]') }])).toBe(false);
  });

  it('is what a mail message command is refused on (VALIDATION_FAILED at data.mail.inline)', () => {
    const mail = {
      mailKey: 'mid:a@b',
      original: 'att-original',
      from: 'ada@example.org',
      mailbox: 'support@example.com',
      authentication: { spf: 'none', dkim: 'none', dmarc: 'none' },
      inline: [{ attachmentId: 'att-logo', ...at('[logo]') }],
    };
    const file = {
      attachmentId: 'att-logo',
      fileName: 'logo.png',
      contentType: 'image/png',
      size: 10,
      sha256: 'a'.repeat(64),
    };
    const reply = (text: string) => ({
      type: 'CustomerReply',
      data: { ticketId: 't-1', body: text, attachments: [file], mail },
    });
    expect(parseTicketCommand(reply(body)).type).toBe('CustomerReply');
    try {
      parseTicketCommand(reply('short'));
      expect.unreachable('a placement past the text is refused');
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('VALIDATION_FAILED');
      expect(isDomainError(error) && error.details?.issues).toEqual([
        expect.objectContaining({ path: 'data.mail.inline' }),
      ]);
    }
  });
});

describe('MailOrigin.inline', () => {
  const origin = {
    mailKey: 'sha256:ab',
    original: 'att-1',
    from: 'ada@example.org',
    mailbox: 'support@example.com',
    authentication: { spf: 'pass', dkim: 'none', dmarc: 'pass' },
  };

  it('takes placements in the order of the text, none empty, overlapping or of an image placed before', () => {
    const ok = [
      { attachmentId: 'a', start: 0, end: 3 },
      { attachmentId: 'b', start: 3, end: 6 },
    ];
    expect(MailOrigin.parse({ ...origin, inline: ok }).inline).toEqual(ok);
    expect(MailOrigin.safeParse({ ...origin, inline: [...ok].reverse() }).success).toBe(false);
    expect(MailOrigin.safeParse({ ...origin, inline: [{ attachmentId: 'a', start: 2, end: 2 }] }).success).toBe(false);
    expect(MailOrigin.safeParse({ ...origin, inline: [] }).success).toBe(false);
    const twice = [ok[0], { ...ok[1], attachmentId: 'a' }];
    expect(MailOrigin.safeParse({ ...origin, inline: twice }).success).toBe(false);
  });
});
