/** Every sentence of the frame, in English and French (the same keys: the type says so). */
const en = {
  title: 'Chat with us',
  close: 'Close the chat window',
  starting: 'Getting the chat ready…',
  greeting: 'Hello! How can we help?',
  name: 'Your name',
  email: 'Your email',
  topic: 'Topic',
  message: 'Your message',
  start: 'Start the chat',
  send: 'Send',
  attach: 'Attach a file',
  uploading: (name: string, percent: number) => `Sending ${name}: ${percent}%`,
  uploaded: (name: string) => `${name} attached`,
  typing: (name: string) => `${name} is typing…`,
  someone: 'An agent',
  you: 'You',
  agent: 'Agent',
  read: 'Read',
  waiting: 'Waiting for an agent…',
  queuePosition: (position: number) =>
    position === 1 ? 'You are next in line.' : `You are number ${position} in line.`,
  estimatedWait: (time: string) => `Expected wait: ${time}.`,
  nobodyNow: 'Nobody can answer right now.',
  leaveMessage: 'Leave a message instead: we will answer by email',
  leftMessageSubject: 'Message left in the chat',
  end: 'End the chat',
  ended: 'The chat has ended.',
  rate: 'How was this chat?',
  score: (score: number) => `${score} out of 5`,
  comment: 'A comment (optional)',
  sendRating: 'Send the rating',
  thanks: 'Thank you for your rating.',
  transcript: 'Download the transcript',
  emailTranscript: 'Email me the transcript',
  transcriptSent: 'The transcript is on its way to your email address.',
  suggestions: 'These articles may answer your question:',
  articleViewed: 'Opened: did it help? If not, start the chat.',
  offline: 'Nobody can chat right now. Leave us a message and we will answer by email.',
  subject: 'Subject',
  sendTicket: 'Send the message',
  ticketOpened: (id: string) => `Your request ${id} is open. We will answer by email.`,
  expected: (time: string) => `Expected answer: ${time}.`,
  newChat: 'Start a new chat',
  required: 'Please fill this in.',
} as const;

type Words = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

const fr: Words = {
  title: 'Discutons',
  close: 'Fermer la fenêtre de discussion',
  starting: 'Préparation de la discussion…',
  greeting: 'Bonjour ! Comment pouvons-nous vous aider ?',
  name: 'Votre nom',
  email: 'Votre adresse e-mail',
  topic: 'Sujet',
  message: 'Votre message',
  start: 'Commencer la discussion',
  send: 'Envoyer',
  attach: 'Joindre un fichier',
  uploading: (name, percent) => `Envoi de ${name} : ${percent} %`,
  uploaded: (name) => `${name} joint`,
  typing: (name) => `${name} écrit…`,
  someone: 'Un agent',
  you: 'Vous',
  agent: 'Agent',
  read: 'Lu',
  waiting: 'En attente d’un agent…',
  queuePosition: (position) =>
    position === 1 ? 'Vous êtes en tête de la file.' : `Vous êtes en position ${position} dans la file.`,
  estimatedWait: (time) => `Attente estimée : ${time}.`,
  nobodyNow: 'Personne ne peut répondre pour le moment.',
  leaveMessage: 'Laisser plutôt un message : nous répondrons par e-mail',
  leftMessageSubject: 'Message laissé dans la discussion',
  end: 'Terminer la discussion',
  ended: 'La discussion est terminée.',
  rate: 'Comment s’est passée cette discussion ?',
  score: (score) => `${score} sur 5`,
  comment: 'Un commentaire (facultatif)',
  sendRating: 'Envoyer la note',
  thanks: 'Merci pour votre note.',
  transcript: 'Télécharger la transcription',
  emailTranscript: 'M’envoyer la transcription par e-mail',
  transcriptSent: 'La transcription part vers votre adresse e-mail.',
  suggestions: 'Ces articles répondent peut-être à votre question :',
  articleViewed: 'Ouvert : cela vous a-t-il aidé ? Sinon, commencez la discussion.',
  offline: 'Personne ne peut discuter pour le moment. Laissez-nous un message, nous répondrons par e-mail.',
  subject: 'Objet',
  sendTicket: 'Envoyer le message',
  ticketOpened: (id) => `Votre demande ${id} est ouverte. Nous répondrons par e-mail.`,
  expected: (time) => `Réponse attendue : ${time}.`,
  newChat: 'Commencer une nouvelle discussion',
  required: 'Veuillez remplir ce champ.',
};

/** The frame's two catalogues. */
export const WORDS = { en, fr } as const;

export type Language = keyof typeof WORDS;

/** The catalogue of `language` (English for any other). */
export const wordsOf = (language: string): Words => (language === 'fr' ? fr : en);

/** Each refusal's code as a sentence a visitor can act on, in both languages. */
const REFUSALS: Record<string, { en: string; fr: string }> = {
  WIDGET_NOT_FOUND: {
    en: 'This chat is not set up on this site.',
    fr: 'Cette discussion n’est pas configurée sur ce site.',
  },
  WIDGET_ORIGIN_REFUSED: {
    en: 'This site may not show this chat.',
    fr: 'Ce site ne peut pas afficher cette discussion.',
  },
  WIDGET_IDENTITY_INVALID: {
    en: 'We could not confirm who you are: sign in on the site again.',
    fr: 'Nous n’avons pas pu confirmer votre identité : reconnectez-vous sur le site.',
  },
  RATE_LIMITED: {
    en: 'Too many attempts: wait a minute and try again.',
    fr: 'Trop de tentatives : attendez une minute et réessayez.',
  },
  CUSTOMER_MERGED: {
    en: 'You signed in on this site meanwhile: reload the page to go on as yourself.',
    fr: 'Votre connexion à ce site a changé entre-temps : rechargez la page pour continuer.',
  },
  CHAT_OUTSIDE_OPENING_HOURS: {
    en: 'The chat is closed now: leave us a message instead.',
    fr: 'La discussion est fermée pour le moment : laissez-nous plutôt un message.',
  },
  ATTACHMENT_TOO_LARGE: {
    en: 'This file is too large.',
    fr: 'Ce fichier est trop volumineux.',
  },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    en: 'This kind of file cannot be sent: send a picture, a PDF, a text or an office document.',
    fr: 'Ce type de fichier ne peut pas être envoyé : envoyez une image, un PDF, un texte ou un document bureautique.',
  },
  ATTACHMENT_TYPE_MISMATCH: {
    en: 'This file’s name does not match what it holds: rename it and try again.',
    fr: 'Le nom de ce fichier ne correspond pas à son contenu : renommez-le et réessayez.',
  },
  ATTACHMENT_EMPTY: {
    en: 'This file is empty.',
    fr: 'Ce fichier est vide.',
  },
  ATTACHMENT_QUOTA_EXCEEDED: {
    en: 'You have sent as many files as you may for now: try again later.',
    fr: 'Vous avez envoyé autant de fichiers que possible pour le moment : réessayez plus tard.',
  },
  TRANSCRIPT_EMPTY: {
    en: 'Nothing was said in this chat yet: there is no transcript to send.',
    fr: 'Rien n’a encore été dit dans cette discussion : il n’y a pas de transcription à envoyer.',
  },
  TRANSCRIPT_LIMIT_REACHED: {
    en: 'This transcript was already sent to you several times: check your inbox and spam folder.',
    fr: 'Cette transcription vous a déjà été envoyée plusieurs fois : vérifiez votre boîte de réception et vos indésirables.',
  },
  TRANSCRIPT_NO_ADDRESS: {
    en: 'We have no email address for you: download the transcript instead.',
    fr: 'Nous n’avons pas votre adresse e-mail : téléchargez plutôt la transcription.',
  },
  TRANSCRIPT_ADDRESS_NOT_ON_FILE: {
    en: 'We send transcripts only to the email address you gave us.',
    fr: 'Nous n’envoyons les transcriptions qu’à l’adresse e-mail que vous nous avez donnée.',
  },
  BAD_USER_INPUT: {
    en: 'Something in the form is not right: check it and try again.',
    fr: 'Un élément du formulaire est incorrect : vérifiez-le et réessayez.',
  },
};

const FALLBACK = {
  en: 'Something went wrong: try again in a moment.',
  fr: 'Un problème est survenu : réessayez dans un instant.',
};

/** A refusal's code as a sentence in `language`; any code not listed gets a general one. */
export function refusalSentence(code: string, language: string): string {
  const sentences = REFUSALS[code] ?? FALLBACK;
  return language === 'fr' ? sentences.fr : sentences.en;
}

/** A deadline as a visitor reads it, in their language and their browser's time zone ("Tue 4 Mar, 10:00"). */
export function dueAtText(dueAt: string, language: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr' : 'en', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(new Date(dueAt));
}

/**
 * An estimated wait in words, in minutes rounded up ("about 3 minutes", "environ 3 minutes"), or
 * "less than a minute" under one: a visitor waiting in line reads it, not a number of milliseconds.
 */
export function waitText(ms: number, language: string): string {
  const french = language === 'fr';
  if (ms < 60_000) return french ? 'moins d’une minute' : 'less than a minute';
  const minutes = new Intl.NumberFormat(french ? 'fr' : 'en', {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'long',
  }).format(Math.ceil(ms / 60_000));
  return french ? `environ ${minutes}` : `about ${minutes}`;
}
