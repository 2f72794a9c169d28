import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field, type GqlResponse } from './testing/harness.fixture.js';

// The articles readers opened most, for a public help center's home: published ones only, ordered
// by every reader's views (the log's and a visitor's, counted apart), in one locale when asked;
// open to visitors without a token only where the help center is public.

const POPULAR = 'query($l: String, $n: Int) { popularArticles(locale: $l, first: $n) { articleId locale status } }';

let h: ApiHarness;
let closed: ApiHarness;
let supervisor: string;

/** A request without a token from `address`. */
async function anonymous(on: ApiHarness, query: string, variables: Record<string, unknown>, address = '127.0.0.1') {
  const response = await on.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: address,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query, variables }),
  });
  return JSON.parse(response.body) as Omit<GqlResponse, 'status'>;
}

beforeAll(async () => {
  h = await createApiHarness({ config: { publicHelpCenter: true } });
  closed = await createApiHarness();
  supervisor = await h.token('supervisor', 'lead-pop');
  const staff = await h.token('agent', 'agent-pop');
  const mutate = async (mutation: string, input: Record<string, unknown>, token: string) => {
    const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    expect(
      (await h.gql(`mutation($i: ${type}!) { ${mutation}(input: $i) { id } }`, { i: input }, token)).errors,
    ).toBeUndefined();
  };
  const article = async (articleId: string, locale: string, publish: boolean) => {
    await mutate('createArticleDraft', { articleId, locale, title: articleId, slug: articleId, body: 'Text.' }, staff);
    if (!publish) return;
    await mutate('submitArticleForReview', { articleId }, staff);
    await mutate('approveArticle', { articleId }, supervisor);
  };
  await article('pop-few', 'en', true);
  await article('pop-many', 'en', true);
  await article('pop-none', 'en', true);
  await article('pop-french', 'fr', true);
  await article('pop-draft', 'en', false);
  const view = (articleId: string, n: number, visitor: boolean) =>
    anonymous(
      h,
      `mutation($i: RecordArticleViewInput!) { recordArticleView(input: $i) { id } }`,
      { i: { articleId, version: 1, visitorId: `visitor-${articleId}-${n}` } },
      // Each from its own address: a visitor's views are bounded per address and hour.
      visitor ? `10.1.0.${n}` : '127.0.0.1',
    );
  for (let n = 1; n <= 3; n++) expect((await view('pop-many', n, true)).errors).toBeUndefined();
  expect((await view('pop-few', 1, true)).errors).toBeUndefined();
  for (let n = 1; n <= 5; n++) expect((await view('pop-french', n, true)).errors).toBeUndefined();
});
afterAll(async () => {
  await h?.close();
  await closed?.close();
});

describe('popular articles', () => {
  it("lists a locale's published articles, most viewed first, to a visitor without a token", async () => {
    const answer = await anonymous(h, POPULAR, { l: 'en', n: 5 });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.popularArticles).toEqual([
      { articleId: 'pop-many', locale: 'en', status: 'published' },
      { articleId: 'pop-few', locale: 'en', status: 'published' },
      { articleId: 'pop-none', locale: 'en', status: 'published' },
    ]);
  });

  it('lists every locale without one, and as many as asked', async () => {
    const popular = field<{ articleId: string }[]>(await h.gql(POPULAR, { n: 2 }, supervisor), 'popularArticles');
    expect(popular.map((article) => article.articleId)).toEqual(['pop-french', 'pop-many']);
  });

  it('refuses a bad count, and visitors where the help center is not public', async () => {
    expect((await h.gql(POPULAR, { n: 21 }, supervisor)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await anonymous(closed, POPULAR, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
