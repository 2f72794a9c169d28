import { type Actor, fold, isDomainError } from '@support-engine/domain';
import {
  type ArticleCommand,
  type ArticleReaderState,
  type ArticleState,
  articleDecider,
  articleReaderDecider,
} from '@support-engine/domain/article';
import { createTestDatabase } from '@support-engine/servers/testing';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelDb } from '../../database.js';
import { migrateReadModels } from '../../migrations.js';
import type { ReadModelTables } from '../../schema.js';
import { projectionContentHash, tableContentHash } from '../../table-hash.js';
import { projectKbEvents } from './kb-events.fixture.js';
import { createArticlesProjection } from './projection.js';
import type { KbEvent } from './row.js';

// The knowledge base's read models fold each batch in memory and let PostgreSQL derive search
// columns and heads in the write: whatever the batch size, the tables must come out the same.
// Random histories of a few articles (edits, reviews, publications, archives, translation links,
// votes, views) go through the real deciders; each batch size has its own schema, and all must
// hash alike. Batches of one are the event-by-event baseline.

const BATCH_SIZES = [1, 2, 3, 5, 8, 1000] as const;
const ARTICLES = ['a0', 'a1', 'a2', 'a3'] as const;
const LOCALES = ['en', 'fr', 'de', 'es'] as const;
const WRITER: Actor = { id: 'agent-1', role: 'agent' };
const REVIEWER: Actor = { id: 'supervisor-1', role: 'supervisor' };
const READERS = ['r0', 'r1'] as const;
const HOUR = 3_600_000;

type Step =
  | { kind: 'wait'; hours: number }
  | { kind: 'command'; article: number; command: string; detail: number }
  | { kind: 'vote'; article: number; reader: number; version: number; helpful: boolean }
  | { kind: 'view'; article: number; reader: number };

const article = fc.integer({ min: 0, max: ARTICLES.length - 1 });
const reader = fc.integer({ min: 0, max: READERS.length - 1 });
const command = (names: readonly string[]) =>
  fc.record({
    kind: fc.constant('command' as const),
    article,
    command: fc.constantFrom(...names),
    detail: fc.integer({ min: 0, max: ARTICLES.length - 1 }),
  });
// Weighted so that histories often re-vote (a vote changes sides), link into existing groups and
// move articles through review, publication and archive.
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 30 }) }),
  { weight: 4, arbitrary: command(['edit', 'submit', 'approve', 'reject', 'revise', 'archive', 'restore']) },
  { weight: 3, arbitrary: command(['link', 'link', 'unlink']) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('vote' as const),
      article,
      reader,
      version: fc.constantFrom(1, 1, 1, 2),
      helpful: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('view' as const), article, reader }) },
);

function commandOf(s: Extract<Step, { kind: 'command' }>, run: number, now: number): [ArticleCommand, Actor] {
  const articleId = `${ARTICLES[s.article]}-${run}`;
  // Never the article itself: an article cannot translate itself.
  const otherIndex = (s.article + 1 + (s.detail % (ARTICLES.length - 1))) % ARTICLES.length;
  const other = `${ARTICLES[otherIndex]}-${run}`;
  const body = `Step ${now}: open **Settings**, choose e-mail and save. Étape ${s.detail}.`;
  switch (s.command) {
    case 'create':
      return [
        {
          type: 'CreateArticleDraft',
          data: {
            articleId,
            locale: LOCALES[s.article]!,
            content: {
              title: `Article ${articleId}`,
              slug: articleId,
              body,
              tags: ['t'],
              excerpt: '',
              categoryId: null,
              related: [],
              attachments: [],
            },
          },
        },
        WRITER,
      ];
    case 'edit':
      return [{ type: 'EditArticleDraft', data: { articleId, changes: { title: `Title ${now}`, body } } }, WRITER];
    case 'submit':
      return [{ type: 'SubmitArticleForReview', data: { articleId } }, WRITER];
    case 'approve':
      return [{ type: 'ApproveArticle', data: { articleId } }, REVIEWER];
    case 'reject':
      return [{ type: 'RequestArticleChanges', data: { articleId, reason: 'Needs work' } }, REVIEWER];
    case 'revise':
      return [{ type: 'StartArticleRevision', data: { articleId } }, WRITER];
    case 'archive':
      return [{ type: 'ArchiveArticle', data: { articleId } }, REVIEWER];
    case 'restore':
      return [{ type: 'RestoreArticle', data: { articleId } }, REVIEWER];
    case 'link':
      return [
        { type: 'LinkArticleTranslation', data: { articleId, translationId: other, locale: LOCALES[otherIndex]! } },
        REVIEWER,
      ];
    default:
      return [{ type: 'UnlinkArticleTranslation', data: { articleId, translationId: other } }, REVIEWER];
  }
}

/** One random history through the deciders; refusals (a move the lifecycle forbids) decide nothing. */
function history(steps: readonly Step[], run: number): { events: KbEvent[]; articles: Map<string, ArticleState> } {
  const events: KbEvent[] = [];
  const articles = new Map<string, ArticleState>();
  const readers = new Map<string, ArticleReaderState>();
  let now = Date.parse('2026-05-04T08:00:00Z') + run * 1_000 * HOUR;
  const decide = (articleId: string, command: ArticleCommand, actor: Actor) => {
    try {
      const state = articles.get(articleId) ?? articleDecider.initialState;
      const decided = articleDecider.decide(command, state, { now: new Date(now), actor });
      articles.set(articleId, fold(articleDecider, decided, state));
      events.push(...decided);
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
    now += 60_000;
  };
  // Every history starts with its articles written and half of them published (so most later
  // steps land: votes, revisions, archives), one of them already being revised: a batch holding
  // all of this writes that version from its own text, a batch of one event from the working
  // text it has just written (the two ways a version is stored must agree).
  const starts = [
    ['create', 'submit', 'approve', 'revise', 'edit'],
    ['create'],
    ['create', 'submit', 'approve'],
    ['create'],
  ];
  for (let a = 0; a < ARTICLES.length; a++) {
    for (const command of starts[a]!) {
      const [input, actor] = commandOf({ kind: 'command', article: a, command, detail: a }, run, now);
      decide(input.data.articleId, input, actor);
    }
  }
  for (const s of steps) {
    if (s.kind === 'wait') now += s.hours * HOUR;
    else if (s.kind === 'command') {
      const [command, actor] = commandOf(s, run, now);
      decide(command.data.articleId, command, actor);
    } else if (s.kind === 'vote') {
      const articleId = `${ARTICLES[s.article]}-${run}`;
      decide(
        articleId,
        { type: 'VoteOnArticle', data: { articleId, version: s.version, helpful: s.helpful } },
        { id: READERS[s.reader]!, role: 'customer' },
      );
    } else {
      const readerId = READERS[s.reader]!;
      const state = readers.get(readerId) ?? articleReaderDecider.initialState;
      const decided = articleReaderDecider.decide(
        { type: 'RecordArticleView', data: { readerId, articleId: `${ARTICLES[s.article]}-${run}`, version: 1 } },
        state,
        { now: new Date(now), actor: { id: readerId, role: 'customer' } },
      );
      readers.set(readerId, fold(articleReaderDecider, decided, state));
      events.push(...decided);
      now += 60_000;
    }
  }
  return { events, articles };
}

/**
 * What each article's row must say, from the domain's own states (its translation links are
 * exactly the ones its stream records) and an independent model of views (one per view event).
 */
function expectedRows(events: readonly KbEvent[], articles: ReadonlyMap<string, ArticleState>) {
  const views = new Map<string, number>();
  for (const event of events)
    if (event.type === 'ArticleViewed') views.set(event.data.articleId, (views.get(event.data.articleId) ?? 0) + 1);
  return [...articles.values()]
    .flatMap((article) => (article === null ? [] : [article]))
    .map((article) => {
      const votes = Object.values(article.votes);
      return {
        article_id: article.articleId,
        status: article.archived
          ? 'archived'
          : article.live !== null
            ? 'published'
            : (article.revision?.status ?? 'draft'),
        published_version: article.live,
        translations: article.translations,
        helpful_votes: votes.filter((vote) => vote.helpful).length,
        unhelpful_votes: votes.filter((vote) => !vote.helpful).length,
        views: String(views.get(article.articleId) ?? 0),
      };
    })
    .sort((x, y) => x.article_id.localeCompare(y.article_id));
}

let connectionString: string;
let main: Kysely<ReadModelTables>;
const targets: { batchSize: number; db: Kysely<ReadModelTables> }[] = [];
const projection = createArticlesProjection();
let run = 0;

beforeAll(async () => {
  connectionString = await createTestDatabase('kb_batches');
  main = createReadModelDb(connectionString);
  for (const batchSize of BATCH_SIZES) {
    const schema = `batch_${batchSize}`;
    await main.schema.createSchema(schema).execute();
    const db = createReadModelDb(connectionString, { schema, maxConnections: 1 });
    await migrateReadModels(db);
    targets.push({ batchSize, db });
  }
});

afterAll(async () => {
  for (const { db } of targets) await db.destroy();
  await main?.destroy();
});

describe('knowledge-base read models, folded in batches', () => {
  it('come out the same whatever the batch size, and as the domain states say', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 60 }), async (steps) => {
        const { events, articles } = history(steps, ++run);
        for (const { batchSize, db } of targets) {
          for (let start = 0; start < events.length; start += batchSize)
            await projectKbEvents(db, events.slice(start, start + batchSize));
        }
        const hashes = await Promise.all(
          targets.map(async ({ batchSize }) => ({
            batchSize,
            tables: await projectionContentHash(main, projection, `batch_${batchSize}`),
          })),
        );
        for (const { batchSize, tables } of hashes) {
          expect({ batchSize, tables }).toEqual({ batchSize, tables: hashes[0]!.tables });
        }
        const rows = await targets
          .at(-1)!
          .db.selectFrom('kb_articles')
          .select([
            'article_id',
            'status',
            'published_version',
            'translations',
            'helpful_votes',
            'unhelpful_votes',
            'views',
          ])
          .where('article_id', 'like', `%-${run}`)
          .orderBy('article_id')
          .execute();
        expect(rows).toEqual(expectedRows(events, articles));
      }),
      { numRuns: 30 },
    );
    // The histories reached every table and every kind of row, so the hashes compared something.
    const reached = await Promise.all(
      projection.tables.map(async (table) => ({ table, rows: (await tableContentHash(main, table, 'batch_1')).rows })),
    );
    expect(reached.filter((t) => t.rows === 0)).toEqual([]);
    const db = targets[0]!.db;
    const statuses = await db.selectFrom('kb_articles').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['archived', 'draft', 'in_review', 'published']);
    const linking = await db
      .selectFrom('kb_articles')
      .select('article_id')
      .where(sql<string>`translations::text`, '<>', '{}')
      .execute();
    expect(linking.length).toBeGreaterThan(0);
  });
});
