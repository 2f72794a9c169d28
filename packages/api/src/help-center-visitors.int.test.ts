import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field, type GqlResponse } from './testing/harness.fixture.js';

// A public help center's visitors (no token): their views and the searches that found nothing
// are counted outside the event log, bounded per client address, and what they typed reaches
// the supervisors' search gaps only normalised and cut short.

const VIEWS_PER_HOUR = 50;
const GAPS_PER_HOUR = 3;
const VIEW =
  'mutation($v: String!) { recordArticleView(input: { articleId: "pub-1", version: 1, visitorId: $v }) { id } }';
const METRICS = `{ knowledgeBaseMetrics(from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z") {
  articles { articleId views } searchGaps { query searches } } }`;
const SEARCH = 'query($t: String!) { searchArticles(text: $t) { items { articleId } } }';

let h: ApiHarness;
let supervisor: string;

/** A request without a token from `address`. */
async function anonymous(query: string, variables: Record<string, unknown>, address = '127.0.0.1') {
  const response = await h.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: address,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query, variables }),
  });
  return JSON.parse(response.body) as Omit<GqlResponse, 'status'>;
}

async function metrics() {
  return field<{ articles: { articleId: string; views: number }[]; searchGaps: { query: string; searches: number }[] }>(
    await h.gql(METRICS, {}, supervisor),
    'knowledgeBaseMetrics',
  );
}

const viewsOfArticle = async () => (await metrics()).articles.find((article) => article.articleId === 'pub-1')?.views;

beforeAll(async () => {
  h = await createApiHarness({
    config: {
      publicHelpCenter: true,
      helpCenterVisitors: { viewsPerHour: VIEWS_PER_HOUR, searchGapsPerHour: GAPS_PER_HOUR },
    },
  });
  supervisor = await h.token('supervisor', 'lead-pub');
  const staff = await h.token('agent', 'agent-pub');
  const mutate = async (mutation: string, input: Record<string, unknown>, token: string) => {
    const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    const response = await h.gql(`mutation($i: ${type}!) { ${mutation}(input: $i) { id } }`, { i: input }, token);
    expect(response.errors).toBeUndefined();
  };
  await mutate(
    'createArticleDraft',
    { articleId: 'pub-1', locale: 'en', title: 'Shipping times', slug: 'shipping', body: 'Parcels arrive in 3 days.' },
    staff,
  );
  await mutate('submitArticleForReview', { articleId: 'pub-1' }, staff);
  await mutate('approveArticle', { articleId: 'pub-1' }, supervisor);
});
afterAll(async () => h?.close());

describe('visitors of a public help center', () => {
  it('counts 50 views with fresh visitor ids in the figures without appending an event to the log', async () => {
    const before = await h.eventCount();
    for (let n = 0; n < 50; n++) expect((await anonymous(VIEW, { v: `visitor-fresh-${n}` })).errors).toBeUndefined();
    expect(await h.eventCount()).toBe(before);
    expect(await viewsOfArticle()).toBe(50);
    const article = await h.gql('{ article(id: "pub-1") { views } }', {}, supervisor);
    expect(field<{ views: number }>(article, 'article').views).toBe(50);
  });

  it('stops counting an address past its views of the hour, silently, and counts other addresses', async () => {
    // The previous test spent this address's 50.
    const dropped = await anonymous(VIEW, { v: 'visitor-one-more' });
    expect(dropped.errors).toBeUndefined();
    expect(await viewsOfArticle()).toBe(50);
    expect((await anonymous(VIEW, { v: 'visitor-elsewhere' }, '10.0.0.7')).errors).toBeUndefined();
    expect(await viewsOfArticle()).toBe(51);
    // An hour later the address counts again.
    h.clock.now = new Date(h.clock.now.getTime() + 3_600_000);
    expect((await anonymous(VIEW, { v: 'visitor-next-hour' })).errors).toBeUndefined();
    expect(await viewsOfArticle()).toBe(52);
  });

  it('keeps a long, odd search that found nothing only normalised and cut short, and so many per address', async () => {
    const odd = `  ＱＵＯＫＫＡ\u202E\u200B   enclosure\t\tRENTAL ${'zebra '.repeat(60)}`;
    expect((await anonymous(SEARCH, { t: odd }, '10.0.0.9')).errors).toBeUndefined();
    const gap = (await metrics()).searchGaps.find((found) => found.query.startsWith('quokka'));
    expect(gap?.query).toBe(`quokka enclosure rental ${'zebra '.repeat(60)}`.slice(0, 80).trimEnd());
    expect(Array.from(gap!.query)).toHaveLength(80);
    // Past the address's gaps of the hour, searches are answered but not kept.
    for (const word of ['wombat', 'platypus', 'echidna', 'numbat'])
      expect((await anonymous(SEARCH, { t: `${word} grooming` }, '10.0.0.9')).errors).toBeUndefined();
    const kept = (await metrics()).searchGaps.map((found) => found.query);
    expect(kept).toEqual(expect.arrayContaining(['wombat grooming', 'platypus grooming']));
    expect(kept).not.toContain('echidna grooming');
    expect(kept).not.toContain('numbat grooming');
  });

  it('counts a vote the system casts for a visitor as that visitor, once per visitor, and refuses one from no one', async () => {
    const system = await h.token('system', 'help-center');
    const customer = await h.token('customer', 'cust-pub');
    const VOTE = `mutation($v: String, $helpful: Boolean!) {
      voteOnArticle(input: { articleId: "pub-1", version: 1, helpful: $helpful, comment: "Clear", visitorId: $v }) { consistencyToken } }`;
    let seen = '';
    const vote = async (variables: Record<string, unknown>) => {
      const response = await h.gql(VOTE, variables, system);
      expect(response.errors).toBeUndefined();
      seen = field<{ consistencyToken: string }>(response, 'voteOnArticle').consistencyToken;
    };
    const votes = async () =>
      field<{ helpfulVotes: number; unhelpfulVotes: number }>(
        await h.gql(
          'query($c: String) { article(id: "pub-1", consistencyToken: $c) { helpfulVotes unhelpfulVotes } }',
          { c: seen },
          supervisor,
        ),
        'article',
      );
    await vote({ v: 'visitor-voter-1', helpful: false });
    await vote({ v: 'visitor-voter-1', helpful: true });
    await vote({ v: 'visitor-voter-2', helpful: true });
    expect(await votes()).toEqual({ helpfulVotes: 2, unhelpfulVotes: 0 });
    const feedback = await h.gql(
      'query($c: String) { articleFeedback(articleId: "pub-1", consistencyToken: $c) { readerId comment } }',
      { c: seen },
      supervisor,
    );
    expect(field<{ readerId: string; comment: string }[]>(feedback, 'articleFeedback')).toEqual(
      expect.arrayContaining([{ readerId: 'visitor:visitor-voter-1', comment: 'Clear' }]),
    );
    const codeOf = (response: { errors?: readonly { extensions?: { code?: unknown } }[] }) =>
      response.errors?.[0]?.extensions?.code;
    expect(codeOf(await h.gql(VOTE, { helpful: true }, system))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(VOTE, { v: 'visitor-voter-3', helpful: true }, customer))).toBe('BAD_USER_INPUT');
    expect(codeOf(await anonymous(VOTE, { v: 'visitor-voter-4', helpful: true }))).toBe('UNAUTHENTICATED');
    expect(await votes()).toEqual({ helpfulVotes: 2, unhelpfulVotes: 0 });
  });
});
