import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailAuthResult, MailOrigin, senderVerdict } from './origin.js';

const result = fc.constantFrom(...MailAuthResult.options);

describe('senderVerdict', () => {
  it('follows DMARC alone: pass verifies, fail fails, anything else leaves the sender unverified', () => {
    fc.assert(
      fc.property(result, result, result, (spf, dkim, dmarc) => {
        const verdict = senderVerdict({ spf, dkim, dmarc });
        expect(verdict).toBe(dmarc === 'pass' ? 'verified' : dmarc === 'fail' ? 'failed' : 'unverified');
      }),
    );
  });

  it('does not verify a sender whose SPF and DKIM pass without DMARC', () => {
    expect(senderVerdict({ spf: 'pass', dkim: 'pass', dmarc: 'none' })).toBe('unverified');
  });
});

describe('MailOrigin', () => {
  const origin = {
    mailKey: 'sha256:ab',
    original: 'att-1',
    from: 'ada@example.org',
    mailbox: 'support@example.com',
    authentication: { spf: 'pass', dkim: 'none', dmarc: 'pass' },
  };

  it('keeps the whole text of a stripped message, up to a bound', () => {
    expect(MailOrigin.parse({ ...origin, fullText: 'Hi\n> quoted' }).fullText).toBe('Hi\n> quoted');
    expect(MailOrigin.safeParse({ ...origin, fullText: 'x'.repeat(100_001) }).success).toBe(false);
  });
});
