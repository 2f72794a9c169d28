import { randomUUID } from 'node:crypto';
import { type Actor, type Decider, DomainError, type EventSchemaRegistry, streamId } from '@support-engine/domain';
import {
  type ArticleCommand,
  type ArticleEvent,
  type ArticleHoldings,
  type ArticleState,
  articleClaims,
  articleDecider,
  holdsCategory,
  holdsSlug,
  requireTranslationTarget,
  type SlugKey,
  slugClaimDecider,
  slugClaimId,
  slugTakenError,
} from '@support-engine/domain/article';
import { KB_CATEGORY_TREE_ID, kbCategoryDecider } from '@support-engine/domain/kb-category';
import {
  type CommandHandler,
  createCommandHandler,
  type DomainEvent,
  type EventStore,
  type HandleRequest,
} from '@support-engine/eventstore';
import { attemptHoldingClaims, type FoldedStream, readFolded, repeatedOutcome } from './claiming.js';

/** Options of {@link createArticleWrites}. */
export interface ArticleWritesOptions {
  readonly store: EventStore;
  readonly registry: EventSchemaRegistry;
  /** Decisions before a command whose article keeps moving gives up with the last conflict; 4 by default. */
  readonly maxAttempts?: number;
}

const TREE_STREAM = streamId('kbcategory', KB_CATEGORY_TREE_ID);

/** The engine itself, settling claims a dead command left behind. */
const SETTLER: Actor = { id: 'kb-claims', role: 'system' };

type ArticleSnapshot = FoldedStream<ArticleState>;

/**
 * Article commands, with what they hold on other streams kept in step
 * (docs/knowledge-base.md#slugs-and-categories-across-streams):
 * 1. decide the command against the article at version `v` (a refusal ends here, nothing written);
 *    a translation link is also checked against the linked article's own stream (it exists, in
 *    the locale named);
 * 2. refuse early, still writing nothing, a slug another article holds or a category that does not exist;
 * 3. claim each new slug (`kbslug-<locale>:<slug>`) and category use (`kbcategory-default`),
 *    recording `v`: the claim streams serialise racing articles, so one slug goes to one article;
 * 4. append the events at exactly `v` (a conflict: decide again from 1);
 * 5. give back what the article no longer holds. A claim records `v`, and a release is only
 *    accepted once the article has moved past it, so it never frees a slug that a command still
 *    in flight relies on. A claim whose command died is given back when someone else needs the
 *    slug or category and the claim's lease has lapsed.
 */
export function createArticleWrites(options: ArticleWritesOptions): CommandHandler<ArticleCommand, DomainEvent> {
  const { store, registry } = options;
  const maxAttempts = options.maxAttempts ?? 4;
  const articles = createCommandHandler({ store, registry, decider: articleDecider });
  const slugs = createCommandHandler({ store, registry, decider: slugClaimDecider });
  const categories = createCommandHandler({ store, registry, decider: kbCategoryDecider });

  const readArticle = (articleId: string): Promise<ArticleSnapshot> =>
    readFolded(
      store,
      registry,
      streamId('article', articleId),
      articleDecider as Decider<never, ArticleEvent, ArticleState>,
    );
  const slugStream = (key: SlugKey) => streamId('kbslug', slugClaimId(key.locale, key.slug));

  /** Refuses, before anything is written, a slug held by another article (unless its claim lapsed) or an unknown category. */
  async function precheck(articleId: string, take: ArticleHoldings, now: Date): Promise<void> {
    for (const key of take.slugs) {
      const { state } = await readFolded(store, registry, slugStream(key), slugClaimDecider);
      if (state.holder !== null && state.holder !== articleId && !(await settleSlug(key, state.holder, now)))
        throw slugTakenError(key, state.holder);
    }
    if (take.categoryIds.length === 0) return;
    const { state: tree } = await readFolded(store, registry, TREE_STREAM, kbCategoryDecider);
    for (const categoryId of take.categoryIds)
      if (tree.categories[categoryId] === undefined)
        throw new DomainError('NOT_FOUND', `Category ${categoryId} does not exist`, { categoryId });
  }

  /** Gives back `holder`'s claim on the slug if `holder` does not hold it; true when the slug is then free. */
  async function settleSlug(key: SlugKey, holder: string, now: Date): Promise<boolean> {
    const article = await readArticle(holder);
    if (holdsSlug(article.state, key)) return false;
    const result = await slugs.handle({
      streamId: slugStream(key),
      command: { type: 'ReleaseArticleSlug', data: { ...key, articleId: holder, articleVersion: article.version } },
      commandId: `kb-settle:${randomUUID()}`,
      context: { now, actor: SETTLER },
    });
    return result.events.length > 0;
  }

  async function claim(articleId: string, take: ArticleHoldings, atVersion: number, request: HandleRequest<unknown>) {
    const { commandId, context, metadata } = request;
    for (const key of take.slugs) {
      await slugs.handle({
        streamId: slugStream(key),
        command: { type: 'ClaimArticleSlug', data: { ...key, articleId, atVersion } },
        commandId: `kb-claim:${commandId}@${atVersion}:${slugClaimId(key.locale, key.slug)}`,
        context,
        metadata,
      });
    }
    for (const categoryId of take.categoryIds) {
      await categories.handle({
        streamId: TREE_STREAM,
        command: { type: 'UseKbCategory', data: { categoryId, articleId, atVersion } },
        commandId: `kb-claim:${commandId}@${atVersion}:category:${categoryId}`,
        context,
        metadata,
      });
    }
  }

  /** Gives back each of `claimed` the article (now at `article.version`) does not hold. */
  async function release(articleId: string, claimed: ArticleHoldings, article: ArticleSnapshot, now: Date) {
    const context = { now, actor: SETTLER };
    const articleVersion = article.version;
    for (const key of claimed.slugs.filter((key) => !holdsSlug(article.state, key))) {
      await slugs.handle({
        streamId: slugStream(key),
        command: { type: 'ReleaseArticleSlug', data: { ...key, articleId, articleVersion } },
        commandId: `kb-release:${randomUUID()}`,
        context,
      });
    }
    for (const categoryId of claimed.categoryIds.filter((id) => !holdsCategory(article.state, id))) {
      await categories.handle({
        streamId: TREE_STREAM,
        command: { type: 'ReleaseKbCategory', data: { categoryId, articleId, articleVersion } },
        commandId: `kb-release:${randomUUID()}`,
        context,
      });
    }
  }

  /**
   * A link names the article linked and the locale it is linked in: the linked article must exist
   * and be written in that locale, as its own stream says (its locale never changes, so this
   * needs no claim), so a caller cannot pass an article off as a translation into another locale.
   */
  async function checkTranslation(command: ArticleCommand): Promise<void> {
    if (command.type !== 'LinkArticleTranslation') return;
    const { translationId, locale } = command.data;
    requireTranslationTarget((await readArticle(translationId)).state, translationId, locale);
  }

  async function attempt(request: HandleRequest<ArticleCommand>, articleId: string, claimed: ArticleHoldings[]) {
    const current = await readArticle(articleId);
    const done = repeatedOutcome(current.history, request, registry);
    if (done) return done;
    const events = articleDecider.decide(request.command, current.state, request.context);
    await checkTranslation(request.command);
    const after = events.reduce(articleDecider.evolve, current.state);
    const { take, release: letGo } = articleClaims(current.state, after);
    await precheck(articleId, take, request.context.now);
    claimed.push(take);
    await claim(articleId, take, current.version, request);
    const result = await articles.handle({
      ...request,
      expectedVersion: current.version,
      history: current.history,
    });
    claimed.push(letGo);
    return result;
  }

  return {
    async handle(request) {
      const articleId = articleIdOf(request.command);
      const claimed: ArticleHoldings[] = [];
      // Whatever happened, what the article does not hold now goes back (the fence keeps what a
      // command still in flight relies on).
      return attemptHoldingClaims(
        maxAttempts,
        () => attempt(request, articleId, claimed),
        async () => {
          if (claimed.some((holdings) => holdings.slugs.length > 0 || holdings.categoryIds.length > 0))
            await release(articleId, merge(claimed), await readArticle(articleId), request.context.now);
        },
      );
    },
  };
}

function articleIdOf(command: ArticleCommand): string {
  return command.data.articleId;
}

function merge(all: readonly ArticleHoldings[]): ArticleHoldings {
  const slugs = new Map(
    all.flatMap((holdings) => holdings.slugs).map((key) => [slugClaimId(key.locale, key.slug), key]),
  );
  return { slugs: [...slugs.values()], categoryIds: [...new Set(all.flatMap((holdings) => holdings.categoryIds))] };
}
