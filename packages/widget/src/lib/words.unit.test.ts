import { describe, expect, it } from 'vitest';
import { refusalSentence, WORDS } from './words.ts';

describe("the frame's words", () => {
  it('has every sentence in both languages', () => {
    expect(Object.keys(WORDS.fr).sort()).toEqual(Object.keys(WORDS.en).sort());
  });

  it("says each refusal of the contract in the visitor's language", () => {
    for (const code of ['WIDGET_NOT_FOUND', 'WIDGET_ORIGIN_REFUSED', 'WIDGET_IDENTITY_INVALID', 'RATE_LIMITED']) {
      expect(refusalSentence(code, 'en')).not.toBe(refusalSentence('SOMETHING_ELSE', 'en'));
      expect(refusalSentence(code, 'fr')).not.toBe(refusalSentence(code, 'en'));
    }
  });
});
