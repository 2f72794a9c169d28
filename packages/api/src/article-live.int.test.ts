import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';
import { listen } from './testing/sse.fixture.js';

// Articles live over graphql-ws: one article's changes (its text, its review, a reader's vote) and
// every article's, for staff only (a draft's every edit passes there; customers never read drafts).

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;
interface Update {
  readonly articleId: string;
  readonly type: string;
  readonly consistencyToken: string;
  readonly article?: { status: string; excerpt: string; helpfulVotes: number; unhelpfulVotes: number } | null;
}

const ONE =
  'subscription($id: ID!) { articleUpdated(articleId: $id) { articleId version type at consistencyToken article { status excerpt helpfulVotes unhelpfulVotes } } }';
const ALL = 'subscription { articlesUpdated { articleId type consistencyToken } }';

let h: ApiHarness;
let baseUrl: string;
let writer: string;
let lead: string;
const sockets: Client[] = [];

function connect(token: string): Client {
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
    webSocketImpl: WebSocket,
    connectionParams: { token },
    retryAttempts: 0,
  });
  sockets.push(client);
  return client;
}

async function run(mutation: string, input: Record<string, unknown>, token: string): Promise<string> {
  const name = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const response = await h.gql(
    `mutation($input: ${name}!) { ${mutation}(input: $input) { id consistencyToken } }`,
    { input },
    token,
  );
  return field<{ consistencyToken: string }>(response, mutation).consistencyToken;
}

let pokes = 0;
/** An edit of a draft, so that a subscription has something to say. */
const poke = (articleId: string) => run('editArticleDraft', { articleId, excerpt: `poke ${++pokes}` }, writer);

/**
 * Waits until a subscription is live (there is no acknowledgement of one): pokes until an update
 * arrives. The pokes' updates stay in the iterator for the reader to skip.
 */
async function untilLive(updates: AsyncIterator<Result>, articleId: string): Promise<void> {
  const first = updates.next().then(() => true);
  do await poke(articleId);
  while (!(await Promise.race([first, sleep(250).then(() => false)])));
}

/** The next update of `field` whose event is `type`, skipping the others. */
async function next(updates: AsyncIterator<Result>, name: string, type: string): Promise<Update> {
  for (;;) {
    const { value, done } = await updates.next();
    if (done) throw new Error(`${name} ended before a ${type}`);
    expect(value.errors).toBeUndefined();
    const update = value.data?.[name] as Update;
    if (update.type === type) return update;
  }
}

/** The codes a subscription is refused with (graphql-ws rejects with the errors, or sends them as a result). */
async function refusalOf(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<unknown[]> {
  const updates = client.iterate({ query, variables });
  try {
    const { value } = await updates.next();
    return codes(value as never);
  } catch (errors) {
    return (errors as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code);
  } finally {
    await updates.return?.();
  }
}

beforeAll(async () => {
  h = await createApiHarness();
  baseUrl = await listen(h.app);
  writer = await h.token('agent', 'agent-live-kb');
  lead = await h.token('supervisor', 'lead-live-kb');
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await h?.close();
});

describe('articleUpdated and articlesUpdated over WebSocket', () => {
  it('tell staff of an article’s edits, its approval and a reader’s vote, with the article as it then stands', async () => {
    const articleId = 'kb-live-1';
    await run(
      'createArticleDraft',
      { articleId, locale: 'en', title: 'Live article', slug: 'live-article', body: 'Watch me.' },
      writer,
    );
    const one = connect(writer).iterate({ query: ONE, variables: { id: articleId } });
    const all = connect(lead).iterate({ query: ALL });
    try {
      await untilLive(one, articleId);
      await untilLive(all, articleId);

      await run('editArticleDraft', { articleId, excerpt: 'The final excerpt' }, writer);
      const edited = await next(one, 'articleUpdated', 'ArticleDraftEdited');
      // Pokes came first; the last edit is the one whose article holds the final excerpt.
      let latest = edited;
      while (latest.article?.excerpt !== 'The final excerpt')
        latest = await next(one, 'articleUpdated', 'ArticleDraftEdited');
      expect(latest).toMatchObject({ articleId, article: { status: 'draft' } });

      await run('submitArticleForReview', { articleId }, writer);
      await run('approveArticle', { articleId }, lead);
      expect((await next(one, 'articleUpdated', 'ArticleApproved')).article).toMatchObject({ status: 'published' });

      // A customer's vote reaches staff, the figures counted.
      const reader = await h.token('customer', 'cust-live-kb');
      await run('voteOnArticle', { articleId, version: 1, helpful: false, comment: 'Too short' }, reader);
      const voted = await next(one, 'articleUpdated', 'ArticleVoted');
      expect(voted.article).toMatchObject({ helpfulVotes: 0, unhelpfulVotes: 1 });
      const feedback = await h.gql(
        'query($id: ID!, $t: String) { articleFeedback(articleId: $id, consistencyToken: $t) { readerId helpful comment } }',
        { id: articleId, t: voted.consistencyToken },
        lead,
      );
      expect(field(feedback, 'articleFeedback')).toEqual([
        { readerId: 'cust-live-kb', helpful: false, comment: 'Too short' },
      ]);

      // Any article's change reaches the list-level subscription.
      await run(
        'createArticleDraft',
        { articleId: 'kb-live-2', locale: 'fr', title: 'Un autre', slug: 'un-autre', body: 'Texte.' },
        writer,
      );
      expect((await next(all, 'articlesUpdated', 'ArticleVoted')).articleId).toBe(articleId);
      expect(await next(all, 'articlesUpdated', 'ArticleDraftCreated')).toMatchObject({ articleId: 'kb-live-2' });
    } finally {
      await one.return?.();
      await all.return?.();
    }
  });

  it('are refused to customers and auditors, and NOT_FOUND for no such article', async () => {
    for (const role of ['customer', 'auditor'] as const) {
      const client = connect(await h.token(role, `${role}-live-kb`));
      expect(await refusalOf(client, ONE, { id: 'kb-live-1' })).toEqual(['FORBIDDEN']);
      expect(await refusalOf(client, ALL)).toEqual(['FORBIDDEN']);
    }
    expect(await refusalOf(connect(writer), ONE, { id: 'kb-no-such' })).toEqual(['NOT_FOUND']);
  });
});
