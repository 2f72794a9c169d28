import { describe, expect, it } from 'vitest';
import { HELD_MAIL_EXCERPT_LENGTH, heldMailExcerpt } from './excerpt.js';

describe("a held message's excerpt", () => {
  it('is the text on one line when short', () => {
    expect(heldMailExcerpt('  Hello,\n\n  please\trefund me.  ')).toBe('Hello, please refund me.');
  });

  it('is cut at a word, ending in an ellipsis, within the limit', () => {
    const excerpt = heldMailExcerpt('word '.repeat(100));
    expect(excerpt.length).toBeLessThanOrEqual(HELD_MAIL_EXCERPT_LENGTH);
    expect(excerpt).toMatch(/word…$/);
  });

  it('cuts a text without spaces where it must', () => {
    expect(heldMailExcerpt('x'.repeat(500))).toBe(`${'x'.repeat(HELD_MAIL_EXCERPT_LENGTH - 1)}…`);
  });
});
