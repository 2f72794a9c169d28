import type { ShortcutGroup } from './registry.ts';

/** Keys that work on every screen of the desk. */
export const DESK_SHORTCUTS: ShortcutGroup = {
  title: 'shortcuts.group.desk',
  shortcuts: [
    { keys: ['?'], description: 'shortcuts.help' },
    { keys: ['g', 'i'], description: 'shortcuts.goInbox' },
    { keys: ['g', 'a'], description: 'shortcuts.goAlerts' },
    { keys: ['g', 'p'], description: 'shortcuts.goProfile' },
  ],
};
