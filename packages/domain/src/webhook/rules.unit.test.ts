import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../shared/shared.fixture.js';
import { checkHttpUrl, MAX_URL_LENGTH } from '../shared/url.js';
import { WEBHOOK_EVENT_TYPES, webhookEventTypes, webhookUrl } from './index.js';

describe('the webhook URL rule', () => {
  it('accepts only what parses as an http(s) URL without credentials, within the length limit', () => {
    const candidates = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.webUrl().map((url) => url.replace('://', '://user:secret@')),
      fc
        .constantFrom('ftp://', 'javascript:', 'file:///', 'mailto:', 'HTTPS://', ' http://')
        .chain((scheme) => fc.string().map((rest) => `${scheme}${rest}`)),
      fc.string(),
    );
    fc.assert(
      fc.property(candidates, (input) => {
        const checked = checkHttpUrl(input);
        if (!checked.ok) return;
        const url = new URL(checked.href);
        expect(['http:', 'https:']).toContain(url.protocol);
        expect(url.username).toBe('');
        expect(url.password).toBe('');
        expect(url.hash).toBe('');
        expect(checked.href.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
        expect(checkHttpUrl(checked.href)).toEqual(checked);
      }),
    );
  });

  it('accepts every generated web URL without credentials', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), (input) => {
        fc.pre(input.length <= 1000);
        expect(checkHttpUrl(input).ok).toBe(true);
      }),
    );
  });

  it('refuses other schemes, credentials, non-URLs and long URLs with WEBHOOK_URL_INVALID', () => {
    for (const url of [
      'ftp://example.com/hook',
      'https://user:pw@example.com/hook',
      'https://user@example.com/hook',
      'example.com/hook',
      `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`,
    ]) {
      expect(
        codeOf(() => webhookUrl(url)),
        url,
      ).toBe('WEBHOOK_URL_INVALID');
    }
    expect(webhookUrl('HTTPS://Example.COM/hook')).toBe('https://example.com/hook');
    // A fragment is never sent: dropped, as the rest is normalised.
    expect(webhookUrl('https://EXAMPLE.com:443/a/../b?x=1#frag')).toBe('https://example.com/b?x=1');
  });
});

describe('webhook event types', () => {
  it('are every ticket and chat event type', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual(expect.arrayContaining(['TicketOpened', 'ChatStarted', 'ArticleApproved']));
    expect(WEBHOOK_EVENT_TYPES).not.toContain('CustomerRegistered');
  });

  it('are stored sorted without repeats, `*` alone when listed, and an unknown one is refused', () => {
    expect(webhookEventTypes(['TicketOpened', 'ChatStarted', 'TicketOpened'])).toEqual(['ChatStarted', 'TicketOpened']);
    expect(webhookEventTypes(['TicketOpened', '*'])).toEqual(['*']);
    expect(codeOf(() => webhookEventTypes(['TicketOpened', 'StaffProfileSet']))).toBe('WEBHOOK_EVENT_TYPE_UNKNOWN');
  });
});
