import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_GAP_LENGTH, searchGapQuery, visitorViewHour } from './visitors.js';

describe('searchGapQuery', () => {
  it('folds width and case, turns invisible characters and space runs into one space', () => {
    expect(searchGapQuery('  ＲＥＦＵＮＤ\u202E\u0000 my\t\tSubscription  ')).toBe('refund my subscription');
  });

  it('cuts at the length limit without splitting a character, and says nothing for nothing', () => {
    const long = searchGapQuery(`😀${'a'.repeat(200)}`)!;
    expect(Array.from(long)).toHaveLength(MAX_SEARCH_GAP_LENGTH);
    expect(long.startsWith('😀a')).toBe(true);
    expect(searchGapQuery(' \u200B\u202E\n')).toBeNull();
  });
});

describe('visitorViewHour', () => {
  it('is the start of the UTC hour', () => {
    expect(visitorViewHour(new Date('2026-03-01T10:59:59.999Z'))).toEqual(new Date('2026-03-01T10:00:00.000Z'));
  });
});
