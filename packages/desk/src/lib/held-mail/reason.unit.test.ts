import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../i18n/index.ts';
import { reasonKey } from './reason.ts';

describe("a held message's reason", () => {
  it('is a sentence in both languages for each reason the engine holds mail for', () => {
    for (const reason of ['dmarc-failed', 'token-for-another-sender']) {
      const key = reasonKey(reason);
      expect(key).toBe(`heldMail.reason.${reason}`);
      expect(CATALOGUES.en[key]).not.toBe(CATALOGUES.fr[key]);
    }
    expect(CATALOGUES.en[reasonKey('dmarc-failed')]).toContain('DMARC');
    expect(CATALOGUES.fr[reasonKey('dmarc-failed')]).toContain('DMARC');
  });

  it('is a general sentence for a reason the desk does not know', () => {
    expect(reasonKey('something-new')).toBe('heldMail.reason.unknown');
  });
});
