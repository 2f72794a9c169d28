import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText, StorableText } from './text.js';

describe('storable text', () => {
  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a high surrogate at the end', 'ab\ud800'],
    ['a lone low surrogate', '\udc00ab'],
    ['two high surrogates', '\ud800\ud800\udc00'],
  ])('refuses %s', (_name, text) => {
    expect(isStorableText(text)).toBe(false);
    expect(StorableText.safeParse(text).success).toBe(false);
  });

  it('accepts any well-formed text without NUL, astral characters included', () => {
    expect(isStorableText('emoji \ud83d\ude00, RTL \u202e, tab\t')).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(isStorableText(text)).toBe(!text.includes('\u0000'));
      }),
    );
  });

  it('agrees with UTF-8 round-tripping', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const roundTrips = new TextDecoder().decode(new TextEncoder().encode(text)) === text;
        expect(isStorableText(text)).toBe(roundTrips && !text.includes('\u0000'));
      }),
    );
  });
});
