import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// Managing the knowledge base through the desk, on articles written through the API: Sue (a
// supervisor) archives and restores one, discards a revision, unlinks a translation, edits the
// tags, category and related articles, adds and removes a draft's files, and edits the category tree; Ada (an agent) sees archiving refused with the reason, a
// customer's vote and another agent's edit appear without a reload, and a new article in the list.

let suite: DeskSuite;
let writer: string;
let reviewer: string;

const CANCEL = { articleId: 'kb-manage-cancel', locale: 'en', title: 'Cancel your subscription', slug: 'cancel' };
const PAUSE = { articleId: 'kb-manage-pause', locale: 'en', title: 'Pause your subscription', slug: 'pause' };
const ANNULER = { articleId: 'kb-manage-annuler', locale: 'fr', title: 'Résilier votre abonnement', slug: 'resilier' };

interface ApiArticle {
  status: string;
  revisionStatus: string | null;
  title: string;
  tags: string[];
  categoryId: string | null;
  related: string[];
  translations: { articleId: string }[];
}

async function apiArticle(id: string): Promise<ApiArticle> {
  const { article } = await suite.stack.client.request<{ article: ApiArticle }>(
    `query($id: ID!) { article(id: $id) { status revisionStatus title tags categoryId related translations { articleId } } }`,
    { id },
    reviewer,
  );
  return article;
}

/** Writes an article and has another person publish it. */
async function publish(article: typeof CANCEL): Promise<void> {
  const { client } = suite.stack;
  await mutate(client, 'createArticleDraft', { ...article, body: `About: ${article.title}.` }, { token: writer });
  await mutate(client, 'submitArticleForReview', { articleId: article.articleId }, { token: writer });
  await mutate(client, 'approveArticle', { articleId: article.articleId }, { token: reviewer });
}

/** The page's action button, and the sentence that says why it is disabled (none when enabled). */
async function action(page: Page, name: string) {
  const button = page.getByRole('button', { name, exact: true });
  await button.waitFor();
  const why = await button.getAttribute('aria-describedby');
  return { button, why: why ? await page.locator(`#${why}`).textContent() : null };
}

const meta = (page: Page) => page.getByTestId('kb-meta');

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  writer = await suite.stack.token('agent', 'agent-kb-writer');
  reviewer = await suite.stack.token('supervisor', 'sup-kb-reviewer');
  for (const article of [CANCEL, PAUSE, ANNULER]) await publish(article);
  const { client } = suite.stack;
  await mutate(
    client,
    'linkArticleTranslation',
    { articleId: CANCEL.articleId, translationId: ANNULER.articleId, locale: 'fr' },
    { token: writer },
  );
  await mutate(
    client,
    'linkArticleTranslation',
    { articleId: ANNULER.articleId, translationId: CANCEL.articleId, locale: 'en' },
    { token: writer },
  );
});
afterAll(async () => {
  await suite?.close();
});

describe('managing the knowledge base', () => {
  it('lets Sue archive and restore, discard a revision, unlink a translation and edit tags, category and related articles', async () => {
    const sue = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(sue.page, 'desk-kb-manage-sue', async () => {
      const { page } = sue;
      await page.goto(suite.url(`/kb/${CANCEL.articleId}`));
      await page.getByRole('heading', { name: CANCEL.title }).waitFor();
      await meta(page).getByText('Published').waitFor();

      // Archive, then restore: each refused action disabled with the engine's reason.
      expect(await action(page, 'Restore from the archive')).toMatchObject({ why: 'It is not archived.' });
      expect(await (await action(page, 'Restore from the archive')).button.isDisabled()).toBe(true);
      await expectAccessible(page);
      await (await action(page, 'Archive')).button.click();
      await meta(page).getByText('Archived').waitFor();
      await expect.poll(async () => (await action(page, 'Archive')).why).toBe('It is archived.');
      expect(await (await action(page, 'Start a revision')).button.isDisabled()).toBe(true);
      expect((await apiArticle(CANCEL.articleId)).status).toBe('archived');
      await expectAccessible(page);
      await (await action(page, 'Restore from the archive')).button.click();
      await meta(page).getByText('Published').waitFor();
      expect((await apiArticle(CANCEL.articleId)).status).toBe('published');

      // A revision started, then discarded: the live version stays.
      await expect.poll(async () => (await action(page, 'Start a revision')).why).toBeNull();
      expect(await action(page, 'Discard the revision')).toMatchObject({
        why: 'There is no draft to change: start a revision first.',
      });
      await (await action(page, 'Start a revision')).button.click();
      await meta(page).getByText('revision: Draft').waitFor();
      await expect.poll(async () => (await action(page, 'Discard the revision')).button.isDisabled()).toBe(false);
      await (await action(page, 'Discard the revision')).button.click();
      await expect.poll(() => meta(page).textContent()).not.toContain('revision:');
      expect(await apiArticle(CANCEL.articleId)).toMatchObject({ status: 'published', revisionStatus: null });

      // The French translation unlinked, both ways.
      await page.getByRole('link', { name: 'fr: resilier' }).waitFor();
      await page.getByRole('button', { name: 'Unlink the fr translation' }).click();
      await page.getByText('No translation yet.').waitFor();
      expect((await apiArticle(CANCEL.articleId)).translations).toEqual([]);
      // The other side is another article's stream: its read model may follow a moment later.
      await expect.poll(async () => (await apiArticle(ANNULER.articleId)).translations).toEqual([]);

      // Tags, category and a related article, in a revision's draft.
      await (await action(page, 'Start a revision')).button.click();
      await page.getByRole('link', { name: 'Edit the draft' }).click();
      await page.getByRole('heading', { name: 'Edit the draft' }).waitFor();
      await page.getByLabel('Tags').fill('billing, Cancel ');
      await page.getByLabel('Category').selectOption({ label: 'Billing' });
      // A related article is found by words of its title (searchArticles: any published one).
      await page.getByRole('combobox', { name: 'Add a related article (readers may want it next)' }).focus();
      await page.keyboard.type('pause subscription');
      await page
        .getByRole('listbox')
        .getByRole('option', { name: `en: ${PAUSE.title}` })
        .click();
      await page.getByTestId('kb-related-chosen').getByText(`en: ${PAUSE.title}`).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save the draft' }).click();
      await page.getByRole('heading', { name: CANCEL.title }).waitFor();
      await page.getByTestId('kb-tags').getByText('billing, cancel').waitFor();
      await page.getByTestId('kb-related').getByRole('link', { name: PAUSE.title }).waitFor();
      await expectAccessible(page);
      expect(await apiArticle(CANCEL.articleId)).toMatchObject({
        revisionStatus: 'draft',
        tags: ['billing', 'cancel'],
        categoryId: 'kb-billing',
        related: [PAUSE.articleId],
      });
      expect(sue.consoleErrors).toEqual([]);
    });
  });

  it('lets Sue add files to a draft by drop and picker, remove one, save, and download it after a reload', async () => {
    const sue = await suite.signIn('Sign in as Sue Supervisor');
    const articleId = 'kb-manage-files';
    await mutate(
      suite.stack.client,
      'createArticleDraft',
      { articleId, locale: 'en', title: 'Printable return label', slug: 'return-label', body: 'Print it.' },
      { token: reviewer },
    );
    // The editor reads the article as the read models hold it: once they have the draft.
    const read = () =>
      suite.stack.client.request<{ article: { status: string } | null }>(
        'query($id: ID!) { article(id: $id) { status } }',
        { id: articleId },
        reviewer,
      );
    await expect.poll(async () => (await read()).article?.status, { timeout: 20_000 }).toBe('draft');
    const label = 'RETURN TO: Support Engine, 1 Example Street\n';
    await withScreenshotOnFailure(sue.page, 'desk-kb-manage-files', async () => {
      const { page } = sue;
      await page.goto(suite.url(`/kb/${articleId}/edit`));
      await page.getByRole('heading', { name: 'Edit the draft' }).waitFor();
      const files = page.getByRole('group', { name: 'Files', exact: true });
      await files.waitFor();

      // One file dropped on the files' box as a browser would, one picked; the dropped one removed.
      const dropped = await page.evaluateHandle(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(['draft notes'], 'notes.txt', { type: 'text/plain' }));
        return transfer;
      });
      await files.dispatchEvent('drop', { dataTransfer: dropped });
      await files.getByRole('button', { name: 'Remove notes.txt' }).waitFor();
      await files
        .locator('input[type=file]')
        .setInputFiles({ name: 'label.txt', mimeType: 'text/plain', buffer: Buffer.from(label) });
      await files.getByRole('button', { name: 'Remove label.txt' }).waitFor();
      await files.getByRole('button', { name: 'Remove notes.txt' }).click();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save the draft' }).click();
      await page.getByRole('heading', { name: 'Printable return label' }).waitFor();
      const { article } = await suite.stack.client.request<{ article: { attachments: { fileName: string }[] } }>(
        'query($id: ID!) { article(id: $id) { attachments { fileName } } }',
        { id: articleId },
        reviewer,
      );
      expect(article.attachments).toEqual([{ fileName: 'label.txt' }]);

      // Read again from the engine: the file is the draft's, and downloads as it was sent.
      await page.goto(suite.url(`/kb/${articleId}/edit`));
      const link = files.getByRole('link', { name: /^Download label\.txt/ });
      await link.waitFor();
      expect(await files.getByRole('link').count()).toBe(1);
      await expectAccessible(page);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('label.txt');
      expect(await readFile((await download.path())!, 'utf8')).toBe(label);
      expect(sue.consoleErrors).toEqual([]);
    });
  });

  it('shows Ada archiving refused, a customer’s vote and another agent’s edit live, and a new article in the list', async () => {
    const ada = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(ada.page, 'desk-kb-manage-ada', async () => {
      const { page } = ada;
      await page.goto(suite.url(`/kb/${PAUSE.articleId}`));
      await page.getByRole('heading', { name: PAUSE.title }).waitFor();
      expect(await action(page, 'Archive')).toMatchObject({
        why: 'Your role may not do this: approving, sending back, archiving, restoring and editing categories are for supervisors and admins.',
      });
      expect(await (await action(page, 'Archive')).button.isDisabled()).toBe(true);
      await page.getByText('No reader has voted yet.').waitFor();
      expect(await page.getByTestId('kb-unhelpful').textContent()).toBe('0');

      // A customer votes through the API: the vote and its comment appear without a reload, with
      // the voter's name (once the customers' read model has their profile).
      await mutate(
        suite.stack.client,
        'registerCustomer',
        { customerId: 'cust-kb-voter', name: 'Vic Voter' },
        { token: await suite.stack.token('system', 'customer-portal') },
      );
      await expect
        .poll(async () => {
          const { customer } = await suite.stack.client.request<{ customer: { name: string } | null }>(
            '{ customer(id: "cust-kb-voter") { name } }',
            {},
            reviewer,
          );
          return customer?.name;
        })
        .toBe('Vic Voter');
      const customer = await suite.stack.token('customer', 'cust-kb-voter');
      await mutate(
        suite.stack.client,
        'voteOnArticle',
        { articleId: PAUSE.articleId, version: 1, helpful: false, comment: 'It does not say for how long' },
        { token: customer },
      );
      const votes = page.getByTestId('kb-votes');
      await votes.getByText('It does not say for how long').waitFor();
      expect(await page.getByTestId('kb-unhelpful').textContent()).toBe('1');
      expect(await page.getByTestId('kb-helpful').textContent()).toBe('0');
      const row = await votes
        .locator('tbody tr')
        .evaluateAll((rows) =>
          (rows as HTMLTableRowElement[]).map((tr) => [...tr.cells].slice(1).map((cell) => cell.textContent)),
        );
      expect(row).toEqual([['Vic Voter', '1', 'Not helpful', 'It does not say for how long']]);
      await expectAccessible(page);
      await page.getByRole('heading', { name: 'Readers’ feedback' }).scrollIntoViewIfNeeded();
      await keepScreenshot(page, 'desk-kb-manage');

      // Another agent revises it through the API: the new title appears without a reload.
      const other = await suite.stack.token('agent', 'agent-kb-other');
      await mutate(suite.stack.client, 'startArticleRevision', { articleId: PAUSE.articleId }, { token: other });
      await mutate(
        suite.stack.client,
        'editArticleDraft',
        { articleId: PAUSE.articleId, title: 'Pause or skip a month' },
        { token: other },
      );
      await page.getByRole('heading', { name: 'Pause or skip a month' }).waitFor();
      await meta(page).getByText('revision: Draft').waitFor();

      // The list follows a new article written elsewhere.
      await page.getByRole('link', { name: 'Back to the knowledge base' }).click();
      const rows = page.locator('tbody tr');
      await rows.filter({ hasText: 'Pause or skip a month' }).waitFor();
      await mutate(
        suite.stack.client,
        'createArticleDraft',
        { articleId: 'kb-manage-new', locale: 'en', title: 'Move to another plan', slug: 'move-plan', body: 'Soon.' },
        { token: other },
      );
      await rows.filter({ hasText: 'Move to another plan' }).waitFor();
      await expectAccessible(page);
      expect(ada.consoleErrors).toEqual([]);
    });
  });

  it('lets Sue create, rename and delete a category, a used one’s deletion refused with the reason; Ada may not', async () => {
    const sue = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(sue.page, 'desk-kb-manage-categories', async () => {
      const { page } = sue;
      await page.goto(suite.url('/kb'));
      await page.getByRole('link', { name: 'Categories' }).click();
      await page.getByRole('heading', { name: 'Categories' }).waitFor();
      expect(await action(page, 'Delete Billing')).toMatchObject({
        why: 'It still has subcategories or articles: move them elsewhere first.',
      });
      expect(await (await action(page, 'Delete Billing')).button.isDisabled()).toBe(true);
      await expectAccessible(page);

      await page.getByLabel('Name in English').fill('Refunds');
      await page.getByLabel('Name in French').fill('Remboursements');
      await page.getByLabel('Parent').selectOption({ label: 'Billing' });
      await page.getByRole('button', { name: 'Create the category' }).click();
      const row = page.locator('tbody tr').filter({ hasText: 'Remboursements' });
      await row.waitFor();
      expect(await row.locator('td').nth(2).textContent()).toBe('Billing');

      await (await action(page, 'Edit Refunds')).button.click();
      await page.getByRole('heading', { name: 'Edit “Refunds”' }).waitFor();
      await page.getByLabel('Name in English').fill('Refunds and credits');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save the category' }).click();
      await expect.poll(() => row.locator('td').first().textContent()).toBe('Refunds and credits');
      const categoryId = await row.getAttribute('data-category-id');
      const tree = async () =>
        (
          await suite.stack.client.request<{ kbCategories: { id: string; parentId: string | null; names: unknown }[] }>(
            '{ kbCategories { id parentId names { locale name } } }',
            {},
            reviewer,
          )
        ).kbCategories;
      expect((await tree()).find((category) => category.id === categoryId)).toEqual({
        id: categoryId,
        parentId: 'kb-billing',
        names: [
          { locale: 'en', name: 'Refunds and credits' },
          { locale: 'fr', name: 'Remboursements' },
        ],
      });

      await (await action(page, 'Delete Refunds and credits')).button.click();
      await expect.poll(() => row.count()).toBe(0);
      expect((await tree()).map((category) => category.id)).not.toContain(categoryId);
      expect(sue.consoleErrors).toEqual([]);
    });

    const ada = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(ada.page, 'desk-kb-manage-categories-ada', async () => {
      const { page } = ada;
      await page.goto(suite.url('/kb/categories'));
      await page.getByLabel('Name in English').fill('Anything');
      expect(await action(page, 'Create the category')).toMatchObject({
        why: 'Your role may not do this: approving, sending back, archiving, restoring and editing categories are for supervisors and admins.',
      });
      expect(await (await action(page, 'Create the category')).button.isDisabled()).toBe(true);
      expect(await (await action(page, 'Delete Billing')).button.isDisabled()).toBe(true);
      await expectAccessible(page);
      // A lead adds a category elsewhere, then deletes it: Ada's page follows both without a reload.
      const added = page.locator('tbody tr').filter({ hasText: 'Warranty claims' });
      const lead = { token: reviewer };
      const names = [{ locale: 'en', name: 'Warranty claims' }];
      await mutate(suite.stack.client, 'createKbCategory', { categoryId: 'kb-live-warranty', names }, lead);
      await added.waitFor({ timeout: 15_000 });
      await mutate(suite.stack.client, 'deleteKbCategory', { categoryId: 'kb-live-warranty' }, lead);
      await expect.poll(() => added.count(), { timeout: 15_000 }).toBe(0);
      expect(ada.consoleErrors).toEqual([]);
    });
  });
});
