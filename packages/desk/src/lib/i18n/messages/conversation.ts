/** The desk's messages for long conversations (the ticket page's and the chat console's), in English and French. */
export const en = {
  'conversation.earlier': 'Load earlier messages ({count} more)',
  'conversation.loadingEarlier': 'Loading earlier messages…',
  'conversation.start': 'The start of the conversation.',
  'conversation.scroll': 'The conversation (scroll up, or use the button at its top, for earlier messages)',
};

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'conversation.earlier': 'Afficher les messages précédents ({count} de plus)',
  'conversation.loadingEarlier': 'Chargement des messages précédents…',
  'conversation.start': 'Le début de la conversation.',
  'conversation.scroll': 'La conversation (remontez, ou utilisez le bouton en haut, pour les messages précédents)',
};
