import type { CommandContext } from '../shared/context.js';
import { DomainError, invalidField } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { termsKey } from '../sla-config/governing.js';
import { authorizeArticleCommand } from './access.js';
import { requireIndependentReviewer } from './approval.js';
import { ArticleCommand, type ParsedArticleCommand } from './commands.js';
import type { ArticleEvent } from './events.js';
import {
  articleStatus,
  requireChanged,
  requireComplete,
  requireDraft,
  requireInReview,
  requireNotArchived,
  requireRevisable,
} from './lifecycle.js';
import { requireValidSlug } from './slug.js';
import { type Article, type ArticleState, liveVersion } from './state.js';
import { linksTranslation, localeOfTranslation } from './translations.js';
import type { ArticleContent } from './values.js';
import { replacedVote } from './votes.js';

type CommandOf<T extends ParsedArticleCommand['type']> = Extract<ParsedArticleCommand, { type: T }>;

/**
 * Decides an article command (docs/knowledge-base.md#articles-lifecycle-versions-and-approval).
 * Checks run in this order: the role (`FORBIDDEN`), existence (`NOT_FOUND` / `ALREADY_EXISTS`),
 * archiving (`ARTICLE_ARCHIVED`: an archived article accepts only a restore), then the rules.
 * An edit, link or vote that changes nothing yields no events, so clients may repeat them.
 *
 * The slug's uniqueness per locale and the category's existence are not this stream's to know:
 * the handler claims them on their own streams first (see {@link articleClaims}).
 */
export function decideArticle(input: ArticleCommand, state: ArticleState, context: CommandContext): ArticleEvent[] {
  const command = parseOrThrow(ArticleCommand, input, 'article command');
  authorizeArticleCommand(command.type, context.actor);
  if (command.type === 'CreateArticleDraft') return create(command, state, context);
  const article = requireArticle(state, command.data.articleId);
  if (command.type === 'RestoreArticle') return restore(article, command, context);
  requireNotArchived(article);
  const meta = provenance(context);
  const { articleId, locale } = article;
  switch (command.type) {
    case 'EditArticleDraft':
      return edit(article, command, context);
    case 'SubmitArticleForReview': {
      const revision = requireDraft(article);
      requireComplete(article, revision);
      requireChanged(article, revision);
      const { content } = revision;
      const authors = [...revision.authors];
      return [{ type: 'ArticleSubmittedForReview', data: { ...meta, articleId, locale, content, authors } }];
    }
    case 'ApproveArticle': {
      const revision = requireInReview(article);
      requireIndependentReviewer(article, revision, context.actor);
      const { content, authors } = revision;
      const data = {
        ...meta,
        articleId,
        version: article.versions.length + 1,
        previousVersion: article.live,
        locale,
        content,
        authors: [...authors],
        reviewerId: context.actor.id,
      };
      return [{ type: 'ArticleApproved', data }];
    }
    case 'RequestArticleChanges':
      requireInReview(article);
      return [{ type: 'ArticleChangesRequested', data: { ...provenance(context, command.data.reason), articleId } }];
    case 'StartArticleRevision': {
      const { version: fromVersion, content } = requireRevisable(article);
      return [{ type: 'ArticleRevisionStarted', data: { ...meta, articleId, fromVersion, content } }];
    }
    case 'RestoreArticleVersion':
      return restoreVersion(article, command, context);
    case 'DiscardArticleRevision': {
      const live = liveVersion(article);
      if (live === null)
        throw new DomainError('ARTICLE_NOT_PUBLISHED', `Article ${articleId} was never published: archive it instead`, {
          articleId,
        });
      if (article.revision === null)
        throw new DomainError('ARTICLE_NOT_DRAFT', `Article ${articleId} has no revision in progress`, {
          articleId,
          status: articleStatus(article),
        });
      const { content, authors, version: liveVersionNumber } = live;
      return [
        {
          type: 'ArticleRevisionDiscarded',
          data: { ...meta, articleId, liveVersion: liveVersionNumber, content, authorId: authors[0]! },
        },
      ];
    }
    case 'ArchiveArticle':
      return [
        {
          type: 'ArticleArchived',
          data: { ...provenance(context, command.data.reason), articleId, liveVersion: article.live },
        },
      ];
    case 'LinkArticleTranslation': {
      const { translationId, locale: into } = command.data;
      if (!linksTranslation(article, translationId, into)) return [];
      return [{ type: 'ArticleTranslationLinked', data: { ...meta, articleId, translationId, locale: into } }];
    }
    case 'UnlinkArticleTranslation': {
      const { translationId } = command.data;
      const linkedIn = localeOfTranslation(article, translationId);
      if (linkedIn === undefined) return [];
      return [{ type: 'ArticleTranslationUnlinked', data: { ...meta, articleId, translationId, locale: linkedIn } }];
    }
    case 'VoteOnArticle':
      return vote(article, command, context);
  }
}

function requireArticle(state: ArticleState, articleId: string): Article {
  if (state !== null && state.articleId === articleId) return state;
  throw new DomainError('NOT_FOUND', `Article ${articleId} does not exist`, { articleId });
}

function create(
  command: CommandOf<'CreateArticleDraft'>,
  state: ArticleState,
  context: CommandContext,
): ArticleEvent[] {
  const { articleId, locale, content } = command.data;
  if (state !== null) throw new DomainError('ALREADY_EXISTS', `Article ${articleId} already exists`, { articleId });
  requireContentRules(articleId, content, 'content');
  return [{ type: 'ArticleDraftCreated', data: { ...provenance(context), articleId, locale, content } }];
}

function edit(article: Article, { data }: CommandOf<'EditArticleDraft'>, context: CommandContext): ArticleEvent[] {
  const revision = requireDraft(article);
  const content: ArticleContent = { ...revision.content, ...data.changes };
  requireContentRules(article.articleId, content, 'changes');
  const changed = changedFields(Object.keys(data.changes) as (keyof ArticleContent)[], content, revision.content);
  if (changed.length === 0) return [];
  const { articleId, locale } = article;
  return [{ type: 'ArticleDraftEdited', data: { ...provenance(context), articleId, locale, content, changed } }];
}

/** Which of `fields` differ between two contents (canonically: a state folded from stored JSON may order an attachment's keys differently). */
function changedFields(
  fields: readonly (keyof ArticleContent)[],
  next: ArticleContent,
  current: ArticleContent,
): (keyof ArticleContent)[] {
  return fields.filter((field) => termsKey(next[field]) !== termsKey(current[field]));
}

/**
 * The rules of a content beyond its schema: a well-formed slug, and no article related to itself.
 * `given` is where the command holds the content (`content`, or the `changes` of an edit).
 */
function requireContentRules(articleId: string, content: ArticleContent, given: 'content' | 'changes'): void {
  requireValidSlug(content.slug);
  if (content.related.includes(articleId))
    throw invalidField(`${given}.related`, `Article ${articleId} cannot be related to itself`, { articleId });
}

/**
 * The text of a published version back as the draft: a revision started from it, or the draft
 * in progress given its fields (nothing when they are already those). A revision in review is
 * sent back first (`ARTICLE_NOT_DRAFT`).
 */
function restoreVersion(
  article: Article,
  { data }: CommandOf<'RestoreArticleVersion'>,
  context: CommandContext,
): ArticleEvent[] {
  const { articleId, locale } = article;
  const restored = article.versions[data.version - 1];
  if (restored === undefined)
    throw new DomainError(
      'ARTICLE_VERSION_NOT_PUBLISHED',
      `Article ${articleId} has no published version ${data.version}`,
      {
        articleId,
        version: data.version,
      },
    );
  const { content } = restored;
  if (article.revision === null)
    return [
      {
        type: 'ArticleRevisionStarted',
        data: { ...provenance(context), articleId, fromVersion: data.version, content },
      },
    ];
  const draft = requireDraft(article);
  const changed = changedFields(Object.keys(content) as (keyof ArticleContent)[], content, draft.content);
  if (changed.length === 0) return [];
  return [{ type: 'ArticleDraftEdited', data: { ...provenance(context), articleId, locale, content, changed } }];
}

function restore(article: Article, { data }: CommandOf<'RestoreArticle'>, context: CommandContext): ArticleEvent[] {
  if (!article.archived)
    throw new DomainError('ARTICLE_NOT_ARCHIVED', `Article ${article.articleId} is not archived`, {
      articleId: article.articleId,
    });
  return [
    {
      type: 'ArticleRestored',
      data: { ...provenance(context, data.reason), articleId: article.articleId, liveVersion: article.live },
    },
  ];
}

function vote(article: Article, { data }: CommandOf<'VoteOnArticle'>, context: CommandContext): ArticleEvent[] {
  const { version, helpful } = data;
  const comment = data.comment === undefined || data.comment === '' ? null : data.comment;
  const previous = replacedVote(article, version, context.actor, { helpful, comment });
  if (previous === undefined) return [];
  return [
    {
      type: 'ArticleVoted',
      data: {
        ...provenance(context),
        articleId: article.articleId,
        version,
        readerId: context.actor.id,
        helpful,
        ...(comment === null ? {} : { comment }),
        ...(previous === null ? {} : { previous: { helpful: previous.helpful } }),
      },
    },
  ];
}
