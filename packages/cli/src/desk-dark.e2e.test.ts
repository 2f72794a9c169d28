import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';
import { INBOX_ROWS } from './testing/desk-inbox.fixture.js';

// The desk in its dark theme (the browser asks for it: `prefers-color-scheme: dark`, which the
// desk's design tokens follow): axe-core finds no serious or critical violation, contrast first,
// on the main screens: the inbox, a ticket, the chat console with a conversation open, an admin
// screen with its form open.

let suite: DeskSuite;

beforeAll(async () => {
  suite = await startDeskSuite('en-GB', { ROUTING_MODE: 'manual' });
});
afterAll(async () => suite?.close());

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
});
