/** The loader's few words, in the widget's two languages (the frame carries the rest). */
export const WORDS = {
  en: {
    open: 'Open the chat with support',
    close: 'Close the chat with support',
    unread: (count: number) => `${count} unread ${count === 1 ? 'message' : 'messages'}`,
    frame: 'Chat with support',
  },
  fr: {
    open: 'Ouvrir la discussion avec le support',
    close: 'Fermer la discussion avec le support',
    unread: (count: number) => `${count} ${count === 1 ? 'message non lu' : 'messages non lus'}`,
    frame: 'Discussion avec le support',
  },
} as const;
