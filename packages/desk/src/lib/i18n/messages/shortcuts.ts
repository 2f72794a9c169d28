/** The desk's messages for the keyboard shortcuts and their `?` help, in English (the reference) and French. */
export const en = {
  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.intro': 'Keys work anywhere but in a field you are typing in.',
  'shortcuts.group.desk': 'Everywhere',
  'shortcuts.group.inbox': 'Inbox',
  'shortcuts.group.ticket': 'Ticket',
  'shortcuts.help': 'Show this list of shortcuts',
  'shortcuts.inbox.next': 'Next ticket',
  'shortcuts.inbox.previous': 'Previous ticket',
  'shortcuts.inbox.open': 'Open the selected ticket',
  'shortcuts.inbox.search': 'Search',
  'shortcuts.ticket.reply': 'Reply to the customer',
  'shortcuts.ticket.note': 'Write an internal note',
  'shortcuts.ticket.resolve': 'Resolve the ticket',
} as const;

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'shortcuts.title': 'Raccourcis clavier',
  'shortcuts.intro': 'Les touches fonctionnent partout, sauf dans un champ où vous écrivez.',
  'shortcuts.group.desk': 'Partout',
  'shortcuts.group.inbox': 'Boîte de réception',
  'shortcuts.group.ticket': 'Ticket',
  'shortcuts.help': 'Afficher cette liste de raccourcis',
  'shortcuts.inbox.next': 'Ticket suivant',
  'shortcuts.inbox.previous': 'Ticket précédent',
  'shortcuts.inbox.open': 'Ouvrir le ticket sélectionné',
  'shortcuts.inbox.search': 'Rechercher',
  'shortcuts.ticket.reply': 'Répondre au client',
  'shortcuts.ticket.note': 'Écrire une note interne',
  'shortcuts.ticket.resolve': 'Résoudre le ticket',
};
