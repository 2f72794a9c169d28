import { type Actor, CLAIM_LEASE_MS, streamId } from '@support-engine/domain';
import {
  type ArticleCommand,
  articleDecider,
  articleHoldings,
  slugClaimDecider,
  slugClaimId,
} from '@support-engine/domain/article';
import type { CommandHandler, DomainEvent } from '@support-engine/eventstore';
import type { PostgresEventStore } from '@support-engine/eventstore-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleWrites } from './article-writes.js';
import { claimTestStore, eventCount, foldedStream, leaveDeadClaim, outcomeOf, registry } from './claims.fixture.js';

// Slugs are unique per locale across article streams: claims on `kbslug` streams, fenced by the
// article version each command was decided at. Races on a real PostgreSQL store.

const WRITER: Actor = { id: 'writer-1', role: 'agent' };
const LEAD: Actor = { id: 'lead-1', role: 'supervisor' };
const clock = { now: new Date('2026-01-05T09:00:00.000Z') };
let store: PostgresEventStore;
let writes: CommandHandler<ArticleCommand, DomainEvent>;
let sequence = 0;

const send = (command: ArticleCommand, actor = WRITER) =>
  writes.handle({
    streamId: streamId('article', command.data.articleId),
    command,
    commandId: `test-${++sequence}`,
    context: { now: clock.now, actor },
  });

const create = (articleId: string, slug: string, categoryId: string | null = null) =>
  send({
    type: 'CreateArticleDraft',
    data: {
      articleId,
      locale: 'en',
      content: { title: `Title of ${articleId}`, slug, body: 'How to do it.', categoryId },
    },
  });

const rename = (articleId: string, slug: string) =>
  send({ type: 'EditArticleDraft', data: { articleId, changes: { slug } } });

const holderOf = async (slug: string, locale = 'en') =>
  (await foldedStream(store, streamId('kbslug', slugClaimId(locale, slug)), slugClaimDecider)).holder;
const articleState = (articleId: string) => foldedStream(store, streamId('article', articleId), articleDecider);
const codeOf = outcomeOf;

beforeAll(async () => {
  store = await claimTestStore('article_writes', clock);
  writes = createArticleWrites({ store, registry });
});

afterAll(async () => {
  await store.close();
});

describe('article slugs across streams', () => {
  it('gives a slug raced for by many new articles to exactly one of them', async () => {
    for (let round = 0; round < 10; round++) {
      const slug = `raced-slug-${round}`;
      const ids = Array.from({ length: 6 }, (_, i) => `race-${round}-${i}`);
      const outcomes = await Promise.all(ids.map((id) => codeOf(create(id, slug))));
      expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome !== 'ok').every((code) => code === 'ARTICLE_SLUG_TAKEN')).toBe(true);
      const winner = ids[outcomes.indexOf('ok')]!;
      expect(await holderOf(slug)).toBe(winner);
      for (const loser of ids.filter((id) => id !== winner)) expect(await articleState(loser)).toBeNull();
    }
  });

  it('frees the old slug when a draft is renamed, and keeps one slug per locale', async () => {
    await create('renamed', 'old-name');
    await rename('renamed', 'new-name');
    expect(await holderOf('old-name')).toBeNull();
    expect(await holderOf('new-name')).toBe('renamed');
    expect(await codeOf(create('taker', 'old-name'))).toBe('ok');
    expect(await codeOf(create('clash', 'new-name'))).toBe('ARTICLE_SLUG_TAKEN');
    // Another locale is another namespace.
    expect(
      await codeOf(
        send({
          type: 'CreateArticleDraft',
          data: { articleId: 'fr-1', locale: 'fr', content: { title: 'T', slug: 'new-name' } },
        }),
      ),
    ).toBe('ok');
  });

  it("keeps the live version's slug while a revision renames, until the revision is approved", async () => {
    await create('live', 'live-slug');
    await send({ type: 'SubmitArticleForReview', data: { articleId: 'live' } });
    await send({ type: 'ApproveArticle', data: { articleId: 'live' } }, LEAD);
    await send({ type: 'StartArticleRevision', data: { articleId: 'live' } });
    await rename('live', 'live-slug-renamed');
    expect(await holderOf('live-slug')).toBe('live');
    expect(await holderOf('live-slug-renamed')).toBe('live');
    await send({ type: 'SubmitArticleForReview', data: { articleId: 'live' } });
    await send({ type: 'ApproveArticle', data: { articleId: 'live' } }, LEAD);
    expect(await holderOf('live-slug')).toBeNull();
    expect(await holderOf('live-slug-renamed')).toBe('live');
  });

  it('refuses an unknown category or a taken slug before writing anything', async () => {
    await create('holder', 'held-slug');
    const before = await eventCount(store);
    expect(await codeOf(create('orphan', 'fresh-slug', 'no-such-category'))).toBe('NOT_FOUND');
    expect(await codeOf(create('late', 'held-slug'))).toBe('ARTICLE_SLUG_TAKEN');
    expect(await eventCount(store)).toBe(before);
  });

  it('settles a claim whose command died, once its lease lapses', async () => {
    // A command that claimed and died before appending: its article never came to be.
    await leaveDeadClaim(store, streamId('kbslug', slugClaimId('en', 'ghost-slug')), {
      type: 'ArticleSlugClaimed',
      data: { locale: 'en', slug: 'ghost-slug', articleId: 'ghost', atVersion: 0 },
      actor: WRITER,
      at: clock.now,
    });
    expect(await codeOf(create('heir', 'ghost-slug'))).toBe('ARTICLE_SLUG_TAKEN');
    clock.now = new Date(clock.now.getTime() + CLAIM_LEASE_MS);
    expect(await codeOf(create('heir', 'ghost-slug'))).toBe('ok');
    expect(await holderOf('ghost-slug')).toBe('heir');
  });

  it('keeps every slug an article holds claimed by it, under racing renames of one article', async () => {
    await create('spinner', 'spin-0');
    const slugs = Array.from({ length: 5 }, (_, i) => `spin-${i}`);
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        Array.from({ length: 4 }, (_, i) => codeOf(rename('spinner', slugs[(round * 4 + i) % slugs.length]!))),
      );
      const state = await articleState('spinner');
      const held = articleHoldings(state).slugs.map((key) => key.slug);
      expect(held).toHaveLength(1);
      for (const slug of slugs) expect(await holderOf(slug)).toBe(held.includes(slug) ? 'spinner' : null);
    }
  });
});
