/** The desk's messages for the ticket page, in English (the reference) and French. */
export const en = {
  'ticket.back': 'Back to the inbox',
  'ticket.notFound': 'No ticket {id}, or not one you may see.',
  'ticket.customer': 'Customer {id}',
  'ticket.timeline': 'Timeline',
  'ticket.internal': 'Internal note',
  'ticket.public': 'Reply',
} as const;

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'ticket.back': 'Retour à la boîte de réception',
  'ticket.notFound': 'Aucun ticket {id}, ou aucun que vous puissiez voir.',
  'ticket.customer': 'Client {id}',
  'ticket.timeline': 'Historique',
  'ticket.internal': 'Note interne',
  'ticket.public': 'Réponse',
};
