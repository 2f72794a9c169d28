import type { MessageKey } from '../i18n/en.ts';

/** One shortcut: the keys as the help shows them (each a key name, e.g. `j`, `Enter`, `?`; several: pressed one after the other, `g` then `i`) and what it does. */
export interface Shortcut {
  readonly keys: readonly string[];
  readonly description: MessageKey;
}

/** The shortcuts of one screen (or of the whole desk), under a heading. */
export interface ShortcutGroup {
  readonly title: MessageKey;
  readonly shortcuts: readonly Shortcut[];
}

/**
 * Whether a key press was meant for a field (typing in an input, a select, a text area or an
 * editable element) or carries a modifier: shortcuts then leave it alone.
 */
export function isTyping(event: Pick<KeyboardEvent, 'target' | 'altKey' | 'ctrlKey' | 'metaKey'>): boolean {
  if (event.altKey || event.ctrlKey || event.metaKey) return true;
  const target = event.target as Element | null;
  return Boolean(target?.closest?.('input, select, textarea, [contenteditable=""], [contenteditable="true"]'));
}
