import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, type GqlResponse } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// The knowledge base over GraphQL, as a support team works it: categories, writing, review by
// someone else, publishing, revising, translations, search, votes, views, self-service figures,
// history, and the public help center.

let h: ApiHarness;
let admin: string;
let writer: string;
let lead: string;
let otherLead: string;
let alice: string;
let bob: string;
let auditor: string;

interface Result {
  id: string;
  version: number;
  consistencyToken: string;
}

async function run(mutation: string, input: Record<string, unknown>, token: string): Promise<Result> {
  const name = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const response = await h.gql(
    `mutation($input: ${name}!) { ${mutation}(input: $input) { id version consistencyToken } }`,
    { input },
    token,
  );
  return field<Result>(response, mutation);
}

const attempt = (mutation: string, input: Record<string, unknown>, token: string): Promise<GqlResponse> =>
  h.gql(
    `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { id } }`,
    { input },
    token,
  );

const ARTICLE = `articleId status title slug bodyHtml publishedVersion helpfulVotes unhelpfulVotes views categoryId
  translations { articleId locale }`;
/** The article as `token`'s caller reads it: null when they may not see it. */
async function read(id: string, token: string, consistencyToken?: string) {
  const response = await h.gql(
    `query($id: ID!, $t: String) { article(id: $id, consistencyToken: $t) { ${ARTICLE} } }`,
    { id, t: consistencyToken },
    token,
  );
  expect(response.errors).toBeUndefined();
  return (response.data?.article ?? null) as Record<string, unknown> | null;
}

const search = async (text: string, token: string | undefined, extra = '', consistencyToken?: string) =>
  field<{ items: { articleId: string; snippet: string }[]; noHits: boolean; correctedText: string | null }>(
    await h.gql(
      `query($text: String!, $t: String) { searchArticles(text: $text, consistencyToken: $t${extra}) { noHits correctedText items { articleId snippet } } }`,
      { text, t: consistencyToken },
      token,
    ),
    'searchArticles',
  );

/** Writes, submits and has `reviewer` approve an article; returns the last write's token. */
async function publish(articleId: string, content: Record<string, unknown>, reviewer = lead) {
  await run('createArticleDraft', { articleId, ...content }, writer);
  await run('submitArticleForReview', { articleId }, writer);
  return run('approveArticle', { articleId }, reviewer);
}

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'admin-kb');
  writer = await h.token('agent', 'agent-writer');
  lead = await h.token('supervisor', 'lead-kb');
  otherLead = await h.token('supervisor', 'lead-other');
  alice = await h.token('customer', 'cust-alice');
  bob = await h.token('customer', 'cust-bob');
  auditor = await h.token('auditor', 'auditor-kb');
  await run(
    'createKbCategory',
    {
      categoryId: 'account',
      names: [
        { locale: 'en', name: 'Account' },
        { locale: 'fr', name: 'Compte' },
      ],
    },
    admin,
  );
  await run(
    'createKbCategory',
    {
      categoryId: 'passwords',
      names: [
        { locale: 'en', name: 'Passwords' },
        { locale: 'fr', name: 'Mots de passe' },
      ],
      parentId: 'account',
    },
    lead,
  );
});
afterAll(async () => h?.close());

describe('writing and reviewing', () => {
  it('keeps the category tree, named in the locale asked for', async () => {
    const tree = field<{ id: string; name: string; parentId: string | null }[]>(
      await h.gql('{ kbCategories(locale: "fr") { id name parentId } }', {}, alice),
      'kbCategories',
    );
    expect(tree).toEqual([
      { id: 'account', name: 'Compte', parentId: null },
      { id: 'passwords', name: 'Mots de passe', parentId: 'account' },
    ]);
    expect(codes(await h.gql('{ kbCategories(locale: "!!") { id } }', {}, alice))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await attempt('createKbCategory', { names: [{ locale: 'en', name: 'X' }], parentId: 'nowhere' }, lead)),
    ).toEqual(['NOT_FOUND']);
    // Two names for one locale (in any case) are a mistake, not a choice of the last.
    const twice = await attempt(
      'createKbCategory',
      {
        categoryId: 'kb-twice',
        names: [
          { locale: 'en', name: 'X' },
          { locale: 'EN', name: 'Y' },
        ],
      },
      lead,
    );
    expect(codes(twice)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(twice.errors)).toContain('a second name for the locale');
    // A blank name is named where the client wrote it, in the API's own words.
    const blank = await attempt('createKbCategory', { names: [{ locale: 'en', name: '  ' }] }, lead);
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(blank.errors?.[0]?.message).toMatch(/^Invalid input: input\.names\.0\.name: /);
    // A category mutation answers the category's own version, as the tree lists it, not the tree's.
    const names = [{ locale: 'en', name: 'Versioned' }];
    expect((await run('createKbCategory', { categoryId: 'kb-versioned', names }, lead)).version).toBe(1);
    const renamed = await run(
      'updateKbCategory',
      { categoryId: 'kb-versioned', names: [{ locale: 'en', name: 'V2' }] },
      lead,
    );
    expect(renamed.version).toBe(2);
    // The same definition again writes nothing and answers the version it has.
    expect(
      (await run('updateKbCategory', { categoryId: 'kb-versioned', names: [{ locale: 'en', name: 'V2' }] }, lead))
        .version,
    ).toBe(2);
    expect((await run('deleteKbCategory', { categoryId: 'kb-versioned' }, lead)).version).toBe(3);
  });

  it('publishes only after review by someone else, and renders the body safely', async () => {
    const body = [
      '# Reset your password',
      'Open **Settings**, then *Security*, and choose *Reset password*.',
      '<script>alert("x")</script>',
      '[click me](javascript:alert(1)) and <img src=x onerror="alert(2)">',
    ].join('\n\n');
    await run(
      'createArticleDraft',
      {
        articleId: 'kb-reset',
        locale: 'en',
        title: 'Reset your password',
        slug: 'reset-password',
        body,
        categoryId: 'passwords',
        tags: ['Password', 'ＬＯＧＩＮ'],
      },
      writer,
    );
    expect(codes(await attempt('approveArticle', { articleId: 'kb-reset' }, writer))).toEqual(['FORBIDDEN']);
    expect(codes(await attempt('approveArticle', { articleId: 'kb-reset' }, lead))).toEqual(['ARTICLE_NOT_IN_REVIEW']);
    await run('submitArticleForReview', { articleId: 'kb-reset' }, writer);
    const drafted = await read('kb-reset', alice);
    expect(drafted).toBeNull();
    const approved = await run('approveArticle', { articleId: 'kb-reset' }, lead);
    const seen = await read('kb-reset', alice, approved.consistencyToken);
    expect(seen).toMatchObject({
      status: 'published',
      publishedVersion: 1,
      title: 'Reset your password',
      categoryId: 'passwords',
    });
    // Tags are folded when written and when filtered on: full-width letters are the plain ones.
    const byTag = await h.gql(
      'query($t: String) { articles(tag: " Login ", consistencyToken: $t) { items { articleId tags } } }',
      { t: approved.consistencyToken },
      writer,
    );
    expect(byTag.data?.articles).toEqual({ items: [{ articleId: 'kb-reset', tags: ['password', 'login'] }] });
    const html = String(seen?.bodyHtml);
    expect(html).toContain('<strong>Settings</strong>');
    // Markup the sanitizer drops, or leaves as escaped text: nothing a browser would run.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/<[a-z]+[^>]*\son[a-z]+=/i);
  });

  it('refuses an approval by an author of the revision (SELF_APPROVAL_FORBIDDEN)', async () => {
    await run(
      'createArticleDraft',
      { articleId: 'kb-self', locale: 'en', title: 'Two factor login', slug: 'two-factor', body: 'Use an app.' },
      lead,
    );
    await run('submitArticleForReview', { articleId: 'kb-self' }, lead);
    expect(codes(await attempt('approveArticle', { articleId: 'kb-self' }, lead))).toEqual(['SELF_APPROVAL_FORBIDDEN']);
    expect(codes(await attempt('approveArticle', { articleId: 'kb-self' }, otherLead))).toEqual([]);
  });

  it('deletes a category an article died claiming, once the claim lapses', async () => {
    await run('createKbCategory', { categoryId: 'temp', names: [{ locale: 'en', name: 'Temporary' }] }, lead);
    // A command claimed the category for an article, then died before the article was written.
    await h.store.append(
      'kbcategory-default',
      [
        {
          type: 'KbCategoryUsed',
          data: {
            at: h.clock.now.toISOString(),
            actor: { id: 'agent-writer', role: 'agent' },
            categoryId: 'temp',
            articleId: 'ghost',
            atVersion: 0,
          },
          schemaVersion: 1,
          metadata: { actorId: 'agent-writer', actorRole: 'agent', commandId: 'ghost-use' },
        },
      ],
      { expectedVersion: 'any' },
    );
    expect(codes(await attempt('deleteKbCategory', { categoryId: 'temp' }, lead))).toEqual(['CATEGORY_IN_USE']);
    h.clock.now = new Date(h.clock.now.getTime() + 5 * 60_000);
    expect(codes(await attempt('deleteKbCategory', { categoryId: 'temp' }, lead))).toEqual([]);
  });

  it('refuses a slug already used in the locale, writing nothing', async () => {
    const before = await h.eventCount();
    const response = await attempt(
      'createArticleDraft',
      { locale: 'en', title: 'Another', slug: 'reset-password' },
      writer,
    );
    expect(codes(response)).toEqual(['ARTICLE_SLUG_TAKEN']);
    expect(
      codes(await attempt('createArticleDraft', { locale: 'en', title: 'Bad', slug: 'Not A Slug' }, writer)),
    ).toEqual(['ARTICLE_SLUG_INVALID']);
    expect(await h.eventCount()).toBe(before);
  });

  it('keeps the published version live while a revision is written, and every version readable', async () => {
    const before = await h.gql('{ article(id: "kb-reset") { updatedAt } }', {}, auditor);
    const then = new Date(h.clock.now.getTime());
    expect(before.errors).toBeUndefined();
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await run('startArticleRevision', { articleId: 'kb-reset' }, writer);
    const edited = await run(
      'editArticleDraft',
      { articleId: 'kb-reset', title: 'Reset a forgotten password' },
      writer,
    );
    expect((await read('kb-reset', alice, edited.consistencyToken))?.title).toBe('Reset your password');
    expect((await read('kb-reset', writer, edited.consistencyToken))?.title).toBe('Reset a forgotten password');
    // A reader's updatedAt is the live version's publication: the draft's edit is not theirs to see.
    const live = field<{ updatedAt: string; publishedAt: string }>(
      await h.gql(
        'query($t: String) { article(id: "kb-reset", consistencyToken: $t) { updatedAt publishedAt } }',
        { t: edited.consistencyToken },
        alice,
      ),
      'article',
    );
    expect(live.updatedAt).toBe(live.publishedAt);
    expect(
      field<{ updatedAt: string }>(
        await h.gql(
          'query($t: String) { article(id: "kb-reset", consistencyToken: $t) { updatedAt } }',
          { t: edited.consistencyToken },
          writer,
        ),
        'article',
      ).updatedAt,
    ).toBe(h.clock.now.toISOString());
    await run('submitArticleForReview', { articleId: 'kb-reset' }, writer);
    const approved = await run('approveArticle', { articleId: 'kb-reset' }, lead);
    expect(await read('kb-reset', alice, approved.consistencyToken)).toMatchObject({
      title: 'Reset a forgotten password',
      publishedVersion: 2,
    });
    const first = field<{ title: string; current: boolean }>(
      await h.gql('{ articleVersion(articleId: "kb-reset", version: 1) { title current } }', {}, alice),
      'articleVersion',
    );
    expect(first).toEqual({ title: 'Reset your password', current: false });
    // As of before the revision, from the article's events.
    const past = field<{ title: string; publishedVersion: number; asOf: string; updatedAt: string }>(
      await h.gql(
        'query($at: DateTime) { article(id: "kb-reset", asOf: $at) { title publishedVersion asOf updatedAt } }',
        { at: new Date(then.getTime() + 30_000).toISOString() },
        auditor,
      ),
      'article',
    );
    expect(past).toMatchObject({ title: 'Reset your password', publishedVersion: 1 });
    // When it last changed, as the live read said then; not the instant asked about.
    expect(past.updatedAt).toBe(field<{ updatedAt: string }>(before, 'article').updatedAt);
    expect(
      codes(
        await h.gql(
          'query($at: DateTime) { article(id: "kb-reset", asOf: $at) { title } }',
          { at: then.toISOString() },
          alice,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const tomorrow = new Date(h.clock.now.getTime() + 86_400_000).toISOString();
    expect(
      codes(
        await h.gql('query($at: DateTime) { article(id: "kb-reset", asOf: $at) { title } }', { at: tomorrow }, auditor),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const history = field<{ type: string }[]>(
      await h.gql('{ articleHistory(articleId: "kb-reset") { type } }', {}, auditor),
      'articleHistory',
    );
    expect(history.map((event) => event.type)).toContain('ArticleRevisionStarted');
    const verified = field<{ ok: boolean }>(
      await h.gql('{ verifyArticleHistory(articleId: "kb-reset") { ok } }', {}, auditor),
      'verifyArticleHistory',
    );
    expect(verified.ok).toBe(true);
  });

  it('links translations, and finds French text with or without its accents', async () => {
    await publish('kb-reset-fr', {
      locale: 'fr',
      title: 'Réinitialiser votre mot de passe',
      slug: 'reinitialiser-mot-de-passe',
      body: 'Ouvrez les *Paramètres*, puis *Sécurité*, et choisissez *Réinitialiser le mot de passe*.',
      categoryId: 'passwords',
    });
    const linked = await run(
      'linkArticleTranslation',
      { articleId: 'kb-reset', translationId: 'kb-reset-fr', locale: 'fr' },
      writer,
    );
    const seen = await read('kb-reset', alice, linked.consistencyToken);
    expect(seen?.translations).toEqual([{ articleId: 'kb-reset-fr', locale: 'fr' }]);
    const hits = await search('reinitialiser securite', alice, ', locale: "fr"');
    expect(hits.items[0]?.articleId).toBe('kb-reset-fr');
    expect(hits.items[0]?.snippet).toContain('<mark>');
  });

  it('shows each article exactly the translations it links, an unlink taking back only its own link', async () => {
    const article = (locale: string, slug: string) => ({ locale, title: slug, slug, body: `About ${slug}.` });
    await publish('kb-tr-sup', article('en', 'contact-support'));
    await publish('kb-tr-fr', article('fr', 'contacter-le-support'));
    await publish('kb-tr-att', article('en', 'attach-a-file'));
    const link = (articleId: string, translationId: string, locale: string) =>
      run('linkArticleTranslation', { articleId, translationId, locale }, writer);
    const seen = async (consistencyToken: string) => ({
      sup: (await read('kb-tr-sup', alice, consistencyToken))?.translations,
      fr: (await read('kb-tr-fr', alice, consistencyToken))?.translations,
      att: (await read('kb-tr-att', alice, consistencyToken))?.translations,
    });
    await link('kb-tr-sup', 'kb-tr-fr', 'fr');
    const linked = await link('kb-tr-fr', 'kb-tr-att', 'en');
    // Never an English article listed as an English article's translation.
    expect(await seen(linked.consistencyToken)).toEqual({
      sup: [{ articleId: 'kb-tr-fr', locale: 'fr' }],
      fr: [{ articleId: 'kb-tr-att', locale: 'en' }],
      att: [],
    });
    const unlinked = await run(
      'unlinkArticleTranslation',
      { articleId: 'kb-tr-sup', translationId: 'kb-tr-fr' },
      writer,
    );
    // The French article keeps the link it made; kb-tr-sup gains none it never made.
    expect(await seen(unlinked.consistencyToken)).toEqual({
      sup: [],
      fr: [{ articleId: 'kb-tr-att', locale: 'en' }],
      att: [],
    });
  });

  it('links only an article that exists, in the locale it is written in; a refusal writes nothing', async () => {
    const draft = (articleId: string, locale: string) =>
      run('createArticleDraft', { articleId, locale, title: articleId, slug: articleId, body: 'x' }, writer);
    await draft('kb-d3-en', 'en');
    await draft('kb-d3-other-en', 'en');
    await draft('kb-d3-es', 'es');
    const link = (translationId: string, locale: string) =>
      attempt('linkArticleTranslation', { articleId: 'kb-d3-en', translationId, locale }, writer);
    const history = async () =>
      field<{ type: string }[]>(
        await h.gql('{ articleHistory(articleId: "kb-d3-en") { type } }', {}, auditor),
        'articleHistory',
      ).length;
    const before = await history();
    // An English article claimed as the German (or English) translation of an English one.
    expect(codes(await link('kb-d3-other-en', 'de'))).toEqual(['ARTICLE_TRANSLATION_INVALID']);
    expect(codes(await link('kb-d3-other-en', 'en'))).toEqual(['ARTICLE_TRANSLATION_INVALID']);
    // A Spanish article claimed as French.
    expect(codes(await link('kb-d3-es', 'fr'))).toEqual(['ARTICLE_TRANSLATION_INVALID']);
    expect(codes(await link('nope-article', 'es'))).toEqual(['NOT_FOUND']);
    expect(await history()).toBe(before);
    // The article's real locale, in any case, is the link's.
    expect(codes(await link('kb-d3-es', 'ES'))).toEqual([]);
    expect(await history()).toBe(before + 1);
  });

  it('still finds a renamed article by its old slug, answering its slug now, until another article takes the old one', async () => {
    await publish('kb-renamed', { locale: 'en', title: 'Export to PDF', slug: 'pdf-export', body: 'Use *Export*.' });
    await run('startArticleRevision', { articleId: 'kb-renamed' }, writer);
    const editing = await run('editArticleDraft', { articleId: 'kb-renamed', slug: 'export-as-pdf' }, writer);
    const bySlug = async (slug: string, token: string | undefined, consistencyToken?: string) =>
      (
        await h.gql(
          'query($s: String!, $t: String) { articleBySlug(locale: "en", slug: $s, consistencyToken: $t) { articleId slug } }',
          { s: slug, t: consistencyToken },
          token,
        )
      ).data?.articleBySlug;
    // While the revision renames it, the slug readers use now finds it for staff too (who see the working slug).
    expect(await bySlug('pdf-export', alice, editing.consistencyToken)).toEqual({
      articleId: 'kb-renamed',
      slug: 'pdf-export',
    });
    for (const slug of ['pdf-export', 'export-as-pdf'])
      expect(await bySlug(slug, writer, editing.consistencyToken)).toEqual({
        articleId: 'kb-renamed',
        slug: 'export-as-pdf',
      });
    await run('submitArticleForReview', { articleId: 'kb-renamed' }, writer);
    const renamed = await run('approveArticle', { articleId: 'kb-renamed' }, lead);
    for (const token of [alice, writer])
      expect(await bySlug('pdf-export', token, renamed.consistencyToken)).toEqual({
        articleId: 'kb-renamed',
        slug: 'export-as-pdf',
      });
    // The old slug is free: the article that takes it is the one its URL names now.
    const taken = await publish('kb-new-pdf', {
      locale: 'en',
      title: 'PDF export limits',
      slug: 'pdf-export',
      body: 'Up to 500 pages.',
    });
    expect(await bySlug('pdf-export', alice, taken.consistencyToken)).toEqual({
      articleId: 'kb-new-pdf',
      slug: 'pdf-export',
    });
    expect(await bySlug('never-published', alice)).toBeNull();
    // Version 1's slug is another article's now: restoring it is refused, nothing written.
    const before = await h.eventCount();
    expect(codes(await attempt('restoreArticleVersion', { articleId: 'kb-renamed', version: 1 }, writer))).toEqual([
      'ARTICLE_SLUG_TAKEN',
    ]);
    expect(await h.eventCount()).toBe(before);
  });

  it('discards a revision: the slug it alone held is free again, and an unchanged one is not submitted', async () => {
    await publish('kb-discard', { locale: 'en', title: 'Discard me', slug: 'discard-v1', body: 'Live text.' });
    await run('startArticleRevision', { articleId: 'kb-discard' }, writer);
    expect(codes(await attempt('submitArticleForReview', { articleId: 'kb-discard' }, writer))).toEqual([
      'ARTICLE_UNCHANGED',
    ]);
    await run('editArticleDraft', { articleId: 'kb-discard', slug: 'discard-new', title: 'Half-written' }, writer);
    const taken = () =>
      attempt(
        'createArticleDraft',
        { articleId: 'kb-discard-other', locale: 'en', title: 'Other', slug: 'discard-new', body: 'x' },
        writer,
      );
    expect(codes(await taken())).toEqual(['ARTICLE_SLUG_TAKEN']);
    const discarded = await run('discardArticleRevision', { articleId: 'kb-discard' }, writer);
    expect(await read('kb-discard', writer, discarded.consistencyToken)).toMatchObject({
      title: 'Discard me',
      slug: 'discard-v1',
      status: 'published',
      publishedVersion: 1,
    });
    expect(codes(await taken())).toEqual([]);
    expect(codes(await attempt('discardArticleRevision', { articleId: 'kb-discard' }, writer))).toEqual([
      'ARTICLE_NOT_DRAFT',
    ]);
  });

  it('lists the published versions and restores an earlier one through review, as a new version', async () => {
    await publish('kb-rollback', { locale: 'en', title: 'Rollback', slug: 'rollback-v1', body: 'The first steps.' });
    await run('startArticleRevision', { articleId: 'kb-rollback' }, writer);
    await run('editArticleDraft', { articleId: 'kb-rollback', slug: 'rollback-v2', body: 'Worse steps.' }, writer);
    await run('submitArticleForReview', { articleId: 'kb-rollback' }, writer);
    const second = await run('approveArticle', { articleId: 'kb-rollback' }, lead);
    const versions = async (token: string, consistencyToken?: string) =>
      h.gql(
        'query($t: String) { articleVersions(articleId: "kb-rollback", consistencyToken: $t) { version slug bodyMarkdown current } }',
        { t: consistencyToken },
        token,
      );
    expect(field(await versions(writer, second.consistencyToken), 'articleVersions')).toEqual([
      { version: 2, slug: 'rollback-v2', bodyMarkdown: 'Worse steps.', current: true },
      { version: 1, slug: 'rollback-v1', bodyMarkdown: 'The first steps.', current: false },
    ]);
    expect(codes(await versions(alice))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql('{ articleVersions(articleId: "kb-nope") { version } }', {}, writer))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await attempt('restoreArticleVersion', { articleId: 'kb-rollback', version: 7 }, writer))).toEqual([
      'ARTICLE_VERSION_NOT_PUBLISHED',
    ]);
    // Restored as a draft: readers keep version 2 until a reviewer approves the old text again.
    const restored = await run('restoreArticleVersion', { articleId: 'kb-rollback', version: 1 }, writer);
    expect(await read('kb-rollback', alice, restored.consistencyToken)).toMatchObject({
      publishedVersion: 2,
      slug: 'rollback-v2',
    });
    expect(await read('kb-rollback', writer, restored.consistencyToken)).toMatchObject({ slug: 'rollback-v1' });
    await run('submitArticleForReview', { articleId: 'kb-rollback' }, writer);
    const third = await run('approveArticle', { articleId: 'kb-rollback' }, lead);
    expect(await read('kb-rollback', alice, third.consistencyToken)).toMatchObject({
      publishedVersion: 3,
      slug: 'rollback-v1',
      bodyHtml: expect.stringContaining('The first steps.'),
    });
    // Archived, it has no version readers see.
    const archived = await run('archiveArticle', { articleId: 'kb-rollback' }, lead);
    const listed = field<{ current: boolean }[]>(await versions(writer, archived.consistencyToken), 'articleVersions');
    expect(listed.map((version) => version.current)).toEqual([false, false, false]);
  });

  it('takes a locale in any case as one tag: written as PT-br, found as pt-BR or pt-br; a tag that is none is bad input', async () => {
    const published = await publish('kb-pt', {
      locale: 'PT-br',
      title: 'Trocar o e-mail da conta',
      slug: 'trocar-email',
      body: 'Abra o *Perfil* e escolha *E-mail*.',
      categoryId: 'account',
    });
    expect((await read('kb-pt', alice, published.consistencyToken))?.translations).toEqual([]);
    const locale = await h.gql('{ article(id: "kb-pt") { locale } }', {}, alice);
    expect(locale.data).toEqual({ article: { locale: 'pt-BR' } });
    for (const asked of ['pt-BR', 'pt-br'])
      expect((await search('trocar email', alice, `, locale: "${asked}"`)).items.map((hit) => hit.articleId)).toEqual([
        'kb-pt',
      ]);
    const bySlug = await h.gql('{ articleBySlug(locale: "PT-BR", slug: "trocar-email") { articleId } }', {}, alice);
    expect(bySlug.data).toEqual({ articleBySlug: { articleId: 'kb-pt' } });
    expect(codes(await h.gql('{ searchArticles(text: "trocar", locale: "xx-!!") { noHits } }', {}, alice))).toEqual([
      'BAD_USER_INPUT',
    ]);
    // The same slug in the same language, in another case, is taken.
    expect(
      codes(
        await attempt(
          'createArticleDraft',
          { articleId: 'kb-pt-2', locale: 'pt-BR', title: 'x', slug: 'trocar-email', body: 'x' },
          writer,
        ),
      ),
    ).toEqual(['ARTICLE_SLUG_TAKEN']);
  });

  it('shows drafts to staff only', async () => {
    const draft = await run(
      'createArticleDraft',
      {
        articleId: 'kb-draft',
        locale: 'en',
        title: 'Invoices explained',
        slug: 'invoices',
        body: 'Where to find invoices.',
      },
      writer,
    );
    expect((await search('invoices', writer, '', draft.consistencyToken)).items.map((hit) => hit.articleId)).toContain(
      'kb-draft',
    );
    expect((await search('invoices', alice, '', draft.consistencyToken)).noHits).toBe(true);
    const queue = field<{ items: { articleId: string }[] }>(
      await h.gql('{ articles(status: "in_review") { items { articleId } } }', {}, lead),
      'articles',
    );
    expect(queue.items.map((item) => item.articleId)).not.toContain('kb-draft');
  });

  it('counts and names for customers only the articles they can open', async () => {
    const counts = async (token: string, locale?: string) =>
      new Map(
        field<{ id: string; articles: number }[]>(
          await h.gql('query($l: String) { kbCategories(locale: $l) { id articles } }', { l: locale }, token),
          'kbCategories',
        ).map((category) => [category.id, category.articles]),
      );
    const staffBefore = await counts(writer);
    const customerBefore = await counts(alice);
    await run(
      'createArticleDraft',
      {
        articleId: 'kb-secret',
        locale: 'en',
        title: 'Price increase (draft)',
        slug: 'price-increase',
        categoryId: 'passwords',
      },
      writer,
    );
    const next = {
      articleId: 'kb-next',
      locale: 'en',
      title: 'What to read next',
      slug: 'read-next',
      body: 'More help.',
      related: ['kb-secret', 'kb-reset', 'kb-missing'],
    };
    // A related article that does not exist is refused, and nothing is written.
    const before = await h.eventCount();
    expect(codes(await attempt('createArticleDraft', next, writer))).toEqual(['NOT_FOUND']);
    expect(await h.eventCount()).toBe(before);
    await run('createArticleDraft', { ...next, related: ['kb-secret', 'kb-reset'] }, writer);
    expect(codes(await attempt('editArticleDraft', { articleId: 'kb-next', related: ['kb-missing'] }, writer))).toEqual(
      ['NOT_FOUND'],
    );
    await run('submitArticleForReview', { articleId: 'kb-next' }, writer);
    const approved = await run('approveArticle', { articleId: 'kb-next' }, lead);
    const related = async (token: string) =>
      field<{ related: string[] }>(
        await h.gql(
          'query($t: String) { article(id: "kb-next", consistencyToken: $t) { related } }',
          { t: approved.consistencyToken },
          token,
        ),
        'article',
      ).related;
    expect(await related(alice)).toEqual(['kb-reset']);
    expect(await related(writer)).toEqual(['kb-secret', 'kb-reset']);
    const version = async (token: string) =>
      field<{ related: string[] }>(
        await h.gql('{ articleVersion(articleId: "kb-next", version: 1) { related } }', {}, token),
        'articleVersion',
      ).related;
    expect(await version(alice)).toEqual(['kb-reset']);
    expect(await version(writer)).toEqual(['kb-secret', 'kb-reset']);
    expect((await counts(writer)).get('passwords')).toBe((staffBefore.get('passwords') ?? 0) + 1);
    const customerAfter = await counts(alice);
    expect(customerAfter.get('passwords')).toBe(customerBefore.get('passwords'));
    // A help center in one language counts that language's articles (kb-reset is English, kb-reset-fr French).
    const [english, french] = [
      (await counts(alice, 'en-GB')).get('passwords')!,
      (await counts(alice, 'FR')).get('passwords')!,
    ];
    expect(english).toBeGreaterThanOrEqual(1);
    expect(french).toBeGreaterThanOrEqual(1);
    expect(english + french).toBe(customerAfter.get('passwords'));
    expect((await counts(writer, 'fr')).get('passwords')).toBe(staffBefore.get('passwords')! + 1);
    // The category's page lists what its count counts: the published articles, never a draft.
    const page = field<{ items: { articleId: string; status: string }[] }>(
      await h.gql('{ articles(categoryId: "passwords", first: 100) { items { articleId status } } }', {}, alice),
      'articles',
    ).items;
    expect(page).toHaveLength(customerAfter.get('passwords')!);
    expect(page.map((item) => item.articleId)).not.toContain('kb-secret');
    expect(page.every((item) => item.status === 'published')).toBe(true);
  });
});

describe('readers', () => {
  it('names a voter by their customer profile and a version by who published it; a visitor stays unnamed', async () => {
    await run('registerCustomer', { customerId: 'cust-named-reader', name: 'Nora Reader' }, admin);
    await run('setStaffProfile', { name: 'Lena Lead' }, lead);
    const token = await publish('kb-named', { locale: 'en', title: 'Named', slug: 'named', body: 'Steps.' });
    const reader = await h.token('customer', 'cust-named-reader');
    await run('voteOnArticle', { articleId: 'kb-named', version: 1, helpful: true }, reader);
    await run('voteOnArticle', { articleId: 'kb-named', version: 1, helpful: false }, bob);
    const named = async () => {
      const response = await h.gql(
        'query($t: String) { articleFeedback(articleId: "kb-named", consistencyToken: $t) { readerId reader { name } } articleVersions(articleId: "kb-named") { publishedBy publishedByName } }',
        { t: token.consistencyToken },
        writer,
      );
      return response.data;
    };
    // The customers' and staff's read models follow the log within moments.
    await expect.poll(named).toEqual({
      articleFeedback: expect.arrayContaining([
        { readerId: 'cust-named-reader', reader: { name: 'Nora Reader' } },
        { readerId: 'cust-bob', reader: null },
      ]),
      articleVersions: [{ publishedBy: 'lead-kb', publishedByName: 'Lena Lead' }],
    });
  });

  it('counts one vote per reader and version, changeable, with a comment', async () => {
    await run('voteOnArticle', { articleId: 'kb-reset', version: 2, helpful: true }, alice);
    const changed = await run(
      'voteOnArticle',
      { articleId: 'kb-reset', version: 2, helpful: false, comment: 'Step 3 is missing' },
      alice,
    );
    await run('voteOnArticle', { articleId: 'kb-reset', version: 2, helpful: true }, bob);
    const seen = await read('kb-reset', alice, changed.consistencyToken);
    const after = await read(
      'kb-reset',
      writer,
      (await run('voteOnArticle', { articleId: 'kb-reset', version: 2, helpful: true }, bob)).consistencyToken,
    );
    expect(seen).toBeTruthy();
    expect(after).toMatchObject({ helpfulVotes: 1, unhelpfulVotes: 1 });
    const feedback = field<{ readerId: string; helpful: boolean; comment: string | null }[]>(
      await h.gql(
        '{ articleFeedback(articleId: "kb-reset", withCommentOnly: true) { readerId helpful comment } }',
        {},
        writer,
      ),
      'articleFeedback',
    );
    expect(feedback).toEqual([{ readerId: 'cust-alice', helpful: false, comment: 'Step 3 is missing' }]);
    expect(codes(await h.gql('{ articleFeedback(articleId: "kb-nope") { readerId } }', {}, writer))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await attempt('voteOnArticle', { articleId: 'kb-reset', version: 9, helpful: true }, alice))).toEqual([
      'ARTICLE_VERSION_NOT_PUBLISHED',
    ]);
  });

  it('counts views once per reader and day, and measures self-service against tickets opened within 24 hours', async () => {
    const start = new Date(h.clock.now.getTime());
    await run('recordArticleView', { articleId: 'kb-reset', version: 2 }, alice);
    await run('recordArticleView', { articleId: 'kb-reset', version: 2 }, alice);
    await run('recordArticleView', { articleId: 'kb-reset', version: 2 }, bob);
    expect(codes(await attempt('recordArticleView', { articleId: 'kb-draft', version: 1 }, alice))).toEqual([
      'NOT_FOUND',
    ]);
    // Of a readable article, a version that never went out: the code a vote on it gets.
    for (const reader of [alice, writer])
      expect(codes(await attempt('recordArticleView', { articleId: 'kb-reset', version: 9 }, reader))).toEqual([
        'ARTICLE_VERSION_NOT_PUBLISHED',
      ]);
    // A help center rendered on a server records its visitors' views as the system; a reader with
    // an account cannot pass for a visitor, and the system cannot record a view of its own.
    const system = await h.token('system', 'help-center');
    await run('recordArticleView', { articleId: 'kb-reset', version: 2, visitorId: 'visitor-0001' }, system);
    await run('recordArticleView', { articleId: 'kb-reset', version: 2, visitorId: 'visitor-0001' }, system);
    const refusedBefore = await h.eventCount();
    expect(
      codes(
        await attempt('recordArticleView', { articleId: 'kb-reset', version: 2, visitorId: 'visitor-0002' }, alice),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await attempt('recordArticleView', { articleId: 'kb-reset', version: 2 }, system))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await h.eventCount()).toBe(refusedBefore);
    h.clock.now = new Date(h.clock.now.getTime() + 3_600_000);
    const opened = await run(
      'openTicket',
      { customerId: 'cust-bob', subject: 'Still locked out', description: 'The reset link never came', channel: 'web' },
      bob,
    );
    // Alice once, Bob, and the visitor once.
    expect((await read('kb-reset', writer, opened.consistencyToken))?.views).toBe(3);
    const query = `query($from: DateTime!, $to: DateTime!, $t: String) { knowledgeBaseMetrics(from: $from, to: $to, consistencyToken: $t) {
      selfService { settled resolved rate pending }
      articles { articleId helpfulRatio selfService { settled resolved } }
      categories { categoryId selfService { settled resolved } } } }`;
    const window = {
      from: start.toISOString(),
      to: new Date(start.getTime() + 86_400_000).toISOString(),
      t: opened.consistencyToken,
    };
    const early = field<{ selfService: { pending: number; settled: number } }>(
      await h.gql(query, window, lead),
      'knowledgeBaseMetrics',
    );
    expect(early.selfService).toMatchObject({ settled: 0, pending: 2 });
    h.clock.now = new Date(start.getTime() + 25 * 3_600_000);
    const metrics = field<{
      selfService: { settled: number; resolved: number; rate: number };
      articles: { articleId: string; helpfulRatio: number; selfService: { settled: number; resolved: number } }[];
      categories: { categoryId: string; selfService: { settled: number; resolved: number } }[];
    }>(await h.gql(query, window, lead), 'knowledgeBaseMetrics');
    expect(metrics.selfService).toEqual({ settled: 2, resolved: 1, rate: 0.5, pending: 0 });
    expect(metrics.articles.find((a) => a.articleId === 'kb-reset')).toEqual({
      articleId: 'kb-reset',
      helpfulRatio: 0.5,
      selfService: { settled: 2, resolved: 1 },
    });
    expect(metrics.categories).toEqual([{ categoryId: 'passwords', selfService: { settled: 2, resolved: 1 } }]);
  });

  it('records searches that found nothing as content gaps', async () => {
    expect((await search('refund my subscription', alice)).noHits).toBe(true);
    expect((await search('Refund my subscription ', bob)).noHits).toBe(true);
    // Narrowed to a tag or a category, finding nothing says the filter was narrow, not that an article is missing.
    expect((await search('refund my subscription', alice, ', tag: "billing"')).noHits).toBe(true);
    expect((await search('password', alice, ', tag: "quokka"')).noHits).toBe(true);
    expect((await search('password', alice, ', categoryId: "quokkas"')).noHits).toBe(true);
    // Punctuation alone holds no word a search looks for: nothing is missing from the knowledge base.
    expect((await search('!!! %', alice)).noHits).toBe(true);
    // Staff search drafts too, and look for what they write: not readers' demand.
    expect((await search('quokka enclosure', writer)).noHits).toBe(true);
    const gaps = field<{ searchGaps: { query: string; searches: number }[] }>(
      await h.gql(
        '{ knowledgeBaseMetrics(from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z") { searchGaps { query searches } } }',
        {},
        auditor,
      ),
      'knowledgeBaseMetrics',
    );
    expect(gaps.searchGaps).toContainEqual({ query: 'refund my subscription', searches: 2 });
    expect(gaps.searchGaps.map((gap) => gap.query)).not.toContain('password');
    expect(gaps.searchGaps.map((gap) => gap.query)).not.toContain('!!! %');
    expect(gaps.searchGaps.map((gap) => gap.query)).not.toContain('quokka enclosure');
  });

  it('suggests articles for a ticket from its subject and first message, and records the ones a reply links', async () => {
    const opened = await run(
      'openTicket',
      {
        customerId: 'cust-alice',
        subject: 'Forgot my password',
        description: 'I cannot reset my password',
        channel: 'web',
        language: 'en',
      },
      alice,
    );
    const suggestions = field<{ articleId: string }[]>(
      await h.gql(
        'query($id: ID!, $t: String) { suggestedArticles(ticketId: $id, consistencyToken: $t) { articleId } }',
        { id: opened.id, t: opened.consistencyToken },
        writer,
      ),
      'suggestedArticles',
    );
    expect(suggestions[0]?.articleId).toBe('kb-reset');
    const replied = await run(
      'replyToTicket',
      {
        ticketId: opened.id,
        body: 'This should help',
        articles: [{ articleId: 'kb-reset', locale: 'en', version: 1 }],
      },
      writer,
    );
    // Recorded with the title of the version linked (the live one, version 2, reads "Reset a forgotten password").
    const link = { articleId: 'kb-reset', locale: 'en', version: 1, title: 'Reset your password' };
    const history = field<{ type: string; data: { articles?: unknown[] } }[]>(
      await h.gql('query($id: ID!) { ticketHistory(ticketId: $id) { type data } }', { id: opened.id }, writer),
      'ticketHistory',
    );
    expect(history.find((event) => event.type === 'TicketAgentReplied')?.data.articles).toEqual([link]);
    // The customer reads the link with the reply it came with.
    const seen = field<{ messages: { body: string; articles: unknown[] }[] }>(
      await h.gql(
        'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { messages { body articles { articleId locale version title } } } }',
        { id: opened.id, t: replied.consistencyToken },
        alice,
      ),
      'ticket',
    );
    expect(seen.messages.map(({ body, articles }) => ({ body, articles }))).toEqual([
      { body: 'I cannot reset my password', articles: [] },
      { body: 'This should help', articles: [link] },
    ]);

    // A reply links only what its customer could open; a bad link is refused and nothing is written.
    await run(
      'createArticleDraft',
      { articleId: 'kb-unpublished', locale: 'en', title: 'Coming soon', slug: 'coming-soon', body: 'Soon.' },
      writer,
    );
    await run('submitArticleForReview', { articleId: 'kb-unpublished' }, writer);
    const before = await h.eventCount();
    for (const [link, code] of [
      [{ articleId: 'nope', locale: 'en' }, 'NOT_FOUND'],
      [{ articleId: 'kb-unpublished', locale: 'en' }, 'ARTICLE_NOT_PUBLISHED'],
      [{ articleId: 'kb-unpublished', locale: 'en', version: 1 }, 'ARTICLE_VERSION_NOT_PUBLISHED'],
      [{ articleId: 'kb-reset', locale: 'en', version: 9 }, 'ARTICLE_VERSION_NOT_PUBLISHED'],
      [{ articleId: 'kb-reset', locale: 'fr' }, 'BAD_USER_INPUT'],
    ] as const) {
      const refused = await attempt(
        'replyToTicket',
        { ticketId: opened.id, body: 'See this', articles: [link] },
        writer,
      );
      expect([link, codes(refused)]).toEqual([link, [code]]);
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('hides an archived article from readers until it is restored', async () => {
    const archived = await run('archiveArticle', { articleId: 'kb-self', reason: 'Outdated' }, lead);
    expect(await read('kb-self', alice, archived.consistencyToken)).toBeNull();
    expect((await read('kb-self', writer))?.status).toBe('archived');
    expect(codes(await attempt('editArticleDraft', { articleId: 'kb-self', title: 'x' }, writer))).toEqual([
      'ARTICLE_ARCHIVED',
    ]);
    // A customer's vote tells an archived or unpublished article from a missing one no more than a
    // view does; staff keep the precise refusal.
    const vote = (articleId: string, token: string) =>
      attempt('voteOnArticle', { articleId, version: 1, helpful: true }, token).then(codes);
    expect(await vote('kb-self', alice)).toEqual(['NOT_FOUND']);
    expect(await vote('kb-unpublished', alice)).toEqual(['NOT_FOUND']);
    expect(await vote('kb-nowhere', alice)).toEqual(['NOT_FOUND']);
    expect(await vote('kb-self', writer)).toEqual(['ARTICLE_ARCHIVED']);
    expect(await vote('kb-unpublished', writer)).toEqual(['ARTICLE_VERSION_NOT_PUBLISHED']);
    const restored = await run('restoreArticle', { articleId: 'kb-self' }, lead);
    expect((await read('kb-self', alice, restored.consistencyToken))?.status).toBe('published');
  });
});

describe('a public help center', () => {
  let pub: ApiHarness;
  const files: { published?: string; draft?: string } = {};
  beforeAll(async () => {
    pub = await createApiHarness({ config: { publicHelpCenter: true } });
    const staff = await pub.token('agent', 'agent-pub');
    const reviewer = await pub.token('supervisor', 'lead-pub');
    const upload = async (fileName: string) => {
      const response = await pub.app.inject({
        method: 'POST',
        url: `/attachments?fileName=${fileName}`,
        headers: { authorization: `Bearer ${staff}`, 'content-type': 'text/plain' },
        payload: `${fileName}: parcels leave the warehouse within a day.\n`,
      });
      expect(response.statusCode).toBe(201);
      return (JSON.parse(response.body) as { id: string }).id;
    };
    files.published = await upload('shipping.txt');
    files.draft = await upload('secrets.txt');
    const mutate = (mutation: string, input: Record<string, unknown>, token: string) =>
      pub.gql(
        `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { consistencyToken } }`,
        { input },
        token,
      );
    await mutate(
      'createArticleDraft',
      {
        articleId: 'pub-1',
        locale: 'en',
        title: 'Shipping times',
        slug: 'shipping',
        body: 'Parcels arrive in 3 days.',
        attachmentIds: [files.published],
      },
      staff,
    );
    await mutate('submitArticleForReview', { articleId: 'pub-1' }, staff);
    await mutate('approveArticle', { articleId: 'pub-1' }, reviewer);
    await mutate(
      'createArticleDraft',
      {
        articleId: 'pub-2',
        locale: 'en',
        title: 'Shipping secrets',
        slug: 'shipping-draft',
        body: 'Parcels draft.',
        attachmentIds: [files.draft],
      },
      staff,
    );
  });
  afterAll(async () => pub?.close());

  it('lets visitors without a token search and read published articles, and record views under their visitor id', async () => {
    const query = '{ searchArticles(text: "shipping parcels") { items { articleId } } }';
    let hits: { articleId: string }[] = [];
    for (let i = 0; i < 50 && hits.length === 0; i++) {
      hits = field<{ items: { articleId: string }[] }>(await pub.gql(query), 'searchArticles').items;
      if (hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(hits).toEqual([{ articleId: 'pub-1' }]);
    expect(
      (await pub.gql('{ articleBySlug(locale: "en", slug: "shipping-draft") { articleId } }')).data?.articleBySlug,
    ).toBeNull();
    const viewed = await pub.gql(
      'mutation { recordArticleView(input: { articleId: "pub-1", version: 1, visitorId: "visitor-0001" }) { id } }',
    );
    expect(viewed.errors).toBeUndefined();
    expect(
      codes(await pub.gql('mutation { recordArticleView(input: { articleId: "pub-1", version: 1 }) { id } }')),
    ).toEqual(['BAD_USER_INPUT']);
    // Everything else still needs a token.
    expect(
      codes(
        await pub.gql('mutation { voteOnArticle(input: { articleId: "pub-1", version: 1, helpful: true }) { id } }'),
      ),
    ).toEqual(['UNAUTHENTICATED']);
    expect(codes(await pub.gql('{ articleFeedback(articleId: "pub-1") { readerId } }'))).toEqual(['UNAUTHENTICATED']);
  });

  it("lists a category's published articles to visitors, as they read them, and no draft", async () => {
    const list = await pub.gql('{ articles(locale: "en") { items { articleId title status revisionStatus } } }');
    expect(field<{ items: unknown[] }>(list, 'articles').items).toEqual([
      { articleId: 'pub-1', title: 'Shipping times', status: 'published', revisionStatus: null },
    ]);
    expect(codes(await pub.gql('{ articles(status: "draft") { items { articleId } } }'))).toEqual(['FORBIDDEN']);
  });

  it("lets visitors download a published article's files, and no draft's", async () => {
    const published = await pub.get(`/attachments/${files.published}`);
    expect(published.statusCode).toBe(200);
    expect(published.body).toContain('shipping.txt: parcels');
    expect((await pub.get(`/attachments/${files.draft}`)).statusCode).toBe(404);
    expect(
      (await pub.gql('query($id: ID!) { attachment(id: $id) { fileName } }', { id: files.published })).data?.attachment,
    ).toEqual({ fileName: 'shipping.txt' });
  });
});

describe('client idempotency keys on articles', () => {
  const keyed = (mutation: string, input: Record<string, unknown>, commandId: string, token: string) =>
    h.gql(
      `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!, $commandId: ID) { ${mutation}(input: $input, commandId: $commandId) { id version consistencyToken } }`,
      { input, commandId },
      token,
    );

  it('repeat the first outcome for the same input and refuse other input (IDEMPOTENCY_KEY_REUSED), writing nothing', async () => {
    await publish('kb-keyed', {
      locale: 'en',
      title: 'Keyed article',
      slug: 'keyed-article',
      body: 'Body one',
      categoryId: 'passwords',
    });
    await run('startArticleRevision', { articleId: 'kb-keyed' }, writer);
    const first = await keyed('editArticleDraft', { articleId: 'kb-keyed', title: 'Title A' }, 'kb-edit-1', writer);
    expect(first.errors).toBeUndefined();
    expect(await keyed('editArticleDraft', { articleId: 'kb-keyed', title: 'Title A' }, 'kb-edit-1', writer)).toEqual(
      first,
    );
    const events = await h.eventCount();
    const other = await keyed('editArticleDraft', { articleId: 'kb-keyed', title: 'Title B' }, 'kb-edit-1', writer);
    expect(codes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await h.eventCount()).toBe(events);
    const token = field<Result>(first, 'editArticleDraft').consistencyToken;
    expect((await read('kb-keyed', writer, token))?.title).toBe('Title A');

    const vote = await keyed('voteOnArticle', { articleId: 'kb-keyed', version: 1, helpful: true }, 'kb-vote-1', alice);
    expect(vote.errors).toBeUndefined();
    const otherVote = await keyed(
      'voteOnArticle',
      { articleId: 'kb-keyed', version: 1, helpful: false, comment: 'actually bad' },
      'kb-vote-1',
      alice,
    );
    expect(codes(otherVote)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const voted = field<Result>(vote, 'voteOnArticle').consistencyToken;
    expect(await read('kb-keyed', writer, voted)).toMatchObject({ helpfulVotes: 1, unhelpfulVotes: 0 });
  });
});

describe('kbCategoriesChanged', () => {
  const CHANGED = 'subscription { kbCategoriesChanged { consistencyToken } }';

  it('tells staff of each change of the category tree; customers and auditors may not subscribe', async () => {
    const base = await listen(h.app);
    for (const refusedTo of [alice, auditor]) {
      const refused = await subscribe(base, CHANGED, {}, refusedTo);
      expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      refused.close();
    }
    const changes = await subscribe(base, CHANGED, {}, writer);
    try {
      // No acknowledgement tells when a subscription is live: categories are added until one is told of.
      let n = 0;
      const poke = setInterval(async () => {
        n += 1;
        await run('createKbCategory', { categoryId: `live-${n}`, names: [{ locale: 'en', name: `Live ${n}` }] }, lead);
      }, 200);
      const told = await changes.next().finally(() => clearInterval(poke));
      expect(told.data?.kbCategoriesChanged).toEqual({ consistencyToken: expect.any(String) });
      const tree = field<{ id: string }[]>(await h.gql('{ kbCategories { id } }', {}, writer), 'kbCategories');
      expect(tree.map((category) => category.id)).toContain('live-1');
    } finally {
      changes.close();
    }
  });
});
