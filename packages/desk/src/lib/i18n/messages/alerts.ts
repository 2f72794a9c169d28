/** The desk's messages for a staff member's alerts (the header's count and the alerts page), in English (the reference) and French. */
export const en = {
  'alerts.nav': 'Alerts',
  'alerts.navUnread': ', {count} unread',
  'alerts.title': 'Alerts',
  'alerts.intro':
    'What the engine told you: work given to you, SLA warnings and breaches, escalations. New ones appear here as they come.',
  'alerts.none': 'No alerts yet.',
  'alerts.unread': '{count} unread',
  'alerts.markAll': 'Mark all as read',
  'alerts.markOne': 'Mark “{title}” as read',
  'alerts.markedAll': 'Every alert is read.',
  'alerts.openTicket': 'Open the ticket',
  'alerts.openChat': 'Open the chat',
  'alerts.new': 'New',
  'alerts.more': 'Show more',
  'alerts.error': 'The alerts could not be read: {reason}',
} as const;

/** French. */
export const fr: Readonly<Record<keyof typeof en, string>> = {
  'alerts.nav': 'Alertes',
  'alerts.navUnread': ', {count} non lues',
  'alerts.title': 'Alertes',
  'alerts.intro':
    'Ce que le moteur vous a signalé : le travail qui vous est confié, les alertes et dépassements de SLA, les escalades. Les nouvelles apparaissent ici dès qu’elles arrivent.',
  'alerts.none': 'Aucune alerte pour l’instant.',
  'alerts.unread': '{count} non lues',
  'alerts.markAll': 'Tout marquer comme lu',
  'alerts.markOne': 'Marquer « {title} » comme lue',
  'alerts.markedAll': 'Toutes les alertes sont lues.',
  'alerts.openTicket': 'Ouvrir le ticket',
  'alerts.openChat': 'Ouvrir la discussion',
  'alerts.new': 'Nouvelle',
  'alerts.more': 'Afficher plus',
  'alerts.error': 'Les alertes n’ont pas pu être lues : {reason}',
};
