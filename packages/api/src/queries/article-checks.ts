import { DomainError } from '@support-engine/domain';
import { ArticleBody, type ArticleCommand, articleDecider } from '@support-engine/domain/article';
import { KB_CATEGORY_TREE_ID, type KbCategoryCommand, kbCategoryDecider } from '@support-engine/domain/kb-category';
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
    return CHECKED.map((command) => ({
      command,
      refusal: refusalOf(() => articleDecider.decide(commandOf(command, articleId), state, decision)),
    }));
  },
);

/** The code a decision is refused with, or null when the decider allows it (its events are dropped). */
function refusalOf(decide: () => unknown): string | null {
  try {
    decide();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

// A new category's id and name while checking whether the caller may create one: not stored.
const CHECKED_NEW_CATEGORY = 'checking-whether-the-caller-may';

/**
 * Whether the caller may create a knowledge-base category, and edit and delete each existing one
 * (`CATEGORY_IN_USE` while it has subcategories or articles), tried by the domain's decider against
 * the tree (nothing written). An edit is tried as saving the category as it stands.
 */
export const kbCategoryCommandChecks = defineQuery<object>(null, async (_args, context, principal) => {
  const tree = await context.services.bus.fold('kbcategory', KB_CATEGORY_TREE_ID, kbCategoryDecider);
  const decision = { now: context.services.deps.clock(), actor: { id: principal.id, role: principal.role } };
  const check = (categoryId: string | null, command: KbCategoryCommand) => ({
    categoryId,
    command: command.type,
    refusal: refusalOf(() => kbCategoryDecider.decide(command, tree, decision)),
  });
  const create = check(null, {
    type: 'CreateKbCategory',
    data: { categoryId: CHECKED_NEW_CATEGORY, definition: { names: { en: CHECKED_NEW_CATEGORY } } },
  });
  return [
    create,
    ...Object.values(tree.categories).flatMap(({ id: categoryId, definition }) => [
      check(categoryId, { type: 'UpdateKbCategory', data: { categoryId, definition } }),
      check(categoryId, { type: 'DeleteKbCategory', data: { categoryId } }),
    ]),
  ];
});

/** Markdown as the knowledge base renders an article's body: the same renderer and sanitizer, for a writer's preview. */
export const renderArticleMarkdown = defineQuery<{ readonly markdown: string }>(null, async (args) =>
  renderArticleBody(parseInput(z.object({ markdown: ArticleBody }), args).markdown),
);
