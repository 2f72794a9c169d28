import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articlePassages, PASSAGE_MAX, PASSAGE_TARGET } from './passages.js';

const words = (text: string) => text.split(/\s+/).filter((w) => w !== '');

describe('articlePassages', () => {
  it('groups sentences into passages of about the target length, ending at sentence ends', () => {
    const sentence = (n: number) => `Sentence number ${n} explains one step of resetting a password.`;
    const text = Array.from({ length: 20 }, (_, n) => sentence(n)).join(' ');
    const passages = articlePassages(text);
    expect(passages.length).toBeGreaterThan(3);
    for (const passage of passages) {
      expect(passage.length).toBeLessThanOrEqual(PASSAGE_TARGET);
      expect(passage).toMatch(/^Sentence number \d+ .*\.$/);
    }
  });

  it('ends a passage at a block end only when the next block does not fit', () => {
    expect(articlePassages('Reset your password\nOpen the settings. Choose "Security".')).toEqual([
      'Reset your password Open the settings. Choose "Security".',
    ]);
    const long = 'word '.repeat(50).trim();
    expect(articlePassages(`${long}\n${long}`)).toEqual([long, long]);
  });

  it('cuts a sentence longer than the maximum between words', () => {
    const sentence = `${'abcdefghi '.repeat(120).trim()}.`;
    const passages = articlePassages(sentence);
    expect(passages.length).toBe(3);
    for (const passage of passages) expect(passage.length).toBeLessThanOrEqual(PASSAGE_MAX);
    expect(passages.join(' ')).toBe(sentence);
  });

  it('has no passage for a text without words', () => {
    expect(articlePassages('')).toEqual([]);
    expect(articlePassages(' \n\n  ')).toEqual([]);
  });

  it('keeps every word in order and never exceeds the maximum, whatever the text', () => {
    const text = fc.array(
      fc.oneof(
        fc.constantFrom('.', '!', '?', '\n', ' ', '  ', 'é', '…'),
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constant('x'.repeat(700)),
      ),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(
        text.map((parts) => parts.join('')),
        (body) => {
          const passages = articlePassages(body);
          for (const passage of passages) {
            expect(passage.length).toBeGreaterThan(0);
            expect(passage.length).toBeLessThanOrEqual(PASSAGE_MAX);
          }
          // A word cut mid-way (longer than the maximum, no space) joins back with a space.
          expect(words(passages.join(' ')).join('')).toBe(words(body).join(''));
        },
      ),
    );
  });
});
