import { searchGapQuery, visitorViewHour } from '@support-engine/domain/article';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { selfServiceResolvedSql, selfServiceSettledSql } from './self-service-condition.js';

/** Self-service over a group of views: settled ones (their window has passed) and how many opened no ticket. */
export interface SelfService {
  /** Views (or sessions) whose window has passed. */
  readonly settled: number;
  /** Of those, the ones followed by no ticket from the customer within the window. */
  readonly resolved: number;
  /** `resolved / settled`; null when nothing settled. */
  readonly rate: number | null;
  /** Views (or sessions) still inside their window: not counted either way yet. */
  readonly pending: number;
}

/** One article's figures. */
export interface ArticleMetrics {
  readonly articleId: string;
  readonly title: string;
  readonly locale: string;
  readonly categoryId: string | null;
  /**
   * All-time, every reader: one view per reader and day, plus every counted view of visitors
   * without an account ({@link recordVisitorView}).
   */
  readonly views: number;
  readonly helpfulVotes: number;
  readonly unhelpfulVotes: number;
  /** helpful / (helpful + unhelpful); null without votes. */
  readonly helpfulRatio: number | null;
  /** Customers' views of it in the period, each a chance to answer them without a ticket. */
  readonly selfService: SelfService;
}

/** Self-service for the articles of one category (null: uncategorised). */
export interface CategoryMetrics {
  readonly categoryId: string | null;
  readonly selfService: SelfService;
}

/** A search that found nothing: a gap in the knowledge base. */
export interface SearchGap {
  readonly query: string;
  /** The locale searched; null when the search spanned every locale. */
  readonly locale: string | null;
  readonly searches: number;
  readonly firstAt: Date;
  readonly lastAt: Date;
}

/** The knowledge base's figures over a period. */
export interface KnowledgeBaseMetrics {
  readonly from: Date;
  readonly to: Date;
  /**
   * Customer sessions (a customer's views on one UTC day) in the period, resolved when the
   * customer opened no ticket within the domain's `SELF_SERVICE_WINDOW_MS` (24 hours) of the first
   * view (`isSelfServiceResolved`), settled once that window has passed (`isSelfServiceSettled`).
   */
  readonly selfService: SelfService;
  /** Articles viewed in the period (by customers or visitors) or voted on, most viewed first. */
  readonly articles: ArticleMetrics[];
  readonly categories: CategoryMetrics[];
  /** Searches that found nothing, most repeated first. */
  readonly searchGaps: SearchGap[];
}

/** Options of {@link knowledgeBaseMetrics}. */
export interface KnowledgeBaseMetricsOptions {
  readonly from: Date;
  readonly to: Date;
  /** The instant the figures are taken at: views within the window before it are pending. */
  readonly now: Date;
  /** Most articles and search gaps listed, 1..500; 50 by default. */
  readonly first?: number;
}

type Counts = { settled: string; resolved: string; pending: string };

function selfService(row: Counts | undefined): SelfService {
  const settled = Number(row?.settled ?? 0);
  const resolved = Number(row?.resolved ?? 0);
  return { settled, resolved, rate: settled === 0 ? null : resolved / settled, pending: Number(row?.pending ?? 0) };
}

/**
 * The knowledge base's figures: self-service resolution (overall by session, by article and by
 * category), helpfulness per article, and the searches that found nothing. Only customers' views
 * count towards self-service: staff read to answer, and visitors without an account cannot be
 * matched with the tickets they open.
 */
export async function knowledgeBaseMetrics(
  db: Kysely<ReadModelTables>,
  options: KnowledgeBaseMetricsOptions,
): Promise<KnowledgeBaseMetrics> {
  const { from, to, now } = options;
  const limit = Math.min(Math.max(Math.trunc(options.first ?? 50), 1), 500);
  // Each customer view in the period, with whether its window has passed and whether the
  // customer opened a ticket within it.
  const views = sql`
    select v.reader_id, v.article_id, v.day, v.viewed_at,
      ${selfServiceSettledSql(sql.ref('v.viewed_at'), now)} as settled,
      ${selfServiceResolvedSql(sql.ref('v.reader_id'), sql.ref('v.viewed_at'))} as resolved
    from kb_article_views v
    where v.reader_role = 'customer' and v.viewed_at >= ${from} and v.viewed_at < ${to}`;
  const counts = sql`count(*) filter (where settled) as settled,
    count(*) filter (where settled and resolved) as resolved,
    count(*) filter (where not settled) as pending`;
  const [sessions, byArticle, byCategory, gaps] = await Promise.all([
    // A session resolves when its first view does: later views that day came before any ticket or after one.
    sql<Counts>`
      with v as (${views}), s as (select distinct on (reader_id, day) * from v order by reader_id, day, viewed_at)
      select ${counts} from s`.execute(db),
    sql<
      Counts & {
        article_id: string;
        title: string;
        locale: string;
        category_id: string | null;
        views: string;
        helpful_votes: number;
        unhelpful_votes: number;
      }
    >`
      with v as (${views}), c as (select article_id, ${counts} from v group by article_id),
        w as (select article_id, sum(views) as views,
          bool_or(hour >= ${visitorViewHour(from)} and hour < ${to}) as in_period
          from kb_visitor_views group by article_id)
      select a.article_id, a.title, a.locale, a.category_id, a.views + coalesce(w.views, 0) as views,
        a.helpful_votes, a.unhelpful_votes,
        coalesce(c.settled, 0) as settled, coalesce(c.resolved, 0) as resolved, coalesce(c.pending, 0) as pending
      from kb_articles a left join c on c.article_id = a.article_id left join w on w.article_id = a.article_id
      where c.article_id is not null or a.helpful_votes + a.unhelpful_votes > 0 or coalesce(w.in_period, false)
      order by coalesce(c.settled, 0) + coalesce(c.pending, 0) desc, 5 desc, a.article_id
      limit ${limit}`.execute(db),
    sql<Counts & { category_id: string | null }>`
      with v as (${views})
      select a.category_id, ${counts} from v join kb_articles a on a.article_id = v.article_id
      group by a.category_id order by count(*) desc, a.category_id nulls last`.execute(db),
    db
      .selectFrom('kb_search_gaps')
      .selectAll()
      .orderBy('searches', 'desc')
      .orderBy('last_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return {
    from,
    to,
    selfService: selfService(sessions.rows[0]),
    articles: byArticle.rows.map((row) => {
      const votes = row.helpful_votes + row.unhelpful_votes;
      return {
        articleId: row.article_id,
        title: row.title,
        locale: row.locale,
        categoryId: row.category_id,
        views: Number(row.views),
        helpfulVotes: row.helpful_votes,
        unhelpfulVotes: row.unhelpful_votes,
        helpfulRatio: votes === 0 ? null : row.helpful_votes / votes,
        selfService: selfService(row),
      };
    }),
    categories: byCategory.rows.map((row) => ({ categoryId: row.category_id, selfService: selfService(row) })),
    searchGaps: gaps.map((row) => ({
      query: row.query,
      locale: row.locale === '' ? null : row.locale,
      searches: row.searches,
      firstAt: row.first_at,
      lastAt: row.last_at,
    })),
  };
}

/**
 * Records a search that found nothing (what readers looked for and the knowledge base lacks),
 * counted per query, as `searchGapQuery` keeps it (normalised, cut to a search box's length), and
 * locale; a query that keeps nothing is not recorded.
 */
export async function recordSearchGap(
  db: Kysely<ReadModelTables>,
  search: { readonly text: string; readonly locale?: string; readonly at: Date },
): Promise<void> {
  const query = searchGapQuery(search.text);
  if (query === null) return;
  await db
    .insertInto('kb_search_gaps')
    .values({ query, locale: search.locale ?? '', searches: 1, first_at: search.at, last_at: search.at })
    .onConflict((oc) =>
      oc.columns(['query', 'locale']).doUpdateSet((eb) => ({
        searches: eb('kb_search_gaps.searches', '+', 1),
        last_at: search.at,
      })),
    )
    .execute();
}

/**
 * Counts a view of the article by a visitor without an account, in its hour (`visitorViewHour`):
 * a row per article and hour, however many visitors, instead of an event per visitor in the log.
 */
export async function recordVisitorView(
  db: Kysely<ReadModelTables>,
  view: { readonly articleId: string; readonly at: Date },
): Promise<void> {
  await db
    .insertInto('kb_visitor_views')
    .values({ article_id: view.articleId, hour: visitorViewHour(view.at), views: 1 })
    .onConflict((oc) =>
      oc.columns(['article_id', 'hour']).doUpdateSet((eb) => ({ views: eb('kb_visitor_views.views', '+', 1) })),
    )
    .execute();
}

/** The views of an article counted for visitors without an account ({@link recordVisitorView}), all time. */
export async function visitorViews(db: Kysely<ReadModelTables>, articleId: string): Promise<number> {
  const row = await db
    .selectFrom('kb_visitor_views')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('views'), sql<string>`0`).as('views'))
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return Number(row?.views ?? 0);
}
