/**
 * The knowledge base the projection benchmark replays: articles in English and French, each
 * drafted, edited, reviewed and published, a third of them revised into a second version, one in
 * twenty archived (half of those restored), each English article linked to the French one
 * after it; readers vote (some change their vote) and, most of all, read: views are most of the
 * log, as in a help center. Texts are cut from the search-quality set's articles, so their
 * lengths and words are a help center's. Written straight through the store's `append_events`,
 * a cohort of articles at a time.
 */
import type pg from 'pg';
import {
  QUALITY_ARTICLES,
  type QualityArticle,
} from '../../packages/projections/src/read-models/articles/search-quality.fixtures.js';
import { appendStreams, type BenchEvent } from './append-streams.js';

const COHORT = 500;
const VOTES = 6;
const VIEWS = 20;
const READERS = 2_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-03T08:00:00.000Z');

const writer = { id: 'writer-1', role: 'agent' };
const reviewer = { id: 'lead-1', role: 'supervisor' };
const event = (type: string, data: Record<string, unknown>): BenchEvent => ({ type, schemaVersion: 1, data });

const model = (n: number): QualityArticle => QUALITY_ARTICLES[n % QUALITY_ARTICLES.length]!;

function contentOf(n: number, revision: number) {
  const base = model(n);
  const other = model(n * 7 + revision);
  return {
    title: `${base.title} (${n}${revision > 0 ? `, rev. ${revision}` : ''})`,
    slug: `${base.slug}-${n}`,
    body: `${base.body}\n\n${other.body}`,
    excerpt: base.excerpt,
    categoryId: base.categoryId,
    tags: [...base.tags],
    related: [],
    attachments: [],
  };
}

/** Article `n`'s own stream: its editorial life and the votes on it. */
function articleLife(n: number, at: (minutes: number) => string): BenchEvent[] {
  const articleId = `kb-${n}`;
  const locale = n % 2 === 0 ? 'en' : 'fr';
  const first = contentOf(n, 0);
  const events = [
    event('ArticleDraftCreated', { articleId, locale, content: first, at: at(0), actor: writer }),
    event('ArticleDraftEdited', { articleId, locale, content: first, changed: ['body'], at: at(5), actor: writer }),
    event('ArticleSubmittedForReview', {
      articleId,
      locale,
      content: first,
      authors: [writer.id],
      at: at(10),
      actor: writer,
    }),
    event('ArticleApproved', {
      articleId,
      version: 1,
      previousVersion: null,
      locale,
      content: first,
      authors: [writer.id],
      reviewerId: reviewer.id,
      at: at(20),
      actor: reviewer,
    }),
  ];
  for (let v = 0; v < VOTES; v++) {
    const readerId = `reader-${(n * 13 + v) % READERS}`;
    const helpful = (n + v) % 4 !== 0;
    events.push(
      event('ArticleVoted', {
        articleId,
        version: 1,
        readerId,
        helpful,
        at: at(30 + v),
        actor: { id: readerId, role: 'customer' },
      }),
    );
    if (v === 0 && n % 5 === 0)
      events.push(
        event('ArticleVoted', {
          articleId,
          version: 1,
          readerId,
          helpful: !helpful,
          previous: { helpful },
          at: at(40),
          actor: { id: readerId, role: 'customer' },
        }),
      );
  }
  if (n % 3 === 0) {
    const second = contentOf(n, 1);
    events.push(
      event('ArticleRevisionStarted', { articleId, fromVersion: 1, content: first, at: at(60), actor: writer }),
      event('ArticleSubmittedForReview', {
        articleId,
        locale,
        content: second,
        authors: [writer.id],
        at: at(65),
        actor: writer,
      }),
      event('ArticleApproved', {
        articleId,
        version: 2,
        previousVersion: 1,
        locale,
        content: second,
        authors: [writer.id],
        reviewerId: reviewer.id,
        at: at(70),
        actor: reviewer,
      }),
    );
  }
  if (n % 20 === 0) {
    events.push(event('ArticleArchived', { articleId, liveVersion: n % 3 === 0 ? 2 : 1, at: at(80), actor: reviewer }));
    if (n % 40 === 0)
      events.push(
        event('ArticleRestored', { articleId, liveVersion: n % 3 === 0 ? 2 : 1, at: at(90), actor: reviewer }),
      );
  }
  return events;
}

/** English article `n` links the French one after it as its translation (both written by then). */
const translationLink = (n: number, at: (minutes: number) => string): BenchEvent =>
  event('ArticleTranslationLinked', {
    articleId: `kb-${n}`,
    translationId: `kb-${n + 1}`,
    locale: 'fr',
    at: at(95),
    actor: writer,
  });

/** A sample of every event type the lives hold, to check against the domain's schemas. */
export function sampleArticleEvents(): { type: string; data: Record<string, unknown> }[] {
  const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
  return [...articleLife(0, at), ...articleLife(1, at), [translationLink(0, at)], ...articleViews(0, 1, at).values()]
    .flat()
    .map(({ type, data }) => ({ type, data }));
}

/** The views of a cohort's articles, on readers' streams (one per reader, article and day). */
function articleViews(first: number, count: number, at: (minutes: number) => string): Map<string, BenchEvent[]> {
  const streams = new Map<string, BenchEvent[]>();
  for (let n = first; n < first + count; n++) {
    for (let v = 0; v < VIEWS; v++) {
      const readerId = `reader-${(n * 31 + v * 17) % READERS}`;
      const when = at(100 + v * 3);
      const list = streams.get(`kbreader-${readerId}`) ?? [];
      if (list.some((e) => e.data.articleId === `kb-${n}` && e.data.day === when.slice(0, 10))) continue;
      list.push(
        event('ArticleViewed', {
          articleId: `kb-${n}`,
          readerId,
          version: 1,
          day: when.slice(0, 10),
          at: when,
          actor: { id: readerId, role: 'customer' },
        }),
      );
      streams.set(`kbreader-${readerId}`, list);
    }
  }
  return streams;
}

/** Appends `articles` article lives and their readers' views; answers how many events it wrote. */
export async function writeArticleEvents(pool: pg.Pool, articles: number): Promise<number> {
  let written = 0;
  for (let first = 0, cohort = 0; first < articles; first += COHORT, cohort++) {
    const count = Math.min(COHORT, articles - first);
    const at = (minutes: number) => new Date(T0 + cohort * 24 * HOUR + minutes * 60_000).toISOString();
    const lives = new Map<string, BenchEvent[]>();
    for (let n = first; n < first + count; n++) lives.set(`article-kb-${n}`, articleLife(n, at));
    written += await appendStreams(pool, lives);
    const links = new Map<string, BenchEvent[]>();
    for (let n = first; n + 1 < first + count; n += 2) links.set(`article-kb-${n}`, [translationLink(n, at)]);
    written += await appendStreams(pool, links);
    written += await appendStreams(pool, articleViews(first, count, at));
  }
  return written;
}
