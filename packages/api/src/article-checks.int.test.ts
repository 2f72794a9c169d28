import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// What the desk asks before offering an article's review actions, and its Markdown preview: the
// engine's own decider and renderer answer, so a screen shows the rules without restating them.

let h: ApiHarness;
let writer: string;
let lead: string;
let otherLead: string;
let customer: string;

const CHECKS = `query($id: ID!) { articleCommandChecks(articleId: $id) { command refusal } }`;
async function checks(articleId: string, token: string): Promise<Record<string, string | null>> {
  const rows = field<{ command: string; refusal: string | null }[]>(
    await h.gql(CHECKS, { id: articleId }, token),
    'articleCommandChecks',
  );
  return Object.fromEntries(rows.map((row) => [row.command, row.refusal]));
}

async function run(mutation: string, input: Record<string, unknown>, token: string): Promise<void> {
  const name = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  field(await h.gql(`mutation($input: ${name}!) { ${mutation}(input: $input) { id } }`, { input }, token), mutation);
}

beforeAll(async () => {
  h = await createApiHarness();
  writer = await h.token('agent', 'agent-checks');
  lead = await h.token('supervisor', 'lead-checks');
  otherLead = await h.token('supervisor', 'lead-checks-2');
  customer = await h.token('customer', 'cust-checks');
});

afterAll(async () => h?.close());

describe('articleCommandChecks', () => {
  it('gives each command the code the engine refuses it with for the caller, and writes nothing', async () => {
    const article = { articleId: 'chk-1', locale: 'en', title: 'Reset a password', slug: 'reset-password' };
    await run('createArticleDraft', { ...article, body: 'Open **Settings**.' }, lead);
    expect(await checks('chk-1', lead)).toEqual({
      SubmitArticleForReview: null,
      ApproveArticle: 'ARTICLE_NOT_IN_REVIEW',
      RequestArticleChanges: 'ARTICLE_NOT_IN_REVIEW',
      StartArticleRevision: 'ARTICLE_NOT_PUBLISHED',
      DiscardArticleRevision: 'ARTICLE_NOT_PUBLISHED',
      ArchiveArticle: null,
      RestoreArticle: 'ARTICLE_NOT_ARCHIVED',
      UnlinkArticleTranslation: null,
    });
    await run('submitArticleForReview', { articleId: 'chk-1' }, lead);
    expect(await checks('chk-1', lead)).toMatchObject({ ApproveArticle: 'SELF_APPROVAL_FORBIDDEN' });
    expect(await checks('chk-1', otherLead)).toMatchObject({ ApproveArticle: null, RequestArticleChanges: null });
    expect(await checks('chk-1', writer)).toMatchObject({ ApproveArticle: 'FORBIDDEN' });
    // Asking approved nothing: the article is still waiting for its reviewer.
    expect(await checks('chk-1', otherLead)).toMatchObject({ ApproveArticle: null });
  });

  it('covers discarding a revision, archiving, restoring and unlinking, by role and by state', async () => {
    const article = { articleId: 'chk-2', locale: 'en', title: 'Close an account', slug: 'close-account' };
    await run('createArticleDraft', { ...article, body: 'Write to us.' }, writer);
    await run('submitArticleForReview', { articleId: 'chk-2' }, writer);
    await run('approveArticle', { articleId: 'chk-2' }, lead);
    expect(await checks('chk-2', writer)).toMatchObject({
      DiscardArticleRevision: 'ARTICLE_NOT_DRAFT',
      ArchiveArticle: 'FORBIDDEN',
      RestoreArticle: 'FORBIDDEN',
      UnlinkArticleTranslation: null,
    });
    await run('startArticleRevision', { articleId: 'chk-2' }, writer);
    expect(await checks('chk-2', writer)).toMatchObject({ DiscardArticleRevision: null });
    await run('archiveArticle', { articleId: 'chk-2' }, lead);
    expect(await checks('chk-2', lead)).toMatchObject({
      ArchiveArticle: 'ARTICLE_ARCHIVED',
      RestoreArticle: null,
      DiscardArticleRevision: 'ARTICLE_ARCHIVED',
      UnlinkArticleTranslation: 'ARTICLE_ARCHIVED',
    });
    // Still archived: the checks wrote nothing.
    expect(await checks('chk-2', lead)).toMatchObject({ RestoreArticle: null });
  });

  it('is NOT_FOUND for no such article, and refused to customers', async () => {
    expect(codes(await h.gql(CHECKS, { id: 'chk-none' }, lead))).toEqual(['NOT_FOUND']);
    expect(codes(await h.gql(CHECKS, { id: 'chk-1' }, customer))).toEqual(['FORBIDDEN']);
  });
});

describe('kbCategoryCommandChecks', () => {
  const CATEGORY_CHECKS = '{ kbCategoryCommandChecks { categoryId command refusal } }';
  async function categoryChecks(token: string): Promise<Record<string, string | null>> {
    const rows = field<{ categoryId: string | null; command: string; refusal: string | null }[]>(
      await h.gql(CATEGORY_CHECKS, {}, token),
      'kbCategoryCommandChecks',
    );
    return Object.fromEntries(rows.map((row) => [`${row.command} ${row.categoryId ?? ''}`.trim(), row.refusal]));
  }

  it('gives creating, editing and deleting each category the code the engine refuses it with, writing nothing', async () => {
    await run('createKbCategory', { categoryId: 'chk-cat-used', names: [{ locale: 'en', name: 'Used' }] }, lead);
    await run('createKbCategory', { categoryId: 'chk-cat-free', names: [{ locale: 'en', name: 'Free' }] }, lead);
    await run(
      'createArticleDraft',
      { articleId: 'chk-cat-article', locale: 'en', title: 'Filed', slug: 'filed', categoryId: 'chk-cat-used' },
      writer,
    );
    expect(await categoryChecks(lead)).toEqual({
      CreateKbCategory: null,
      'UpdateKbCategory chk-cat-used': null,
      'DeleteKbCategory chk-cat-used': 'CATEGORY_IN_USE',
      'UpdateKbCategory chk-cat-free': null,
      'DeleteKbCategory chk-cat-free': null,
    });
    expect(await categoryChecks(writer)).toEqual({
      CreateKbCategory: 'FORBIDDEN',
      'UpdateKbCategory chk-cat-used': 'FORBIDDEN',
      'DeleteKbCategory chk-cat-used': 'FORBIDDEN',
      'UpdateKbCategory chk-cat-free': 'FORBIDDEN',
      'DeleteKbCategory chk-cat-free': 'FORBIDDEN',
    });
    // Nothing was created or deleted by asking.
    const tree = field<{ id: string }[]>(await h.gql('{ kbCategories { id } }', {}, lead), 'kbCategories');
    expect(tree.map((category) => category.id).sort()).toEqual(['chk-cat-free', 'chk-cat-used']);
    expect(codes(await h.gql(CATEGORY_CHECKS, {}, customer))).toEqual(['FORBIDDEN']);
  });
});

describe('renderArticleMarkdown', () => {
  const RENDER = `query($md: String!) { renderArticleMarkdown(markdown: $md) }`;

  it('renders as bodyHtml does: Markdown to HTML, raw HTML and script links made harmless', async () => {
    const html = field<string>(
      await h.gql(RENDER, { md: '# Title\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))' }, writer),
      'renderArticleMarkdown',
    );
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript');
  });

  it('refuses customers, and text an article may not hold', async () => {
    expect(codes(await h.gql(RENDER, { md: 'hi' }, customer))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(RENDER, { md: 'a\u0000b' }, writer))).toEqual(['BAD_USER_INPUT']);
  });
});
