import { HELP_CENTER_PATH } from '@support-engine/api';
import { pino } from 'pino';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from './dev/demo.js';
import { CHROMIUM_ARGS, chromiumPath, consoleErrorsOf, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible, keepScreenshot } from './testing/desk.fixture.js';
import { DEVELOPMENT_API_SETTINGS, type E2eStack, startE2eStack } from './testing/stack.fixture.js';

// The public help center as visitors see it, rendered by the engine: the demo's knowledge base
// (two articles in English and French, linked as translations; a third waiting for review),
// searched with a typo, read, and voted on, in a browser running JavaScript and in one that
// does not (a French visitor); what the votes became, read through the API as staff.

const CONTACT = 'help@example.com';

let stack: E2eStack;
let browser: Browser;
let english: BrowserContext;
let french: BrowserContext;
// Assigned in beforeAll, before any test runs the helper that uses it.
let frenchScripted!: BrowserContext;
let help: (path?: string) => string;

/** A page of `context` whose console errors (a script the CSP refused, a failed hydration) are kept. */
async function open(context: BrowserContext) {
  const page = await context.newPage();
  return { page, consoleErrors: consoleErrorsOf(page) };
}

/**
 * axe-core on what a page of the context without JavaScript shows: its run needs timers, which
 * never fire in a page whose scripts are off, so the same address is opened in a French context
 * that runs them (server-rendered: the same markup before hydration).
 */
async function expectAccessibleWithoutScripts(page: Page) {
  const twin = await frenchScripted.newPage();
  try {
    // The address without a form action's query (after a vote): the article page.
    await twin.goto(page.url().replace(/\?\/.*$/, ''));
    await expectAccessible(twin);
  } finally {
    await twin.close();
  }
}

const canonicalOf = (page: Page) => page.locator('link[rel="canonical"]').getAttribute('href');
async function alternatesOf(page: Page) {
  return page
    .locator('link[rel="alternate"][hreflang]')
    .evaluateAll((links) => links.map((link) => [link.getAttribute('hreflang'), link.getAttribute('href')]));
}

beforeAll(async () => {
  chromiumPath();
  stack = await startE2eStack(
    {},
    { ...DEVELOPMENT_API_SETTINGS, SUPPORT_PUBLIC_HELP_CENTER: 'true', SUPPORT_HELP_CENTER_CONTACT_EMAIL: CONTACT },
  );
  await loadDemoData(stack.engine.api.url, stack.secret, pino({ level: 'silent' }));
  help = (path = '') => `${stack.engine.api.url}${HELP_CENTER_PATH}${path}`;
  // One Chromium for the file: an English visitor with JavaScript, a French one without.
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  english = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  french = await browser.newContext({
    locale: 'fr-FR',
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 800 },
  });
  frenchScripted = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the help center', () => {
  it('corrects a misspelt search and highlights the matched words in the snippets', async () => {
    const { page, consoleErrors } = await open(english);
    await withScreenshotOnFailure(page, 'help-center-search', async () => {
      const response = await page.goto(help('/en'));
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect.poll(() => page.getByRole('link', { name: 'Reset your password' }).count()).toBe(1);
      await expect.poll(() => page.getByRole('link', { name: 'Billing' }).count()).toBe(1);
      expect(response?.headers()['x-frame-options']).toBe('DENY');
      await expectAccessible(page);

      await page.getByLabel('Search the help center').fill('pasword');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL('**/help/en/search?q=pasword');
      const correction = page.locator('.notice').getByRole('link');
      await expect.poll(() => correction.textContent()).toBe('password');
      await expectAccessible(page);
      await correction.click();
      await page.waitForURL('**/help/en/search?q=password');
      const hit = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Reset your password' }) });
      await expect.poll(() => hit.locator('mark').first().textContent()).toMatch(/password/i);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
  });

  it('shows an article with its translations as hreflang alternates, and counts a helpful vote with a comment', async () => {
    const { page, consoleErrors } = await open(english);
    await withScreenshotOnFailure(page, 'help-center-article', async () => {
      await page.goto(help('/en/categories/kb-account'));
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Reset your password' }).click();
      await page.waitForURL('**/help/en/articles/kb-reset-password');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Reset your password');
      expect(await page.title()).toBe('Reset your password · Help center');
      expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(
        'Get back into your account when you forgot your password.',
      );
      expect(await canonicalOf(page)).toBe(help('/en/articles/kb-reset-password'));
      expect(await alternatesOf(page)).toEqual([
        ['en', help('/en/articles/kb-reset-password')],
        ['fr', help('/fr/articles/kb-reset-password-fr')],
        ['x-default', help('/en/articles/kb-reset-password')],
      ]);
      // The body as the engine rendered it (its second version: 30 minutes).
      await expect.poll(() => page.locator('.article-body').textContent()).toContain('within 30 minutes');
      await expectAccessible(page);
      await keepScreenshot(page, 'help-center');

      await page.getByLabel('Yes').check();
      await page.getByLabel('Anything to add? (optional)').fill('Clear steps, thanks');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback.');
      // Enhanced by JavaScript: the page was not loaded again.
      expect(page.url()).toBe(help('/en/articles/kb-reset-password'));
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    const supervisor = await stack.token('supervisor', 'sup-help');
    await expect
      .poll(
        async () =>
          (
            await stack.client.request<{
              articleFeedback: { helpful: boolean; comment: string | null; readerId: string }[];
            }>('{ articleFeedback(articleId: "kb-reset-password") { helpful comment readerId } }', {}, supervisor)
          ).articleFeedback,
        { timeout: 10_000 },
      )
      .toEqual([{ helpful: true, comment: 'Clear steps, thanks', readerId: expect.stringMatching(/^visitor:/) }]);
  });

  it('takes a French visitor without JavaScript to /help/fr, and records their vote from the plain form', async () => {
    const { page } = await open(french);
    await withScreenshotOnFailure(page, 'help-center-french', async () => {
      await page.goto(help());
      expect(page.url()).toBe(help('/fr'));
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await expectAccessibleWithoutScripts(page);
      await page.getByRole('link', { name: 'Facturation' }).click();
      await page.waitForURL('**/help/fr/categories/kb-billing');
      await expectAccessibleWithoutScripts(page);
      await page.getByRole('link', { name: 'Débité deux fois pour une commande' }).click();
      await page.waitForURL('**/help/fr/articles/kb-double-charge-fr');
      expect(await canonicalOf(page)).toBe(help('/fr/articles/kb-double-charge-fr'));
      expect(await alternatesOf(page)).toContainEqual(['en', help('/en/articles/kb-double-charge')]);
      await page.getByLabel('Non').check();
      await page.getByLabel('Quelque chose à ajouter ? (facultatif)').fill('Il manque le délai exact');
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent({ timeout: 10_000 })).toBe('Merci pour votre avis.');
      await expectAccessibleWithoutScripts(page);
      await page.goto(help('/fr/contact'));
      expect(await page.getByRole('link', { name: CONTACT }).getAttribute('href')).toBe(`mailto:${CONTACT}`);
      await expectAccessibleWithoutScripts(page);
    });
    const supervisor = await stack.token('supervisor', 'sup-help');
    await expect
      .poll(
        async () =>
          (
            await stack.client.request<{ article: { helpfulVotes: number; unhelpfulVotes: number } }>(
              '{ article(id: "kb-double-charge-fr") { helpfulVotes unhelpfulVotes } }',
              {},
              supervisor,
            )
          ).article,
        { timeout: 10_000 },
      )
      // Alice's helpful vote from the demo, and the visitor's.
      .toEqual({ helpfulVotes: 1, unhelpfulVotes: 1 });
  });

  it('lists the published articles only in sitemap.xml, each with its language alternates', async () => {
    const response = await fetch(help('/sitemap.xml'));
    expect(response.headers.get('content-type')).toContain('application/xml');
    const sitemap = await response.text();
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    expect(locations.sort()).toEqual(
      [
        '/en/articles/kb-double-charge',
        '/en/articles/kb-reset-password',
        '/fr/articles/kb-double-charge-fr',
        '/fr/articles/kb-reset-password-fr',
      ].map((path) => help(path)),
    );
    expect(sitemap).toContain(
      `<xhtml:link rel="alternate" hreflang="fr" href="${help('/fr/articles/kb-reset-password-fr')}"/>`,
    );
    expect(sitemap).not.toContain('kb-export-pdf');
    expect(await (await fetch(`${stack.engine.api.url}/robots.txt`)).text()).toContain(
      `Sitemap: ${help('/sitemap.xml')}`,
    );
  });

  it('refuses to be framed by another page', async () => {
    const { page } = await open(english);
    await withScreenshotOnFailure(page, 'help-center-framed', async () => {
      await page.setContent(`<iframe title="framed" src="${help('/en')}"></iframe>`);
      // setContent waits for the page's load, its frame's included: a help center that let itself be
      // framed would show its heading there by now; the browser shows its error page instead.
      const frame = page.frameLocator('iframe[title="framed"]');
      expect(await frame.getByRole('heading', { name: 'Help center' }).count()).toBe(0);
      expect(await frame.getByRole('link', { name: 'Billing' }).count()).toBe(0);
    });
  });
});
