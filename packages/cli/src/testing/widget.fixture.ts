import { DESK_PATH } from '@support-engine/api';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { WORDS as LOADER_WORDS } from '../../../widget/src/loader/words.js';
import { type RunningDemoSite, startDemoSite } from '../dev/site.js';
import { mutate } from '../graphql-client.js';
import { type DeskSuite, startDeskSuite } from './desk.fixture.js';

/** Test helper (not a test file): the widget's browser tests' engine, host sites and frame. */

/** The widget key the browser tests register for their shop. */
export const WIDGET_E2E_KEY = 'wk_e2e';
/** The deployment's widget secret: the engine derives each key's identity secret from it. */
export const WIDGET_E2E_SECRET = 'e2e-widget-secret-of-at-least-32-characters';
/** The launcher's name when nothing is unread. */
export const LAUNCHER = 'Open the chat with support';

/** One engine with the desk (chats picked up by hand), the shop its key lists, and a site it does not. */
export interface WidgetSuite {
  readonly suite: DeskSuite;
  /** The demo host page on an origin the key lists. */
  readonly shop: RunningDemoSite;
  /** The same page on an origin the key does not list. */
  readonly elsewhere: RunningDemoSite;
  readonly admin: string;
  readonly supervisor: string;
  /** Sets an agent's availability, as an admin. */
  setAvailability(agentId: string, availability: 'available' | 'busy'): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the engine and the desk's browser, the two host sites, and registers the key for the
 * shop. `settings` go to the engine besides manual routing (an `SMTP_URL` the mail goes to).
 */
export async function startWidgetSuite(settings: Readonly<Record<string, string>> = {}): Promise<WidgetSuite> {
  const suite = await startDeskSuite(
    'en-GB',
    { ROUTING_MODE: 'manual', ...settings },
    { SUPPORT_WIDGET_SECRET: WIDGET_E2E_SECRET },
  );
  const engineUrl = suite.stack.engine.api.url;
  const sites: RunningDemoSite[] = [];
  try {
    const shop = await startDemoSite({ host: '127.0.0.1', port: 0, engineUrl, widgetKey: WIDGET_E2E_KEY });
    sites.push(shop);
    const elsewhere = await startDemoSite({ host: '127.0.0.1', port: 0, engineUrl, widgetKey: WIDGET_E2E_KEY });
    sites.push(elsewhere);
    const [admin, supervisor] = await Promise.all([
      suite.stack.token('admin', 'dev-admin'),
      suite.stack.token('supervisor', 'sup-e2e'),
    ]);
    await mutate(
      suite.stack.client,
      'configureWidget',
      {
        widgetKey: WIDGET_E2E_KEY,
        name: 'Acme shop',
        allowedOrigins: [shop.url],
        topics: [
          {
            id: 'billing',
            label: [
              { language: 'en', text: 'Billing' },
              { language: 'fr', text: 'Facturation' },
            ],
            categoryId: 'billing',
          },
        ],
      },
      { token: admin },
    );
    return {
      suite,
      shop,
      elsewhere,
      admin,
      supervisor,
      async setAvailability(agentId, availability) {
        await mutate(suite.stack.client, 'setAgentAvailability', { agentId, availability }, { token: admin });
      },
      async close() {
        for (const site of sites) await site.stop();
        await suite.close();
      },
    };
  } catch (error) {
    for (const site of sites) await site.stop();
    await suite.close();
    throw error;
  }
}

/** Opens `url` in `page`, collecting the page's console errors. */
export async function openShop(page: Page, url: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  return errors;
}

/** The widget's frame on the host page (made on the first click), titled in the widget's `language`. */
export const widgetFrame = (page: Page, language: keyof typeof LOADER_WORDS = 'en'): FrameLocator =>
  page.frameLocator(`iframe[title="${LOADER_WORDS[language].frame}"]`);

/** The frame as a Frame (for axe-core, which runs in the frame's document). */
export async function frameOf(page: Page, language: keyof typeof LOADER_WORDS = 'en'): Promise<Frame> {
  const handle = await page.locator(`iframe[title="${LOADER_WORDS[language].frame}"]`).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('no widget frame');
  return frame;
}

/**
 * A visitor of the shop (`visitor`, the page opened) starts a chat with the pre-chat form, and Ada
 * (`desk`, her signed-in desk page) accepts it from the waiting chats: answers the widget's frame.
 */
export async function chatAcceptedByAda(
  visitor: Page,
  desk: Page,
  who: { readonly name: string; readonly email: string; readonly message: string },
): Promise<FrameLocator> {
  await visitor.getByRole('button', { name: LAUNCHER }).click();
  const frame = widgetFrame(visitor);
  await frame.getByLabel('Your name').fill(who.name);
  await frame.getByLabel('Your email').fill(who.email);
  await frame.getByLabel('Your message').fill(who.message);
  await frame.getByRole('button', { name: 'Start the chat' }).click();
  await frame.getByText(who.message).waitFor();
  await desk.getByRole('link', { name: 'Chats', exact: true }).click();
  await desk.waitForURL(`**${DESK_PATH}/chats`);
  const waiting = desk.getByTestId('waiting-chats').locator('li').filter({ hasText: who.name });
  await waiting.getByRole('button', { name: new RegExp(`^Accept chat with ${who.name}`) }).click();
  await desk.getByRole('heading', { level: 2, name: `Chat with ${who.name}` }).waitFor();
  return frame;
}
