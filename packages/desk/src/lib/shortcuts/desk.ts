import type { ShortcutGroup } from './registry.ts';

/** Keys that work on every screen of the desk. */
export const DESK_SHORTCUTS: ShortcutGroup = {
  title: 'shortcuts.group.desk',
  shortcuts: [{ keys: ['?'], description: 'shortcuts.help' }],
};
