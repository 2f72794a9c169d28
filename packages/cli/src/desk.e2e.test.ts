import { DESK_PATH } from '@support-engine/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, unlessRefusedWith } from './graphql-client.js';
import { seriousViolations, type TestBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';
import { drawnRows, INBOX_ROWS, scrollThroughList } from './testing/desk-inbox.fixture.js';
import type { E2eStack } from './testing/stack.fixture.js';

// The desk as Ada meets it with `npm start -- --demo`: the engine serves it, she signs in through
// the development sign-in, sees her tickets in French (her browser's language) and opens one from
// the keyboard. Every screen passes axe-core without a serious or critical violation.

let suite: DeskSuite;
let stack: E2eStack;
let browser: TestBrowser;

beforeAll(async () => {
  suite = await startDeskSuite('fr-FR');
  ({ stack, browser } = suite);
});
afterAll(async () => {
  await suite?.close();
});

describe('the desk', () => {
  it('signs Ada in, lists her open tickets, filters them by status, shows new work live, and opens one with j, k and Enter', async () => {
    const supervisor = await stack.token('supervisor', 'sup-e2e');
    const page = await browser.context.newPage();
    // Whatever the page reports as an error (a script failing, something its CSP blocked).
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await withScreenshotOnFailure(page, 'desk-sign-in-and-inbox', async () => {
      await page.goto(`${stack.engine.api.url}${DESK_PATH}`);
      await page.waitForURL(`**${DESK_PATH}/sign-in`);
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fr');
      await page.getByTestId('dev-only').waitFor();
      // Scripts only from the engine (the inline bootstrap by its hash), checked by the console below.
      expect(await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')).toMatch(
        /script-src 'self' 'sha256-[^']+';/,
      );
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Se connecter en tant que Ada Lovelace' }).click();
      await page.waitForURL(`**${DESK_PATH}/inbox`);
      const rows = page.locator(INBOX_ROWS);
      await rows.filter({ hasText: 'Remboursement en double' }).waitFor();
      await rows.filter({ hasText: 'Invoice shows the wrong VAT number' }).waitFor();
      // Hers only, open ones only: not Linus's escalated one.
      const hers = async (status: string) =>
        (
          await stack.client.request<{ tickets: { items: { id: string }[] } }>(
            `{ tickets(filter: { assigneeId: "agent-ada"${status} }, first: 100) { items { id } } }`,
            {},
            supervisor,
          )
        ).tickets.items
          .map((ticket) => ticket.id)
          .sort();
      const OPEN = ', status: [new, in_progress, waiting_customer]';
      const shown = async () => (await drawnRows(page)).sort();
      const showsHers = async (status: string) =>
        expect.poll(async () => (await shown()).join() === (await hers(status)).join(), { timeout: 10_000 }).toBe(true);
      await showsHers(OPEN);
      expect(await shown()).toEqual(expect.arrayContaining(['demo-invoice', 'demo-refund']));
      expect(await page.locator('tbody').textContent()).not.toContain('API rate limit too low');
      await expectAccessible(page);

      // The status filter: all of hers (the resolved and closed ones too), then one status, then
      // the view's own statuses again (open ones).
      const status = page.getByRole('combobox', { name: 'Statut' });
      await status.selectOption('all');
      await showsHers('');
      expect((await shown()).length).toBeGreaterThan((await hers(OPEN)).length);
      await status.selectOption('waiting_customer');
      await showsHers(', status: [waiting_customer]');
      expect(await shown()).toContain('demo-invoice');
      await status.selectOption('');
      await showsHers(OPEN);

      // Work given to her meanwhile appears without a reload (the assignedToMe subscription).
      const [portal, admin] = await Promise.all([
        stack.token('system', 'customer-portal'),
        stack.token('admin', 'dev-admin'),
      ]);
      const live = { ticketId: 'desk-e2e-live', customerId: 'cust-dan', channel: 'web' };
      await mutate(
        stack.client,
        'openTicket',
        { ...live, subject: 'Export button does nothing', description: 'Nothing downloads.' },
        { token: portal },
      );
      await mutate(stack.client, 'assignTicket', { ticketId: live.ticketId, agentId: 'agent-ada' }, { token: admin });
      await rows.filter({ hasText: 'Export button does nothing' }).waitFor();

      // j moves to the second row, k back to the first; Enter opens the selected one.
      await page.keyboard.press('j');
      await expect.poll(() => rows.nth(1).getAttribute('aria-current')).toBe('true');
      await page.keyboard.press('k');
      await expect.poll(() => rows.nth(0).getAttribute('aria-current')).toBe('true');
      const first = await rows.nth(0).getAttribute('data-ticket-id');
      const subject = await rows.nth(0).locator('a').textContent();
      await page.keyboard.press('Enter');
      await page.waitForURL(`**${DESK_PATH}/tickets/${first}`);
      await page.getByRole('heading', { level: 1, name: subject ?? '' }).waitFor();
      await page.locator('.timeline li').first().waitFor();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('loads the next page of tickets as the list scrolls, none twice', async () => {
    // Linus gets more open tickets than a page holds (50).
    const [portal, admin] = await Promise.all([
      stack.token('system', 'customer-portal'),
      stack.token('admin', 'dev-admin'),
    ]);
    for (let n = 1; n <= 56; n++) {
      const ticketId = `desk-e2e-${n}`;
      await mutate(
        stack.client,
        'openTicket',
        {
          ticketId,
          customerId: 'cust-bob',
          subject: `Sync question ${n}`,
          description: 'From the desk test.',
          channel: 'web',
        },
        { token: portal },
      );
      await mutate(stack.client, 'assignTicket', { ticketId, agentId: 'agent-linus' }, { token: admin });
    }
    const supervisor = await stack.token('supervisor', 'sup-e2e');
    const open = async () =>
      (
        await stack.client.request<{ tickets: { items: { id: string }[] } }>(
          '{ tickets(filter: { assigneeId: "agent-linus", status: [new, in_progress, waiting_customer] }, first: 100) { items { id } } }',
          {},
          supervisor,
        )
      ).tickets.items.map((ticket) => ticket.id);
    await expect.poll(async () => (await open()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(56);

    const page = await browser.context.newPage();
    await withScreenshotOnFailure(page, 'desk-next-pages', async () => {
      await page.goto(`${stack.engine.api.url}${DESK_PATH}/sign-in`);
      await page.getByRole('button', { name: 'Se connecter en tant que Linus Pauling' }).click();
      await page.waitForURL(`**${DESK_PATH}/inbox`);
      await page.locator(INBOX_ROWS).first().waitFor();
      // Every one of his, each once, in the list's order (the next page loaded on the way).
      expect((await scrollThroughList(page)).sort()).toEqual((await open()).sort());
    });
    await page.close();
  });

  it('sends back to sign-in a user whose token the API refuses (expired)', async () => {
    const page = await browser.context.newPage();
    await withScreenshotOnFailure(page, 'desk-refused-token', async () => {
      await page.goto(`${stack.engine.api.url}${DESK_PATH}/sign-in`);
      await page.evaluate(() =>
        sessionStorage.setItem(
          'support-desk.session',
          JSON.stringify({ token: 'not-a-valid-token', sub: 'agent-ada', role: 'agent', name: 'Ada Lovelace' }),
        ),
      );
      await page.goto(`${stack.engine.api.url}${DESK_PATH}/inbox`);
      await page.waitForURL(`**${DESK_PATH}/sign-in`);
      expect(await page.evaluate(() => sessionStorage.getItem('support-desk.session'))).toBeNull();
    });
    await page.close();
  });

  it('tells Ada of work given to her in her alerts, live, and marks them read', async () => {
    const { page, consoleErrors } = await suite.signIn('Se connecter en tant que Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-alerts', async () => {
      const link = page.getByRole('navigation').locator('a[data-alerts-unread]');
      await link.waitFor();
      const before = Number(await link.getAttribute('data-alerts-unread'));
      // A ticket given to her elsewhere: its alert reaches the header without a reload.
      const opened = await mutate(
        stack.client,
        'openTicket',
        { customerId: 'cust-dan', channel: 'web', subject: 'Alerte test', description: 'From the alerts test.' },
        { token: await stack.token('system', 'customer-portal') },
      );
      const ticketId = opened.id;
      // The router may have given it to her first: her alert is then that assignment's.
      await mutate(
        stack.client,
        'assignTicket',
        { ticketId, agentId: 'agent-ada' },
        { token: await stack.token('supervisor', 'sup-e2e') },
      ).catch(unlessRefusedWith('ALREADY_ASSIGNED'));
      await expect
        .poll(async () => Number(await link.getAttribute('data-alerts-unread')), { timeout: 20_000 })
        .toBeGreaterThan(before);
      expect(await link.evaluate((element) => element.textContent?.replace(/\s+/g, ' ').trim())).toMatch(
        /^Alertes\d+, \d+ non lues$/,
      );

      // The alerts page lists it, newest first, with the way to its ticket.
      await link.click();
      await page.waitForURL(`**${DESK_PATH}/alerts`);
      const alert = page.locator('li[data-alert]').filter({ has: page.locator(`a[href$="/tickets/${ticketId}"]`) });
      await alert.first().waitFor();
      expect(await alert.first().getByRole('link').textContent()).toBe('Ouvrir le ticket');
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-alerts');

      // All read: the page and the header both say so, and the API agrees.
      await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
      await expect.poll(() => page.locator('[data-unread]').getAttribute('data-unread')).toBe('0');
      await expect.poll(() => link.getAttribute('data-alerts-unread')).toBe('0');
      const { staffNotifications } = await stack.client.request<{ staffNotifications: { unreadCount: number } }>(
        '{ staffNotifications(first: 1) { unreadCount } }',
        {},
        await stack.token('agent', 'agent-ada'),
      );
      expect(staffNotifications.unreadCount).toBe(0);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('lets Sue set how alerts reach her from her profile, and Linus his, leaving his alert groups to leads', async () => {
    type Profile = {
      name: string;
      email: string | null;
      language: string | null;
      timeZone: string | null;
      channels: string[];
      groups: string[];
    };
    const profileOf = async (sub: string, role: 'agent' | 'supervisor') =>
      (
        await stack.client.request<{ myStaffProfile: Profile | null }>(
          '{ myStaffProfile { name email language timeZone channels groups } }',
          {},
          await stack.token(role, sub),
        )
      ).myStaffProfile;
    const sue = await suite.signIn('Se connecter en tant que Sue Supervisor');
    await withScreenshotOnFailure(sue.page, 'desk-profile', async () => {
      const { page } = sue;
      // Who is signed in is a menu: her profile is in it.
      await page.getByRole('button', { name: 'Connecté·e en tant que Sue Supervisor (superviseur)' }).click();
      await page.getByRole('menuitem', { name: 'Votre profil' }).click();
      await page.waitForURL(`**${DESK_PATH}/profile`);
      await page.getByRole('heading', { level: 1, name: 'Votre profil' }).waitFor();
      const before = await profileOf('sup-sue', 'supervisor');
      // Alerts by email without an address: the form says what to do, and nothing is written.
      await page.getByLabel('Nom sur les alertes').fill('Susan Lead');
      await page.getByLabel('Adresse e-mail des alertes').fill('');
      await page.getByLabel('Par e-mail').check();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByText('Les alertes par e-mail demandent une adresse : saisissez-en une, ou décochez « Par e-mail ».')
        .waitFor();
      expect(await profileOf('sup-sue', 'supervisor')).toEqual(before);

      await page.getByLabel('Adresse e-mail des alertes').fill('susan@example.com');
      await page.getByLabel('Langue des alertes').selectOption('fr');
      await page.getByLabel('Fuseau horaire des heures des alertes').selectOption('Europe/Paris');
      await page.getByLabel('Astreinte : incidents critiques').check();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Enregistré. Les alertes vous parviennent ainsi dès maintenant.').waitFor();
      expect(await profileOf('sup-sue', 'supervisor')).toMatchObject({
        name: 'Susan Lead',
        email: 'susan@example.com',
        language: 'fr',
        timeZone: 'Europe/Paris',
        channels: expect.arrayContaining(['email', 'web']),
        groups: expect.arrayContaining(['on_call']),
      });
      // Read again, the page shows what was saved.
      await page.reload();
      await expect.poll(() => page.getByLabel('Nom sur les alertes').inputValue()).toBe('Susan Lead');
      expect(await page.getByLabel('Fuseau horaire des heures des alertes').inputValue()).toBe('Europe/Paris');
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-profile');
      // From the keyboard: g then a to her alerts, g then p back.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('g');
      await page.keyboard.press('a');
      await page.waitForURL(`**${DESK_PATH}/alerts`);
      await page.keyboard.press('g');
      await page.keyboard.press('p');
      await page.waitForURL(`**${DESK_PATH}/profile`);
      expect(sue.consoleErrors).toEqual([]);
    });
    await sue.page.close();

    // Linus is on call by a lead's choice: his page says so, without a way to leave; his own change keeps it.
    await mutate(
      stack.client,
      'setStaffProfile',
      { staffId: 'agent-linus', name: 'Linus Pauling', groups: ['on_call'] },
      { token: await stack.token('supervisor', 'sup-sue') },
    );
    const linus = await suite.signIn('Se connecter en tant que Linus Pauling');
    await withScreenshotOnFailure(linus.page, 'desk-profile-agent', async () => {
      const { page } = linus;
      await page.keyboard.press('g');
      await page.keyboard.press('p');
      await page.waitForURL(`**${DESK_PATH}/profile`);
      await page
        .getByText(
          'Les superviseurs et les administrateurs choisissent les groupes d’alerte. Les vôtres : Astreinte : incidents critiques.',
        )
        .waitFor();
      expect(await page.getByRole('checkbox', { name: 'Astreinte : incidents critiques' }).count()).toBe(0);
      await page.getByLabel('Fuseau horaire des heures des alertes').selectOption('America/New_York');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Enregistré. Les alertes vous parviennent ainsi dès maintenant.').waitFor();
      expect(await profileOf('agent-linus', 'agent')).toMatchObject({
        timeZone: 'America/New_York',
        groups: ['on_call'],
      });
      await expectAccessible(page);
      expect(linus.consoleErrors).toEqual([]);
    });
    await linus.page.close();
  });

  it('has an accessibility check that finds what it should', async () => {
    const page = await browser.context.newPage();
    // An image without text and a field without a label: critical for axe-core.
    await page.setContent('<!doctype html><html lang="en"><body><main><img src="x.png"><input></main></body></html>');
    const found = (await seriousViolations(page)).map((violation) => violation.id).sort();
    expect(found).toEqual(expect.arrayContaining(['image-alt', 'label']));
    await page.close();
  });
});
