import { describe, expect, it } from 'vitest';
import { insertCanned, matchCanned, slashQuery, suggestionKey } from './canned.ts';

describe('canned replies by /', () => {
  it('finds a / typed at the start or after a space, not a URL’s or a date’s', () => {
    expect(slashQuery('/', 1)).toEqual({ start: 0, query: '' });
    expect(slashQuery('Hello /init', 11)).toEqual({ start: 6, query: 'init' });
    expect(slashQuery('see https://x.org/a', 19)).toBeNull();
    expect(slashQuery('on 12/03', 8)).toBeNull();
    expect(slashQuery('/init\nmore', 10)).toBeNull();
  });

  it('matches names by every word, case and accents aside, and replaces the search by the reply', () => {
    const replies = [
      { name: 'Réponse initiale', body: 'A' },
      { name: 'Solution', body: 'B' },
    ];
    expect(matchCanned(replies, 'REPON init').map((reply) => reply.name)).toEqual(['Réponse initiale']);
    expect(matchCanned(replies, '')).toHaveLength(2);
    const text = 'Hi /sol and bye';
    expect(insertCanned(text, { start: 3, query: 'sol' }, 7, 'Fixed.')).toEqual({
      text: 'Hi Fixed. and bye',
      caret: 9,
    });
  });
});

describe('the suggestions the box drives', () => {
  it('move round with the arrows, pick with Enter or Tab, close with Escape', () => {
    expect(suggestionKey('ArrowDown', 3, 0)).toEqual({ active: 1 });
    expect(suggestionKey('ArrowDown', 3, 2)).toEqual({ active: 0 });
    expect(suggestionKey('ArrowUp', 3, 0)).toEqual({ active: 2 });
    expect(suggestionKey('Enter', 3, 1)).toBe('pick');
    expect(suggestionKey('Tab', 3, 1)).toBe('pick');
    expect(suggestionKey('Escape', 3, 1)).toBe('close');
    expect(suggestionKey('a', 3, 1)).toBeNull();
  });

  it('an empty list only closes: Enter and the arrows stay the box’s', () => {
    expect(suggestionKey('Enter', 0, 0)).toBeNull();
    expect(suggestionKey('ArrowDown', 0, 0)).toBeNull();
    expect(suggestionKey('Escape', 0, 0)).toBe('close');
  });
});
