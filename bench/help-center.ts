/**
 * The help center's article page rendered on the server (the built handler the API mounts under
 * /help: its load asks the API for the article over HTTP, then records the visitor's view with the
 * system token) against the bare GraphQL query the page makes (`HelpCenterArticle`, as a visitor),
 * through the same API on the same embedded PostgreSQL in the same run. 200 published articles in
 * English and French are written into the read model as `kb-search.ts` writes them; requests go
 * one at a time (a visitor's page, unsaturated), the two subjects alternating by round; p50, p99
 * and the ratio of the means.
 *
 *   npm run build -w @support-engine/help-center
 *   node --conditions=@support-engine/source --import tsx bench/help-center.ts
 *   # BENCH_ARTICLES=200 BENCH_REQUESTS=300 BENCH_ROUNDS=3
 *
 * The articles exist in the read model only (no events), so the view the page records is refused
 * after the engine folds the article's (empty) stream: the page pays the round trip and the fold,
 * not an append (a returning visitor's view of the day appends nothing either).
 *
 * Target: (diagnostic) the page's server render within a few times the bare query.
 */

import { HELP_CENTER_PATH } from '@support-engine/api';
import { sql } from 'kysely';
import { loadHelpCenterHandler } from '../packages/cli/src/help-center.js';
import { seedArticles } from './kb-search.js';
import { startApiPair } from './lib/api-pair.js';
import { fromEnv, median, quantile } from './lib/measure.js';

const ARTICLES = fromEnv('BENCH_ARTICLES', 200);
const REQUESTS = fromEnv('BENCH_REQUESTS', 300);
const ROUNDS = fromEnv('BENCH_ROUNDS', 3);

const ARTICLE_QUERY = `query HelpCenterArticle($id: ID!) { article(id: $id) { articleId locale title excerpt bodyHtml
  categoryId related publishedVersion updatedAt translations { articleId locale } } }`;

/** `count` requests one at a time; each one's milliseconds. */
async function latencies(count: number, request: (n: number) => Promise<Response>): Promise<number[]> {
  const taken: number[] = [];
  for (let n = 0; n < count; n++) {
    const started = process.hrtime.bigint();
    const response = await request(n);
    const body = await response.text();
    if (!response.ok) throw new Error(`${response.url}: ${response.status} ${body.slice(0, 200)}`);
    taken.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return taken;
}

const summary = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
  };
};

async function runHelpCenterBench() {
  const handler = await loadHelpCenterHandler();
  if (handler === undefined)
    throw new Error('the help center is not built: npm run build -w @support-engine/help-center');
  const pair = await startApiPair({ helpCenterHandler: handler }, { publicHelpCenter: true });
  try {
    await seedArticles(pair.db, ARTICLES);
    const ids = (
      await sql<{
        article_id: string;
      }>`select article_id from kb_articles where locale = 'en' order by article_id limit 50`.execute(pair.db)
    ).rows.map((row) => row.article_id);
    await pair.api.listen({ host: '127.0.0.1', port: 0 });
    const address = pair.api.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;
    const id = (n: number) => ids[n % ids.length]!;
    const page = (n: number) =>
      fetch(`${base}${HELP_CENTER_PATH}/en/articles/${encodeURIComponent(id(n))}`, {
        headers: { cookie: 'hc_visitor=bench-visitor-0001' },
      });
    const query = (n: number) =>
      fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ARTICLE_QUERY, variables: { id: id(n) } }),
      });
    // Warm-up: both paths compiled and their connections open.
    await latencies(50, page);
    await latencies(50, query);
    const pages: number[][] = [];
    const queries: number[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [first, second] = round % 2 === 0 ? [page, query] : [query, page];
      const a = await latencies(REQUESTS, first);
      const b = await latencies(REQUESTS, second);
      (round % 2 === 0 ? pages : queries).push(a);
      (round % 2 === 0 ? queries : pages).push(b);
    }
    const ratios = pages.map((run, n) => summary(run).mean / summary(queries[n]!).mean);
    const shown = (name: string, s: ReturnType<typeof summary>) =>
      `${name.padEnd(26)} mean ${s.mean.toFixed(2).padStart(6)} ms   p50 ${s.p50.toFixed(2).padStart(6)} ms   p99 ${s.p99.toFixed(2).padStart(6)} ms`;
    console.log(`${ARTICLES} articles, ${REQUESTS} requests per subject and round, ${ROUNDS} rounds, one at a time`);
    console.log(shown('article page (SSR)', summary(pages.flat())));
    console.log(shown('bare GraphQL article query', summary(queries.flat())));
    console.log(`page / query (median of the rounds' mean ratios): ${median(ratios).toFixed(2)}x`);
  } finally {
    await pair.close();
  }
}

await runHelpCenterBench();
