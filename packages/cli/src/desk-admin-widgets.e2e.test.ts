import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The admins' Chat widget screen (English, as the README's screenshot): the demo's key listed; a
// key added by keyboard after the form refused a key and the engine an origin (named, in words);
// the same key refused when added again; a duplicate topic refused; the embed snippet with the
// engine's origin, copied; the identity secret revealed, equal to the API's, gone once the admin
// leaves the screen; another admin's key appearing without a reload; a key removed after a
// confirmation. What the screen shows is what the API holds.

const WIDGET_SECRET = 'e2e-widget-secret-of-at-least-32-characters';

let suite: DeskSuite;
let admin: string;
let otherAdmin: string;

interface Widget {
  widgetKey: string;
  name: string;
  allowedOrigins: string[];
  topics: { id: string; label: { language: string; text: string }[]; categoryId: string }[];
  greeting: { language: string; text: string }[] | null;
  version: number;
}

beforeAll(async () => {
  suite = await startDeskSuite('en-GB', {}, { SUPPORT_WIDGET_SECRET: WIDGET_SECRET });
  admin = await suite.stack.token('admin', 'dev-admin');
  otherAdmin = await suite.stack.token('admin', 'second-admin');
});
afterAll(async () => suite?.close());

async function apiWidget(widgetKey: string): Promise<Widget | null> {
  const { widget } = await suite.stack.client.request<{ widget: Widget | null }>(
    `query($key: String!) { widget(widgetKey: $key) {
      widgetKey name allowedOrigins topics { id label { language text } categoryId } greeting { language text } version } }`,
    { key: widgetKey },
    admin,
  );
  return widget;
}

const row = (page: Page, widgetKey: string) => page.locator(`tr[data-widget="${widgetKey}"]`);
const alert = (page: Page) => page.locator('[role="alert"]');
const save = (page: Page) => page.getByRole('button', { name: 'Save', exact: true }).click();

describe('the chat widget screen', () => {
  it('adds, edits, embeds and removes widget keys, shows the identity secret on demand, and follows another admin', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Admin');
    await withScreenshotOnFailure(page, 'desk-admin-widgets', async () => {
      await page.goto(suite.url('/admin'));
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Chat widget' }).click();
      await page.waitForURL(`**${DESK_PATH}/admin/widgets`);
      await page.getByRole('heading', { level: 1, name: 'Chat widget' }).waitFor();
      await row(page, 'wk_demo').getByRole('cell', { name: 'Demo shop', exact: true }).waitFor();
      await row(page, 'wk_demo').getByText('Billing (Billing)').waitFor();
      await expectAccessible(page);

      // By keyboard: the button, then each field in turn; a key of the wrong shape and no origin
      // are refused before sending.
      await page.getByRole('button', { name: 'New widget key' }).focus();
      await page.keyboard.press('Enter');
      const key = page.getByLabel(/^Widget key/);
      await key.waitFor();
      await key.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('shop');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Shop');
      await page.keyboard.press('Enter');
      await alert(page).filter({ hasText: 'Correct the fields marked before saving.' }).waitFor();
      expect(await key.getAttribute('aria-invalid')).toBe('true');
      await page.getByText('Enter wk_ then letters, digits, _ or - (such as wk_shop).').waitFor();
      await page.getByText('Enter at least one origin, such as https://shop.example.com.').waitFor();

      // An origin with a path: the engine's refusal names it, in words; nothing written.
      await key.fill('wk_shop');
      await page
        .getByLabel(/^Sites allowed to embed it/)
        .fill('https://Shop.Example.com\nhttps://shop.example.com/cart');
      await save(page);
      await alert(page).filter({ hasText: '“https://shop.example.com/cart” is not an origin' }).waitFor();
      expect(await apiWidget('wk_shop')).toBeNull();

      await page.getByLabel(/^Sites allowed to embed it/).fill('https://Shop.Example.com\n\nhttp://localhost:8090');
      await page.getByLabel('Greeting in French').fill('Bonjour, une question ?');
      await page.getByRole('button', { name: 'Add a topic' }).click();
      await page.getByLabel('Topic 1: id').fill('orders');
      await page.getByLabel('Topic 1: label in English').fill('My order');
      await page.getByLabel('Topic 1: label in French').fill('Ma commande');
      await page.getByLabel('Topic 1: category').selectOption({ label: 'Billing' });
      await expectAccessible(page);
      await save(page);
      await page.getByText('Widget key wk_shop saved.').waitFor();
      await row(page, 'wk_shop')
        .getByRole('cell', { name: 'https://shop.example.com, http://localhost:8090' })
        .waitFor();
      expect(await apiWidget('wk_shop')).toEqual({
        widgetKey: 'wk_shop',
        name: 'Shop',
        allowedOrigins: ['https://shop.example.com', 'http://localhost:8090'],
        topics: [
          {
            id: 'orders',
            label: [
              { language: 'en', text: 'My order' },
              { language: 'fr', text: 'Ma commande' },
            ],
            categoryId: 'billing',
          },
        ],
        greeting: [{ language: 'fr', text: 'Bonjour, une question ?' }],
        version: 1,
      });

      // The same key added again: the engine's refusal, in words.
      await page.getByRole('button', { name: 'New widget key' }).click();
      await key.fill('wk_shop');
      await page.getByLabel('Name', { exact: true }).fill('Shop again');
      await page.getByLabel(/^Sites allowed to embed it/).fill('https://other.example.com');
      await save(page);
      await alert(page).filter({ hasText: 'This key exists already' }).waitFor();
      expect((await apiWidget('wk_shop'))?.name).toBe('Shop');
      await page.getByRole('button', { name: 'Cancel' }).click();

      // Edited: a second topic with the first's id is refused, in words; then removed, and saved.
      await page.getByRole('button', { name: 'Edit the widget key wk_shop' }).click();
      await page.getByRole('button', { name: 'Add a topic' }).click();
      await page.getByLabel('Topic 2: id').fill('orders');
      await page.getByLabel('Topic 2: label in English').fill('Orders again');
      await page.getByLabel('Topic 2: category').selectOption({ label: 'Technical' });
      await save(page);
      await alert(page).filter({ hasText: 'Two topics have the id “orders”' }).waitFor();
      await page.getByRole('button', { name: 'Remove topic 2' }).click();
      await page.getByLabel('Greeting in English').fill('Hello, a question?');
      await save(page);
      await page.getByText('Widget key wk_shop saved.').waitFor();
      await expect.poll(async () => (await apiWidget('wk_shop'))?.version).toBe(2);
      expect(await apiWidget('wk_shop')).toMatchObject({
        greeting: [
          { language: 'en', text: 'Hello, a question?' },
          { language: 'fr', text: 'Bonjour, une question ?' },
        ],
        version: 2,
      });
      expect((await apiWidget('wk_shop'))?.topics.map((topic) => topic.id)).toEqual(['orders']);

      // The embed snippet, with the engine's origin, copied.
      await page
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url('').replace(DESK_PATH, '') });
      await page.getByRole('button', { name: 'Embed wk_shop: snippet and identity secret' }).click();
      const snippet = `<script src="${suite.stack.engine.api.url}/widget/loader.js" data-key="wk_shop" async></script>`;
      expect(await page.getByTestId('widget-snippet').textContent()).toBe(snippet);
      await page.getByRole('button', { name: 'Copy the snippet' }).click();
      await page.getByText('Snippet copied.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
      await expectAccessible(page);
      await page.getByRole('heading', { level: 1, name: 'Chat widget' }).scrollIntoViewIfNeeded();
      await keepScreenshot(page, 'desk-admin-widgets');

      // The identity secret, on demand: the API's; gone once the admin leaves the screen.
      const { widgetIdentitySecret } = await suite.stack.client.request<{ widgetIdentitySecret: string }>(
        'query { widgetIdentitySecret(widgetKey: "wk_shop") }',
        {},
        admin,
      );
      await page.getByRole('button', { name: 'Reveal the identity secret' }).click();
      await page.getByTestId('widget-secret').waitFor();
      expect(await page.getByTestId('widget-secret').textContent()).toBe(widgetIdentitySecret);
      await page.getByText("createHmac('sha256', process.env.WIDGET_IDENTITY_SECRET)").waitFor();
      await expectAccessible(page);
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Mailboxes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mailboxes' }).waitFor();
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Chat widget' }).click();
      await row(page, 'wk_shop').waitFor();
      await page.getByRole('button', { name: 'Embed wk_shop: snippet and identity secret' }).click();
      await page.getByRole('button', { name: 'Reveal the identity secret' }).waitFor();
      expect(await page.getByTestId('widget-secret').count()).toBe(0);
      expect(await page.content()).not.toContain(widgetIdentitySecret);

      // Another admin's key, without a reload.
      await mutate(
        suite.stack.client,
        'configureWidget',
        { widgetKey: 'wk_press', name: 'Press site', allowedOrigins: ['https://press.example.com'] },
        { token: otherAdmin },
      );
      await row(page, 'wk_press').getByRole('cell', { name: 'Press site', exact: true }).waitFor();

      // Removed, after a confirmation: its embedding closes with it.
      await page
        .getByRole('button', { name: 'Remove the widget key wk_shop? Sites embedding it stop showing the chat.' })
        .click();
      expect(await apiWidget('wk_shop')).not.toBeNull();
      await page.getByRole('button', { name: 'Yes, remove it' }).click();
      await page.getByText('Widget key wk_shop removed.').waitFor();
      await row(page, 'wk_shop').waitFor({ state: 'detached' });
      expect(await page.getByTestId('widget-snippet').count()).toBe(0);
      expect(await apiWidget('wk_shop')).toBeNull();
      expect(consoleErrors).toEqual([]);
    });
  });
});
