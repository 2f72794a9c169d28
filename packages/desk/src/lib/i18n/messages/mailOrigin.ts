/** The desk's messages for a message that came by mail (its origin and original), in English (the reference) and French. */
export const en = {
  'mailOrigin.byEmail': 'By email',
  'mailOrigin.route': 'from {from} to {mailbox}',
  'mailOrigin.verdict.verified': 'Verified sender ({checks} pass)',
  'mailOrigin.verdict.failed': 'Sender not verified: DMARC failed',
  'mailOrigin.verdict.unverified': 'Sender not verified: no DMARC pass (DMARC {dmarc})',
  'mailOrigin.showOriginal': 'Show original',
  'mailOrigin.originalUnavailable': 'The original could not be downloaded.',
  'mailOrigin.showFull': 'Show full message',
  'mailOrigin.showReply': 'Show only the reply',
  'mailOrigin.fullMessage': 'Full message, with the quoted text',
} as const;

export const fr: Readonly<Record<keyof typeof en, string>> = {
  'mailOrigin.byEmail': 'Par e-mail',
  'mailOrigin.route': 'de {from} à {mailbox}',
  'mailOrigin.verdict.verified': 'Expéditeur vérifié ({checks} réussis)',
  'mailOrigin.verdict.failed': 'Expéditeur non vérifié : DMARC a échoué',
  'mailOrigin.verdict.unverified': 'Expéditeur non vérifié : DMARC non réussi (DMARC {dmarc})',
  'mailOrigin.showOriginal': 'Afficher l’original',
  'mailOrigin.originalUnavailable': 'L’original n’a pas pu être téléchargé.',
  'mailOrigin.showFull': 'Afficher le message complet',
  'mailOrigin.showReply': 'Afficher seulement la réponse',
  'mailOrigin.fullMessage': 'Message complet, avec le texte cité',
};
