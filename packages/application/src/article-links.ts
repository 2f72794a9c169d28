import { DomainError } from '@support-engine/domain';
import { articleDecider, liveVersion } from '@support-engine/domain/article';
import type { LinkedArticle } from '@support-engine/domain/ticket';
import type { CommandBus } from './bus.js';

/**
 * The articles a reply links, with the title the customer will see (the linked version's, else
 * the live one's), read from each article's stream. Refuses, before anything is written, a link
 * to an article a customer could not open: one that does not exist (`NOT_FOUND`), is archived
 * (`ARTICLE_ARCHIVED`), was never published (`ARTICLE_NOT_PUBLISHED`) or has no such published
 * version (`ARTICLE_VERSION_NOT_PUBLISHED`), or one named in a locale it is not written in
 * (`VALIDATION_FAILED`: a translation is another article).
 */
export async function linkableArticles(bus: CommandBus, links: readonly LinkedArticle[]): Promise<LinkedArticle[]> {
  const titled: LinkedArticle[] = [];
  for (const [index, { articleId, locale, version }] of links.entries()) {
    const article = await bus.fold('article', articleId, articleDecider);
    if (article === null) throw new DomainError('NOT_FOUND', `Article ${articleId} does not exist`, { articleId });
    if (article.locale !== locale)
      throw new DomainError(
        'VALIDATION_FAILED',
        `Article ${articleId} is written in ${article.locale}, not ${locale}`,
        {
          issues: [{ path: `articles.${index}.locale`, message: `expected ${article.locale}` }],
        },
      );
    if (article.archived) throw new DomainError('ARTICLE_ARCHIVED', `Article ${articleId} is archived`, { articleId });
    const shown = version === undefined ? liveVersion(article) : article.versions[version - 1];
    if (shown === undefined || shown === null)
      throw new DomainError(
        version === undefined ? 'ARTICLE_NOT_PUBLISHED' : 'ARTICLE_VERSION_NOT_PUBLISHED',
        version === undefined
          ? `Article ${articleId} has no published version`
          : `Article ${articleId} has no published version ${version}`,
        { articleId, ...(version === undefined ? {} : { version }) },
      );
    titled.push({ articleId, locale, ...(version === undefined ? {} : { version }), title: shown.content.title });
  }
  return titled;
}
