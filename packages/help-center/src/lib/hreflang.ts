import { isLanguage, LANGUAGES, type Language } from './i18n';

/** A `<link rel="alternate">` of a page: the language it is in (or x-default) and its address. */
export interface Alternate {
  readonly hreflang: Language | 'x-default';
  readonly href: string;
}

/** The path of an article's page in the help center (under its base path, e.g. /help). */
export function articlePath(base: string, article: { readonly articleId: string; readonly locale: string }): string {
  return `${base}/${article.locale}/articles/${encodeURIComponent(article.articleId)}`;
}

/**
 * The alternates of an article's page: the article itself and each of its translations the
 * help center speaks, one per language (the article's own first), and x-default: the English
 * one when there is one, else the article itself. A page with no translation still names
 * itself, as search engines ask.
 */
export function articleAlternates(
  origin: string,
  base: string,
  article: {
    readonly articleId: string;
    readonly locale: string;
    readonly translations: readonly { readonly articleId: string; readonly locale: string }[];
  },
): Alternate[] {
  const byLanguage = new Map<Language, string>();
  for (const version of [article, ...article.translations])
    if (isLanguage(version.locale) && !byLanguage.has(version.locale))
      byLanguage.set(version.locale, `${origin}${articlePath(base, version)}`);
  const alternates: Alternate[] = [...byLanguage].map(([hreflang, href]) => ({ hreflang, href }));
  const fallback = byLanguage.get(LANGUAGES[0]) ?? alternates[0]?.href;
  return fallback === undefined ? alternates : [...alternates, { hreflang: 'x-default', href: fallback }];
}

/**
 * The alternates of a page that exists in every language (home, search, contact): the same
 * `path` under each language, and x-default the language-neutral address that redirects by the
 * browser's languages.
 */
export function pageAlternates(origin: string, base: string, path: string): Alternate[] {
  return [
    ...LANGUAGES.map((language) => ({ hreflang: language, href: `${origin}${base}/${language}${path}` })),
    { hreflang: 'x-default', href: `${origin}${base}${path === '' ? '' : `/en${path}`}` },
  ];
}
