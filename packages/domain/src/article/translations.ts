import { DomainError } from '../shared/errors.js';
import type { Article, ArticleState } from './state.js';

/** The same language, compared case-insensitively (`pt-BR` is `pt-br`). */
export function sameLocale(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether linking `translationId` as the article's translation into `locale` changes anything
 * (false: already linked). Refuses a link to the article itself or into its own locale
 * (`ARTICLE_TRANSLATION_INVALID`), and a second translation into one locale (`ALREADY_EXISTS`:
 * unlink the first).
 */
export function linksTranslation(article: Article, translationId: string, locale: string): boolean {
  if (translationId === article.articleId || sameLocale(locale, article.locale))
    throw new DomainError(
      'ARTICLE_TRANSLATION_INVALID',
      `Article ${article.articleId} (${article.locale}) cannot be its own translation or have one in its own locale`,
      { articleId: article.articleId, translationId, locale },
    );
  const current = translationIn(article, locale);
  if (current === translationId) return false;
  if (current !== undefined)
    throw new DomainError(
      'ALREADY_EXISTS',
      `Article ${article.articleId} already has ${current} as its ${locale} translation; unlink it first`,
      { articleId: article.articleId, locale, translationId: current },
    );
  return true;
}

/** The article's translation into `locale`, if linked. */
export function translationIn(article: Article, locale: string): string | undefined {
  return Object.entries(article.translations).find(([key]) => sameLocale(key, locale))?.[1];
}

/** The locale `translationId` is linked in, if it is linked. */
export function localeOfTranslation(article: Article, translationId: string): string | undefined {
  return Object.entries(article.translations).find(([, id]) => id === translationId)?.[0];
}

/**
 * Checks the article linked as a translation against its own state (its stream, not a read
 * model): it must exist (`NOT_FOUND`) and be written in the locale the link names
 * (`ARTICLE_TRANSLATION_INVALID`), so the linking article's rule against its own locale holds for
 * the article's real locale, not for the one a caller claims. An article's locale never changes
 * and no article is ever deleted, so what this checks stays true once checked.
 */
export function requireTranslationTarget(translation: ArticleState, translationId: string, locale: string): void {
  if (translation === null || translation.articleId !== translationId)
    throw new DomainError('NOT_FOUND', `Article ${translationId} does not exist`, { articleId: translationId });
  if (!sameLocale(translation.locale, locale))
    throw new DomainError(
      'ARTICLE_TRANSLATION_INVALID',
      `Article ${translationId} is written in ${translation.locale}, not ${locale}: a translation is linked in its own locale`,
      { translationId, locale, translationLocale: translation.locale },
    );
}
