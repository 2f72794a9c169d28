import { DomainError } from '../shared/errors.js';
import { withAuthor } from './approval.js';
import type { ArticleEvent, ArticleEventOf } from './events.js';
import { type Article, type ArticleRevision, type ArticleState, voteKey } from './state.js';

/**
 * Applies one article event. A stream that does not start with exactly one
 * `ArticleDraftCreated` is corrupt and throws.
 */
export function evolveArticle(state: ArticleState, event: ArticleEvent): ArticleState {
  if (event.type === 'ArticleDraftCreated') {
    if (state !== null) throw new Error(`Article ${state.articleId} is created twice in its stream`);
    return created(event);
  }
  if (state === null)
    throw new DomainError('HISTORY_INVALID', `Article stream starts with ${event.type} instead of ArticleDraftCreated`);
  return { ...apply(state, event), version: state.version + 1 };
}

function created({ data }: ArticleEventOf<'ArticleDraftCreated'>): Article {
  return {
    articleId: data.articleId,
    locale: data.locale,
    createdBy: data.actor.id,
    revision: { content: data.content, status: 'draft', authors: [data.actor.id], basedOn: null },
    versions: [],
    live: null,
    archived: false,
    translations: {},
    votes: {},
    version: 1,
  };
}

function apply(article: Article, event: Exclude<ArticleEvent, ArticleEventOf<'ArticleDraftCreated'>>): Article {
  switch (event.type) {
    case 'ArticleDraftEdited':
      return withRevision(article, (revision) => ({
        ...revision,
        content: event.data.content,
        authors: withAuthor(revision, event.data.actor.id),
      }));
    case 'ArticleSubmittedForReview':
      return withRevision(article, (revision) => ({ ...revision, status: 'in_review' }));
    case 'ArticleRevisionDiscarded':
      return { ...article, revision: null };
    case 'ArticleChangesRequested':
      return withRevision(article, (revision) => ({ ...revision, status: 'draft' }));
    case 'ArticleApproved': {
      const { version, content, authors, reviewerId, at } = event.data;
      const published = { version, content, authors, reviewerId, publishedAt: at };
      return { ...article, revision: null, versions: [...article.versions, published], live: version };
    }
    case 'ArticleRevisionStarted': {
      const { content, fromVersion, actor } = event.data;
      return { ...article, revision: { content, status: 'draft', authors: [actor.id], basedOn: fromVersion } };
    }
    case 'ArticleArchived':
      return { ...article, archived: true };
    case 'ArticleRestored':
      // A revision that sat in review while archived goes back to draft: it is submitted again.
      return withRevision({ ...article, archived: false }, (revision) => ({ ...revision, status: 'draft' }));
    case 'ArticleTranslationLinked':
      return { ...article, translations: { ...article.translations, [event.data.locale]: event.data.translationId } };
    case 'ArticleTranslationUnlinked': {
      const { [event.data.locale]: _unlinked, ...translations } = article.translations;
      return { ...article, translations };
    }
    case 'ArticleVoted': {
      const { version, readerId, helpful, comment } = event.data;
      const votes = { ...article.votes, [voteKey(version, readerId)]: { helpful, comment: comment ?? null } };
      return { ...article, votes };
    }
  }
}

function withRevision(article: Article, change: (revision: ArticleRevision) => ArticleRevision): Article {
  return article.revision === null ? article : { ...article, revision: change(article.revision) };
}
