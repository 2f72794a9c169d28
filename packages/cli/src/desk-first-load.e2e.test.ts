import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, startDeskSuite } from './testing/desk.fixture.js';

// What a first load fetches: the messages of the user's language, never the other's (each is a
// chunk of its own, loaded by the root layout before any page shows). The browser speaks English;
// the French user's page is told its languages are French before its scripts run.

let suite: DeskSuite;

// Strings of one catalogue each, as the build writes them (placeholders and all).
const ENGLISH = ['Sign in as {name}', 'Waiting on customer'];
const FRENCH = ['Se connecter en tant que {name}', 'En attente du client'];

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
}, 240_000);
afterAll(async () => suite?.close());

/** The text of every script the page fetched (from the network or the browser's cache), joined. */
async function scriptsOf(page: Page): Promise<string> {
  const urls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => new URL(name).pathname.endsWith('.js')),
  );
  expect(urls.length).toBeGreaterThan(3);
  const texts = await Promise.all(urls.map(async (url) => (await fetch(url)).text()));
  return texts.join('\n');
}

/** Which of the messages above the scripts hold. */
const messagesIn = (scripts: string) => ({
  english: ENGLISH.filter((message) => scripts.includes(message)),
  french: FRENCH.filter((message) => scripts.includes(message)),
});

describe("the desk's first load", () => {
  it('fetches the English messages only for an English browser', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-first-load-en', async () => {
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      await expectAccessible(page);
      expect(messagesIn(await scriptsOf(page))).toEqual({ english: ENGLISH, french: [] });
      expect(consoleErrors).toEqual([]);
    });
  });

  it('fetches the French messages only for a French browser', async () => {
    const page = await suite.browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'languages', { get: () => ['fr-FR', 'fr'] });
    });
    await withScreenshotOnFailure(page, 'desk-first-load-fr', async () => {
      await page.goto(suite.url('/sign-in'));
      await page.getByRole('button', { name: 'Se connecter en tant que Ada Lovelace' }).click();
      await page.getByRole('heading', { level: 1, name: 'Boîte de réception' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await expectAccessible(page);
      expect(messagesIn(await scriptsOf(page))).toEqual({ english: [], french: FRENCH });
      expect(consoleErrors).toEqual([]);
    });
  });
});
