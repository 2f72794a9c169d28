import type { ShortcutGroup } from './registry.ts';

/** The held-mail screen's keys (`routes/held-mail`). */
export const HELD_MAIL_SHORTCUTS: ShortcutGroup = {
  title: 'heldMail.keys.group',
  shortcuts: [
    { keys: ['j'], description: 'heldMail.keys.next' },
    { keys: ['k'], description: 'heldMail.keys.previous' },
    { keys: ['a'], description: 'heldMail.keys.accept' },
    { keys: ['d'], description: 'heldMail.keys.discard' },
  ],
};
