/** The desk's messages for what the ticket page and the chat console share (long conversations, canned replies), in English and French. */
export const en = {
  'conversation.earlier': 'Load earlier messages ({count} more)',
  'conversation.loadingEarlier': 'Loading earlier messages…',
  'conversation.start': 'The start of the conversation.',
  'conversation.scroll': 'The conversation (scroll up, or use the button at its top, for earlier messages)',
  'conversation.canned': 'Canned replies',
  'conversation.cannedNone': 'No canned reply matches “{query}”.',
  'conversation.cannedNoneInChat':
    'No canned reply a chat can fill matches “{query}” (replies naming the ticket are offered on tickets only).',
};

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'conversation.earlier': 'Afficher les messages précédents ({count} de plus)',
  'conversation.loadingEarlier': 'Chargement des messages précédents…',
  'conversation.start': 'Le début de la conversation.',
  'conversation.scroll': 'La conversation (remontez, ou utilisez le bouton en haut, pour les messages précédents)',
  'conversation.canned': 'Réponses types',
  'conversation.cannedNone': 'Aucune réponse type ne correspond à « {query} ».',
  'conversation.cannedNoneInChat':
    'Aucune réponse type utilisable dans un chat ne correspond à « {query} » (celles qui citent le ticket ne sont proposées que sur les tickets).',
};
