import { describe, expect, it } from 'vitest';
import type { ArticleStateRow } from './columns.js';
import { approved, archived, changesRequested, linked, unlinked, viewed, voted } from './kb-events.fixture.js';
import { applyKbEvent, newArticlesBatch } from './row.js';

const AT = '2026-02-02T09:00:00.000Z';

function row(articleId: string, overrides: Partial<ArticleStateRow> = {}): ArticleStateRow {
  return {
    article_id: articleId,
    locale: 'en',
    status: 'published',
    translations: {},
    published_version: 1,
    published_at: AT,
    revision_status: null,
    helpful_votes: 0,
    unhelpful_votes: 0,
    views: 0,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

describe('the knowledge-base fold', () => {
  it('moves a changed vote from one side to the other, and counts each view', () => {
    const batch = newArticlesBatch([row('a')]);
    for (const event of [voted('a', 'r1', true), voted('a', 'r1', false, true), viewed('a', 'r1'), viewed('a', 'r2')])
      applyKbEvent(batch, event);
    expect(batch.articles.get('a')).toMatchObject({ helpful_votes: 0, unhelpful_votes: 1, views: 2 });
    // One vote row per reader and version: the latest.
    expect([...batch.votes.values()]).toMatchObject([{ reader_id: 'r1', helpful: false }]);
    expect(batch.views).toHaveLength(2);
  });

  it('keeps a published article published when its revision is sent back; archiving withdraws its current version', () => {
    const batch = newArticlesBatch([
      row('a', { revision_status: 'in_review' }),
      row('b', { status: 'in_review', published_version: null }),
    ]);
    applyKbEvent(batch, changesRequested('a'));
    applyKbEvent(batch, changesRequested('b'));
    // The published article's revision goes back to draft; the never-published one itself does.
    expect(batch.articles.get('a')).toMatchObject({ status: 'published', revision_status: 'draft' });
    expect(batch.articles.get('b')).toMatchObject({ status: 'draft', revision_status: null });
    expect(batch.changed).toEqual(new Set(['a', 'b']));
    applyKbEvent(batch, archived('a'));
    expect([...batch.current, ...batch.heads]).toEqual(['a', 'a']);
  });

  it("records each article's own links only: never the linked article's, never a third article's", () => {
    // kb-sup (en) links its fr translation; the fr article links a different English one.
    const batch = newArticlesBatch([row('kb-sup'), row('kb-fr', { locale: 'fr' }), row('kb-att')]);
    applyKbEvent(batch, linked('kb-sup', 'kb-fr', 'fr'));
    applyKbEvent(batch, linked('kb-fr', 'kb-att', 'en'));
    const links = () => Object.fromEntries([...batch.articles].map(([id, r]) => [id, r.translations]));
    expect(links()).toEqual({ 'kb-sup': { fr: 'kb-fr' }, 'kb-fr': { en: 'kb-att' }, 'kb-att': {} });
    expect(batch.changed).toEqual(new Set(['kb-sup', 'kb-fr']));
    // An unlink takes back the link its article made, and nothing else.
    applyKbEvent(batch, unlinked('kb-sup', 'kb-fr', 'fr'));
    expect(links()).toEqual({ 'kb-sup': {}, 'kb-fr': { en: 'kb-att' }, 'kb-att': {} });
  });

  it('refuses a text event for an article it has no row of (the log is out of order)', () => {
    expect(() => applyKbEvent(newArticlesBatch([]), approved({ articleId: 'ghost', title: 'Ghost' }))).toThrow(
      /no row/,
    );
  });
});
