import { describe, expect, it } from 'vitest';
import { verdictMessage } from './verdict.ts';

describe('verdictMessage', () => {
  it('names the checks that passed for a verified sender', () => {
    expect(verdictMessage({ spf: 'pass', dkim: 'pass', dmarc: 'pass' })).toEqual({
      verdict: 'verified',
      key: 'mailOrigin.verdict.verified',
      values: { checks: 'SPF, DKIM, DMARC', dmarc: 'pass' },
    });
    expect(verdictMessage({ spf: 'softfail', dkim: 'pass', dmarc: 'pass' }).values.checks).toBe('DKIM, DMARC');
  });

  it('says DMARC failed, or what it answered when it neither passed nor failed', () => {
    expect(verdictMessage({ spf: 'pass', dkim: 'fail', dmarc: 'fail' }).key).toBe('mailOrigin.verdict.failed');
    expect(verdictMessage({ spf: 'pass', dkim: 'pass', dmarc: 'none' })).toMatchObject({
      verdict: 'unverified',
      key: 'mailOrigin.verdict.unverified',
      values: { dmarc: 'none' },
    });
  });
});
