/**
 * Knowledge-base search through the GraphQL API versus a plain fastify route running the same
 * search (`searchArticles`, the same SQL) and returning the same JSON, on the same embedded
 * PostgreSQL in the same run. 20,000 articles in English and French are written into the read
 * model with the projection's own writers (rendered, indexed, published); both servers answer a
 * customer's ranked search (published articles only, snippets) for a pool of 76 realistic queries
 * in both languages (the search-quality set's: questions, typos, French without accents), which
 * every connection cycles through.
 *
 * Measured like `api.ts`: both servers verify the same JWT, autocannon runs in a worker thread,
 * both are warmed up, then measured alternately (A/B, B/A, ...) at `connections` connections;
 * medians over the rounds, and the median of the per-round ratios. Then latency at a steady rate
 * over one connection (unsaturated).
 *
 *   node --conditions=@support-engine/source --import tsx bench/kb-search.ts
 *   # BENCH_ARTICLES=20000 BENCH_SECONDS=10 BENCH_ROUNDS=5 BENCH_CONNECTIONS=4 BENCH_WARMUP_SECONDS=3 BENCH_RATE=50
 *
 * Measured twice: as deployed (the API's search cache on, the baseline route with the same
 * cache), then cold (no cache on either side, every search runs its SQL).
 *
 * Targets: GraphQL >= 0.7x the plain route's req/s; GraphQL p99 < 20 ms.
 */
import { pathToFileURL } from 'node:url';
import { API_CONFIG_DEFAULTS, GRAPHQL_PATH, mintToken } from '@support-engine/api';
import { ArticleSearchCache, type ReadModelTables, searchArticles } from '@support-engine/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { projectKbEvents, published } from '../packages/projections/src/read-models/articles/kb-events.fixture.js';
import {
  QUALITY_ARTICLES,
  QUALITY_QUERIES,
} from '../packages/projections/src/read-models/articles/search-quality.fixtures.js';
import {
  BENCH_SECRET,
  type Measured,
  measure,
  measuredLine,
  medianOf,
  startApiPair,
  type Target,
} from './lib/api-pair.js';
import { fromEnv, median, seededRandom } from './lib/measure.js';

interface Round {
  readonly graphql: Measured;
  readonly baseline: Measured;
  readonly ratio: number;
}

const PAGE = 10;
const QUERY = `query($text: String!, $locale: String) {
  searchArticles(text: $text, locale: $locale, first: ${PAGE}) {
    items { articleId locale slug title excerpt rank snippet } nextCursor correctedText noHits
  }
}`;

/**
 * Writes `count` published articles: the quality set's, then variations of them (sentences of
 * several articles of one language mixed, numbered titles), so the vocabulary and the lengths
 * are a help center's and the quality set's answers compete with thousands of near neighbours.
 */
export async function seedArticles(db: Kysely<ReadModelTables>, count: number): Promise<void> {
  const random = seededRandom(13);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const byLocale = {
    en: QUALITY_ARTICLES.filter((a) => a.locale === 'en'),
    fr: QUALITY_ARTICLES.filter((a) => a.locale === 'fr'),
  };
  const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== '');
  const at = new Date('2026-01-05T09:00:00Z').toISOString();
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const events = [];
    for (let n = start; n < Math.min(count, start + batch); n++) {
      const base = n < QUALITY_ARTICLES.length ? QUALITY_ARTICLES[n]! : null;
      const locale = base?.locale ?? (n % 2 === 0 ? 'en' : 'fr');
      const model = base ?? pick(byLocale[locale]);
      const body = base
        ? base.body
        : Array.from({ length: 6 + Math.floor(random() * 10) }, () =>
            pick(sentences(pick(byLocale[locale]).body)),
          ).join(' ');
      const content = {
        articleId: base?.id ?? `bench-${n}`,
        locale,
        slug: base?.slug ?? `${model.slug}-${n}`,
        title: base?.title ?? `${model.title} (${n})`,
        excerpt: base?.excerpt ?? pick(sentences(model.body)),
        bodyMarkdown: body,
        categoryId: model.categoryId,
        tags: [...model.tags],
      };
      events.push(...published(content, at));
    }
    await projectKbEvents(db, events);
  }
  await sql`vacuum (freeze, analyze) kb_articles, kb_article_versions, kb_words`.execute(db);
  await sql`checkpoint`.execute(db);
}

interface Settings {
  readonly seconds: number;
  readonly rounds: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly rate: number;
}

/**
 * Warms both up, measures them alternately for `rounds` rounds, prints each round and the
 * medians, then both at a steady rate over one connection.
 */
async function compare(title: string, graphql: Target, plain: Target, settings: Settings): Promise<void> {
  const { seconds, rounds, connections, warmupSeconds, rate } = settings;
  console.log(`${title}:`);
  if (warmupSeconds > 0) {
    await measure(plain, { seconds: warmupSeconds, connections });
    await measure(graphql, { seconds: warmupSeconds, connections });
  }
  const line = measuredLine;
  const measured: Round[] = [];
  for (let index = 0; index < rounds; index++) {
    const run = (target: Target) => measure(target, { seconds, connections });
    const first = index % 2 === 0 ? await run(plain) : await run(graphql);
    const second = index % 2 === 0 ? await run(graphql) : await run(plain);
    const [baselineRun, graphqlRun] = index % 2 === 0 ? [first, second] : [second, first];
    const round = {
      graphql: graphqlRun,
      baseline: baselineRun,
      ratio: graphqlRun.requestsPerSecond / baselineRun.requestsPerSecond,
    };
    measured.push(round);
    console.log(
      `round ${index + 1}\n  ${line('graphql', round.graphql)}\n  ${line('baseline', round.baseline)}\n  ratio     ${round.ratio.toFixed(2)}x`,
    );
  }
  console.log(`${title}, ${connections} connections, median of ${rounds} rounds of ${seconds} s`);
  console.log(line('graphql', medianOf(measured.map((r) => r.graphql))));
  console.log(line('baseline', medianOf(measured.map((r) => r.baseline))));
  console.log(`ratio     ${median(measured.map((r) => r.ratio)).toFixed(2)}x (target >= 0.7x; GraphQL p99 < 20 ms)`);
  if (rate > 0) {
    console.log(`${title}, at a steady ${rate} req/s over one connection:`);
    console.log(line('baseline', await measure(plain, { seconds, connections: 1, rate })));
    console.log(line('graphql', await measure(graphql, { seconds, connections: 1, rate })));
  }
}

/**
 * Runs the bench on a fresh embedded PostgreSQL and prints the numbers: first as deployed (the
 * API's search cache on, and the same cache in the baseline route), then cold (no cache on
 * either side: every search runs its SQL).
 */
export async function runKbSearchBench(): Promise<void> {
  const articles = fromEnv('BENCH_ARTICLES', 20_000);
  const settings: Settings = {
    seconds: fromEnv('BENCH_SECONDS', 10),
    rounds: fromEnv('BENCH_ROUNDS', 5),
    connections: fromEnv('BENCH_CONNECTIONS', 4),
    warmupSeconds: fromEnv('BENCH_WARMUP_SECONDS', 3),
    rate: fromEnv('BENCH_RATE', 50),
  };

  const { db, baseline, api, anotherApi, authenticate, close } = await startApiPair();
  const coldApi = await anotherApi({ kbSearchCacheEntries: 0 });
  // The same authentication and the same search function as the resolver (with a cache of the
  // same size, or none), the same JSON; only GraphQL (and the content-gap record of a search that
  // finds nothing) is missing.
  const route = (cache: ArticleSearchCache | undefined) => async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await authenticate(request.headers.authorization).catch(() => null);
    if (principal === null) return reply.code(401).send({ errors: [{ message: 'Authentication required' }] });
    const { variables } = request.body as { variables: { text: string; locale?: string } };
    const result = await searchArticles(
      db,
      {
        text: variables.text,
        locale: variables.locale,
        audience: principal.role === 'customer' ? 'customer' : 'staff',
        first: PAGE,
      },
      cache,
    );
    const items = result.items.map(({ articleId, locale, slug, title, excerpt, rank, snippet }) => ({
      articleId,
      locale,
      slug,
      title,
      excerpt,
      rank,
      snippet,
    }));
    return {
      data: {
        searchArticles: {
          items,
          nextCursor: result.nextCursor,
          correctedText: result.correctedText,
          noHits: result.noHits,
        },
      },
    };
  };
  baseline.post('/search', route(new ArticleSearchCache(API_CONFIG_DEFAULTS.kbSearchCacheEntries)));
  baseline.post('/search-cold', route(undefined));
  try {
    const seeding = Date.now();
    await seedArticles(db, articles);
    console.log(`seeded ${articles} articles in ${((Date.now() - seeding) / 1000).toFixed(0)} s`);
    const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
    const coldApiUrl = await coldApi.listen({ port: 0, host: '127.0.0.1' });
    const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
    const token = await mintToken({ sub: 'bench-customer', role: 'customer' }, BENCH_SECRET, 3600);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const bodies = QUALITY_QUERIES.map((q) =>
      JSON.stringify({ query: QUERY, variables: { text: q.text, locale: q.locale } }),
    );
    const target = (url: string): Target => ({ url, headers, bodies });
    const graphql = target(`${apiUrl}${GRAPHQL_PATH}`);
    const plain = target(`${baselineUrl}/search`);
    const coldGraphql = target(`${coldApiUrl}${GRAPHQL_PATH}`);
    const coldPlain = target(`${baselineUrl}/search-cold`);

    // Same answers from all four, before timing anything.
    for (const body of bodies) {
      const answer = (to: Target) => fetch(to.url, { method: 'POST', body, headers }).then((r) => r.text());
      const answers = await Promise.all([graphql, plain, coldGraphql, coldPlain].map(answer));
      if (new Set(answers).size !== 1) throw new Error(`the servers' answers differ for ${body}`);
    }

    const what = `ranked search (${QUALITY_QUERIES.length} queries, ${PAGE} hits with snippets) over ${articles} articles`;
    await compare(`${what}, search cache on`, graphql, plain, settings);
    await compare(`${what}, cold (no search cache)`, coldGraphql, coldPlain, settings);
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runKbSearchBench();
