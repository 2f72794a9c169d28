import { describe, expect, it } from 'vitest';
import { opensHere } from './links.ts';

const click = (changes: Partial<Parameters<typeof opensHere>[0]> = {}) => ({
  button: 0,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  defaultPrevented: false,
  ...changes,
});

describe('opensHere', () => {
  it('is a plain click of the main button', () => {
    expect(opensHere(click())).toBe(true);
  });

  it('is not a click meant for another tab or window, another button, or one already taken', () => {
    for (const changes of [
      { ctrlKey: true },
      { metaKey: true },
      { shiftKey: true },
      { altKey: true },
      { button: 1 },
      { defaultPrevented: true },
    ])
      expect(opensHere(click(changes))).toBe(false);
  });
});
