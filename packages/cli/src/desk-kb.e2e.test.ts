import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The knowledge base through the desk, on the demo's data: Ada (an agent) writes an article with
// its preview and submits it; Sue (a supervisor) finds it in the review queue, sees her own
// article's approval refused with the reason, approves Ada's, restores an earlier version of the
// demo's article and adds a translation; the figures are the API's. axe-core on every screen.

let suite: DeskSuite;

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
});
afterAll(async () => {
  await suite?.close();
});

const TITLE = 'Change your email address';
const BODY = '## Steps\n\n1. Open **Settings**.\n2. Choose *Email*.\n\n<script>alert(1)</script>';

interface ApiArticle {
  status: string;
  revisionStatus: string | null;
  bodyMarkdown: string;
  publishedVersion: number | null;
  translations: { articleId: string; locale: string }[];
}

async function apiArticle(id: string): Promise<ApiArticle> {
  const token = await suite.stack.token('supervisor', 'sup-e2e');
  const { article } = await suite.stack.client.request<{ article: ApiArticle }>(
    `query($id: ID!) { article(id: $id) { status revisionStatus bodyMarkdown publishedVersion translations { articleId locale } } }`,
    { id },
    token,
  );
  return article;
}

/** The article page's id, from its address (`/kb/<id>?after=...`). */
async function articleIdOf(page: Page): Promise<string> {
  await page.waitForURL(/\/kb\/[^/?]+\?after=/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

describe('the knowledge base', () => {
  it('takes an article from Ada’s draft through Sue’s review, restores a version, adds a translation, and shows the API’s figures', async () => {
    // Sue's own article waits for review too: she may not approve it herself.
    const sue = await suite.stack.token('supervisor', 'sup-sue');
    const own = { articleId: 'kb-sue-own', locale: 'en', title: 'Export your invoices', slug: 'export-invoices' };
    await mutate(suite.stack.client, 'createArticleDraft', { ...own, body: 'Open **Billing**.' }, { token: sue });
    await mutate(suite.stack.client, 'submitArticleForReview', { articleId: own.articleId }, { token: sue });
    // A customer's search that finds nothing: a gap the figures list.
    const customer = await suite.stack.token('customer', 'cust-kb-e2e');
    await suite.stack.client.request('{ searchArticles(text: "teleportation") { noHits } }', {}, customer);

    // Ada writes.
    const ada = await suite.signIn('Sign in as Ada Lovelace');
    let articleId = '';
    await withScreenshotOnFailure(ada.page, 'desk-kb-write', async () => {
      const { page } = ada;
      await page.getByRole('banner').getByRole('link', { name: 'Knowledge base' }).click();
      await page.waitForURL(`**${DESK_PATH}/kb`);
      const rows = page.locator('tbody tr');
      await rows.filter({ hasText: 'Reset your password' }).waitFor();
      await expectAccessible(page);
      // The filters: French only, then a search.
      await page.getByLabel('Language').selectOption('fr');
      await rows.filter({ hasText: 'Réinitialiser votre mot de passe' }).waitFor();
      await expect.poll(() => rows.filter({ hasText: 'Reset your password' }).count()).toBe(0);
      await page.getByLabel('Language').selectOption('');
      await page.getByLabel('Status').selectOption('published');
      await page.getByLabel('Search').fill('charged twice');
      await rows.filter({ hasText: 'Charged twice for one order' }).waitFor();
      await expect.poll(() => rows.filter({ hasText: 'Reset your password' }).count()).toBe(0);
      await page.getByLabel('Search').fill('');
      await page.getByLabel('Status').selectOption('');
      await rows.filter({ hasText: 'Reset your password' }).waitFor();
      await rows.filter({ hasText: 'Export your invoices' }).waitFor();
      await keepScreenshot(page, 'desk-kb');

      await page.getByRole('link', { name: 'New article' }).click();
      await page.getByLabel('Title', { exact: true }).fill(TITLE);
      await page.getByLabel(/^Slug/).fill('change-email');
      await page.getByLabel('Category').selectOption({ label: 'Account and security' });
      await page.getByLabel('Body (Markdown)').fill(BODY);
      // The engine's preview: Markdown rendered, the script shown as text and never run.
      const preview = page.getByTestId('kb-preview');
      await preview.getByRole('heading', { name: 'Steps' }).waitFor();
      expect(await preview.locator('strong').textContent()).toBe('Settings');
      expect(await preview.locator('script').count()).toBe(0);
      expect(await preview.textContent()).toContain('<script>alert(1)</script>');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Create the draft' }).click();
      articleId = await articleIdOf(page);
      await page.getByRole('heading', { name: TITLE }).waitFor();

      // An agent may not approve: the action is there, disabled, with the reason.
      const approve = page.getByRole('button', { name: 'Approve' });
      await approve.waitFor();
      expect(await approve.isDisabled()).toBe(true);
      expect(await page.locator('#kb-why-ApproveArticle').textContent()).toBe(
        'Your role may not do this: approving, sending back, archiving, restoring and editing categories are for supervisors and admins.',
      );
      await expectAccessible(page);
      // Submitted from the keyboard.
      await page.getByRole('button', { name: 'Submit for review' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Done.').waitFor();
      await page.getByTestId('kb-meta').getByText('In review').waitFor();
      expect(ada.consoleErrors).toEqual([]);
    });
    expect((await apiArticle(articleId)).status).toBe('in_review');

    // Sue reviews.
    const lead = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(lead.page, 'desk-kb-review', async () => {
      const { page } = lead;
      await page.getByRole('banner').getByRole('link', { name: 'Knowledge base' }).click();
      await page.getByRole('link', { name: 'Review queue' }).click();
      const rows = page.locator('tbody tr');
      await rows.filter({ hasText: TITLE }).waitFor();
      await rows.filter({ hasText: own.title }).waitFor();
      await expectAccessible(page);

      // Her own: the approval refused, with the reason.
      await page.getByRole('link', { name: own.title }).click();
      await page.getByRole('heading', { name: own.title }).waitFor();
      const approve = page.getByRole('button', { name: 'Approve' });
      await page.getByText('You wrote this revision: another reviewer must approve it.').waitFor();
      expect(await approve.isDisabled()).toBe(true);
      expect(await approve.getAttribute('aria-describedby')).toBe('kb-why-ApproveArticle');
      await expectAccessible(page);

      // Ada's: approved.
      await page.goBack();
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      await expect.poll(() => approve.isDisabled()).toBe(false);
      await approve.click();
      await page.getByText('Done.').waitFor();
      await page.getByTestId('kb-meta').getByText('Published').waitFor();
      // The version names who published it, by name.
      await page.locator('li[data-version="1"]', { hasText: 'published by Sue Supervisor' }).waitFor();
      expect((await apiArticle(articleId)).publishedVersion).toBe(1);

      // A translation of it, linked both ways.
      await page.getByRole('link', { name: 'Add a translation' }).click();
      await page.getByRole('heading', { name: `New translation of “${TITLE}”` }).waitFor();
      await expect.poll(() => page.getByLabel('Into').inputValue()).toBe('fr');
      await page.getByLabel('Title', { exact: true }).fill('Changer votre adresse e-mail');
      await page.getByLabel(/^Slug/).fill('changer-adresse-email');
      await page.getByLabel('Body (Markdown)').fill('Ouvrez **Paramètres**.');
      await page.getByTestId('kb-preview').locator('strong').getByText('Paramètres').waitFor();
      await page.getByRole('button', { name: 'Create the draft' }).click();
      const translationId = await articleIdOf(page);
      await page.getByRole('heading', { name: 'Changer votre adresse e-mail' }).waitFor();
      await page.getByRole('link', { name: /^en: / }).waitFor();
      await expectAccessible(page);
      expect((await apiArticle(articleId)).translations).toEqual([{ articleId: translationId, locale: 'fr' }]);
      expect((await apiArticle(translationId)).translations).toEqual([{ articleId, locale: 'en' }]);

      // The demo's article has two versions: the first comes back as a draft.
      await page.goto(suite.url('/kb/kb-reset-password'));
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await page.getByRole('button', { name: 'View' }).last().click();
      await page.getByRole('article').getByText('within 15 minutes').waitFor();
      await page.getByRole('button', { name: 'Restore version 1' }).click();
      await page.getByText('Done.').waitFor();
      await page.getByTestId('kb-meta').getByText('revision: Draft').waitFor();
      await page.locator('.body').first().getByText('within 15 minutes').waitFor();
      await expectAccessible(page);
      const restored = await apiArticle('kb-reset-password');
      expect(restored).toMatchObject({ status: 'published', revisionStatus: 'draft', publishedVersion: 2 });
      expect(restored.bodyMarkdown).toContain('within 15 minutes');

      // The figures, as the API gives them for the same period (the last 30 UTC days).
      await page.getByRole('link', { name: 'Figures' }).click();
      await page.getByTestId('kb-settled').waitFor();
      const day = 86_400_000;
      const today = Date.parse(new Date().toISOString().slice(0, 10));
      const { knowledgeBaseMetrics: api } = await suite.stack.client.request<{
        knowledgeBaseMetrics: {
          selfService: { settled: number; resolved: number; pending: number; rate: number | null };
          searchGaps: { query: string; searches: number }[];
        };
      }>(
        'query($from: DateTime!, $to: DateTime!) { knowledgeBaseMetrics(from: $from, to: $to) { selfService { settled resolved pending rate } searchGaps { query searches } } }',
        { from: new Date(today - 29 * day).toISOString(), to: new Date(today + day).toISOString() },
        sue,
      );
      expect(await page.getByTestId('kb-settled').textContent()).toBe(String(api.selfService.settled));
      expect(await page.getByTestId('kb-resolved').textContent()).toBe(String(api.selfService.resolved));
      expect(await page.getByTestId('kb-pending').textContent()).toBe(String(api.selfService.pending));
      const rate = api.selfService.rate;
      expect(await page.getByTestId('kb-rate').textContent()).toBe(
        rate === null
          ? 'No session settled in this period.'
          : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(rate),
      );
      expect(api.searchGaps.map((gap) => gap.query)).toContain('teleportation');
      const gaps = await page
        .getByTestId('kb-gaps')
        .locator('tbody tr')
        .evaluateAll((all) =>
          (all as HTMLTableRowElement[]).map((row) => [row.cells[0]?.textContent, row.cells[2]?.textContent]),
        );
      expect(gaps).toEqual(api.searchGaps.map((gap) => [gap.query, String(gap.searches)]));
      await expectAccessible(page);
      expect(lead.consoleErrors).toEqual([]);
    });
  });
});
