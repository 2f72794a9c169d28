import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelDb } from '../../database.js';
import { migrateReadModels } from '../../migrations.js';
import { searchArticles } from '../../queries/articles.js';
import { projectKbEvents, published } from './kb-events.fixture.js';
import { QUALITY_ARTICLES, QUALITY_QUERIES } from './search-quality.fixtures.js';

const AT = '2026-01-05T09:00:00.000Z';

describe('knowledge-base search quality', () => {
  let db: ReturnType<typeof createReadModelDb>;

  beforeAll(async () => {
    db = createReadModelDb(await createTestDatabase('kb_quality'));
    await migrateReadModels(db);
    await projectKbEvents(
      db,
      QUALITY_ARTICLES.flatMap((a) =>
        published(
          {
            articleId: a.id,
            locale: a.locale,
            slug: a.slug,
            title: a.title,
            excerpt: a.excerpt,
            bodyMarkdown: a.body,
            categoryId: a.categoryId,
            tags: a.tags,
          },
          AT,
        ),
      ),
    );
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('has a set big enough to mean something, in both languages', () => {
    expect(QUALITY_ARTICLES.length).toBeGreaterThanOrEqual(60);
    expect(QUALITY_QUERIES.length).toBeGreaterThanOrEqual(60);
    for (const locale of ['en', 'fr']) {
      expect(QUALITY_ARTICLES.filter((a) => a.locale === locale).length).toBeGreaterThanOrEqual(25);
      expect(QUALITY_QUERIES.filter((q) => q.expected.startsWith(`${locale}-`)).length).toBeGreaterThanOrEqual(25);
    }
    const ids = new Set(QUALITY_ARTICLES.map((a) => a.id));
    for (const query of QUALITY_QUERIES) expect(ids).toContain(query.expected);
  });

  it('finds the expected article first for most queries and in the top 3 for at least 95 %', async () => {
    let top1 = 0;
    let top3 = 0;
    const misses: string[] = [];
    for (const query of QUALITY_QUERIES) {
      const result = await searchArticles(db, {
        text: query.text,
        locale: query.locale,
        audience: 'customer',
        first: 3,
      });
      const ids = result.items.map((hit) => hit.articleId);
      if (ids[0] === query.expected) top1++;
      if (ids.includes(query.expected)) top3++;
      else misses.push(`"${query.text}" -> [${ids.join(', ')}], expected ${query.expected}`);
    }
    const n = QUALITY_QUERIES.length;
    console.log(
      `search quality: ${n} queries, top-1 ${((100 * top1) / n).toFixed(1)} %, top-3 ${((100 * top3) / n).toFixed(1)} %` +
        (misses.length ? `\nmissed:\n  ${misses.join('\n  ')}` : ''),
    );
    expect(top3 / n).toBeGreaterThanOrEqual(0.95);
    // Measured 92.1 % (70 of 76); the margin absorbs tie order, not a regression.
    expect(top1 / n).toBeGreaterThanOrEqual(0.88);
  });

  const search = (text: string, locale?: string) =>
    searchArticles(db, { text, ...(locale === undefined ? {} : { locale }), audience: 'customer', first: 5 });

  it('reads the feminine and plural of a French word ending in "é" as that word, never as a typo', async () => {
    // The articles say "Mot de passe oublié", "Compte bloqué" and "vos données personnelles";
    // readers often type without accents.
    for (const [text, expected] of [
      ['mot de passe oubliée', 'fr-reinitialiser-mot-de-passe'],
      ['mots de passe oubliés', 'fr-reinitialiser-mot-de-passe'],
      ['comptes bloqués', 'fr-compte-bloque'],
      ['mot de passe oubliee', 'fr-reinitialiser-mot-de-passe'],
      ['mots de passe oubliees', 'fr-reinitialiser-mot-de-passe'],
      ['comptes bloques', 'fr-compte-bloque'],
      ['donnees personnelles', 'fr-donnees-personnelles'],
    ] as const) {
      const result = await search(text, 'fr');
      expect(result.items[0]?.articleId, text).toBe(expected);
      expect(result.items[0]!.rank, text).toBeGreaterThan(1);
      expect(result.correctedText, text).toBeNull();
    }
  });

  it('offers "did you mean" wherever the misspelt word stands, short words with two letters swapped included', async () => {
    for (const [text, corrected] of [
      ['pasword reset', 'password reset'],
      ['reset pasword', 'reset password'],
      ['emial', 'email'],
      ['chnage emial adress', 'change email address'],
      ['refnud', 'refund'],
    ] as const) {
      const result = await search(text, 'en');
      expect(result.correctedText, text).toBe(corrected);
      // No hit holds the words as typed: none ranks as if it did.
      expect(result.items.length, text).toBeGreaterThan(0);
      expect(
        result.items.filter((hit) => hit.rank >= 1),
        text,
      ).toEqual([]);
    }
  });

  it('takes a hyphenated word whole: no "did you mean" splitting it, and it finds its joined spelling', async () => {
    for (const text of ['change e-mail', 'change e-mail address']) {
      const result = await search(text, 'en');
      expect(result.correctedText, text).toBeNull();
      expect(result.items[0]?.articleId, text).toBe('en-change-email');
    }
    // A typo beside it is still corrected, the hyphenated word kept as typed.
    expect((await search('chnage e-mail', 'en')).correctedText).toBe('change e-mail');
  });

  it('reads a half-typed last word as the start of a word: every word held, no "did you mean"', async () => {
    for (const text of ['reset passw', 'reset passwo']) {
      const result = await search(text, 'en');
      expect(result.correctedText, text).toBeNull();
      expect(result.items[0]?.rank, text).toBeGreaterThan(1);
    }
    // Nor is a short word ever the correction of a longer one ("forg" is not the stop word "for").
    const forg = await search('forg', 'en');
    expect(forg.correctedText).toBeNull();
    expect(forg.items.length).toBeGreaterThan(0);
  });

  it('reads "à" as a stop word: an English "a" finds no French article', async () => {
    const alone = await search('à', 'fr');
    expect(alone.noHits).toBe(true);
    expect(alone.wordful).toBe(false);
    expect((await search('a')).items.filter((hit) => hit.locale === 'fr')).toEqual([]);
    const english = await search('recovery codes a lost phone');
    expect(english.items[0]?.articleId).toBe('en-two-factor');
    expect(english.items.filter((hit) => hit.locale === 'fr' && hit.rank > 1)).toEqual([]);
  });
});
