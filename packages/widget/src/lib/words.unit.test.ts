import { describe, expect, it } from 'vitest';
import { dueAtText, refusalSentence, WORDS, waitText } from './words.ts';

describe("the frame's words", () => {
  it('has every sentence in both languages', () => {
    expect(Object.keys(WORDS.fr).sort()).toEqual(Object.keys(WORDS.en).sort());
  });

  it("says each refusal of the contract in the visitor's language", () => {
    for (const code of [
      'WIDGET_NOT_FOUND',
      'WIDGET_ORIGIN_REFUSED',
      'WIDGET_IDENTITY_INVALID',
      'RATE_LIMITED',
      'CUSTOMER_MERGED',
    ]) {
      expect(refusalSentence(code, 'en')).not.toBe(refusalSentence('SOMETHING_ELSE', 'en'));
      expect(refusalSentence(code, 'fr')).not.toBe(refusalSentence(code, 'en'));
    }
  });

  it('says why the checks refused a file', () => {
    for (const code of [
      'ATTACHMENT_TOO_LARGE',
      'ATTACHMENT_TYPE_NOT_ALLOWED',
      'ATTACHMENT_TYPE_MISMATCH',
      'ATTACHMENT_EMPTY',
      'ATTACHMENT_QUOTA_EXCEEDED',
    ]) {
      expect(refusalSentence(code, 'en')).not.toBe(refusalSentence('SOMETHING_ELSE', 'en'));
      expect(refusalSentence(code, 'fr')).not.toBe(refusalSentence(code, 'en'));
    }
  });

  it("writes the expected answer time in the visitor's language", () => {
    expect(dueAtText('2025-03-04T09:00:00Z', 'en', 'UTC')).toMatch(/Tue.*Mar.*4.*09:00/);
    expect(dueAtText('2025-03-04T09:00:00Z', 'fr', 'UTC')).toMatch(/mar\..*4.*mars.*09:00/);
  });

  it('says a wait in whole minutes rounded up, or less than a minute, in both languages', () => {
    expect(waitText(20_000, 'en')).toBe('less than a minute');
    expect(waitText(20_000, 'fr')).toBe('moins d’une minute');
    expect(waitText(125_000, 'en')).toBe('about 3 minutes');
    expect(waitText(60_000, 'fr')).toBe('environ 1 minute');
    expect(WORDS.en.estimatedWait(waitText(125_000, 'en'))).toBe('Expected wait: about 3 minutes.');
    expect(WORDS.en.queuePosition(1)).toBe('You are next in line.');
    expect(WORDS.fr.queuePosition(3)).toBe('Vous êtes en position 3 dans la file.');
  });
});
