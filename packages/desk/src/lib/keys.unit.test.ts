import { describe, expect, it } from 'vitest';
import { moveSelection } from './keys.ts';

describe('moving through a list with j and k', () => {
  it('moves down with j and up with k, staying within the list', () => {
    expect(moveSelection(0, 3, 'j')).toBe(1);
    expect(moveSelection(2, 3, 'j')).toBe(2);
    expect(moveSelection(1, 3, 'k')).toBe(0);
    expect(moveSelection(0, 3, 'k')).toBe(0);
  });

  it('ignores other keys and empty lists', () => {
    expect(moveSelection(0, 3, 'x')).toBeNull();
    expect(moveSelection(0, 0, 'j')).toBeNull();
  });
});
