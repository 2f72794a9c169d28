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
