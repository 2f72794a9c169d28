/** The languages the help center is written in; the first is the default (x-default). */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Whether `value` is a language the help center speaks. */
export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The first of the browser's preferred languages (an Accept-Language header, by quality) the help
 * center speaks (`fr-CA` is French); English otherwise.
 */
export function languageOf(acceptLanguage: string | null): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((found) => found !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.primary).find(isLanguage) ?? 'en';
}

const en = {
  'site.name': 'Help center',
  'site.description': 'Answers to common questions: search the articles or browse by topic.',
  'nav.home': 'Help center home',
  'nav.contact': 'Contact us',
  'nav.language': 'Language',
  'nav.skip': 'Skip to content',
  'search.label': 'Search the help center',
  'search.button': 'Search',
  'search.title': 'Search: {text}',
  'search.results': 'Results for “{text}”',
  'search.none': 'No article matches your search. Try other words, or contact us.',
  'search.didYouMean': 'Did you mean',
  'search.empty': 'Type a few words to search the articles.',
  'home.categories': 'Browse by topic',
  'home.popular': 'Popular articles',
  'home.noArticles': 'No article is published yet.',
  'category.articles': '{count} articles',
  'category.none': 'No article in this topic yet.',
  'article.updated': 'Updated {date}',
  'article.related': 'Related articles',
  'article.translations': 'Also in',
  'vote.question': 'Was this article helpful?',
  'vote.yes': 'Yes',
  'vote.no': 'No',
  'vote.comment': 'Anything to add? (optional)',
  'vote.send': 'Send',
  'vote.thanks': 'Thank you for your feedback.',
  'vote.failed': 'Your feedback could not be recorded. Please try again later.',
  'vote.tooLong': 'Your comment is too long: keep it under {max} characters.',
  'contact.title': 'Contact us',
  'contact.intro': 'Did not find your answer? Our team is here to help.',
  'contact.widget':
    'Open the chat with the button at the bottom of the page: chat with us, or leave a message when nobody is available.',
  'contact.email': 'Write to us at',
  'contact.none': 'Contact details are not configured for this help center yet.',
  'notFound.title': 'Page not found',
  'notFound.text': 'This page does not exist, or the article is no longer published.',
  'error.title': 'Something went wrong',
  'error.text': 'The help center could not show this page. Please try again in a moment.',
  'nav.requests': 'My requests',
  'nav.signIn': 'Sign in',
  'nav.signOut': 'Sign out',
  'signIn.title': 'Sign in to your requests',
  'signIn.intro': 'Type the email address you write to us from: we will send you a link to sign in.',
  'signIn.email': 'Email address',
  'signIn.send': 'Send me a link',
  'signIn.sent.title': 'Check your mail',
  'signIn.sent.text':
    'If {email} is the address of one of our customers, a link to sign in is on its way. It works once, for 15 minutes.',
  'signIn.invalid': 'Type a valid email address, like name@example.com.',
  'signIn.rateLimited': 'Too many links were asked for. Please wait a few minutes before asking again.',
  'signIn.failed': 'The link could not be sent. Please try again in a moment.',
  'signIn.dev.title': 'Development only: sign in as',
  'signIn.dev.button': 'Sign in as {name}',
  'verify.title': 'Signing in',
  'verify.used': 'This link was already used: each link signs in once. Ask for a new one below.',
  'verify.expired': 'This link has expired: links work for 15 minutes. Ask for a new one below.',
  'verify.invalid': 'This link is not valid: it may have been cut in your mail. Ask for a new one below.',
  'verify.again': 'Send me a new link',
  'requests.title': 'My requests',
  'requests.tickets': 'Tickets',
  'requests.chats': 'Chats',
  'requests.noTickets': 'You have no ticket yet.',
  'requests.noChats': 'You have no chat yet.',
  'requests.subject': 'Subject',
  'requests.status': 'Status',
  'requests.lastActivity': 'Last activity',
  'requests.firstLine': 'First message',
  'requests.more': 'Older tickets',
  'requests.first': 'Newest tickets',
  'status.new': 'Received',
  'status.in_progress': 'In progress',
  'status.waiting_customer': 'Waiting for your answer',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',
  'status.waiting': 'Waiting',
  'status.active': 'Active',
  'ticket.back': 'Back to my requests',
  'ticket.opened': 'Opened {date}',
  'ticket.conversation': 'Conversation',
  'ticket.you': 'You',
  'ticket.team': 'Support team',
  'ticket.reply': 'Your answer',
  'ticket.files': 'Attach files (optional)',
  'ticket.send': 'Send',
  'ticket.sendReopen': 'Send and reopen',
  'ticket.reopenHint': 'Not solved after all? Write to us: your answer reopens the ticket.',
  'ticket.closedHint': 'This ticket is closed. Writing to us reopens it.',
  'ticket.sent': 'Your answer was sent.',
  'ticket.empty': 'Write an answer or attach a file.',
  'ticket.tooLarge': 'A file is too large: {name}.',
  'ticket.failed': 'This could not be done. Please reload the page and try again.',
  'ticket.confirm.question': 'Is your problem solved?',
  'ticket.confirm.button': 'Yes, close the ticket',
  'ticket.confirmed': 'Thank you: the ticket is closed.',
  'ticket.live': 'New answers appear here as they arrive.',
  'rate.legend': 'How would you rate our help?',
  'rate.score': '{score} out of 5',
  'rate.comment': 'Comment (optional)',
  'rate.send': 'Send my rating',
  'rate.thanks': 'Thank you for your rating.',
  'rate.yours': 'Your rating: {score} out of 5',
  'chat.title': 'Chat of {date}',
  'chat.transcript': 'Transcript',
} as const;

/** A message's key. */
export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  'site.name': 'Centre d’aide',
  'site.description': 'Les réponses aux questions courantes : cherchez dans les articles ou parcourez-les par thème.',
  'nav.home': 'Accueil du centre d’aide',
  'nav.contact': 'Nous contacter',
  'nav.language': 'Langue',
  'nav.skip': 'Aller au contenu',
  'search.label': 'Chercher dans le centre d’aide',
  'search.button': 'Chercher',
  'search.title': 'Recherche : {text}',
  'search.results': 'Résultats pour « {text} »',
  'search.none': 'Aucun article ne correspond à votre recherche. Essayez d’autres mots, ou contactez-nous.',
  'search.didYouMean': 'Vouliez-vous dire',
  'search.empty': 'Tapez quelques mots pour chercher dans les articles.',
  'home.categories': 'Parcourir par thème',
  'home.popular': 'Articles populaires',
  'home.noArticles': 'Aucun article n’est encore publié.',
  'category.articles': '{count} articles',
  'category.none': 'Aucun article dans ce thème pour l’instant.',
  'article.updated': 'Mis à jour le {date}',
  'article.related': 'Articles liés',
  'article.translations': 'Aussi en',
  'vote.question': 'Cet article vous a-t-il aidé ?',
  'vote.yes': 'Oui',
  'vote.no': 'Non',
  'vote.comment': 'Quelque chose à ajouter ? (facultatif)',
  'vote.send': 'Envoyer',
  'vote.thanks': 'Merci pour votre avis.',
  'vote.failed': 'Votre avis n’a pas pu être enregistré. Réessayez plus tard.',
  'vote.tooLong': 'Votre commentaire est trop long : moins de {max} caractères.',
  'contact.title': 'Nous contacter',
  'contact.intro': 'Vous n’avez pas trouvé votre réponse ? Notre équipe est là pour vous aider.',
  'contact.widget':
    'Ouvrez la discussion avec le bouton en bas de la page : discutez avec nous, ou laissez un message quand personne n’est disponible.',
  'contact.email': 'Écrivez-nous à',
  'contact.none': 'Les coordonnées de contact de ce centre d’aide ne sont pas encore configurées.',
  'notFound.title': 'Page introuvable',
  'notFound.text': 'Cette page n’existe pas, ou l’article n’est plus publié.',
  'error.title': 'Une erreur est survenue',
  'error.text': 'Le centre d’aide n’a pas pu afficher cette page. Réessayez dans un instant.',
  'nav.requests': 'Mes demandes',
  'nav.signIn': 'Se connecter',
  'nav.signOut': 'Se déconnecter',
  'signIn.title': 'Connectez-vous à vos demandes',
  'signIn.intro': 'Tapez l’adresse e-mail d’où vous nous écrivez : nous vous enverrons un lien pour vous connecter.',
  'signIn.email': 'Adresse e-mail',
  'signIn.send': 'Envoyez-moi un lien',
  'signIn.sent.title': 'Consultez vos e-mails',
  'signIn.sent.text':
    'Si {email} est l’adresse de l’un de nos clients, un lien de connexion est en route. Il sert une fois, pendant 15 minutes.',
  'signIn.invalid': 'Tapez une adresse e-mail valide, comme nom@exemple.fr.',
  'signIn.rateLimited': 'Trop de liens ont été demandés. Attendez quelques minutes avant de redemander.',
  'signIn.failed': 'Le lien n’a pas pu être envoyé. Réessayez dans un instant.',
  'signIn.dev.title': 'Développement seulement : se connecter comme',
  'signIn.dev.button': 'Se connecter comme {name}',
  'verify.title': 'Connexion',
  'verify.used': 'Ce lien a déjà servi : chaque lien connecte une seule fois. Demandez-en un nouveau ci-dessous.',
  'verify.expired': 'Ce lien a expiré : les liens servent 15 minutes. Demandez-en un nouveau ci-dessous.',
  'verify.invalid':
    'Ce lien n’est pas valide : il a peut-être été coupé dans votre e-mail. Demandez-en un nouveau ci-dessous.',
  'verify.again': 'Envoyez-moi un nouveau lien',
  'requests.title': 'Mes demandes',
  'requests.tickets': 'Tickets',
  'requests.chats': 'Discussions',
  'requests.noTickets': 'Vous n’avez pas encore de ticket.',
  'requests.noChats': 'Vous n’avez pas encore de discussion.',
  'requests.subject': 'Objet',
  'requests.status': 'État',
  'requests.lastActivity': 'Dernière activité',
  'requests.firstLine': 'Premier message',
  'requests.more': 'Tickets plus anciens',
  'requests.first': 'Tickets les plus récents',
  'status.new': 'Reçu',
  'status.in_progress': 'En cours',
  'status.waiting_customer': 'En attente de votre réponse',
  'status.resolved': 'Résolu',
  'status.closed': 'Fermé',
  'status.waiting': 'En attente',
  'status.active': 'En cours',
  'ticket.back': 'Retour à mes demandes',
  'ticket.opened': 'Ouvert le {date}',
  'ticket.conversation': 'Conversation',
  'ticket.you': 'Vous',
  'ticket.team': 'Équipe support',
  'ticket.reply': 'Votre réponse',
  'ticket.files': 'Joindre des fichiers (facultatif)',
  'ticket.send': 'Envoyer',
  'ticket.sendReopen': 'Envoyer et rouvrir',
  'ticket.reopenHint': 'Finalement pas résolu ? Écrivez-nous : votre réponse rouvre le ticket.',
  'ticket.closedHint': 'Ce ticket est fermé. Nous écrire le rouvre.',
  'ticket.sent': 'Votre réponse a été envoyée.',
  'ticket.empty': 'Écrivez une réponse ou joignez un fichier.',
  'ticket.tooLarge': 'Un fichier est trop gros : {name}.',
  'ticket.failed': 'Cela n’a pas pu être fait. Rechargez la page et réessayez.',
  'ticket.confirm.question': 'Votre problème est-il résolu ?',
  'ticket.confirm.button': 'Oui, fermer le ticket',
  'ticket.confirmed': 'Merci : le ticket est fermé.',
  'ticket.live': 'Les nouvelles réponses s’affichent ici dès leur arrivée.',
  'rate.legend': 'Comment évaluez-vous notre aide ?',
  'rate.score': '{score} sur 5',
  'rate.comment': 'Commentaire (facultatif)',
  'rate.send': 'Envoyer ma note',
  'rate.thanks': 'Merci pour votre note.',
  'rate.yours': 'Votre note : {score} sur 5',
  'chat.title': 'Discussion du {date}',
  'chat.transcript': 'Transcription',
};

/** Both catalogues: small enough for every page to carry them. */
export const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, fr };

/** The names of the languages, each in itself (a language menu). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', fr: 'Français' };

/** A message in `language`, its `{placeholders}` filled in. */
export function t(language: Language, key: MessageKey, values: Readonly<Record<string, string | number>> = {}): string {
  return CATALOGUES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
