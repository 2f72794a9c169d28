import { describe, expect, it } from 'vitest';
import { isTyping, SHORTCUT_GROUPS } from './index.ts';

/** A key press on an element that is, or is not, inside a field. */
const press = (inField: boolean, modifiers: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => ({
  target: { closest: () => (inField ? {} : null) } as unknown as EventTarget,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...modifiers,
});

describe('the shortcuts', () => {
  it('leave keys typed in a field, or with a modifier, alone', () => {
    expect(isTyping(press(false))).toBe(false);
    expect(isTyping(press(true))).toBe(true);
    expect(isTyping(press(false, { ctrlKey: true }))).toBe(true);
    expect(isTyping(press(false, { metaKey: true }))).toBe(true);
  });

  it('list each key (or sequence: g then i) once per screen, the ticket page’s r, n and e with them', () => {
    for (const group of SHORTCUT_GROUPS) {
      const keys = group.shortcuts.map((shortcut) => shortcut.keys.join(' '));
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(SHORTCUT_GROUPS.flatMap((group) => group.shortcuts.flatMap((shortcut) => shortcut.keys))).toEqual(
      expect.arrayContaining(['?', 'j', 'k', 'Enter', '/', 'r', 'n', 'e', 'g']),
    );
  });
});
