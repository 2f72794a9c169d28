import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { type AxeViolation, seriousViolations, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';
import { INBOX_ROWS } from './testing/desk-inbox.fixture.js';

// The desk in its dark theme (the browser asks for it: `prefers-color-scheme: dark`, which the
// desk's design tokens follow): axe-core finds no serious or critical violation, contrast first,
// on the main screens: the inbox, a ticket, the chat console with a conversation open, an admin
// screen with its form open; then every other screen, walked by the role that uses it.

let suite: DeskSuite;

beforeAll(async () => {
  suite = await startDeskSuite('en-GB', { ROUTING_MODE: 'manual' });
});
afterAll(async () => suite?.close());

/** The screens each role walks (besides those above), by the button that signs them in. */
const SCREENS: Record<string, readonly string[]> = {
  'Sign in as Sue Supervisor': [
    '/board',
    '/reports',
    '/kb',
    '/kb/review',
    '/kb/kb-reset-password',
    '/kb/kb-reset-password/edit',
    '/kb/new',
    '/kb/figures',
    '/kb/categories',
    '/held-mail',
  ],
  'Sign in as Dev Admin': [
    '/admin',
    '/admin/agents',
    '/admin/policies',
    '/admin/calendars',
    '/admin/categories',
    '/admin/canned-replies',
    '/admin/webhooks',
    '/admin/widgets',
  ],
  'Sign in as Dev Auditor': ['/audit', '/audit/tickets/demo-password'],
};

/** Waits until the screen at `path` has read what it shows: its heading, no request in flight, no "Loading…". */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.getByText(/^Loading/).count()).toBe(0);
}

/** The page's background, as its root draws it (the dark theme's `--color-bg` is #16181c). */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

describe('the dark theme', () => {
  it('keeps the main screens accessible: inbox, ticket, chat console, an admin screen', async () => {
    const { stack } = suite;
    const admin = await stack.token('admin', 'dev-admin');
    const supervisor = await stack.token('supervisor', 'sup-e2e');
    // A chat Ada holds, so the console shows a conversation.
    const alice = await stack.token('customer', 'cust-alice');
    await mutate(
      stack.client,
      'setAgentAvailability',
      { agentId: 'agent-ada', availability: 'available' },
      { token: admin },
    );
    const { id: chatId } = await mutate(
      stack.client,
      'startChat',
      { customerId: 'cust-alice', firstMessage: { body: 'Is the dark theme readable?' } },
      { token: alice },
    );
    await mutate(stack.client, 'assignChat', { chatId, agentId: 'agent-ada' }, { token: supervisor });

    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace', (page) =>
      page.emulateMedia({ colorScheme: 'dark' }),
    );
    await withScreenshotOnFailure(page, 'desk-dark', async () => {
      // Every open ticket (the routing is manual: Ada holds none of her own).
      await page.goto(suite.url('/inbox?view=all'));
      await page.locator(INBOX_ROWS).first().waitFor();
      // Drawn dark: the page's background is the dark theme's.
      expect(await background(page)).toBe('rgb(22, 24, 28)');
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-dark');

      await page.locator(INBOX_ROWS).first().getByRole('link').click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('.timeline li').first().waitFor();
      await expectAccessible(page);

      await page.goto(suite.url(`/chats?chat=${chatId}`));
      await page
        .getByTestId('chat-messages')
        .locator('li')
        .filter({ hasText: 'Is the dark theme readable?' })
        .waitFor();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();

    const adminPage = await suite.signIn('Sign in as Dev Admin', (page) => page.emulateMedia({ colorScheme: 'dark' }));
    await withScreenshotOnFailure(adminPage.page, 'desk-dark-admin', async () => {
      await adminPage.page.goto(suite.url('/admin/mailboxes'));
      await adminPage.page.locator('tr[data-mailbox]').first().waitFor();
      await adminPage.page.getByRole('button', { name: 'New mailbox' }).click();
      await adminPage.page.getByRole('button', { name: 'Save', exact: true }).click();
      await adminPage.page.getByText('Correct the fields marked before saving.').waitFor();
      await expectAccessible(adminPage.page);
      expect(adminPage.consoleErrors).toEqual([]);
    });
  });

  it('keeps every other screen accessible: supervisors’ board, reports and knowledge base, admin, audit, held mail', async () => {
    const found: Record<string, AxeViolation[]> = {};
    for (const [signIn, paths] of Object.entries(SCREENS)) {
      const { page, consoleErrors } = await suite.signIn(signIn, (page) => page.emulateMedia({ colorScheme: 'dark' }));
      await withScreenshotOnFailure(page, 'desk-dark-screens', async () => {
        for (const path of paths) {
          await page.goto(suite.url(path));
          await settled(page);
          expect(await background(page)).toBe('rgb(22, 24, 28)');
          const violations = await seriousViolations(page);
          if (violations.length > 0) found[path] = violations;
        }
        expect(consoleErrors).toEqual([]);
      });
      await page.close();
    }
    // Every screen's violations at once: a colour token that fails shows everywhere it is used.
    expect(found).toEqual({});
  });
});
