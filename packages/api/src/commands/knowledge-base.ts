import type { CommandActor, CommandsByCategory, Sent } from '@support-engine/application';
import { DomainError, Id, isDomainError } from '@support-engine/domain';
import {
  ArchiveArticle,
  ArticleChanges,
  ArticleContent,
  ArticleLocale,
  articleDecider,
  holdsCategory,
  LinkArticleTranslation,
  RequestArticleChanges,
  RestoreArticle,
  RestoreArticleVersion,
  readsDrafts,
  UnlinkArticleTranslation,
  VoteOnArticle,
} from '@support-engine/domain/article';
import {
  KB_CATEGORY_TREE_ID,
  KbCategoryDefinition,
  KbCategoryName,
  kbCategoryDecider,
} from '@support-engine/domain/kb-category';
import { START } from '@support-engine/eventstore';
import { z } from 'zod';
import { VISITOR } from '../auth/guard.js';
import { ARTICLE_ATTACHMENT_IDS, articleFilesOf } from './attachments.js';
import { type CommandEnv, type CommandSpec, defineCommand, defineMutation } from './spec.js';

// The knowledge base's mutations (docs/knowledge-base.md). Article commands go through the
// article writer, which keeps slugs and categories claimed on their own streams.

/** An article command whose input is exactly the domain command's data. */
function articleCommand<S extends z.ZodObject>(
  description: string,
  input: S,
  type: CommandsByCategory['article']['type'],
): CommandSpec {
  return defineCommand(
    description,
    input,
    'article',
    (data) => (data as { articleId: string }).articleId,
    // The input is the domain command's own data schema: the pair is that command.
    (data) => ({ type, data }) as CommandsByCategory['article'],
  );
}

const ArticleRef = z.object({ articleId: Id }).strict();
/** A draft's fields as clients change them: files are named by id (attachmentIds), as on messages. */
const { attachments: _files, ...CHANGED_FIELDS } = ArticleChanges.shape;
/** A category as clients send it: "" (edits) means none. */
const CategoryChoice = z.union([z.literal('').transform(() => null), Id]);
const CategoryNames = z
  .array(z.object({ locale: ArticleLocale, name: KbCategoryName }).strict())
  .min(1)
  .max(50)
  .superRefine((names, context) => {
    // Two names for one locale: which one the reader sees would be an accident of order.
    names.forEach(({ locale }, index) => {
      if (names.findIndex((other) => other.locale === locale) < index)
        context.addIssue({
          code: 'custom',
          path: [index, 'locale'],
          message: `a second name for the locale "${locale}"`,
        });
    });
  })
  .transform((names) => Object.fromEntries(names.map(({ locale, name }) => [locale, name])));
const categoryInput = z
  .object({
    categoryId: Id,
    names: CategoryNames,
    parentId: Id.optional(),
    sortOrder: KbCategoryDefinition.shape.sortOrder.unwrap().optional(),
  })
  .strict();

/** What a visitor's view answers: nothing was written, so version 0 and a token any read has reached. */
const NOTHING_WRITTEN: Sent = { version: 0, checkpoint: START, events: [] };

/** Readers without an account are recorded by the engine under the visitor id their client keeps. */
const HELP_CENTER: CommandActor = { id: 'help-center', role: 'system' };
const VisitorId = z
  .string()
  .trim()
  .regex(/^[\w-]{8,100}$/, 'expected the 8 to 100 letters, digits, - or _ the client keeps for this visitor');

const categoryCommand = (
  env: CommandEnv,
  command: CommandsByCategory['kbcategory'],
  actor: CommandActor = env.principal,
  commandId = env.commandId,
) => env.bus.send('kbcategory', KB_CATEGORY_TREE_ID, command, actor, commandId);

/**
 * A category mutation's result: the category's own version (what `kbCategories` shows), not the
 * whole tree stream's. Read from the event the command wrote, or from the tree when it wrote none.
 */
async function categoryResult(env: CommandEnv, categoryId: string, sent: Sent) {
  const written = (
    sent.events as readonly { type: string; data: { categoryId?: string; version?: number } }[]
  ).findLast(
    (event) =>
      (event.type === 'KbCategorySaved' || event.type === 'KbCategoryDeleted') && event.data.categoryId === categoryId,
  );
  const version =
    written?.data.version ??
    (await env.bus.fold('kbcategory', KB_CATEGORY_TREE_ID, kbCategoryDecider)).lastVersions[categoryId] ??
    sent.version;
  return { id: categoryId, sent: { ...sent, version } };
}

/**
 * Gives back the uses of `categoryId` by articles that no longer hold it (claims a dead command
 * left behind, releasable once the article moved on or the lease lapsed): true when any went.
 */
async function settleCategoryUses(env: CommandEnv, categoryId: string, articleIds: readonly string[]) {
  let settled = false;
  for (const articleId of articleIds) {
    const state = await env.bus.fold('article', articleId, articleDecider);
    if (holdsCategory(state, categoryId)) continue;
    const command = {
      type: 'ReleaseKbCategory' as const,
      data: { categoryId, articleId, articleVersion: state?.version ?? 0 },
    };
    const sent = await categoryCommand(
      env,
      command,
      { id: 'kb-claims', role: 'system' },
      `${env.commandId}:settle:${articleId}`,
    );
    settled ||= sent.events.length > 0;
  }
  return settled;
}

/**
 * Refuses, as `NOT_FOUND`, a version of an article that does not exist, is archived, or (to
 * customers and visitors) was never published: the same answer for each, so a reader cannot tell
 * which. Unless `anyVersion` (the domain then refuses it), a version never published of an
 * article the caller may know is `ARTICLE_VERSION_NOT_PUBLISHED`, as for votes.
 */
async function requirePublishedVersion(
  env: CommandEnv,
  articleId: string,
  version: number,
  anyVersion = false,
  role = env.principal.role,
) {
  const state = await env.bus.fold('article', articleId, articleDecider);
  // Staff know drafts exist; customers and visitors only of what they can read.
  if (state === null || state.archived || (state.live === null && !readsDrafts(role)))
    throw new DomainError('NOT_FOUND', `Article ${articleId} has no published version ${version}`, {
      articleId,
      version,
    });
  // As a vote's refusal says it: the article is there, that version never went out.
  if (!anyVersion && state.versions[version - 1] === undefined)
    throw new DomainError(
      'ARTICLE_VERSION_NOT_PUBLISHED',
      `Version ${version} of article ${articleId} was never published`,
      {
        articleId,
        version,
      },
    );
}

/**
 * Refuses, as `NOT_FOUND` naming the first, related articles that do not exist: a link to nothing
 * would show staff a dead entry (readers only ever see related articles they may open).
 */
async function requireRelatedExist(related: readonly string[], env: CommandEnv): Promise<void> {
  const ids = [...new Set(related)];
  const found = await Promise.all(ids.map((id) => env.bus.fold('article', id, articleDecider)));
  const missing = ids.find((_, index) => found[index] === null);
  if (missing !== undefined)
    throw new DomainError('NOT_FOUND', `Related article ${missing} does not exist`, { articleId: missing });
}

/** The knowledge base's mutations: articles, their review, readers' votes and views, and the category tree. */
export const KNOWLEDGE_BASE_COMMANDS = {
  createArticleDraft: defineCommand(
    'Starts an article as a draft in one locale (id generated when omitted); its slug must be free in that locale (ARTICLE_SLUG_TAKEN). attachmentIds: files the caller uploaded.',
    z
      .object({
        articleId: Id.optional(),
        locale: ArticleLocale,
        ...ArticleContent.omit({ attachments: true }).shape,
        ...ARTICLE_ATTACHMENT_IDS,
      })
      .strict(),
    'article',
    (input, env) => input.articleId ?? env.newId(),
    async ({ articleId: _id, locale, attachmentIds, ...content }, articleId, env) => {
      await requireRelatedExist(content.related ?? [], env);
      return {
        type: 'CreateArticleDraft',
        data: {
          articleId,
          locale,
          content: { ...content, attachments: await articleFilesOf(attachmentIds ?? [], null, env) },
        },
      };
    },
  ),
  editArticleDraft: defineCommand(
    'Changes the fields given of the draft (the first version or a revision); categoryId "" removes the category; attachmentIds replaces its files (ones the article carries, or uploads of the caller).',
    z
      .object({
        articleId: Id,
        ...CHANGED_FIELDS,
        categoryId: CategoryChoice.optional(),
        ...ARTICLE_ATTACHMENT_IDS,
      })
      .strict(),
    'article',
    (input) => input.articleId,
    async ({ articleId, attachmentIds, ...changes }, _id, env) => {
      await requireRelatedExist(changes.related ?? [], env);
      if (attachmentIds === undefined) return { type: 'EditArticleDraft', data: { articleId, changes } };
      const article = await env.bus.fold('article', articleId, articleDecider);
      const attachments = await articleFilesOf(attachmentIds, article, env);
      return { type: 'EditArticleDraft', data: { articleId, changes: { ...changes, attachments } } };
    },
  ),
  submitArticleForReview: articleCommand(
    'Hands the draft to a reviewer (it needs a body); it can no longer be edited unless sent back.',
    ArticleRef,
    'SubmitArticleForReview',
  ),
  approveArticle: articleCommand(
    'Publishes the revision in review as a new version (supervisors and admins who did not write it).',
    ArticleRef,
    'ApproveArticle',
  ),
  requestArticleChanges: articleCommand(
    'Sends the revision in review back to draft, saying why.',
    RequestArticleChanges.shape.data,
    'RequestArticleChanges',
  ),
  startArticleRevision: articleCommand(
    'Starts a revision of the published version; readers keep the published one until the revision is approved.',
    ArticleRef,
    'StartArticleRevision',
  ),
  restoreArticleVersion: articleCommand(
    "Brings back an earlier published version's text as the draft (ARTICLE_VERSION_NOT_PUBLISHED for one never published): a revision starting from it, or the draft in progress made that text. It is reviewed and approved as any revision, becoming a new version; readers keep the live one until then.",
    RestoreArticleVersion.shape.data,
    'RestoreArticleVersion',
  ),
  discardArticleRevision: articleCommand(
    "Drops a published article's revision in progress, unpublished (ARTICLE_NOT_DRAFT without one; ARTICLE_NOT_PUBLISHED for an article never published: archive it instead); the live version stays as readers see it.",
    ArticleRef,
    'DiscardArticleRevision',
  ),
  archiveArticle: articleCommand(
    'Takes the article out of the knowledge base (readers no longer find it).',
    ArchiveArticle.shape.data,
    'ArchiveArticle',
  ),
  restoreArticle: articleCommand(
    'Brings an archived article back, at its last published version.',
    RestoreArticle.shape.data,
    'RestoreArticle',
  ),
  linkArticleTranslation: articleCommand(
    "Records another article as this one's translation into its locale: the article must exist (NOT_FOUND) and locale must be the one it is written in, not this article's (ARTICLE_TRANSLATION_INVALID).",
    LinkArticleTranslation.shape.data,
    'LinkArticleTranslation',
  ),
  unlinkArticleTranslation: articleCommand(
    "Forgets one of the article's translations.",
    UnlinkArticleTranslation.shape.data,
    'UnlinkArticleTranslation',
  ),
  voteOnArticle: defineMutation(
    'The caller finds a published version helpful or not, with an optional comment; voting again changes the vote. The system votes for a visitor without an account (a help center rendered on a server) with visitorId, as that visitor; readers with an account leave it out.',
    VoteOnArticle.shape.data.extend({ visitorId: VisitorId.optional() }).strict(),
    async ({ visitorId, ...data }, env) => {
      const forVisitor = env.principal.role === 'system';
      if (forVisitor !== (visitorId !== undefined))
        throw new DomainError(
          'VALIDATION_FAILED',
          forVisitor
            ? 'The system votes for a visitor: name them with visitorId'
            : 'A reader with an account votes as themselves: leave visitorId out',
          { issues: [{ path: 'visitorId', message: forVisitor ? 'required for the system' : 'only for the system' }] },
        );
      // The visitor votes as a reader of their own (the id their views are counted under), with
      // what a customer may: published versions only.
      const voter: CommandActor = forVisitor ? { id: `visitor:${visitorId}`, role: 'customer' } : env.principal;
      // A customer learns nothing of articles they cannot read: one never published, archived or
      // missing answers alike, as views do. Staff keep the domain's precise refusals.
      if (!readsDrafts(voter.role)) await requirePublishedVersion(env, data.articleId, data.version, true, voter.role);
      const command = { type: 'VoteOnArticle' as const, data };
      return {
        id: data.articleId,
        sent: await env.bus.send('article', data.articleId, command, voter, env.commandId),
      };
    },
  ),
  recordArticleView: defineMutation(
    "Counts the caller's view of a published version (once per reader, article and UTC day). A visitor without an account names themselves with visitorId, and so does the system recording a visitor's view (a help center rendered on a server); readers with an account leave it out. A visitor's own call (no token) is counted outside the event log, per article and hour, up to a bound per client address and hour (beyond, it is answered but not counted); its answer has version 0.",
    z.object({ articleId: Id, version: z.int().positive(), visitorId: VisitorId.optional() }).strict(),
    async ({ articleId, version, visitorId }, env) => {
      const { bus, principal } = env;
      const visitor = principal === VISITOR;
      const forVisitor = visitor || principal.role === 'system';
      if (forVisitor !== (visitorId !== undefined))
        throw new DomainError(
          'VALIDATION_FAILED',
          forVisitor
            ? 'A view without an account names its visitor with visitorId'
            : 'A reader with an account counts their own view: leave visitorId out',
          { issues: [{ path: 'visitorId', message: forVisitor ? 'required for a visitor' : 'only for visitors' }] },
        );
      await requirePublishedVersion(env, articleId, version);
      // Anonymous views are counted outside the log, at most so many per address and hour: a
      // fresh visitor id per request would otherwise append an event forever each time.
      if (visitor) {
        await env.visitors.view(env.address, articleId);
        return { id: articleId, sent: NOTHING_WRITTEN };
      }
      const readerId = forVisitor ? `visitor:${visitorId}` : principal.id;
      const command = { type: 'RecordArticleView' as const, data: { readerId, articleId, version } };
      const sent = await bus.send('kbreader', readerId, command, visitor ? HELP_CENTER : principal, env.commandId);
      return { id: articleId, sent };
    },
  ),
  createKbCategory: defineMutation(
    'Adds a knowledge-base category (id generated when omitted), named in one or more locales, at the top or under parentId.',
    categoryInput.extend({ categoryId: Id.optional() }),
    async ({ categoryId, names, parentId, sortOrder }, env) => {
      const id = categoryId ?? env.newId();
      const definition = { names, parentId: parentId ?? null, sortOrder: sortOrder ?? 0 };
      return categoryResult(
        env,
        id,
        await categoryCommand(env, { type: 'CreateKbCategory', data: { categoryId: id, definition } }),
      );
    },
  ),
  updateKbCategory: defineMutation(
    "Replaces a category's names, parent and place among its siblings.",
    categoryInput,
    async ({ categoryId, names, parentId, sortOrder }, env) => {
      const definition = { names, parentId: parentId ?? null, sortOrder: sortOrder ?? 0 };
      return categoryResult(
        env,
        categoryId,
        await categoryCommand(env, { type: 'UpdateKbCategory', data: { categoryId, definition } }),
      );
    },
  ),
  deleteKbCategory: defineMutation(
    'Deletes a category without subcategories or articles (CATEGORY_IN_USE otherwise).',
    z.object({ categoryId: Id }).strict(),
    async ({ categoryId }, env) => {
      const command = { type: 'DeleteKbCategory' as const, data: { categoryId } };
      try {
        return await categoryResult(env, categoryId, await categoryCommand(env, command));
      } catch (error) {
        const articles = isDomainError(error) && error.code === 'CATEGORY_IN_USE' ? error.details?.articles : undefined;
        if (!Array.isArray(articles) || !(await settleCategoryUses(env, categoryId, articles as string[]))) throw error;
        return categoryResult(env, categoryId, await categoryCommand(env, command));
      }
    },
  ),
} satisfies Record<string, CommandSpec>;
