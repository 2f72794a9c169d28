import type { ShortcutGroup } from './registry.ts';

/** The ticket page's keys (`routes/tickets/[id]`). */
export const TICKET_SHORTCUTS: ShortcutGroup = {
  title: 'shortcuts.group.ticket',
  shortcuts: [
    { keys: ['r'], description: 'shortcuts.ticket.reply' },
    { keys: ['n'], description: 'shortcuts.ticket.note' },
    { keys: ['e'], description: 'shortcuts.ticket.resolve' },
  ],
};
