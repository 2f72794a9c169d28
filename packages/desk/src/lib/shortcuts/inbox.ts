import type { ShortcutGroup } from './registry.ts';

/** The inbox's keys (`routes/inbox`). */
export const INBOX_SHORTCUTS: ShortcutGroup = {
  title: 'shortcuts.group.inbox',
  shortcuts: [
    { keys: ['j'], description: 'shortcuts.inbox.next' },
    { keys: ['k'], description: 'shortcuts.inbox.previous' },
    { keys: ['Enter'], description: 'shortcuts.inbox.open' },
    { keys: ['/'], description: 'shortcuts.inbox.search' },
  ],
};
