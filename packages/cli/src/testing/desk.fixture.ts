/**
 * One browser suite of the desk (not a test file): the engine with the demo's data, the desk it
 * serves (built once for the run by `vitest.desk-build.ts`), and one headless Chromium. Each
 * end-to-end file of the desk starts one in `beforeAll` and closes it in `afterAll`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESK_PATH } from '@support-engine/api';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { loadDemoData } from '../dev/demo.js';
import { mutate } from '../graphql-client.js';
import { chromiumPath, seriousViolations, startBrowser, type TestBrowser } from './browser.fixture.js';
import { DEVELOPMENT_API_SETTINGS, type E2eStack, startE2eStack } from './stack.fixture.js';

/** The engine, its demo data and a browser, for one test file. */
export interface DeskSuite {
  readonly stack: E2eStack;
  readonly browser: TestBrowser;
  /** The desk's address of `path` (`/inbox`, `/tickets/t-1`). */
  url(path?: string): string;
  /**
   * A new page, signed in through the development sign-in as the demo person whose button reads
   * `buttonName` (in the browser's language), at the inbox. Console errors are collected in
   * `consoleErrors` (a CSP refusal, a script failing): a test expects it empty at its end.
   * `prepare` runs on the new page before it opens the desk (routes to install, for example). In
   * `browser` when given (another browser, as a user's second machine), else in the suite's.
   */
  signIn(
    buttonName: string,
    prepare?: (page: Page) => Promise<unknown>,
    browser?: TestBrowser,
  ): Promise<{ page: Page; consoleErrors: string[] }>;
  close(): Promise<void>;
}

/**
 * Starts the engine with the demo's data and a browser in `locale` (the user's language). The
 * router first gives Ada the French refund; then Ada and Linus are set busy, so the router gives
 * them nothing more and each test decides what they hold. `settings` go to the engine's
 * environment (as {@link startE2eStack}'s: seals, webhook delivery): with `ROUTING_MODE: 'manual'`
 * nothing is routed (agents pick from the queue), the refund included. `apiSettings` are added to
 * the API's development environment (e.g. `HELP_CENTER_ARTICLE_URL`).
 */
export async function startDeskSuite(
  locale: string,
  settings: Readonly<Record<string, string>> = {},
  apiSettings: Readonly<Record<string, string>> = {},
): Promise<DeskSuite> {
  // Fails here, with how to install it, rather than after the engine started.
  chromiumPath();
  const stack = await startE2eStack(settings, { ...DEVELOPMENT_API_SETTINGS, ...apiSettings });
  try {
    await loadDemoData(stack.engine.api.url, stack.secret, pino({ level: 'silent' }));
    const supervisor = await stack.token('supervisor', 'sup-e2e');
    if (settings.ROUTING_MODE !== 'manual')
      await vi.waitFor(
        async () => {
          const { ticket } = await stack.client.request<{ ticket: { assigneeId: string | null } | null }>(
            '{ ticket(id: "demo-refund") { assigneeId } }',
            {},
            supervisor,
          );
          if (ticket?.assigneeId !== 'agent-ada') throw new Error('demo-refund is not routed to Ada yet');
        },
        { timeout: 20_000, interval: 100 },
      );
    const admin = await stack.token('admin', 'dev-admin');
    for (const agentId of ['agent-ada', 'agent-linus'])
      await mutate(stack.client, 'setAgentAvailability', { agentId, availability: 'busy' }, { token: admin });
    const browser = await startBrowser(locale);
    const url = (path = '') => `${stack.engine.api.url}${DESK_PATH}${path}`;
    return {
      stack,
      browser,
      url,
      async signIn(buttonName, prepare, other = browser) {
        const page = await other.context.newPage();
        await prepare?.(page);
        const consoleErrors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') consoleErrors.push(message.text());
        });
        await page.goto(url('/sign-in'));
        try {
          await page.getByRole('button', { name: buttonName }).click();
          await page.waitForURL(`**${DESK_PATH}/inbox`);
        } catch (error) {
          // What the page showed instead, and why: a blank page and a failed script say different things.
          const shown = await page
            .locator('body')
            .innerText({ timeout: 1_000 })
            .catch(() => '(no body)');
          throw new Error(
            `signing in as "${buttonName}" failed; the page shows ${JSON.stringify(shown)}, its console ${JSON.stringify(consoleErrors)}`,
            { cause: error },
          );
        }
        return { page, consoleErrors };
      },
      async close() {
        await browser.close();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

/** Where the screenshots of the desk's main screens live, shown by the README. */
export const DESK_SCREENSHOTS_DIR = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/**
 * Keeps a screenshot of the page as it stands as `docs/screenshots/<name>.png`: the README shows
 * each main screen as the tests last saw it (taken in English, the README's language).
 */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(DESK_SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(DESK_SCREENSHOTS_DIR, `${name}.png`) });
}

/** Fails with axe-core's serious and critical violations of the page as it stands, if any. */
export async function expectAccessible(page: Pick<Page, 'evaluate'>): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** Subscriptions a page asked for and the API has not received yet (see {@link holdSubscriptions}). */
export interface HeldSubscriptions {
  /** How many are held, those whose message contains `text` when given. */
  count(text?: string): number;
  /** Sends every held one on, and holds no more. */
  release(): void;
}

/**
 * Holds the page's `subscribe` messages for `field` on its GraphQL socket until released, as a
 * socket slow to start them would: what the page reads meanwhile is answered, its live updates are
 * not yet. Call before the page opens the desk (`signIn`'s `prepare`).
 */
export async function holdSubscriptions(page: Page, field: string): Promise<HeldSubscriptions> {
  const held: { readonly text: string; readonly send: () => void }[] = [];
  let holding = true;
  await page.routeWebSocket(/\/graphql/, (socket) => {
    const server = socket.connectToServer();
    let socketClosed = false;
    // Handling the page's close turns off Playwright's forwarding of it: the API's side is closed here.
    socket.onClose((code, reason) => {
      socketClosed = true;
      void server.close({ code, reason });
    });
    socket.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      if (holding && text.includes('"subscribe"') && text.includes(field))
        held.push({
          text,
          send: () => {
            // A page since left took its socket with it: its held messages go nowhere.
            if (!socketClosed) server.send(message);
          },
        });
      else server.send(message);
    });
  });
  return {
    count: (text = '') => held.filter((message) => message.text.includes(text)).length,
    release() {
      holding = false;
      for (const message of held.splice(0)) message.send();
    },
  };
}

/**
 * `suite.signIn(buttonName)` with the new page's `subscribe` messages for `field` held from the
 * start ({@link holdSubscriptions}): the signed-in page, its console errors, and what it holds.
 */
export async function signInHolding(
  suite: DeskSuite,
  buttonName: string,
  field: string,
): Promise<{ page: Page; consoleErrors: string[]; held: HeldSubscriptions }> {
  let held: HeldSubscriptions | undefined;
  const signedIn = await suite.signIn(buttonName, async (page) => {
    held = await holdSubscriptions(page, field);
  });
  return { ...signedIn, held: held! };
}
