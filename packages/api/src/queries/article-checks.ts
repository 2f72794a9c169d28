import { DomainError } from '@support-engine/domain';
import { ArticleBody, type ArticleCommand, articleDecider } from '@support-engine/domain/article';
import { renderArticleBody } from '@support-engine/projections';
import { z } from 'zod';
import { ApiError } from '../errors/codes.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

/**
 * The review and writing commands a screen offers on an article, each tried against the
 * article's events by the domain's own decider (nothing is written): a screen shows the refused
 * ones disabled with the reason, and never restates the rules.
 */
const CHECKED = [
  'SubmitArticleForReview',
  'ApproveArticle',
  'RequestArticleChanges',
  'StartArticleRevision',
  'DiscardArticleRevision',
  'ArchiveArticle',
  'RestoreArticle',
  'UnlinkArticleTranslation',
] as const;

// Fill the arguments the checked commands take besides the id; they play no part in the rules
// (unlinking an article that is no translation is allowed and changes nothing).
const REASON = 'checking whether the caller may';
const TRANSLATION = 'checking-whether-the-caller-may';

function commandOf(type: (typeof CHECKED)[number], articleId: string): ArticleCommand {
  if (type === 'RequestArticleChanges') return { type, data: { articleId, reason: REASON } };
  if (type === 'UnlinkArticleTranslation') return { type, data: { articleId, translationId: TRANSLATION } };
  return { type, data: { articleId } } as ArticleCommand;
}

/** Each checked command with the code the domain would refuse it with for the caller now (null: allowed). */
export const articleCommandChecks = defineQuery<{ readonly articleId: string }>(
  null,
  async (args, context, principal) => {
    const { articleId } = parseInput(z.object({ articleId: z.string().trim().min(1).max(200) }), args);
    const state = await context.services.bus.fold('article', articleId, articleDecider);
    // A mistyped id must not read as an article every command is refused on.
    if (state === null) throw new ApiError('NOT_FOUND', `No article "${articleId}"`);
    const decision = { now: context.services.deps.clock(), actor: { id: principal.id, role: principal.role } };
    return CHECKED.map((command) => {
      try {
        articleDecider.decide(commandOf(command, articleId), state, decision);
        return { command, refusal: null };
      } catch (error) {
        if (error instanceof DomainError) return { command, refusal: error.code };
        throw error;
      }
    });
  },
);

/** Markdown as the knowledge base renders an article's body: the same renderer and sanitizer, for a writer's preview. */
export const renderArticleMarkdown = defineQuery<{ readonly markdown: string }>(null, async (args) =>
  renderArticleBody(parseInput(z.object({ markdown: ArticleBody }), args).markdown),
);
