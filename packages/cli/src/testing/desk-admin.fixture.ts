import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { type CommandResult, mutate } from '../graphql-client.js';
import { type DeskSuite, startDeskSuite } from './desk.fixture.js';

/** The admins' browser suite: the engine, the admin of the desk and a second admin beside them. */
export interface AdminSuite {
  readonly suite: DeskSuite;
  /** The token of the admin signed in to the desk (Dev Admin). */
  readonly admin: string;
  /** The token of another admin, whose changes the screens must show. */
  readonly otherAdmin: string;
  /** Asks the API as the admin. */
  api<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A command of the other admin's. */
  change(name: string, input: Record<string, unknown>): Promise<CommandResult>;
  /**
   * A new page, the admin signed in (`prepare` run on it first, as `signIn`'s), on the admin
   * section whose link reads `section`.
   */
  openSection(
    section: string,
    prepare?: (page: Page) => Promise<unknown>,
  ): Promise<{ page: Page; consoleErrors: string[] }>;
  close(): Promise<void>;
}

/**
 * Starts the desk's suite in English with webhooks allowed to reach this machine (their secrets
 * sealed with a fixed test key), and the two admins' tokens.
 */
export async function startAdminSuite(): Promise<AdminSuite> {
  const suite = await startDeskSuite('en-GB', { WEBHOOK_SECRET_KEY: 'ab'.repeat(32), WEBHOOKS_ALLOW_PRIVATE: 'true' });
  const admin = await suite.stack.token('admin', 'dev-admin');
  const otherAdmin = await suite.stack.token('admin', 'second-admin');
  return {
    suite,
    admin,
    otherAdmin,
    api: (query, variables = {}) => suite.stack.client.request(query, variables, admin),
    change: (name, input) => mutate(suite.stack.client, name, input, { token: otherAdmin }),
    async openSection(section, prepare) {
      const signedIn = await suite.signIn('Sign in as Dev Admin', prepare);
      const { page } = signedIn;
      await page.goto(suite.url('/admin'));
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: section }).click();
      await page.waitForURL(`**${DESK_PATH}/admin/**`);
      await page.getByRole('heading', { level: 1, name: section }).waitFor();
      return signedIn;
    },
    close: () => suite.close(),
  };
}

/** The page's alerts (refusals, the form's "correct the fields"). */
export const alertsOf = (page: Page) => page.locator('[role="alert"]');
