import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { startBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The admins' Mailboxes screen (in English, as the README's screenshot; and in French in a second
// browser): the demo's mailboxes listed;
// a mailbox added by keyboard after the engine refused a sub-address and the form an address that
// is none; edited, deactivated (staff no longer see it), removed after a confirmation; another
// admin's mailbox appearing without a reload. What the screen shows is what the API holds.

let suite: DeskSuite;
const SMTP_SERVER = 'mx.support.test:2525';
let admin: string;
let agent: string;
/** Another admin, whose change the screen must show live. */
let otherAdmin: string;

interface Mailbox {
  address: string;
  name: string;
  category: string | null;
  language: string | null;
  priority: string | null;
  active: boolean;
  version: number;
}

beforeAll(async () => {
  // The deployment names its SMTP ingress: the screen says where mail is delivered.
  suite = await startDeskSuite('en-GB', {}, { MAIL_IN_PUBLIC_ADDRESS: SMTP_SERVER });
  admin = await suite.stack.token('admin', 'dev-admin');
  agent = await suite.stack.token('agent', 'agent-ada');
  otherAdmin = await suite.stack.token('admin', 'second-admin');
});
afterAll(async () => suite?.close());

async function apiMailboxes(token: string, includeInactive: boolean): Promise<Mailbox[]> {
  const { mailboxes } = await suite.stack.client.request<{ mailboxes: Mailbox[] }>(
    'query($all: Boolean) { mailboxes(includeInactive: $all) { address name category language priority active version } }',
    { all: includeInactive },
    token,
  );
  return mailboxes;
}
const apiMailbox = async (address: string) =>
  (await apiMailboxes(admin, true)).find((mailbox) => mailbox.address === address);

const row = (page: Page, address: string) => page.locator(`tr[data-mailbox="${address}"]`);
const alert = (page: Page) => page.locator('[role="alert"]');

describe('the mailboxes screen', () => {
  it('lists, adds by keyboard, edits, deactivates and removes mailboxes, and follows another admin', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Admin');
    await withScreenshotOnFailure(page, 'desk-mailboxes', async () => {
      await page.goto(suite.url('/admin'));
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Mailboxes' }).click();
      await page.waitForURL(`**${DESK_PATH}/admin/mailboxes`);
      await page.getByRole('heading', { level: 1, name: 'Mailboxes' }).waitFor();

      // The demo's mailboxes, as the API lists them; billing's category by its name.
      await row(page, 'billing@localhost').getByRole('cell', { name: 'Billing', exact: true }).first().waitFor();
      expect((await apiMailboxes(admin, true)).map((mailbox) => mailbox.address)).toEqual([
        'billing@localhost',
        'support@localhost',
      ]);
      await expect.poll(() => page.locator('tr[data-mailbox]').count()).toBe(2);
      await page.getByText(/MX record/).waitFor();
      const { mailboxes } = await suite.stack.client.request<{ mailboxes: { smtpServer: string | null }[] }>(
        '{ mailboxes { smtpServer } }',
        {},
        admin,
      );
      expect(mailboxes.map((mailbox) => mailbox.smtpServer)).toEqual([SMTP_SERVER, SMTP_SERVER]);
      expect(await page.locator('[data-smtp-server]').textContent()).toContain(`is ${SMTP_SERVER}:`);
      await expectAccessible(page);

      // By keyboard: the button, then each field in turn, Enter to save.
      await page.getByRole('button', { name: 'New mailbox' }).focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Address').waitFor();
      await page.getByLabel('Address').focus();
      await page.keyboard.type('sales');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Sales');
      await page.keyboard.press('Enter');
      // No address: refused before sending.
      await alert(page).filter({ hasText: 'Correct the fields marked before saving.' }).waitFor();
      expect(await page.getByLabel('Address').getAttribute('aria-invalid')).toBe('true');
      await page.getByText('Enter an address such as support@example.com.').waitFor();

      // A sub-address: the engine's refusal, in words; nothing written.
      await page.getByLabel('Address').fill('sales+vip@localhost');
      await page.getByLabel('Name', { exact: true }).press('Enter');
      await alert(page).filter({ hasText: 'reaches the mailbox without it already' }).waitFor();
      expect(await apiMailbox('sales+vip@localhost')).toBeUndefined();

      await page.getByLabel('Address').fill('Sales@Localhost');
      await page.getByLabel('Category of its tickets').selectOption({ label: 'Technical' });
      await page.getByLabel(/^Language of new customers/).fill('fr');
      await page.getByLabel('Priority of its tickets').selectOption({ label: 'High' });
      await expectAccessible(page);
      await page.getByLabel('Name', { exact: true }).press('Enter');
      await page.getByText('Mailbox sales@localhost saved.').waitFor();
      await row(page, 'sales@localhost').getByRole('cell', { name: 'Technical', exact: true }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Mailboxes' }).scrollIntoViewIfNeeded();
      await keepScreenshot(page, 'desk-mailboxes');
      expect(await apiMailbox('sales@localhost')).toEqual({
        address: 'sales@localhost',
        name: 'Sales',
        category: 'technical',
        language: 'fr',
        priority: 'high',
        active: true,
        version: 1,
      });

      // The same address added again: the engine's refusal, in words.
      await page.getByRole('button', { name: 'New mailbox' }).click();
      await page.getByLabel('Address').fill('sales@localhost');
      await page.getByLabel('Name', { exact: true }).fill('Sales again');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await alert(page).filter({ hasText: 'This address is a mailbox already' }).waitFor();
      expect((await apiMailbox('sales@localhost'))?.name).toBe('Sales');
      await page.getByRole('button', { name: 'Cancel' }).click();

      // Edited: its priority.
      await page.getByRole('button', { name: 'Edit the mailbox sales@localhost' }).click();
      await page.getByLabel('Priority of its tickets').selectOption({ label: 'Urgent' });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await row(page, 'sales@localhost').getByRole('cell', { name: 'Urgent', exact: true }).waitFor();
      expect(await apiMailbox('sales@localhost')).toMatchObject({
        priority: 'urgent',
        category: 'technical',
        version: 2,
      });

      // Deactivated: still listed here, no longer for staff.
      await page.getByRole('button', { name: 'Deactivate sales@localhost' }).click();
      await row(page, 'sales@localhost').getByRole('cell', { name: 'Inactive', exact: true }).waitFor();
      expect((await apiMailbox('sales@localhost'))?.active).toBe(false);
      expect((await apiMailboxes(agent, false)).map((mailbox) => mailbox.address)).not.toContain('sales@localhost');
      await expectAccessible(page);

      // Removed, after a confirmation.
      await page
        .getByRole('button', { name: 'Remove the mailbox sales@localhost? Mail to it will be refused.' })
        .click();
      await page.getByRole('button', { name: 'Yes, remove it' }).click();
      await page.getByText('Mailbox sales@localhost removed.').waitFor();
      await row(page, 'sales@localhost').waitFor({ state: 'detached' });
      expect(await apiMailbox('sales@localhost')).toBeUndefined();

      // Another admin's mailbox, without a reload.
      await mutate(
        suite.stack.client,
        'configureMailbox',
        { address: 'press@localhost', name: 'Press', language: 'en' },
        { token: otherAdmin },
      );
      await row(page, 'press@localhost').getByRole('cell', { name: 'Press', exact: true }).waitFor();
      expect(consoleErrors).toEqual([]);
    });
  });

  it('speaks French: the screen, the form’s check and the engine’s refusal', async () => {
    const french = await startBrowser('fr-FR');
    try {
      const { page, consoleErrors } = await suite.signIn('Se connecter en tant que Dev Admin', undefined, french);
      await withScreenshotOnFailure(page, 'desk-mailboxes-fr', async () => {
        await page.goto(suite.url('/admin/mailboxes'));
        await page.getByRole('heading', { level: 1, name: 'Boîtes mail' }).waitFor();
        await row(page, 'support@localhost').getByRole('cell', { name: 'Active', exact: true }).waitFor();
        await page.getByRole('button', { name: 'Nouvelle boîte mail' }).click();
        await page.getByLabel('Nom', { exact: true }).fill('Ventes');
        await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
        await page.getByText('Saisissez une adresse comme support@example.com.').waitFor();
        await page.getByLabel('Adresse').fill('support@localhost');
        await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
        await alert(page).filter({ hasText: 'Cette adresse est déjà une boîte mail' }).waitFor();
        expect((await apiMailbox('support@localhost'))?.name).toBe('Support');
        await expectAccessible(page);
        expect(consoleErrors).toEqual([]);
      });
    } finally {
      await french.close();
    }
  });
});
