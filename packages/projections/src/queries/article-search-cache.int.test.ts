import { InvalidCursorError } from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelDb } from '../database.js';
import { migrateReadModels } from '../migrations.js';
import {
  type ArticleSeed,
  archived,
  changesRequested,
  created,
  projectKbEvents,
  published,
  submitted,
  viewed,
  voted,
} from '../read-models/articles/kb-events.fixture.js';
import { createArticlesProjection } from '../read-models/articles/projection.js';
import { resetProjection } from '../rebuild.js';
import type { ReadModelTables } from '../schema.js';
import { ArticleSearchCache } from './article-search-cache.js';
import { type ArticleSearchResult, searchArticles } from './articles.js';

const AT = '2026-03-02T09:00:00.000Z';

function article(id: string, title: string): ArticleSeed {
  return { articleId: id, title, bodyMarkdown: `${title}: the steps, one by one.` };
}

const publish = (db: Kysely<ReadModelTables>, content: ArticleSeed) => projectKbEvents(db, published(content, AT));

const ids = (result: ArticleSearchResult) => result.items.map((hit) => hit.articleId).sort();

describe('knowledge-base search cache', () => {
  let db: Kysely<ReadModelTables>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('kb_search_cache'));
    await migrateReadModels(db);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('answers a repeated search from memory, one run for concurrent askers, until a searchable row changes', async () => {
    await publish(db, article('refunds', 'Refund a payment'));
    const cache = new ArticleSearchCache(10);
    let runs = 0;
    const counted = async () => {
      runs++;
      return searchArticles(db, { text: 'refund', audience: 'customer' });
    };
    const first = await Promise.all(Array.from({ length: 5 }, () => cache.get(db, ['refund'], counted)));
    expect(runs).toBe(1);
    expect(first.map(ids)).toEqual(Array(5).fill(['refunds']));
    await cache.get(db, ['refund'], counted);
    expect(runs).toBe(1);

    // Views and votes move counters only: what a search finds is unchanged, so is the entry.
    await projectKbEvents(db, [
      viewed('refunds', 'reader-1'),
      viewed('refunds', 'reader-2'),
      voted('refunds', 'reader-1', true),
    ]);
    await cache.get(db, ['refund'], counted);
    expect(runs).toBe(1);

    await publish(db, article('partial-refunds', 'Partial refund of an order'));
    expect(ids(await cache.get(db, ['refund'], counted))).toEqual(['partial-refunds', 'refunds']);
    expect(runs).toBe(2);
  });

  it('never answers from text older than the reader could see: publication, archive, status, replay in place', async () => {
    const cache = new ArticleSearchCache(10);
    const customer = () => searchArticles(db, { text: 'invoice', audience: 'customer' }, cache);
    const staff = () => searchArticles(db, { text: 'invoice', audience: 'staff' }, cache);
    expect((await customer()).noHits).toBe(true);

    await publish(db, article('invoices', 'Download an invoice'));
    expect(ids(await customer())).toEqual(['invoices']);

    const draft = article('invoice-draft', 'Invoice address');
    await projectKbEvents(db, [created(draft, AT), submitted(draft, AT)]);
    expect((await staff()).items.find((hit) => hit.articleId === 'invoice-draft')?.status).toBe('in_review');
    // A request for changes moves the status alone (the search heads stay as they are).
    await projectKbEvents(db, [changesRequested('invoice-draft', AT)]);
    expect((await staff()).items.find((hit) => hit.articleId === 'invoice-draft')?.status).toBe('draft');

    await projectKbEvents(db, [archived('invoices', AT)]);
    expect((await customer()).noHits).toBe(true);

    await publish(db, article('invoices-2', 'Invoice in another currency'));
    expect(ids(await customer())).toEqual(['invoices-2']);
    await resetProjection(db, createArticlesProjection());
    expect((await customer()).noHits).toBe(true);
    expect((await staff()).noHits).toBe(true);
  });

  it('keys by every option: locale, page, audience and filters do not share entries; a bad cursor is refused, not remembered', async () => {
    const cache = new ArticleSearchCache(10);
    await publish(db, article('password', 'Reset your password'));
    await publish(db, { ...article('password-2', 'Change your password'), categoryId: 'account' });
    const all = await searchArticles(db, { text: 'password', audience: 'customer' }, cache);
    const page = await searchArticles(db, { text: 'password', audience: 'customer', first: 1 }, cache);
    const filtered = await searchArticles(db, { text: 'password', audience: 'customer', categoryId: 'account' }, cache);
    const french = await searchArticles(db, { text: 'password', audience: 'customer', locale: 'fr' }, cache);
    expect(ids(all)).toEqual(['password', 'password-2']);
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    expect(ids(filtered)).toEqual(['password-2']);
    expect(french.noHits).toBe(true);
    // Spacing is not a different question.
    expect(await searchArticles(db, { text: '  password ', audience: 'customer' }, cache)).toBe(all);
    const bad = { text: 'password', audience: 'customer' as const, after: 'nonsense' };
    await expect(searchArticles(db, bad, cache)).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(searchArticles(db, bad, cache)).rejects.toBeInstanceOf(InvalidCursorError);
    expect(cache.size).toBe(4);
  });
});
