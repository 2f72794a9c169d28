import { createDomainEventRegistry, fold, LanguageTag, streamId } from '@support-engine/domain';
import {
  type Article,
  ArticleTag,
  articleDecider,
  articleStatus,
  helpCenterArticleAddress,
  liveVersion,
  readsDrafts,
} from '@support-engine/domain/article';
import { primaryLanguage } from '@support-engine/domain/assignment';
import { KB_CATEGORY_TREE_ID, kbCategoryDecider } from '@support-engine/domain/kb-category';
import {
  type ArticleAudience,
  articleById,
  articleBySlug,
  articleVersion,
  articleVersions,
  articleVotes,
  autocompleteArticleTitles,
  getChat,
  getTicket,
  listArticles,
  MAX_SEARCH_TEXT,
  publishedArticlesByCategory,
  ReplayLimitError,
  knowledgeBaseMetrics as readKnowledgeBaseMetrics,
  recordSearchGap,
  renderArticleBody,
  searchArticles as runSearch,
  suggestArticles,
} from '@support-engine/projections';
import { z } from 'zod';
import { VISITOR } from '../auth/guard.js';
import type { Principal } from '../auth/tokens.js';
import { ApiError } from '../errors/codes.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { readAsOf } from './as-of.js';
import { periodInOrder } from './period.js';

// Customers (and visitors of a public help center) read published versions only; staff and
// auditors read the working text of every article, drafts included.
const audienceOf = (principal: Principal): ArticleAudience => (readsDrafts(principal.role) ? 'staff' : 'customer');

const registry = createDomainEventRegistry();

const Text = z.string().trim().min(1).max(MAX_SEARCH_TEXT);
// Read in the case articles are written in (`EN` finds `en`); a tag that is none is bad input.
const Locale = LanguageTag.nullish();
const Filter = {
  locale: Locale,
  categoryId: z.string().min(1).max(200).nullish(),
  // Folded as articles' tags are stored (`ＳＳＯ` finds `sso`).
  tag: ArticleTag.nullish(),
};
const undef = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** The article as a reader opens it; with `asOf` (staff and auditors), as its events had it then. */
export const article = defineQuery<{ readonly id: string; readonly asOf?: Date | null }>(
  'articles',
  async (args, context, principal) => {
    const { store, db } = context.services.deps;
    if (!args.asOf) return articleById(db, args.id, audienceOf(principal));
    if (principal.role === 'customer')
      throw new ApiError('FORBIDDEN', 'Only staff and auditors read past states of articles', { policy: 'role' });
    const { past, instant } = await readAsOf(context, args.asOf, async (asOf, left) => {
      const stream = streamId('article', args.id);
      const events = await store.readStream(stream, { asOf });
      if (events.length > left) throw new ReplayLimitError(stream, events.length, left);
      const upcast = events.map((event) => registry.upcast(event));
      const state = fold(articleDecider, upcast as never[]);
      // As the read model's updatedAt: when the text or the status last changed.
      const changed = upcast.findLast((event) => !UNCHANGING.has(event.type));
      const updatedAt = changed ? new Date((changed.data as { at: string }).at) : asOf;
      return { state, updatedAt, replayed: events.length };
    });
    return past.state && articleFromState(past.state, past.updatedAt, instant);
  },
);

/** Article events that leave its text and status as they were: they do not move its `updatedAt`. */
const UNCHANGING: ReadonlySet<string> = new Set([
  'ArticleVoted',
  'ArticleTranslationLinked',
  'ArticleTranslationUnlinked',
]);

/** A staff view of an article from its folded events: the working text (a revision's, else the live version's). */
function articleFromState(state: Article, updatedAt: Date, asOf: Date) {
  const live = liveVersion(state);
  const content = state.revision?.content ?? live?.content;
  const votes = Object.values(state.votes);
  return {
    articleId: state.articleId,
    locale: state.locale,
    slug: content?.slug ?? '',
    status: articleStatus(state),
    title: content?.title ?? '',
    excerpt: content?.excerpt ?? '',
    bodyMarkdown: content?.body ?? '',
    bodyHtml: renderArticleBody(content?.body ?? ''),
    categoryId: content?.categoryId ?? null,
    tags: content?.tags ?? [],
    related: content?.related ?? [],
    attachments: content?.attachments ?? [],
    authorId: state.revision?.authors[0] ?? live?.authors[0] ?? state.createdBy,
    publishedVersion: state.live,
    publishedAt: live?.publishedAt ?? null,
    // A first version's progress is the article's own status; a live article's revision has its own.
    revisionStatus: state.live !== null && state.revision !== null ? state.revision.status : null,
    updatedAt,
    helpfulVotes: votes.filter((vote) => vote.helpful).length,
    unhelpfulVotes: votes.filter((vote) => !vote.helpful).length,
    views: null,
    translations: Object.entries(state.translations).map(([locale, articleId]) => ({ articleId, locale, slug: null })),
    asOf,
  };
}

/** An article by its locale and slug (what a help-center URL carries). */
export const articleBySlugQuery = defineQuery<{ readonly locale: string; readonly slug: string }>(
  'articles',
  async (args, context, principal) =>
    articleBySlug(
      context.services.deps.db,
      parseInput(z.object({ locale: LanguageTag }), args).locale,
      // Slugs are stored in NFKC form; a URL may carry the same letters decomposed.
      args.slug.normalize('NFKC'),
      audienceOf(principal),
    ),
);

/** One published version as it was published; customers only of an article still in the knowledge base. */
export const articleVersionQuery = defineQuery<{ readonly articleId: string; readonly version: number }>(
  'articles',
  async (args, context, principal) => {
    const { db } = context.services.deps;
    if (!readsDrafts(principal.role) && (await articleById(db, args.articleId, 'customer')) === null) return null;
    return articleVersion(db, args.articleId, args.version, audienceOf(principal));
  },
);

/** Every published version of an article, newest first: what a writer restores from (staff and auditors). */
export const articleVersionsQuery = defineQuery<{ readonly articleId: string }>('articles', async (args, context) => {
  const { db } = context.services.deps;
  const [article, versions] = await Promise.all([
    articleById(db, args.articleId, 'staff'),
    articleVersions(db, args.articleId),
  ]);
  // A mistyped id must not read as an article never published.
  if (article === null) throw new ApiError('NOT_FOUND', `No article "${args.articleId}"`);
  // An archived article's readers see no version at all.
  return article.status === 'archived' ? versions.map((version) => ({ ...version, current: false })) : versions;
});

const SearchArgs = z.object({
  text: Text,
  ...Filter,
  first: z.int().min(1).max(100).nullish(),
  after: z.string().max(200).nullish(),
});

/**
 * Ranked full-text search with snippets; a customer's (or a visitor's: at most so many per address
 * and hour) search that finds nothing is recorded as a content gap, unless a tag or category narrowed it (the filter, not the
 * knowledge base, may be what is missing). Staff searches are not: they search drafts too, and
 * what they look for is not what readers find missing.
 */
export const searchArticles = defineQuery<z.input<typeof SearchArgs>>('articles', async (args, context, principal) => {
  const parsed = parseInput(SearchArgs, args);
  const { db, clock } = context.services.deps;
  const result = await runSearch(
    db,
    {
      text: parsed.text,
      locale: undef(parsed.locale),
      categoryId: undef(parsed.categoryId),
      tag: undef(parsed.tag),
      audience: audienceOf(principal),
      first: undef(parsed.first),
      after: undef(parsed.after),
    },
    context.services.articleSearchCache,
  );
  const narrowed = parsed.tag != null || parsed.categoryId != null;
  if (result.noHits && result.wordful && !narrowed && audienceOf(principal) === 'customer') {
    const search = { text: result.text, locale: undef(parsed.locale) };
    // A visitor's, at most so many per address and hour.
    if (principal === VISITOR) await context.services.visitors.searchGap(context.address, search);
    else await recordSearchGap(db, { ...search, at: clock() });
  }
  return result;
});

const AutocompleteArgs = z.object({ text: Text, locale: Locale, first: z.int().min(1).max(100).nullish() });

/** Titles matching what the reader is typing, typo tolerant. */
export const autocompleteArticles = defineQuery<z.input<typeof AutocompleteArgs>>(
  'articles',
  async (args, context, principal) => {
    const parsed = parseInput(AutocompleteArgs, args);
    return autocompleteArticleTitles(context.services.deps.db, {
      prefix: parsed.text,
      locale: undef(parsed.locale),
      audience: audienceOf(principal),
      first: undef(parsed.first),
    });
  },
);

/** A suggestion's `url`: its address in the help center, when the deployment names one. */
export const ARTICLE_TITLE_SUGGESTION_FIELDS = {
  url: (suggestion: { articleId: string; locale: string }, _args: unknown, context: ApiContext) => {
    const template = context.services.config.helpCenterArticleUrl;
    return template === null ? null : helpCenterArticleAddress(template, suggestion);
  },
};

const SuggestArgs = z
  .object({
    ticketId: z.string().min(1).nullish(),
    chatId: z.string().min(1).nullish(),
    first: z.int().min(1).max(20).nullish(),
  })
  .refine((args) => (args.ticketId == null) !== (args.chatId == null), 'name exactly one of ticketId and chatId');

/** Published articles that may answer a ticket or a chat, from its subject and first message. */
export const suggestedArticles = defineQuery<z.input<typeof SuggestArgs>>(
  ['articles', 'tickets', 'chats'],
  async (args, context) => {
    const parsed = parseInput(SuggestArgs, args);
    const { db } = context.services.deps;
    const source = parsed.ticketId
      ? await getTicket(db, parsed.ticketId, { includeInternal: false }).then(
          (detail) =>
            detail && {
              subject: detail.ticket.subject,
              firstMessage: detail.messages[0]?.body ?? '',
              language: detail.ticket.language,
            },
        )
      : await getChat(db, parsed.chatId!, { includeInternal: false }).then(
          (detail) =>
            detail && { subject: '', firstMessage: detail.messages[0]?.body ?? '', language: detail.chat.language },
        );
    if (!source)
      throw new ApiError(
        'NOT_FOUND',
        `No ${parsed.ticketId ? 'ticket' : 'chat'} "${parsed.ticketId ?? parsed.chatId}"`,
      );
    return suggestArticles(db, {
      subject: source.subject,
      firstMessage: source.firstMessage,
      locale: source.language ? primaryLanguage(source.language) : undefined,
      first: undef(parsed.first),
    });
  },
);

const ListArgs = z.object({
  status: z.enum(['draft', 'in_review', 'published', 'archived']).nullish(),
  ...Filter,
  first: z.int().min(1).max(100).nullish(),
  after: z.string().max(200).nullish(),
});

/**
 * Articles as staff list them (the review queue is `status: in_review`), most recently changed
 * first; customers and visitors list the published ones (a help center's category page).
 */
export const articles = defineQuery<z.input<typeof ListArgs>>('articles', async (args, context, principal) => {
  const parsed = parseInput(ListArgs, args);
  const audience = audienceOf(principal);
  if (audience === 'customer' && parsed.status != null && parsed.status !== 'published')
    throw new ApiError('FORBIDDEN', 'Customers and visitors list published articles only', { policy: 'ownership' });
  return listArticles(
    context.services.deps.db,
    {
      status: undef(parsed.status),
      locale: undef(parsed.locale),
      categoryId: undef(parsed.categoryId),
      tag: undef(parsed.tag),
      first: undef(parsed.first),
      after: undef(parsed.after),
    },
    audience,
  );
});

const FeedbackArgs = z.object({
  articleId: z.string().min(1),
  version: z.int().positive().nullish(),
  withCommentOnly: z.boolean().nullish(),
  first: z.int().min(1).max(100).nullish(),
});

/** Readers' votes on an article, newest first, with their comments. */
export const articleFeedback = defineQuery<z.input<typeof FeedbackArgs>>('articles', async (args, context) => {
  const parsed = parseInput(FeedbackArgs, args);
  const { db } = context.services.deps;
  const votes = await articleVotes(db, {
    articleId: parsed.articleId,
    version: undef(parsed.version),
    withCommentOnly: parsed.withCommentOnly ?? false,
    first: undef(parsed.first),
  });
  // A mistyped id must not read as an article nobody voted on.
  if (votes.length === 0 && (await articleById(db, parsed.articleId, 'staff')) === null)
    throw new ApiError('NOT_FOUND', `No article "${parsed.articleId}"`);
  return votes;
});

/**
 * The category tree as the log holds it now, parents before children, siblings by sort order.
 * Each counts the articles filed there: for staff every one (drafts and archived ones too, in
 * every language, as the log's claims have it); for customers and visitors the published ones they
 * can open (read model), in the `locale`'s language when one is given.
 */
export const kbCategories = defineQuery<{ readonly locale?: string | null }>(
  'articles',
  async (args, context, principal) => {
    // Checked as every other `locale` argument is: a tag that is no language is refused.
    const { locale } = parseInput(z.object({ locale: Locale }), args);
    const tree = await context.services.bus.fold('kbcategory', KB_CATEGORY_TREE_ID, kbCategoryDecider);
    const wanted = locale ? primaryLanguage(locale) : null;
    const published =
      audienceOf(principal) === 'customer'
        ? await publishedArticlesByCategory(context.services.deps.db, wanted ?? undefined)
        : null;
    const all = Object.values(tree.categories);
    const order = (parentId: string | null): typeof all =>
      all
        .filter((category) => category.definition.parentId === parentId)
        .sort((a, b) => a.definition.sortOrder - b.definition.sortOrder || a.id.localeCompare(b.id))
        .flatMap((category) => [category, ...order(category.id)]);
    return order(null).map((category) => {
      const { names, parentId, sortOrder } = category.definition;
      const name =
        (wanted && Object.entries(names).find(([locale]) => primaryLanguage(locale) === wanted)?.[1]) ??
        Object.values(names)[0]!;
      return {
        id: category.id,
        version: category.version,
        name,
        names: Object.entries(names).map(([locale, text]) => ({ locale, name: text })),
        parentId,
        sortOrder,
        articles: published ? (published.get(category.id) ?? 0) : Object.keys(tree.users[category.id] ?? {}).length,
      };
    });
  },
);

const MetricsArgs = z
  .object({ from: z.date(), to: z.date(), first: z.int().min(1).max(500).nullish() })
  .refine(...periodInOrder);

/** Self-service resolution, helpfulness and content gaps over a period. */
export const knowledgeBaseMetrics = defineQuery<z.input<typeof MetricsArgs>>(
  ['articles', 'tickets'],
  async (args, context) => {
    const parsed = parseInput(MetricsArgs, args);
    const { db, clock } = context.services.deps;
    return readKnowledgeBaseMetrics(db, { from: parsed.from, to: parsed.to, now: clock(), first: undef(parsed.first) });
  },
);
