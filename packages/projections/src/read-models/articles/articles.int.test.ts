import { InvalidCursorError } from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelDb } from '../../database.js';
import { InvalidSearchError } from '../../errors.js';
import { migrateReadModels } from '../../migrations.js';
import { articleById, articleBySlug, articleVersion, listArticles } from '../../queries/article-details.js';
import { autocompleteArticleTitles, searchArticles, suggestArticles } from '../../queries/articles.js';
import type { ReadModelTables } from '../../schema.js';
import {
  type ArticleSeed,
  approved,
  archived,
  changesRequested,
  created,
  linked,
  projectKbEvents,
  restored,
  revised,
  submitted,
  unlinked,
  viewed,
  voted,
} from './kb-events.fixture.js';

const T1 = '2026-02-02T09:00:00.000Z';
const T2 = '2026-02-03T09:00:00.000Z';

function content(id: string, overrides: Partial<ArticleSeed> = {}): ArticleSeed {
  return { articleId: id, title: `Article ${id}`, ...overrides };
}

/** A new article published as version 1, or a further version of one already there. */
async function publish(db: Kysely<ReadModelTables>, article: ArticleSeed, version = 1, at = T1): Promise<void> {
  const draft = version === 1 ? created(article, T1) : revised(article, version - 1, at);
  await projectKbEvents(db, [draft, approved(article, version, at)]);
}

const ids = (hits: readonly { articleId: string }[]) => hits.map((hit) => hit.articleId);

describe('knowledge-base read model', () => {
  let connectionString: string;
  let db: Kysely<ReadModelTables>;

  beforeAll(async () => {
    connectionString = await createTestDatabase('kb_articles');
    db = createReadModelDb(connectionString);
    await migrateReadModels(db);
    await publish(
      db,
      content('invoices', {
        title: 'Download an invoice',
        excerpt: 'Invoices as PDF.',
        bodyMarkdown: 'Go to **Billing** and download the invoice. <script>alert(1)</script> Invoices arrive monthly.',
        categoryId: 'billing',
        tags: ['invoice', 'pdf'],
      }),
    );
    await publish(
      db,
      content('refunds', {
        title: 'Refund policy',
        bodyMarkdown: 'A refund is possible within 30 days. The invoice shows the refund.',
        categoryId: 'refunds',
        tags: ['refund'],
      }),
    );
    await publish(
      db,
      content('factures', {
        locale: 'fr',
        slug: 'factures',
        title: 'Télécharger vos factures',
        bodyMarkdown: 'Les factures sont disponibles en PDF dans l’historique de facturation.',
        categoryId: 'billing',
        tags: ['facture'],
      }),
    );
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('puts a revision of a published article in the review queue while it stays published', async () => {
    const seed = content('queued-revision', { title: 'Change your email' });
    const revision = { ...seed, title: 'Change your email address' };
    const queue = async (status: string) =>
      (await listArticles(db, { status })).items
        .filter((item) => item.articleId === seed.articleId)
        .map(({ status, revisionStatus }) => ({ status, revisionStatus }));
    const staff = async () => (await articleById(db, seed.articleId, 'staff'))?.revisionStatus;
    await publish(db, seed);
    expect(await queue('in_review')).toEqual([]);
    await projectKbEvents(db, [revised(revision, 1, T2)]);
    expect(await queue('draft')).toEqual([{ status: 'published', revisionStatus: 'draft' }]);
    await projectKbEvents(db, [submitted(revision, T2)]);
    expect(await queue('in_review')).toEqual([{ status: 'published', revisionStatus: 'in_review' }]);
    expect(await queue('published')).toEqual([{ status: 'published', revisionStatus: 'in_review' }]);
    expect(await staff()).toBe('in_review');
    expect((await articleById(db, seed.articleId, 'customer'))?.revisionStatus).toBeNull();
    await projectKbEvents(db, [changesRequested(seed.articleId, T2)]);
    expect(await queue('in_review')).toEqual([]);
    expect(await staff()).toBe('draft');
    await projectKbEvents(db, [submitted(revision, T2), approved(revision, 2, T2)]);
    expect(await queue('in_review')).toEqual([]);
    expect(await queue('published')).toEqual([{ status: 'published', revisionStatus: null }]);
  });

  it('renders the body to sanitized HTML and keeps every published version', async () => {
    const article = await articleById(db, 'invoices', 'customer');
    expect(article?.bodyHtml).toContain('<strong>Billing</strong>');
    expect(article?.bodyHtml).toContain('&lt;script&gt;');
    expect(article?.bodyHtml).not.toContain('<script');
    await publish(db, content('invoices', { title: 'Download invoices', categoryId: 'billing' }), 2, T2);
    expect((await articleVersion(db, 'invoices', 1))?.title).toBe('Download an invoice');
    expect(await articleVersion(db, 'invoices', 2)).toMatchObject({ title: 'Download invoices', current: true });
    expect((await articleVersion(db, 'invoices', 1))?.current).toBe(false);
    expect(await articleById(db, 'invoices', 'customer')).toMatchObject({
      title: 'Download invoices',
      publishedVersion: 2,
    });
    // Replayed publication: the version already there is left as it was.
    await publish(db, content('invoices', { title: 'Rewritten on replay' }), 2, T2);
    expect((await articleVersion(db, 'invoices', 2))?.title).toBe('Download invoices');
  });

  it('ranks hits with <mark> snippets, escaped, and filters by locale, category and tag', async () => {
    const result = await searchArticles(db, { text: 'refund', audience: 'customer' });
    expect(ids(result.items)).toEqual(['refunds']);
    expect(result.items[0]!.snippet).toContain('<mark>refund</mark>');
    expect(result.noHits).toBe(false);

    await publish(
      db,
      content('hostile', {
        title: 'Hostile body',
        bodyMarkdown: 'The word zebra <img src=x onerror=alert(1)> and "quotes" & more.',
      }),
    );
    const hostile = await searchArticles(db, { text: 'zebra', audience: 'customer' });
    expect(hostile.items[0]!.snippet).toContain(
      'word <mark>zebra</mark> &lt; img src=x onerror=alert(1)&gt; and &quot;quotes&quot; &amp; more',
    );

    const invoice = await searchArticles(db, { text: 'invoice', audience: 'customer' });
    expect(ids(invoice.items)).toEqual(['invoices', 'refunds']);
    expect(invoice.items[0]!.rank).toBeGreaterThan(invoice.items[1]!.rank);
    expect(
      ids((await searchArticles(db, { text: 'invoice', categoryId: 'refunds', audience: 'customer' })).items),
    ).toEqual(['refunds']);
    expect(ids((await searchArticles(db, { text: 'invoice', tag: 'refund', audience: 'customer' })).items)).toEqual([
      'refunds',
    ]);
    expect(ids((await searchArticles(db, { text: 'factures pdf', locale: 'fr', audience: 'customer' })).items)).toEqual(
      ['factures'],
    );
    expect(ids((await searchArticles(db, { text: 'invoice', locale: 'fr', audience: 'customer' })).items)).toEqual([]);
  });

  it('cuts the snippet from the passage that matches best, or from the opening when only the title does', async () => {
    const filler = (n: number) => `Paragraph ${n} talks about account settings and notification preferences at length.`;
    const body = [
      ...Array.from({ length: 8 }, (_, n) => filler(n)),
      'Exporting a calendar feed needs the iCal link from the sharing tab.',
      ...Array.from({ length: 8 }, (_, n) => filler(n + 8)),
    ].join(' ');
    await publish(db, content('calendar', { title: 'Sharing your schedule', bodyMarkdown: body }));
    const deep = await searchArticles(db, { text: 'calendar feed', audience: 'customer' });
    expect(ids(deep.items)).toEqual(['calendar']);
    expect(deep.items[0]!.snippet).toContain('<mark>calendar</mark> <mark>feed</mark>');
    expect(deep.items[0]!.snippet).not.toContain('Paragraph 0 ');

    const titleOnly = await searchArticles(db, { text: 'schedule', audience: 'customer' });
    expect(ids(titleOnly.items)).toEqual(['calendar']);
    expect(titleOnly.items[0]!.snippet).toMatch(/^Paragraph 0 talks/);
  });

  it('stems French and English and folds accents', async () => {
    // "facture" / "factures", "telecharger" / "Télécharger".
    expect(
      ids((await searchArticles(db, { text: 'telecharger facture', locale: 'fr', audience: 'customer' })).items),
    ).toEqual(['factures']);
    expect(ids((await searchArticles(db, { text: 'refunded', locale: 'en', audience: 'customer' })).items)).toContain(
      'refunds',
    );
  });

  it('shows customers only published text, never a draft or its words; staff see drafts', async () => {
    await projectKbEvents(db, [
      created(content('secret', { title: 'Unreleased quokka feature', bodyMarkdown: 'The quokka launch.' }), T2),
      revised(content('refunds', { title: 'Refund policy', bodyMarkdown: 'Draft text about wombats.' }), 1, T2),
    ]);
    expect(ids((await searchArticles(db, { text: 'quokka', audience: 'customer' })).items)).toEqual([]);
    expect(ids((await searchArticles(db, { text: 'wombats', audience: 'customer' })).items)).toEqual([]);
    expect(await articleById(db, 'secret', 'customer')).toBeNull();
    expect((await articleById(db, 'refunds', 'customer'))?.bodyMarkdown).not.toContain('wombats');
    expect(await autocompleteArticleTitles(db, { prefix: 'quokka', audience: 'customer' })).toEqual([]);

    const staff = await searchArticles(db, { text: 'quokka', audience: 'staff' });
    expect(staff.items).toMatchObject([{ articleId: 'secret', status: 'draft' }]);
    expect(ids((await searchArticles(db, { text: 'wombats', audience: 'staff' })).items)).toEqual(['refunds']);
    expect((await articleById(db, 'refunds', 'staff'))?.bodyMarkdown).toContain('wombats');
  });

  it('hides an archived article from everyone searching, and brings it back on restore', async () => {
    await projectKbEvents(db, [archived('refunds', T2)]);
    expect(ids((await searchArticles(db, { text: 'refund', audience: 'customer' })).items)).toEqual([]);
    expect(ids((await searchArticles(db, { text: 'refund', audience: 'staff' })).items)).toEqual([]);
    expect(await articleBySlug(db, 'en', 'refunds', 'customer')).toBeNull();
    expect((await articleBySlug(db, 'en', 'refunds', 'staff'))?.status).toBe('archived');

    await projectKbEvents(db, [restored('refunds', T2)]);
    expect(ids((await searchArticles(db, { text: 'refund', audience: 'customer' })).items)).toEqual(['refunds']);
    expect((await articleBySlug(db, 'en', 'refunds', 'customer'))?.status).toBe('published');
  });

  it('returns an empty page that says nothing matched, and pages through hits', async () => {
    const none = await searchArticles(db, { text: 'xylophone', audience: 'customer' });
    expect(none).toEqual({
      items: [],
      nextCursor: null,
      text: 'xylophone',
      correctedText: null,
      noHits: true,
      wordful: true,
    });
    // Punctuation alone holds no word to look for.
    expect(await searchArticles(db, { text: '!!! %', audience: 'customer' })).toMatchObject({
      noHits: true,
      wordful: false,
    });

    const first = await searchArticles(db, { text: 'invoice', audience: 'customer', first: 1 });
    expect(first.nextCursor).not.toBeNull();
    const second = await searchArticles(db, {
      text: 'invoice',
      audience: 'customer',
      first: 1,
      after: first.nextCursor!,
    });
    expect(ids([...first.items, ...second.items])).toEqual(['invoices', 'refunds']);
    expect(second).toMatchObject({ nextCursor: null, noHits: false });
  });

  it('refuses empty or oversized text and foreign cursors with typed errors', async () => {
    await expect(searchArticles(db, { text: '   ', audience: 'customer' })).rejects.toBeInstanceOf(InvalidSearchError);
    await expect(searchArticles(db, { text: 'x'.repeat(501), audience: 'customer' })).rejects.toMatchObject({
      code: 'INVALID_SEARCH',
    });
    await expect(autocompleteArticleTitles(db, { prefix: '', audience: 'staff' })).rejects.toMatchObject({
      code: 'INVALID_SEARCH',
      field: 'prefix',
    });
    await expect(searchArticles(db, { text: 'invoice', audience: 'customer', after: 'k1.abc' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('corrects a misspelt word to a published one, and says so', async () => {
    const result = await searchArticles(db, { text: 'refund polcy', audience: 'customer' });
    expect(ids(result.items)[0]).toBe('refunds');
    expect(result.correctedText).toBe('refund policy');
  });

  it('forgives a typo or two swapped letters, but leaves a different word as typed', async () => {
    const swapped = await searchArticles(db, { text: 'refudn', audience: 'customer' });
    expect(swapped.correctedText).toBe('refund');
    expect(ids(swapped.items)[0]).toBe('refunds');
    // "voice" looks like "invoice" (trigrams) but is two edits away: another word, not a typo.
    const other = await searchArticles(db, { text: 'voice', audience: 'customer' });
    expect(other).toMatchObject({ items: [], correctedText: null, noHits: true });
    // Two typos are forgiven from six letters on.
    expect((await searchArticles(db, { text: 'facturatoin', audience: 'customer' })).correctedText).toBe('facturation');
    // Within the search's language: an English search is not corrected to a French word.
    const inLocale = (locale: string) => searchArticles(db, { text: 'facturatoin', locale, audience: 'customer' });
    expect((await inLocale('fr')).correctedText).toBe('facturation');
    expect((await inLocale('en')).correctedText).toBeNull();
    expect((await searchArticles(db, { text: 'x'.repeat(300), audience: 'customer' })).noHits).toBe(true);
  });

  it('finds the words that follow what looks like a tag in the text', async () => {
    await publish(
      db,
      content('angle-brackets', {
        bodyMarkdown: 'Type <wombat-code> then numbat.\n\nAn unclosed <script> then bilby.',
      }),
    );
    for (const word of ['numbat', 'bilby', 'wombat']) {
      const result = await searchArticles(db, { text: word, audience: 'customer' });
      expect(ids(result.items), word).toEqual(['angle-brackets']);
    }
  });

  it('corrects only to words customers can read now: none of a replaced version or an archived article', async () => {
    const corrected = async (text: string) => (await searchArticles(db, { text, audience: 'customer' })).correctedText;
    await publish(db, content('codename', { title: 'Project nightingale', bodyMarkdown: 'The quokka protocol.' }));
    expect(await corrected('nigthingale')).toBe('nightingale');
    expect(await corrected('quokak')).toBe('quokka');
    // Version 2 drops "quokka": the word leaves with the version that held it.
    await publish(db, content('codename', { title: 'Project nightingale', bodyMarkdown: 'The wallaby protocol.' }), 2);
    expect(await corrected('quokak')).toBeNull();
    expect(await corrected('wallbay')).toBe('wallaby');
    // A word another live article still holds stays.
    await publish(db, content('codename-2', { title: 'Nightingale, again' }));
    await projectKbEvents(db, [archived('codename', T2)]);
    expect(await corrected('nigthingale')).toBe('nightingale');
    expect(await corrected('wallbay')).toBeNull();
    await projectKbEvents(db, [restored('codename', T2)]);
    expect(await corrected('wallbay')).toBe('wallaby');
  });

  it('autocompletes titles despite typos and missing accents', async () => {
    expect(ids(await autocompleteArticleTitles(db, { prefix: 'downlod', audience: 'customer' }))).toEqual(['invoices']);
    // Two letters swapped break most of the word's trigrams: its spelling correction finds it.
    expect(ids(await autocompleteArticleTitles(db, { prefix: 'refnud', audience: 'customer' }))).toContain('refunds');
    expect(ids(await autocompleteArticleTitles(db, { prefix: 'telechar', audience: 'customer' }))).toEqual([
      'factures',
    ]);
    expect(ids(await autocompleteArticleTitles(db, { prefix: 'refun', locale: 'fr', audience: 'customer' }))).toEqual(
      [],
    );
    const [hit] = await autocompleteArticleTitles(db, { prefix: 'Refund pol', audience: 'customer' });
    expect(hit).toMatchObject({ articleId: 'refunds', slug: 'refunds', title: 'Refund policy' });
    expect(hit!.similarity).toBeGreaterThan(0.6);
  });

  it('analyses an unknown locale with the simple configuration: accents folded, no stemming', async () => {
    await publish(
      db,
      content('de-rechnung', {
        locale: 'de',
        title: 'Rechnungen herunterladen',
        bodyMarkdown: 'Die Überweisung dauert.',
      }),
    );
    const { rows } = await sql<{
      search_config: string;
    }>`select search_config from kb_articles where article_id = 'de-rechnung'`.execute(db);
    expect(rows[0]!.search_config).toBe('kb_simple');
    expect(ids((await searchArticles(db, { text: 'uberweisung', locale: 'de', audience: 'customer' })).items)).toEqual([
      'de-rechnung',
    ]);
    // Not stemmed: only the prefix search reaches the longer word.
    expect(ids((await searchArticles(db, { text: 'rechnung', locale: 'de', audience: 'customer' })).items)).toEqual([
      'de-rechnung',
    ]);
    const { rows: lexemes } = await sql<{ lexemes: string[] }>`
      select tsvector_to_array(search) as lexemes from kb_articles where article_id = 'de-rechnung'`.execute(db);
    expect(lexemes[0]!.lexemes).toEqual(expect.arrayContaining(['rechnungen', 'uberweisung']));
  });

  it('suggests published articles for a ticket from its subject and first message', async () => {
    const hits = await suggestArticles(db, {
      subject: 'Need my money back',
      firstMessage: 'Hello, I would like a refund for my last order, it was not what I expected. Thanks!',
      locale: 'en',
    });
    expect(ids(hits)[0]).toBe('refunds');
    expect(await suggestArticles(db, { subject: ' ', firstMessage: '' })).toEqual([]);
    // One word of an article's body in passing ("arrive", about something else) suggests nothing.
    expect(
      await suggestArticles(db, {
        subject: 'Broken screen',
        firstMessage: 'My screen cracked the day it arrived; can it be repaired?',
        locale: 'en',
      }),
    ).toEqual([]);
  });

  it('links translations and counts votes and views', async () => {
    await projectKbEvents(db, [
      linked('factures', 'invoices', 'en'),
      voted('invoices', 'reader-1', true),
      voted('invoices', 'reader-2', true),
      ...['reader-1', 'reader-2', 'reader-3', 'reader-4', 'reader-5'].map((reader) => viewed('invoices', reader)),
    ]);
    await projectKbEvents(db, [
      voted('invoices', 'reader-2', false, true),
      viewed('invoices', 'reader-1', '2026-02-03'),
    ]);
    expect(await articleById(db, 'invoices', 'customer')).toMatchObject({
      helpfulVotes: 1,
      unhelpfulVotes: 1,
      views: 6,
      // Each article records its own links: invoices has not linked factures (yet).
      translations: [],
    });
    expect((await articleById(db, 'factures', 'staff'))?.translations).toEqual([
      { articleId: 'invoices', locale: 'en', slug: 'invoices' },
    ]);
    await projectKbEvents(db, [linked('invoices', 'factures', 'fr')]);
    expect((await articleById(db, 'invoices', 'customer'))?.translations).toEqual([
      { articleId: 'factures', locale: 'fr', slug: 'factures' },
    ]);
  });

  it('shows each article exactly the translations it links, before and after an unlink, rebuilt or live', async () => {
    const articles = [
      content('tr-sup', { slug: 'tr-sup' }),
      content('tr-fr', { locale: 'fr', slug: 'tr-fr' }),
      content('tr-att', { slug: 'tr-att' }),
    ];
    const events = [
      ...articles.flatMap((article) => [created(article, T1), approved(article, 1, T1)]),
      linked('tr-sup', 'tr-fr', 'fr'),
      linked('tr-fr', 'tr-att', 'en'),
    ];
    const seen = async () =>
      Object.fromEntries(
        await Promise.all(
          ['tr-sup', 'tr-fr', 'tr-att'].map(async (id) => [
            id,
            (await articleById(db, id, 'customer'))?.translations.map((t) => `${t.articleId}:${t.locale}`),
          ]),
        ),
      );
    await projectKbEvents(db, events);
    // Never an English article as an English article's translation.
    expect(await seen()).toEqual({ 'tr-sup': ['tr-fr:fr'], 'tr-fr': ['tr-att:en'], 'tr-att': [] });
    const unlink = unlinked('tr-sup', 'tr-fr', 'fr');
    await projectKbEvents(db, [unlink]);
    // The fr article keeps the link it made; tr-sup gains none it never made.
    const live = await seen();
    expect(live).toEqual({ 'tr-sup': [], 'tr-fr': ['tr-att:en'], 'tr-att': [] });
    // Folded again from the start, one event per batch, the rows come out the same.
    await db.deleteFrom('kb_article_versions').where('article_id', 'like', 'tr-%').execute();
    await db.deleteFrom('kb_articles').where('article_id', 'like', 'tr-%').execute();
    for (const event of [...events, unlink]) await projectKbEvents(db, [event]);
    expect(await seen()).toEqual(live);
  });

  it('shows customers only the linked articles they may read; staff every linked article there is', async () => {
    await projectKbEvents(db, [
      created(content('tr-draft', { locale: 'de', slug: 'tr-draft' }), T1),
      linked('refunds', 'tr-draft', 'de'),
      linked('refunds', 'tr-missing', 'es'),
    ]);
    expect((await articleById(db, 'refunds', 'customer'))?.translations).toEqual([]);
    expect((await articleById(db, 'refunds', 'staff'))?.translations).toEqual([
      { articleId: 'tr-draft', locale: 'de', slug: 'tr-draft' },
    ]);
  });

  it('migrates and serves a rebuild schema beside the live one, and dropping it leaves the live one intact', async () => {
    const rebuild = createReadModelDb(connectionString, { schema: 'rebuild_kb' });
    try {
      await sql`create schema rebuild_kb`.execute(rebuild);
      await migrateReadModels(rebuild);
      const { rows } = await sql<{ schema: string }>`
        select n.nspname as schema from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
        where c.cfgname = 'kb_french' order by 1`.execute(rebuild);
      expect(rows.map((r) => r.schema)).toEqual(['public', 'rebuild_kb']);
      await publish(rebuild, content('rebuilt', { locale: 'fr', title: 'Réinitialiser le mot de passe' }));
      expect(ids((await searchArticles(rebuild, { text: 'reinitialiser', audience: 'customer' })).items)).toEqual([
        'rebuilt',
      ]);
      expect(ids(await autocompleteArticleTitles(rebuild, { prefix: 'reinit', audience: 'customer' }))).toEqual([
        'rebuilt',
      ]);
      expect(ids((await searchArticles(db, { text: 'reinitialiser', audience: 'customer' })).items)).toEqual([]);
      await sql`drop schema rebuild_kb cascade`.execute(rebuild);
    } finally {
      await rebuild.destroy();
    }
    expect(ids(await autocompleteArticleTitles(db, { prefix: 'downlod', audience: 'customer' }))).toEqual(['invoices']);
    expect(ids((await searchArticles(db, { text: 'factures', locale: 'fr', audience: 'customer' })).items)).toEqual([
      'factures',
    ]);
  });
});
